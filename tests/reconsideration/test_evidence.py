"""证据目录 of a 行政复议 case (2023 《行政复议法》第四十三条至第四十八条): the statute's kinds, the
被申请人 registering its own evidence on a case against it only, the 第四十六条 warning computed from the
dates, the panel on the case page and the list's .xlsx export."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from fazhi.core.workflow import engine
from fazhi.reconsideration.models import (
    COLLECTED_AFTER_ACT,
    EvidenceItem,
    EvidenceKind,
    EvidenceSource,
)
from tests import factories
from tests.reconsideration import factories as rf

pytestmark = pytest.mark.django_db

RECEIVED = dt.date(2026, 3, 2)
ACT_DATE = dt.date(2026, 2, 10)
URL = "/staff/reconsideration-evidence/"


@pytest.fixture
def people(tree):
    return {
        "desk": factories.user(tree["east_justice"], roles=("officer", "reviewer"), username="fuyi"),
        "market": factories.user(tree["east_market"], roles=("officer",), username="shichang"),
    }


def _answering(tree, people, **kw):
    """A case against 东区市场监督管理局 whose copy was sent: its 答复 and evidence are awaited."""
    desk = people["desk"]
    case = rf.registered(tree["east_justice"], desk, RECEIVED, today=RECEIVED, act_date=ACT_DATE, **kw)
    engine.perform(case, "accept", actor=desk, data={"accepted_on": RECEIVED}, today=RECEIVED)
    engine.perform(case, "send_copy", actor=desk, data={"sent_on": RECEIVED}, today=RECEIVED)
    case.refresh_from_db()
    return case


def _form(case, **changes) -> dict:
    data = {
        "case": case.pk,
        "submitted_by": "respondent",
        "kind": "site_record",
        "name": "现场检查笔录",
        "source": "东区市场监督管理局",
        "collected_on": "2026-02-05",
        "proves": "申请人经营的门店未明码标价",
        "pages": "3",
        "submitted_on": "2026-03-09",
        "note": "",
    }
    data.update(changes)
    return data


def _item(case, org, **kw) -> EvidenceItem:
    fields = {
        "submitted_by": EvidenceSource.RESPONDENT,
        "kind": EvidenceKind.DOCUMENTARY,
        "name": "行政处罚决定书",
        "proves": "作出行政处罚的事实和依据",
        "submitted_on": dt.date(2026, 3, 9),
        **kw,
    }
    item = EvidenceItem(case=case, organisation=org, **fields)
    item.full_clean()
    item.save()
    return item


def test_the_kinds_are_exactly_those_of_article_43():
    # 第四十三条: （一）书证；（二）物证；（三）视听资料；（四）电子数据；（五）证人证言；（六）当事人的陈述；
    # （七）鉴定意见；（八）勘验笔录、现场笔录 — in the statute's order.
    assert [label for _, label in EvidenceKind.choices] == [
        "书证",
        "物证",
        "视听资料",
        "电子数据",
        "证人证言",
        "当事人的陈述",
        "鉴定意见",
        "勘验笔录、现场笔录",
    ]
    assert [label for _, label in EvidenceSource.choices] == ["申请人", "被申请人", "第三人", "复议机构调取"]


def test_the_respondent_adds_its_evidence_to_a_case_against_it(client, tree, people):
    case = _answering(tree, people)
    client.force_login(people["market"])
    page = client.get(f"/staff/reconsideration/{case.pk}/").content.decode()
    assert f"{URL}new/?case={case.pk}" in page  # the panel's 登记证据, the case filled in
    response = client.post(f"{URL}new/", _form(case))
    assert response.status_code == 302, response.content.decode()
    item = EvidenceItem.objects.get()
    assert (item.case, item.organisation, item.region_code) == (case, tree["east_market"], case.region_code)
    assert item.get_kind_display() == "勘验笔录、现场笔录"
    assert item.late_collection_warning == ""  # collected before the act was made

    # The 复议机构 sees it on the case page; the respondent may correct it, the 复议机构 may not.
    client.force_login(people["desk"])
    assert "现场检查笔录" in client.get(f"/staff/reconsideration/{case.pk}/").content.decode()
    assert client.get(f"{URL}{item.pk}/edit/").status_code == 404
    client.force_login(people["market"])
    assert client.get(f"{URL}{item.pk}/edit/").status_code == 200

    # Only its own evidence: not the applicant's.
    before = EvidenceItem.objects.count()
    response = client.post(f"{URL}new/", _form(case, submitted_by="applicant"))
    assert response.status_code == 400 and "被申请人只能登记本单位提交的证据" in response.content.decode()
    assert EvidenceItem.objects.count() == before


def test_the_respondent_cannot_add_to_a_case_not_against_it(client, tree, people):
    other = _answering(tree, people, respondent_name="东区人民政府")  # another 被申请人
    assert other.act_organisation == tree["east_gov"]
    client.force_login(people["market"])
    assert client.get(f"/staff/reconsideration/{other.pk}/").status_code == 404
    response = client.post(f"{URL}new/", _form(other))
    assert response.status_code == 400
    assert "不存在或不在您的数据范围内" in response.content.decode()
    assert not EvidenceItem.objects.exists()


def test_the_respondent_adds_nothing_before_its_answer_is_awaited(client, tree, people):
    desk = people["desk"]
    case = rf.registered(tree["east_justice"], desk, RECEIVED, today=RECEIVED, act_date=ACT_DATE)
    engine.perform(case, "accept", actor=desk, data={"accepted_on": RECEIVED}, today=RECEIVED)
    case.refresh_from_db()
    assert case.status == "accepted"  # the copy is not yet sent (第四十八条)
    client.force_login(people["market"])
    # The case page offers no 登记证据 to the respondent yet (it would be refused) …
    assert (
        f"{URL}new/?case={case.pk}" not in client.get(f"/staff/reconsideration/{case.pk}/").content.decode()
    )
    response = client.post(f"{URL}new/", _form(case))
    assert response.status_code == 400 and "待答复或者审理期间" in response.content.decode()
    assert not EvidenceItem.objects.exists()
    client.force_login(desk)  # … while the 复议机构 may register evidence at any time
    assert f"{URL}new/?case={case.pk}" in client.get(f"/staff/reconsideration/{case.pk}/").content.decode()


def test_article_46_flags_respondent_evidence_collected_after_the_act(client, tree, people):
    case = _answering(tree, people)
    market = tree["east_market"]
    before = _item(case, market, name="询问笔录", collected_on=dt.date(2026, 2, 1))
    late = _item(case, market, name="补充调查笔录", collected_on=dt.date(2026, 2, 20))
    during = _item(case, market, name="复议期间补充取证", collected_on=dt.date(2026, 3, 5))
    applicants = _item(
        case,
        tree["east_justice"],
        submitted_by=EvidenceSource.APPLICANT,
        name="申请人提交的照片",
        collected_on=dt.date(2026, 2, 25),
    )
    assert before.late_collection_warning == ""
    assert late.late_collection_warning == COLLECTED_AFTER_ACT
    assert during.late_collection_warning.startswith(COLLECTED_AFTER_ACT)
    assert "行政复议期间被申请人不得自行" in during.late_collection_warning
    assert applicants.late_collection_warning == ""  # the rule binds the 被申请人 only

    client.force_login(people["desk"])
    page = client.get(f"/staff/reconsideration/{case.pk}/").content.decode()
    warning = "作出行政行为后收集的证据，不能作为认定该行政行为合法性、适当性的依据（第四十六条）"
    assert page.count(warning) == 2  # 补充调查笔录 and 复议期间补充取证
    detail = client.get(f"{URL}{before.pk}/").content.decode()
    assert warning not in detail
    assert warning in client.get(f"{URL}{late.pk}/").content.decode()


def test_the_case_page_lists_the_catalogue_for_the_reconsideration_body(client, tree, people):
    case = _answering(tree, people)
    item = _item(case, tree["east_justice"], submitted_by=EvidenceSource.BODY, name="调取的营业执照")
    other = _answering(tree, people)
    _item(other, tree["east_justice"], submitted_by=EvidenceSource.BODY, name="另案证据")
    client.force_login(people["desk"])
    page = client.get(f"/staff/reconsideration/{case.pk}/").content.decode()
    assert "证据目录" in page and "调取的营业执照" in page and "复议机构调取" in page
    assert f"{URL}{item.pk}/" in page
    assert "另案证据" not in page
    assert f"{URL}new/?case={case.pk}" in page
    # another county's staff see neither the case nor its evidence
    west = factories.user(tree["west_justice"], roles=("officer",), username="xiqu")
    client.force_login(west)
    assert client.get(f"{URL}{item.pk}/").status_code == 404
    assert "调取的营业执照" not in client.get(URL).content.decode()


def test_the_list_exports_the_catalogue_as_xlsx(client, tree, people):
    case = _answering(tree, people)
    _item(case, tree["east_market"], name="补充调查笔录", collected_on=dt.date(2026, 2, 20), pages=4)
    client.force_login(people["desk"])
    response = client.get(f"{URL}export.xlsx", {"q": case.case_number})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:4] == ["行政复议案件", "提交方", "证据种类", "证据名称"]
    assert rows[1][:4] == [case.case_number, "被申请人", "书证", "补充调查笔录"]
    assert COLLECTED_AFTER_ACT in rows[1]
