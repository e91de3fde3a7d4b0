"""规范性文件附带审查 (2023 《行政复议法》第五十六条至第六十条): the body that may handle the document
does so within 30 日, notifying its maker within 3 个工作日 and the maker answering within 10 个工作日
of receipt (第五十八条、第八十八条); one that may not transfers it within 7 个工作日 and the receiving
organ replies within 60 日 of its receipt (第六十条). Real 2026 dates, 国庆 included."""

import datetime as dt

import pytest

from fazhi.core.calendar.models import ClockState
from fazhi.core.calendar.services import clocks_for
from fazhi.core.workflow import engine
from fazhi.reconsideration.models import IncidentalReview
from tests import factories
from tests.reconsideration import factories as rf

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(tree):
    return factories.user(tree["east_justice"], roles=("officer", "reviewer"), username="desk")


def _review(tree, desk, *, competent: bool, started: dt.date) -> IncidentalReview:
    case = rf.new_case(tree["east_justice"], desk, dt.date(2026, 8, 3), accepted_on=dt.date(2026, 8, 5))
    return engine.create(
        IncidentalReview,
        actor=desk,
        case=case,
        organisation=tree["east_justice"],
        origin="applicant",
        document_title="《东区农村宅基地管理办法》",
        maker="东区人民政府" if competent else "南宁市人民政府",
        competent=competent,
        started_on=started,
    )


def _due(review) -> dict[str, dt.date]:
    return {c.code: c.due_date for c in clocks_for(review).exclude(state=ClockState.STOPPED)}


def test_handled_by_the_body_30_days_notice_3_and_answer_10_working_days(tree, desk):
    review = _review(tree, desk, competent=True, started=dt.date(2026, 8, 10))
    engine.perform(
        review, "handle", actor=desk, data={"decided_on": "2026-08-11"}, today=dt.date(2026, 8, 11)
    )
    # 30 日 from 08-10 (第五十六条); the maker is notified within 3 个工作日 of the suspension (第五十八条).
    assert _due(review) == {"handling": dt.date(2026, 9, 9), "maker_notice": dt.date(2026, 8, 13)}
    engine.perform(
        review,
        "notify_maker",
        actor=desk,
        data={"notified_on": "2026-08-13", "maker_received_on": "2026-08-14"},
        today=dt.date(2026, 8, 14),
    )
    # 制定机关 answers within 10 个工作日 of receipt (Fri 08-14 → Fri 08-28).
    assert _due(review) == {"handling": dt.date(2026, 9, 9), "maker_answer": dt.date(2026, 8, 28)}
    with pytest.raises(engine.GuardFailed, match="收到日期.*不能早于发出日期"):
        engine.perform(
            review,
            "notify_maker",
            actor=desk,
            data={"notified_on": "2026-08-13", "maker_received_on": "2026-08-12"},
            today=dt.date(2026, 8, 14),
        )
    engine.perform(
        review,
        "conclude",
        actor=desk,
        data={"outcome": "stopped", "reasoning": "第十二条超越权限。", "concluded_on": "2026-09-01"},
        today=dt.date(2026, 9, 1),
    )
    review.refresh_from_db()
    assert (review.status, review.outcome, review.closed_on) == ("concluded", "stopped", dt.date(2026, 9, 1))
    assert _due(review) == {}


def test_a_body_without_power_transfers_in_7_working_days_and_the_reply_runs_60_days(tree, desk):
    review = _review(tree, desk, competent=False, started=dt.date(2026, 9, 28))
    with pytest.raises(engine.GuardFailed, match="无权处理.*应当转送"):
        engine.perform(
            review, "handle", actor=desk, data={"decided_on": "2026-09-29"}, today=dt.date(2026, 9, 29)
        )
    engine.perform(review, "refer", actor=desk, data={"decided_on": "2026-09-29"}, today=dt.date(2026, 9, 29))
    # 7 个工作日 from Mon 09-28 over 国庆 (10-01 to 10-07 off, Sat 10-10 worked): Tue 10-13.
    assert _due(review) == {"transfer": dt.date(2026, 10, 13)}
    engine.perform(
        review,
        "transfer",
        actor=desk,
        data={"transferred_to": "南宁市人民政府", "sent_on": "2026-10-12", "received_on": "2026-10-14"},
        today=dt.date(2026, 10, 14),
    )
    # 60 日 from the receiving organ's receipt (第六十条): 12-13 is a Sunday, so Monday 12-14.
    assert _due(review) == {"transferee_reply": dt.date(2026, 12, 14)}
    review.refresh_from_db()
    assert (review.transferred_to, review.transfer_received_on) == ("南宁市人民政府", dt.date(2026, 10, 14))


def test_registered_on_the_page_only_on_an_accepted_case_of_ones_own(client, tree, desk):
    """第五十六条: the review belongs to a case under review — a case not yet accepted is refused."""
    pending = rf.registered(tree["east_justice"], desk, dt.date(2026, 8, 3), today=dt.date(2026, 8, 3))
    accepted = rf.new_case(tree["east_justice"], desk, dt.date(2026, 8, 3), accepted_on=dt.date(2026, 8, 5))
    client.force_login(desk)
    form = {
        "origin": "applicant",
        "document_title": "《东区农村宅基地管理办法》",
        "maker": "东区人民政府",
        "competent": "on",
        "started_on": "2026-08-10",
    }
    refused = client.post("/staff/reconsideration-incidental/new/", {**form, "case": pending.pk})
    assert refused.status_code == 400 and "案件受理后方可登记规范性文件附带审查" in refused.content.decode()
    assert not IncidentalReview.objects.exists()
    done = client.post("/staff/reconsideration-incidental/new/", {**form, "case": accepted.pk}, follow=True)
    review = IncidentalReview.objects.get()
    assert review.case == accepted and review.status == "registered"
    assert "第三十九条第一款第九项" in done.content.decode()
