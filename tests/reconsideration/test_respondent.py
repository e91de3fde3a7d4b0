"""The 被申请人 department (2023 《行政复议法》第十九条: the organ that made the act) sees the case against
it and files its 答复 and evidence in the system (第四十八条), and takes no other step: it cannot accept,
decide, edit the registration or issue the 复议机关's documents (issue 11 item 9)."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.documents import services as documents
from fazhi.core.workflow import engine
from fazhi.reconsideration.documents import ANSWER_NOTICE
from tests import factories
from tests.reconsideration import factories as rf

pytestmark = pytest.mark.django_db

RECEIVED = dt.date(2026, 3, 2)


@pytest.fixture
def people(tree):
    return {
        "desk": factories.user(tree["east_justice"], roles=("officer", "reviewer"), username="fuyi"),
        "market": factories.user(tree["east_market"], roles=("officer", "reviewer"), username="shichang"),
        "other": factories.user(tree["west_justice"], roles=("officer",), username="xiqu"),
    }


def _answering(tree, people):
    case = rf.registered(tree["east_justice"], people["desk"], RECEIVED, today=RECEIVED)
    engine.perform(case, "accept", actor=people["desk"], data={"accepted_on": RECEIVED}, today=RECEIVED)
    engine.perform(case, "send_copy", actor=people["desk"], data={"sent_on": RECEIVED}, today=RECEIVED)
    return case


def test_the_respondent_named_on_registration_is_linked_and_sees_the_case(client, tree, people):
    case = _answering(tree, people)
    assert case.act_organisation == tree["east_market"]  # 被申请人 typed as a name, matched in the county
    client.force_login(people["market"])
    assert case.case_number in client.get("/staff/reconsideration/").content.decode()
    assert client.get(f"/staff/reconsideration/{case.pk}/").status_code == 200
    client.force_login(people["other"])
    assert client.get(f"/staff/reconsideration/{case.pk}/").status_code == 404


def test_the_respondent_may_only_file_its_answer(client, tree, people):
    case = _answering(tree, people)
    market = people["market"]
    offered = [o.transition.name for o in engine.options(case, market, today=RECEIVED)]
    assert offered == ["receive_answer"]
    with pytest.raises(engine.NotPermitted, match="东区司法局办理"):
        engine.perform(
            case, "terminate", actor=market, data={"ground": "withdrawn", "terminated_on": RECEIVED}
        )
    client.force_login(market)
    assert client.get(f"/staff/reconsideration/{case.pk}/edit/").status_code == 404
    page = client.get(f"/staff/reconsideration/{case.pk}/").content.decode()
    assert "/documents/" not in page and "答复通知书" in page  # listed, but no 生成 button for it
    assert "{#" not in page  # no template comment leaks into the 当事人 panel
    with pytest.raises(
        documents.DocumentNotPermitted
    ):  # the 复议机关 issues its documents, not the respondent
        documents.document_generate(record=case, kind=ANSWER_NOTICE, actor=market, today=RECEIVED)
    documents.document_generate(record=case, kind=ANSWER_NOTICE, actor=people["desk"], today=RECEIVED)

    engine.perform(case, "receive_answer", actor=market, data={"answered_on": RECEIVED}, today=RECEIVED)
    case.refresh_from_db()
    assert case.status == "reviewing"
    assert engine.options(case, market, today=RECEIVED) == []  # nothing more for the respondent
    assert "decide" in [o.transition.name for o in engine.options(case, people["desk"], today=RECEIVED)]


def test_the_respondents_todo_shows_the_case_and_by_when_its_answer_is_owed(client, tree, people):
    """2023 法第四十八条: 被申请人 answers within 十日 (working days, 第八十八条第二款) of receiving the
    copy — sent Monday 2 March, owed by Monday 16 March; its 待办 lists the case with
    that date although the clock is the 复议机构's; the 复议机构's own 待办 does not list it."""
    from fazhi.core.calendar.models import Clock

    case = _answering(tree, people)
    answer = Clock.objects.get(subject_id=case.pk, code="answer", state="running")
    assert answer.due_date == dt.date(2026, 3, 16)
    client.force_login(people["market"])
    html = client.get("/staff/").content.decode()
    row = html[html.index('data-state="reconsideration.answering"') :]
    row = row[: row.index("</tr>")]
    assert "待被申请人答复" in row and "登记答复" in row and case.case_number in row
    assert "（已于3月16日届满）" in row  # today is after it: shown as lapsed
    client.force_login(people["desk"])
    assert 'data-state="reconsideration.answering"' not in client.get("/staff/").content.decode()

    # Once answered the case waits for the 复议机构's 审理: on its 待办, not on the respondent's.
    engine.perform(
        case, "receive_answer", actor=people["market"], data={"answered_on": RECEIVED}, today=RECEIVED
    )
    client.force_login(people["market"])
    assert case.case_number not in client.get("/staff/").content.decode()
    client.force_login(people["desk"])
    assert 'data-state="reconsideration.reviewing"' in client.get("/staff/").content.decode()


# --- 各部门被复议被诉情况: the respondent's leader sees how its acts fared (issue 11 item 9) -------------


def _figures_page(client, user, **query):
    client.force_login(user)
    return client.get("/staff/indicators/organisations/", {"period": "2026", **query})


def _row(html: str, name: str) -> str:
    start = html.index(f'data-organisation="{name}"')
    return html[start : html.index("</tr>", start)]


def test_the_department_leader_sees_its_own_correction_and_loss_figures_only(client, tree):
    """纠错 (2023 法第六十三条至第六十八条 撤销、变更、确认违法 …) over 审结, and 一审败诉 over 一审审结
    (《行政诉讼法》第七十条至第七十八条), for the cases in which the department is 被申请人 / 被告."""
    from tests.reconsideration import respondent_data

    respondent_data.load(tree)
    leader = factories.user(tree["east_market"], roles=("leader",), username="shichang_lingdao")
    html = _figures_page(client, leader).content.decode()
    assert "东区市场监督管理局被复议被诉情况" in html
    row = _row(html, "东区市场监督管理局")
    assert "<strong>66.67%</strong>" in row and ">2</a> / <a" in row  # 纠错 2 of 3 审结
    assert row.count("<strong>50%</strong>") == 2  # 败诉 1 of 2, 负责人出庭 1 of 2
    assert "东区自然资源局" not in html

    page = client.get("/staff/indicators/").status_code  # the region-wide figures stay closed to it
    assert page == 404


def test_a_departments_officer_does_not_see_the_figures(client, tree):
    officer = factories.user(tree["east_market"], roles=("officer",), username="shichang_ky")
    assert _figures_page(client, officer).status_code == 404


def test_the_justice_bureau_sees_every_department_and_drills_down_to_the_cases(client, tree):
    from fazhi.core.models import DataScope
    from tests.reconsideration import respondent_data

    data = respondent_data.load(tree)
    bureau = factories.user(
        tree["east_justice"], roles=("reviewer",), scope=DataScope.REGION, username="sifaju"
    )
    html = _figures_page(client, bureau).content.decode()
    assert "各部门被复议被诉情况" in html
    assert "<strong>0%</strong>" in _row(html, "东区自然资源局")  # 维持 2 of 2
    assert "66.67%" in _row(html, "东区市场监督管理局")
    assert "西区市场监督管理局" not in html  # another county

    market = tree["east_market"]
    url = f"/staff/indicators/organisations/{market.pk}/reconsideration.correction_rate/records/"
    page = client.get(url, {"period": "2026", "part": "numerator"}).content.decode()
    corrected = [c for c in data["cases"] if c.act_organisation_id == market.pk and c.decided_on
                 and c.decided_on.year == 2026 and c.decision_type in ("revoke", "confirm_illegal")]  # fmt: skip
    assert len(corrected) == 2
    assert all(c.case_number in page for c in corrected)
    assert 'id="result-count">2<' in page

    leader = factories.user(market, roles=("leader",), username="shichang_lingdao2")
    client.force_login(leader)
    land = data["land"]
    other = f"/staff/indicators/organisations/{land.pk}/reconsideration.concluded/records/"
    assert client.get(other, {"period": "2026"}).status_code == 404  # not its row
    own = client.get(url, {"period": "2026", "part": "denominator"}).content.decode()
    assert 'id="result-count">3<' in own  # the cases against it are shared with it: all listed


def test_the_respondent_is_not_shown_the_applicants_identity_papers(client, tree, people):
    """The 被申请人 receives the 申请书副本 (第四十八条) and may read the act's papers and the evidence
    filed with the case — not the applicant's 身份证明 (personal data): neither listed on the case page
    nor downloadable by its address; the 复议机构 sees and downloads it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fazhi.core.workflow.attachments import attachment_upload

    case = _answering(tree, people)
    files = {}
    for kind, name in (("身份证明材料", "身份证.pdf"), ("其他证据材料", "收据.pdf")):
        upload = SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n")
        files[kind] = attachment_upload(record=case, upload=upload, kind=kind, actor=people["desk"])
    client.force_login(people["market"])
    page = client.get(f"/staff/reconsideration/{case.pk}/").content.decode()
    assert "收据.pdf" in page and "身份证.pdf" not in page
    assert client.get(f"/staff/attachments/{files['其他证据材料'].pk}/download").status_code == 200
    assert client.get(f"/staff/attachments/{files['身份证明材料'].pk}/download").status_code == 404
    client.force_login(people["desk"])
    assert "身份证.pdf" in client.get(f"/staff/reconsideration/{case.pk}/").content.decode()
    assert client.get(f"/staff/attachments/{files['身份证明材料'].pk}/download").status_code == 200
