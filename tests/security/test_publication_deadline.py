"""docs/security.md 20, first half: penalty and licensing decisions not published within 7 working days
appear as overdue.

The mechanism is generic (:mod:`fazhi.core.publication.kinds`); the test-only app declares a sample
行政处罚决定 kind with ``PublicationDeadline(7, "workday", …)`` (tests/sampleapp/publication.py) as the
penalty and licensing domains will.

Expected due date of a decision made on Friday 2026-09-25, from the official 2026 schedule seeded in
the calendar table (国务院办公厅 2026 年放假安排: 中秋节 9月25日—27日放假; 国庆节 10月1日—7日放假调休,
9月20日(周日)、10月10日(周六)上班). 工作日 are counted after the decision day (当日不计):

    9-26 Sat 中秋 · 9-27 Sun 中秋 · 9-28 Mon ① · 9-29 Tue ② · 9-30 Wed ③ · 10-1…10-7 国庆 ·
    10-8 Thu ④ · 10-9 Fri ⑤ · 10-10 Sat 调休上班 ⑥ · 10-11 Sun · 10-12 Mon ⑦

so the 7th working day — the last day to publish — is Monday 2026-10-12 (not 10-13: the make-up
Saturday counts).
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from fazhi.core.calendar.models import Clock, ClockState
from fazhi.core.calendar.services import clocks_for
from fazhi.core.publication import kinds
from fazhi.core.publication import services as pubservices
from fazhi.core.publication.models import Publication, PublicationStatus
from tests import factories
from tests.sampleapp import publication as sample
from tests.sampleapp.models import SamplePenaltyDecision

pytestmark = pytest.mark.django_db

DECIDED = dt.date(2026, 9, 25)  # a Friday, itself 中秋节
DUE = dt.date(2026, 10, 12)
REVIEW = "/staff/publication-review/"
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def at(monkeypatch):
    """Set the clock of the whole application (services, views, dashboard) to 10:00 on ``day``."""

    def _at(day: dt.date) -> None:
        moment = dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=SHANGHAI)
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return _at


@pytest.fixture
def officer(tree):
    """法制审核人员 of the 市场监督管理局 that made the decision (reviews its publications)."""
    return factories.user(tree["east_market"], roles=("officer", "reviewer"), full_name="李梅")


@pytest.fixture
def decision(tree):
    def _make(
        facts="当事人销售过期食品。", decided_on=DECIDED, org="east_market", number="东市监罚〔2026〕88号"
    ):
        return SamplePenaltyDecision.objects.create(
            organisation=tree[org],
            document_number=number,
            party_name="张三",
            facts=facts,
            penalty="罚款三千元",
            decided_on=decided_on,
        )

    return _make


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def deadline_clock(subject) -> Clock:
    return clocks_for(subject).get(code=kinds.CLOCK_CODE)


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_due_date_is_the_seventh_working_day_around_national_day(decision, officer, at):
    at(dt.date(2026, 9, 28))
    pub = sample.publish_decision(decision(), actor=officer)
    clock = deadline_clock(pub.subject)
    assert clock.due_date == DUE
    assert clock.unit == "workday" and clock.length == 7
    assert "国办发〔2018〕118号" in clock.article and "7个工作日" in clock.article
    # The explanation shows how the date was reached.
    assert "国庆节" in clock.explanation and "2026年10月10日调休上班计入" in clock.explanation


@pytest.mark.parametrize(
    ("published_on", "met"),
    [(dt.date(2026, 9, 29), True), (DUE, True), (dt.date(2026, 10, 13), False)],
)
def test_approval_stops_the_clock_met_on_time_and_late_after_the_due_date(
    decision, officer, at, published_on, met
):
    at(published_on)
    pub = sample.publish_decision(decision(), actor=officer)
    # Nothing found in it, still held: the clock runs until a reviewer approves (docs/security.md 47).
    assert pub.status == PublicationStatus.PENDING_REVIEW
    assert deadline_clock(pub.subject).state == ClockState.RUNNING
    pubservices.approve(pub, actor=officer)
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.PUBLISHED
    clock = deadline_clock(pub.subject)
    assert clock.state == ClockState.STOPPED
    assert clock.stopped_on == published_on
    assert clock.met is met
    # Nothing is left on anyone's 待办 list once it is public.
    at(dt.date(2026, 10, 20))
    response = client_for(officer).get("/staff/")
    assert response.context["overdue_count"] == 0
    assert "东市监罚〔2026〕88号" not in response.content.decode()


def test_held_for_review_item_still_counts_and_shows_as_overdue(decision, officer, at):
    # Submitted in time, but the free text carries a phone number: held for a reviewer.
    at(dt.date(2026, 9, 28))
    pub = sample.publish_decision(
        decision(facts="当事人张三（电话13800138000）销售过期食品。"), actor=officer
    )
    assert pub.status == PublicationStatus.PENDING_REVIEW
    clock = deadline_clock(pub.subject)
    assert clock.state == ClockState.RUNNING and clock.due_date == DUE

    # One working day after the due date, still held: overdue on the dashboard…
    at(dt.date(2026, 10, 13))
    client = client_for(officer)
    response = client.get("/staff/")
    assert response.context["overdue_count"] == 1
    assert [row.clock.pk for row in response.context["overdue"]] == [clock.pk]
    overdue_panel = response.content.decode().split('id="overdue"')[1].split('id="due-soon"')[0]
    assert "东市监罚〔2026〕88号行政处罚决定书" in overdue_panel
    assert "行政处罚决定公开期限" in overdue_panel
    assert "2026-10-12" in overdue_panel

    # …and on 信息公开审核, on the held item and in the reminder panel.
    body = client.get(REVIEW).content.decode()
    item = text(body.split(f'id="publication-{pub.pk}"')[1])
    assert "行政处罚决定公开期限：届满日 2026-10-12" in item
    assert "已逾期1个工作日" in item
    assert "待审核期间照常计算" in item
    alerts = text(body.split('id="publication-deadlines"')[1].split("</section>")[0])
    assert "东市监罚〔2026〕88号行政处罚决定书" in alerts and "待审核" in alerts
    assert "已逾期1个工作日" in alerts

    # Five working days late (not seven natural days) the Monday after: 10-13 … 10-16, 10-19.
    at(dt.date(2026, 10, 19))
    client = client_for(officer)  # (the session of last week has expired)
    assert "已逾期5个工作日" in text(client.get(REVIEW).content.decode())

    # Approval publishes it and stops the clock — late, as it was.
    pubservices.approve(pub, actor=officer)
    clock.refresh_from_db()
    assert clock.state == ClockState.STOPPED and clock.stopped_on == dt.date(2026, 10, 19)
    assert clock.met is False
    assert client.get("/staff/").context["overdue_count"] == 0
    published = text(client.get(REVIEW, {"status": "published"}).content.decode())
    assert "逾期5个工作日后公开" in published


def test_held_item_approved_before_the_due_date_is_met(decision, officer, at):
    at(dt.date(2026, 9, 28))
    pub = sample.publish_decision(
        decision(facts="当事人张三（电话13800138000）销售过期食品。"), actor=officer
    )
    at(dt.date(2026, 10, 9))
    response = client_for(officer).get(REVIEW)
    # 10-9 is a Friday; 10-10 (调休上班) and 10-12 are the two working days left.
    assert "剩余2个工作日" in text(response.content.decode())
    pubservices.approve(pub, actor=officer)
    clock = deadline_clock(pub.subject)
    assert clock.state == ClockState.STOPPED and clock.met is True
    assert "按期公开" in text(client_for(officer).get(REVIEW, {"status": "published"}).content.decode())


def test_due_soon_publication_clock_is_on_the_dashboard(decision, officer, at):
    at(dt.date(2026, 9, 28))
    sample.publish_decision(decision(facts="当事人张三（电话13800138000）销售过期食品。"), actor=officer)
    at(dt.date(2026, 10, 9))
    response = client_for(officer).get("/staff/")
    assert response.context["overdue_count"] == 0
    assert response.context["due_soon_count"] == 1
    due_soon = response.content.decode().split('id="due-soon"')[1]
    assert "东市监罚〔2026〕88号行政处罚决定书" in due_soon and "2026-10-12" in due_soon


def test_decision_never_submitted_is_overdue_once_the_domain_declared_it(decision, officer, tree, at):
    at(DECIDED)
    made = decision()
    pubservices.expect_publication(made, kind=sample.KIND, decided_on=made.decided_on, actor=officer)
    assert not Publication.objects.exists()
    at(dt.date(2026, 10, 14))
    response = client_for(officer).get("/staff/")
    assert response.context["overdue_count"] == 1
    alerts = text(client_for(officer).get(REVIEW).content.decode().split('id="publication-deadlines"')[1])
    assert "东市监罚〔2026〕88号行政处罚决定书" in alerts
    assert "尚未提交公开" in alerts and "已逾期2个工作日" in alerts
    # Another department sees neither the clock nor the reminder.
    other = factories.user(tree["east_justice"], roles=("officer", "reviewer"))
    assert client_for(other).get("/staff/").context["overdue_count"] == 0
    assert "东市监罚〔2026〕88号" not in client_for(other).get(REVIEW).content.decode()
    # Publishing later ends it, late; the clock is the same one, not a second.
    pubservices.approve(sample.publish_decision(made, actor=officer), actor=officer)
    assert deadline_clock(made).met is False
    assert clocks_for(made).count() == 1


def test_withdrawing_a_held_decision_ends_its_deadline(decision, officer, at):
    at(dt.date(2026, 9, 28))
    pub = sample.publish_decision(
        decision(facts="当事人张三（电话13800138000）销售过期食品。"), actor=officer
    )
    at(dt.date(2026, 9, 30))
    pubservices.withdraw(pub.subject, reason="原行政处罚决定已被撤销。", actor=officer)
    clock = deadline_clock(pub.subject)
    assert clock.state == ClockState.STOPPED and clock.stopped_on == dt.date(2026, 9, 30)
    at(dt.date(2026, 10, 20))
    assert client_for(officer).get("/staff/").context["overdue_count"] == 0


def test_kinds_without_a_deadline_start_no_clock(decision, officer, at):
    at(dt.date(2026, 10, 20))
    made = decision()
    pub = pubservices.publish(
        made,
        [("penalty", "处罚内容", made.penalty)],
        actor=officer,
        title="无公开期限的示例信息",
        kind="sample.without_deadline",
        public_date=made.decided_on,
    )
    assert pub.status == PublicationStatus.PENDING_REVIEW
    pubservices.approve(pub, actor=officer)
    assert not Clock.objects.exists()
    with pytest.raises(ValueError):
        pubservices.expect_publication(made, kind="sample.without_deadline", decided_on=made.decided_on)


def test_reconsideration_decisions_start_no_publication_clock(tree, django_capture_on_commit_callbacks):
    from tests.security.test_publication_rules import _served_case

    reviewer = factories.user(tree["east_justice"], roles=("officer", "reviewer"))
    with django_capture_on_commit_callbacks(execute=True):
        case = _served_case(tree, reviewer)
    assert Publication.objects.filter(subject_id=case.pk, kind="reconsideration.decision").exists()
    assert not clocks_for(case).filter(code=kinds.CLOCK_CODE).exists()


def test_a_decision_date_in_the_future_is_refused_and_nothing_is_written(decision, officer, at):
    at(dt.date(2026, 9, 20))
    made = decision()  # dated 9-25, five days ahead
    with pytest.raises(ValidationError, match="决定日期不能晚于今天"):
        sample.publish_decision(made, actor=officer)
    assert not Publication.objects.exists() and not Clock.objects.exists()


def test_the_deadline_declaration_is_validated():
    with pytest.raises(ValueError):
        pubservices.PublicationDeadline(7, "weeks", article="x")
    with pytest.raises(ValueError):
        pubservices.PublicationDeadline(0, "workday", article="x")
    with pytest.raises(ValueError):
        pubservices.PublicationDeadline(7, "workday", article="")


def test_a_decision_refused_for_involving_a_minor_is_no_longer_owed(decision, officer, at):
    at(DECIDED)
    made = decision()
    pubservices.expect_publication(made, kind=sample.KIND, decided_on=made.decided_on)
    at(dt.date(2026, 9, 29))
    with pytest.raises(pubservices.PublicationRefused):
        pubservices.publish(
            made,
            [("penalty", "处罚内容", made.penalty)],
            actor=officer,
            title="涉及未成年人的决定",
            kind=sample.KIND,
            public_date=made.decided_on,
            involves_minor=True,
        )
    assert not Publication.objects.exists()
    assert deadline_clock(made).state == ClockState.STOPPED
    at(dt.date(2026, 10, 20))
    assert client_for(officer).get("/staff/").context["overdue_count"] == 0
