"""行政处罚普通程序's own rules on real 2026 dates: 法制审核 (第五十八条), 两名持证执法人员 (第四十二条、
第五十五条), 办案期限 90 日 with a 鉴定 excluded (第六十条), 听证 request within 5 个工作日 and notice 7 个
工作日 before (第六十四条、第八十五条), 加处罚款 (第七十二条), 事后公开 within 7 个工作日 and its
withdrawal (第四十八条; 国办发〔2018〕118号), 移送司法机关, and the figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.calendar import services as calendar
from fazhi.core.publication import kinds
from fazhi.core.publication import services as publication
from fazhi.core.publication.models import Publication, PublicationStatus
from fazhi.core.workflow import engine
from fazhi.enforcement.models import PenaltyCase, late_surcharge
from fazhi.enforcement.publication_penalty import KIND
from fazhi.indicators import periods, registry
from tests import factories
from tests.enforcement import factories as ef

pytestmark = pytest.mark.django_db
D = dt.date
NOTIFIED, DECIDED = D(2026, 3, 20), D(2026, 3, 25)


@pytest.fixture
def market(tree):
    return tree["east_market"]


@pytest.fixture
def staff(market):
    return factories.user(market, roles=("officer", "reviewer", "leader"), username="zhifa")


def to_ready(case, staff, *, notified=NOTIFIED, major=False):
    case = ef.step(case, "file", D(2026, 3, 2), staff)
    case = ef.step(case, "investigate", D(2026, 3, 3), staff)
    case = ef.step(case, "propose", D(2026, 3, 16), staff)
    if major:
        case = ef.step(case, "legal_review_pass", D(2026, 3, 18), staff)
    case = ef.step(case, "notify", notified, staff)
    return ef.step(case, "no_hearing", notified + dt.timedelta(days=1), staff)


def figure(region, code):
    period = periods.year(2026)
    return registry.evaluate([registry.get(code)], [region], period.start, period.end)[region][code].numerator


def decided(case, staff, day=DECIDED, **decision):
    return ef.step(case, "decide", day, staff, **decision)


# --- 法制审核 ---------------------------------------------------------------------------------------


def test_a_major_case_is_decided_only_after_a_passed_legal_review_art_58(market, staff):
    case = to_ready(ef.penalty_case(market, staff, major_ground="public_interest"), staff)
    with pytest.raises(engine.GuardFailed) as refused:
        decided(case, staff)
    assert "法制审核" in refused.value.message and "第五十八条" in refused.value.message
    assert PenaltyCase.objects.get(pk=case.pk).status == "ready"
    case = ef.step(case, "legal_review_pass", D(2026, 3, 24), staff)
    assert decided(case, staff).status == "decided"


def test_a_returned_legal_review_no_longer_counts(market, staff):
    case = ef.penalty_case(market, staff, major_ground="complex")
    case = ef.step(case, "file", D(2026, 3, 2), staff)
    case = ef.step(case, "investigate", D(2026, 3, 3), staff)
    case = ef.step(case, "propose", D(2026, 3, 16), staff)
    case = ef.step(case, "legal_review_pass", D(2026, 3, 17), staff)
    case = engine.perform(
        case, "legal_review_return", actor=staff, data={"reviewed_on": D(2026, 3, 18), "opinion": "补充鉴定"}
    )
    assert case.status == "investigating" and case.legal_review_on is None


def test_an_ordinary_case_needs_no_legal_review(market, staff):
    case = to_ready(ef.penalty_case(market, staff), staff)
    assert decided(case, staff).status == "decided"


def test_a_serious_case_is_decided_after_collective_discussion_art_57(market, staff):
    case = to_ready(ef.penalty_case(market, staff, serious=True), staff)
    with pytest.raises(engine.GuardFailed, match="集体讨论"):
        decided(case, staff)
    case = ef.step(case, "discuss", D(2026, 3, 24), staff)
    assert decided(case, staff).status == "decided"


def test_a_fine_names_its_amount_art_59(market, staff):
    case = to_ready(ef.penalty_case(market, staff), staff)
    with pytest.raises(engine.GuardFailed, match="数额"):
        decided(case, staff, amount=None)


# --- 执法人员 ---------------------------------------------------------------------------------------


def test_investigation_needs_two_officers_certified_that_day_art_42_55(market, staff):
    valid = ef.officer(market, staff)
    expiring = ef.officer(market, staff, valid_until=D(2026, 3, 2))
    case = ef.penalty_case(market, staff, officers=(valid, expiring))
    case = ef.step(case, "file", D(2026, 3, 2), staff)
    with pytest.raises(engine.GuardFailed) as refused:
        ef.step(case, "investigate", D(2026, 3, 3), staff)
    assert expiring.full_name in refused.value.message and "行政执法证" in refused.value.message
    assert valid.full_name not in refused.value.message
    # on the last day of the certificate, both hold one
    assert ef.step(case, "investigate", D(2026, 3, 2), staff).status == "investigating"


def test_one_officer_is_not_enough(market, staff):
    case = ef.penalty_case(market, staff, officers=())
    case = ef.step(case, "file", D(2026, 3, 2), staff)
    with pytest.raises(engine.GuardFailed, match="不得少于两人"):
        ef.step(case, "investigate", D(2026, 3, 3), staff)


def test_only_an_enforcement_body_keeps_penalty_cases_and_its_own_officers(tree, staff, market):
    justice = tree["east_justice"]
    with pytest.raises(ValidationError, match="行政执法主体"):
        PenaltyCase(
            organisation=justice, title="x", source="x", registered_on=D(2026, 3, 1), summary="x"
        ).full_clean()
    stranger = ef.officer(tree["west_justice"], factories.user(tree["west_justice"]))
    with pytest.raises(ValidationError, match="本行政执法主体"):
        ef.penalty_case(market, staff, officers=(stranger, ef.officer(market, staff)))


def test_numbers_run_per_body_and_year_with_fa(market, staff):
    first, second = ef.penalty_case(market, staff), ef.penalty_case(market, staff)
    assert first.number.endswith("罚〔2026〕1号") and second.number.endswith("罚〔2026〕2号")


# --- 办案期限 ---------------------------------------------------------------------------------------


def test_the_90_day_period_leaves_out_a_appraisal(market, staff):
    """立案 2026-03-02: 90 日 end on Sunday 2026-05-31, so on Monday 06-01; a 鉴定 from 03-10 to 04-09
    holds it 30 days: 06-30 (a Tuesday)."""
    case = ef.penalty_case(market, staff)
    case = ef.step(case, "file", D(2026, 3, 2), staff)
    assert calendar.latest_clock(case, "handling").due_date == D(2026, 6, 1)
    case = ef.step(case, "investigate", D(2026, 3, 3), staff)
    case = ef.step(case, "suspend", D(2026, 3, 10), staff)
    assert case.status == "investigating_suspended"
    case = ef.step(case, "resume", D(2026, 4, 9), staff)
    assert calendar.latest_clock(case, "handling").due_date == D(2026, 6, 30)


# --- 听证 -------------------------------------------------------------------------------------------


def hearing_case(market, staff, notified):
    case = ef.penalty_case(market, staff)
    case = ef.step(case, "file", D(2026, 9, 1), staff)
    case = ef.step(case, "investigate", D(2026, 9, 2), staff)
    case = ef.step(case, "propose", D(2026, 9, 15), staff)
    return ef.step(case, "notify", notified, staff)


def test_a_hearing_is_asked_for_within_five_working_days_over_national_day(market, staff):
    """告知 2026-09-30: 10-01..07 are holidays, 10-10 (Saturday) a working day → due 10-13."""
    case = hearing_case(market, staff, D(2026, 9, 30))
    assert calendar.latest_clock(case, "hearing_request").due_date == D(2026, 10, 13)
    with pytest.raises(engine.GuardFailed, match="2026年10月13日"):
        ef.step(case, "request_hearing", D(2026, 10, 14), staff)
    with pytest.raises(engine.GuardFailed, match="期满前"):
        ef.step(case, "no_hearing", D(2026, 10, 13), staff, reason="lapsed")
    assert ef.step(case, "request_hearing", D(2026, 10, 13), staff).status == "hearing_requested"


def test_the_hearing_is_noticed_seven_working_days_ahead_and_its_time_is_left_out(market, staff):
    case = hearing_case(market, staff, D(2026, 9, 21))
    due_before = calendar.latest_clock(case, "handling").due_date
    case = ef.step(case, "request_hearing", D(2026, 9, 22), staff)
    # 通知 09-25 (Fri): seven working days end on 10-12 (10-10 is worked, 10-01..07 are not).
    with pytest.raises(engine.GuardFailed, match="2026年10月12日"):
        ef.step(case, "schedule_hearing", D(2026, 9, 25), staff, hearing_on=D(2026, 10, 11))
    case = ef.step(case, "schedule_hearing", D(2026, 9, 25), staff, hearing_on=D(2026, 10, 12))
    case = ef.step(case, "hold_hearing", D(2026, 10, 12), staff)
    assert case.status == "ready"
    # 立案 09-01 → 11-30; the 20 days of the hearing (09-22 → 10-12) move it to Sunday 12-20, so 12-21.
    assert due_before == D(2026, 11, 30)
    assert calendar.latest_clock(case, "handling").due_date == D(2026, 12, 21)


# --- 送达、履行 ---------------------------------------------------------------------------------------


def test_late_payment_adds_three_percent_a_day_up_to_the_fine_art_72():
    assert late_surcharge(Decimal("5000"), D(2026, 4, 10), D(2026, 4, 10)) == 0
    assert late_surcharge(Decimal("5000"), D(2026, 4, 10), D(2026, 4, 12)) == Decimal("300.00")
    assert late_surcharge(Decimal("5000"), D(2026, 4, 10), D(2026, 8, 1)) == Decimal("5000")


def test_payment_in_full_includes_the_surcharge(market, staff):
    case = decided(to_ready(ef.penalty_case(market, staff), staff), staff)
    case = ef.step(case, "serve", D(2026, 3, 26), staff)
    assert calendar.latest_clock(case, "service") is not None
    assert case.payment_due == D(2026, 4, 10)
    with pytest.raises(engine.GuardFailed, match="加处罚款300.00元"):
        ef.step(case, "execute", D(2026, 4, 12), staff, paid=5000)
    assert ef.step(case, "execute", D(2026, 4, 12), staff, paid=5300).status == "executed"


def test_a_warning_owes_no_payment_so_no_15_day_clock_runs_art_67(market, staff):
    """第六十七条第三款: 当事人应当自收到行政处罚决定书之日起十五日内，到指定的银行…缴纳罚款 — a
    警告 owes nothing: served, it has no 履行期限 on the clocks (or on 待办); a fine has its 15 日."""
    case = decided(
        to_ready(ef.penalty_case(market, staff), staff), staff, penalty_kind="warning", amount=None
    )
    case = ef.step(case, "serve", D(2026, 3, 26), staff)
    assert calendar.latest_clock(case, "payment") is None and case.payment_due is None
    fined = decided(to_ready(ef.penalty_case(market, staff), staff), staff)
    fined = ef.step(fined, "serve", D(2026, 3, 26), staff)
    assert calendar.latest_clock(fined, "payment").due_date == D(2026, 4, 10)


def test_a_transfer_to_the_judicial_organs_is_recorded(market, staff):
    case = ef.step(
        ef.step(ef.penalty_case(market, staff), "file", D(2026, 3, 2), staff),
        "investigate",
        D(2026, 3, 3),
        staff,
    )
    case = engine.perform(
        case,
        "transfer",
        actor=staff,
        data={"organ": "东区公安分局", "transferred_on": D(2026, 3, 20), "reason": "涉案金额巨大"},
    )
    assert (case.status, case.transferred_to, case.transferred_on) == (
        "transferred",
        "东区公安分局",
        D(2026, 3, 20),
    )
    assert calendar.latest_clock(case, "handling").state == "stopped"
    assert figure(market.region_id, "enforcement.cases_transferred") == 1


# --- 事后公开 ---------------------------------------------------------------------------------------


def test_a_decision_is_held_for_review_masked_and_due_within_seven_working_days(
    market, staff, django_capture_on_commit_callbacks
):
    case = to_ready(ef.penalty_case(market, staff), staff, notified=D(2026, 9, 22))
    with django_capture_on_commit_callbacks(execute=True):
        case = decided(case, staff, day=D(2026, 9, 29))
    clock = kinds.deadline_clock(case)
    # 09-29 (Tue): 09-30, 10-08, 10-09, 10-10 (worked Saturday), 10-12, 10-13, 10-14.
    assert clock.due_date == D(2026, 10, 14) and "7个工作日" in clock.article
    pub = Publication.objects.get(kind=KIND, subject_id=case.pk)
    assert pub.status == PublicationStatus.PENDING_REVIEW
    text = " ".join(f["value"] for f in pub.fields)
    assert "张某" in text and "张三丰" not in text
    assert ef.PERSON_ID not in text and "13812345678" not in text and "幸福路" not in text
    reviewer = factories.user(market, roles=("reviewer",))
    publication.approve(pub, actor=reviewer)
    assert kinds.deadline_clock(case).state == "stopped"


def test_a_warning_alone_and_a_minor_are_not_published(market, staff, django_capture_on_commit_callbacks):
    warned = to_ready(ef.penalty_case(market, staff), staff)
    with django_capture_on_commit_callbacks(execute=True):
        decided(warned, staff, penalty_kind="warning", amount=None)
    young = to_ready(ef.penalty_case(market, staff, id_number=ef.MINOR_ID), staff)
    with django_capture_on_commit_callbacks(execute=True):
        decided(young, staff)
    assert not Publication.objects.filter(kind=KIND).exists()
    assert kinds.deadline_clock(warned) is None


def test_a_revoked_decision_is_withdrawn_with_a_public_notice(
    market, staff, django_capture_on_commit_callbacks
):
    case = to_ready(ef.penalty_case(market, staff), staff)
    with django_capture_on_commit_callbacks(execute=True):
        case = decided(case, staff)
    pub = Publication.objects.get(kind=KIND, subject_id=case.pk)
    publication.approve(pub, actor=factories.user(market, roles=("reviewer",)))
    case = ef.step(case, "serve", D(2026, 3, 26), staff)
    case = ef.step(case, "revise", D(2026, 6, 1), staff)
    assert (case.status, case.revision, case.revised_on) == ("served", "revoked", D(2026, 6, 1))
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.WITHDRAWN
    assert "东区人民政府撤销" in pub.withdrawal_notice and "张三丰" not in pub.withdrawal_notice


def test_decisions_are_counted_under_the_catalogue_code(market, staff):
    decided(to_ready(ef.penalty_case(market, staff), staff), staff)
    no_penalty = ef.step(
        ef.step(ef.penalty_case(market, staff), "file", D(2026, 3, 2), staff),
        "investigate",
        D(2026, 3, 3),
        staff,
    )
    engine.perform(
        no_penalty, "decide_no_penalty", actor=staff, data={"ground": "minor", "decided_on": D(2026, 3, 9)}
    )
    assert figure(market.region_id, "enforcement.acts.penalty") == 1


# --- 行政处罚决定书 ---------------------------------------------------------------------------------


def test_the_decision_document_states_what_art_59_requires(market, staff):
    import io

    import docx

    from fazhi.core.documents.services import document_generate

    case = to_ready(ef.penalty_case(market, staff), staff)
    attachment = document_generate(record=case, kind="enforcement.penalty_decision", actor=staff)
    assert attachment.kind == "行政处罚决定书"
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(attachment.file.read())).paragraphs)
    for said in (
        "张三丰",
        ef.PERSON_ID,
        "东区幸福路88号",
        "2026年3月2日",
        "当事人销售超过保质期的食品",
        "罚款人民币五千元",
        "《食品安全法》第一百二十四条",
        "六十日内向东区人民政府申请行政复议",
        "六个月内",
    ):
        assert said in text, said
    assert "罚决字〔2026〕1号" in text
    assert decided(case, staff).status == "decided"  # the generated 决定书 is the step's attachment
