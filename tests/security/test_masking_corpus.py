"""Issue 10 item 3 (docs/security.md 47): the adversarial corpus of personal data in
``tests/data/masking_corpus.tsv`` — ID numbers in groups, with ``-`` ``.`` ``/`` separators, in
full-width or Chinese digits; phones as ``139.1234.5678`` or ``一三九…``; landlines; bank cards; party
names with spaces or dots and the given name alone; names of people who are not parties; the street
part of addresses; a natural person named as respondent — each goes through the real publication
path of a 行政复议 case: filed in the applicant's request, the case decided and served (the
after-commit hook submits the decision), held for review (nothing on the portal), the masked preview
approved on 信息公开审核, and then the public pages are read. None of them shows the string unmasked,
and the rest of the text is published as written.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from fazhi.core.publication.models import Publication, PublicationStatus
from fazhi.core.validators import id_number_check_digit
from fazhi.core.workflow import engine
from fazhi.reconsideration import services
from tests import factories
from tests.reconsideration import factories as rf

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parent.parent / "data" / "masking_corpus.tsv"
NUMBER_KINDS = ("id_number", "mobile", "landline", "bank_card")
NAME_KINDS = ("name", "name_other", "respondent")
APPLICANT_ID = "45020619800101123" + id_number_check_digit("45020619800101123")


def _unescape(value: str) -> str:
    return value.encode("ascii", "backslashreplace").decode("unicode_escape") if "\\u" in value else value


def load_corpus() -> list[tuple[str, str, str, str, str]]:
    rows = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, party, respondent, text, secret = (_unescape(c) for c in line.split("\t"))
        rows.append((kind, party, respondent, text, secret))
    return rows


ROWS = load_corpus()


def test_the_corpus_has_at_least_200_strings_of_every_kind_the_issue_names():
    assert len(ROWS) >= 200
    kinds = {row[0] for row in ROWS}
    assert kinds >= {*NUMBER_KINDS, *NAME_KINDS, "address"}


# --- what "unmasked" means ----------------------------------------------------------------------


# The test's own reading of digits and names (not the scanner's: a scanner that forgot a script
# must not also blind the check).
DIGITS = {
    c: str(i)
    for chars in ("0123456789", "〇一二三四五六七八九", "零壹贰叁肆伍陆柒捌玖")
    for i, c in enumerate(chars)
}
DIGITS.update({"○": "0", "幺": "1", "两": "2"})
NAME_GAPS = re.compile(r"[\s\u200b-\u200d\u2060\ufeff·・•.．_\-－/]")


def _digits(text: str) -> str:
    """Every digit of ``text`` in any script (and X), everything else dropped: a number split by
    separators, tags or other script is still found."""
    return "".join(
        DIGITS.get(ch) or ("X" if ch in "Xx" else "") for ch in unicodedata.normalize("NFKC", text)
    )


def _compact(text: str) -> str:
    return NAME_GAPS.sub("", unicodedata.normalize("NFKC", text))


def _given(name: str) -> str:
    return name[2:] if len(name) >= 3 and name[:2] in ("欧阳", "司马", "诸葛") else name[1:]


def leaks(kind: str, page: str, secret: str) -> bool:
    if kind in NUMBER_KINDS:
        return _digits(secret).upper() in _digits(page).upper()
    page, secret = _compact(page), _compact(secret)
    if secret in page:
        return True
    if kind in NAME_KINDS:
        given = _given(secret)
        return len(given) >= 2 and given in page
    return False


def test_the_leak_check_itself_sees_through_separators_and_scripts():
    assert leaks("mobile", "<td>一三九 1234</td><td>五六七八</td>", "13912345678")
    assert not leaks("mobile", "139****5678", "13912345678")
    assert leaks("name", "欧阳 娜娜", "欧阳娜娜") and leaks("name", "娜娜称", "欧阳娜娜")
    assert not leaks("name", "欧阳某称", "欧阳娜娜")


# --- the real publication path --------------------------------------------------------------------


@pytest.fixture
def reviewer(tree):
    return factories.user(tree["east_justice"], roles=("officer", "reviewer"), full_name="王林")


def _served_case(tree, reviewer, *, party: str, respondent: str, requests: str):
    today = timezone.localdate()
    case = services.reconsideration_case_register(
        actor=reviewer,
        organisation=tree["east_justice"],
        received_on=today - dt.timedelta(days=1),
        channel="in_person",
        respondent_name=respondent,
        act_type="penalty",
        act_document_number="东市监罚〔2026〕12号",
        act_description="罚款五千元",
        requests=requests,
        parties=[
            {
                "role": "applicant",
                "kind": "person",
                "name": party,
                "id_number": APPLICANT_ID,
                "phone": "13800138000",
                "address": "示范市东区幸福路1号",
            }
        ],
        today=today,
    )
    engine.perform(case, "accept", actor=reviewer, data={"accepted_on": today})
    engine.perform(case, "send_copy", actor=reviewer, data={"sent_on": today})
    engine.perform(case, "receive_answer", actor=reviewer, data={"answered_on": today})
    rf.hear_views(case, reviewer, today)
    # The 复议机构 restates the applicant's case in the 决定书 (申请人称): published, masked the same way.
    data = rf.decision("revoke", today, applicant_says=requests)
    engine.perform(case, "decide", actor=reviewer, data=data)
    engine.perform(case, "serve", actor=reviewer, data={"served_on": today})
    return case


@pytest.mark.parametrize(
    ("kind", "party", "respondent", "text", "secret"),
    ROWS,
    ids=[f"{i:03d}-{r[0]}" for i, r in enumerate(ROWS)],
)
def test_no_corpus_string_reaches_a_public_page_unmasked(
    tree, reviewer, django_capture_on_commit_callbacks, kind, party, respondent, text, secret
):
    marker = "以上内容属实，请求依法处理"
    with django_capture_on_commit_callbacks(execute=True):
        _served_case(
            tree,
            reviewer,
            party=party or "张三",
            respondent=respondent or "东区市场监督管理局",
            requests=f"请求撤销该行政处罚决定。{text}。{marker}。",
        )
    pub = Publication.objects.get()
    portal = Client()
    # Held for review: nothing on the portal before a reviewer approves the masked preview.
    assert pub.status == PublicationStatus.PENDING_REVIEW
    assert portal.get(f"/reconsideration/decisions/{pub.pk}/").status_code == 404

    staff = Client()
    staff.force_login(reviewer)
    preview = staff.get("/staff/publication-review/").content.decode()
    assert pub.title in preview and not leaks(kind, preview, secret), "the review screen shows it unmasked"
    staff.post(f"/staff/publication-review/{pub.pk}/approve/")
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.PUBLISHED

    detail = portal.get(f"/reconsideration/decisions/{pub.pk}/").content.decode()
    listing = portal.get("/reconsideration/decisions/").content.decode()
    found = portal.get("/search/", {"q": "东区司法局"}).content.decode()
    assert marker in detail  # the rest of the text is published as written
    for name, page in (("决定书", detail), ("列表", listing), ("检索", found)):
        assert not leaks(kind, page, secret), f"{name}页面显示了未遮蔽的个人信息：{text!r}"
    assert not leaks(kind, repr(pub.fields) + pub.search_text + pub.title, secret)
