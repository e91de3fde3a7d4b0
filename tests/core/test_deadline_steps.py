"""Deadline-driven steps declared on a procedure and taken by the one scheduler
(fazhi.core.workflow.deadlines): 行政复议 视为受理 (《行政复议法》第三十条第三款)."""

import datetime as dt

import pytest
from django.core.management import call_command

from fazhi.core.audit.models import AuditEvent
from fazhi.core.calendar import services as calendar
from fazhi.core.calendar.models import CalendarDay, DayKind
from fazhi.core.jobs.models import JobRun, JobStatus
from fazhi.core.workflow import deadlines, engine
from fazhi.core.workflow.spec import ClockSpec, DeadlineStep, Field, Procedure, State, Transition
from fazhi.reconsideration.workflow import PROCEDURE
from tests import factories
from tests.reconsideration import factories as rf

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def staff(tree):
    org = tree["east_justice"]
    return org, factories.user(org, roles=("officer", "reviewer"))


def test_the_procedure_declares_deemed_acceptance():
    assert PROCEDURE.deadline_steps == (
        DeadlineStep(
            clock="acceptance_review", transition="deem_accepted", article="《行政复议法》第三十条第三款"
        ),
    )


def test_a_case_received_before_national_day_is_deemed_accepted_the_day_after_its_review_ends(staff, capsys):
    org, officer = staff
    case = rf.registered(org, officer, D(2026, 9, 25))  # Friday before 中秋/国庆
    # `fazhi calendar due --from 2026-09-25 --days 5 --unit workday` → 2026-10-09 (holidays not counted).
    call_command("calendar", "due", "--from", "2026-09-25", "--days", "5", "--unit", "workday")
    assert "2026-10-09" in capsys.readouterr().out

    # On the last day of the review nothing happens: the reviewer may still decide.
    assert deadlines.run(today=D(2026, 10, 9)).done == []
    case.refresh_from_db()
    assert case.status == "review"

    result = deadlines.run(today=D(2026, 10, 14))
    case.refresh_from_db()
    assert [d.record for d in result.done] == [case.case_number]
    assert case.status == "accepted" and case.deemed_accepted
    # 审查期限届满之日起视为受理: the acceptance date is the review's last day; the step itself is
    # dated the day it lapsed (10-10), not the day the scheduler happened to run (10-14).
    assert case.accepted_on == D(2026, 10, 9)
    log = engine.history(case).get(transition="deem_accepted")
    assert log.legal_date == D(2026, 10, 10)
    assert log.article == "《行政复议法》第三十条第三款"
    assert log.actor.full_name == f"系统自动处理（{org.name}）"
    assert log.actor.roles == ["reviewer"] and not log.actor.has_usable_password()
    audit = AuditEvent.objects.filter(action="workflow.transition", object_id=str(case.pk)).latest("id")
    assert audit.user_id == log.actor.pk and audit.detail["legal_date"] == "2026-10-10"


def test_running_twice_does_nothing_more(staff):
    org, officer = staff
    case = rf.registered(org, officer, D(2026, 9, 25))
    assert len(deadlines.run(today=D(2026, 10, 12)).done) == 1
    audit_rows = AuditEvent.objects.count()
    second = deadlines.run(today=D(2026, 10, 12))
    assert (second.done, second.errors, second.provisional) == ([], [], [])
    assert engine.history(case).filter(transition="deem_accepted").count() == 1
    assert AuditEvent.objects.count() == audit_rows


def test_a_due_date_in_an_unconfirmed_year_is_never_acted_on_but_reported(
    staff, django_capture_on_commit_callbacks
):
    org, officer = staff
    case = rf.registered(org, officer, D(2027, 12, 27))  # due 2028-01-03, 2027/2028 not confirmed
    assert calendar.clocks_for(case).get(code="acceptance_review").provisional

    call_command("deadlines", "run", "--date", "2028-01-10")
    case.refresh_from_db()
    assert case.status == "review" and not engine.history(case).filter(transition="deem_accepted").exists()
    run = JobRun.objects.get(name="deadlines")
    assert run.status == JobStatus.DONE
    assert "1件因期限落在未确认的日历年度暂不处理" in run.summary
    assert case.case_number in run.detail["provisional"][0] and "尚未确认" in run.detail["provisional"][0]

    # Once an administrator confirms the years, the next run takes the step.
    with django_capture_on_commit_callbacks(execute=True):
        for year in (2027, 2028):
            CalendarDay.objects.create(date=D(year, 1, 1), kind=DayKind.HOLIDAY, name="元旦")
            calendar.confirm_year(year)
    assert len(deadlines.run(today=D(2028, 1, 10)).done) == 1
    case.refresh_from_db()
    assert case.status == "accepted"


def test_the_alias_command_runs_the_same_scheduler(staff, capsys):
    org, officer = staff
    case = rf.registered(org, officer, D(2026, 9, 25))
    call_command("reconsideration", "sweep", "--date", "2026-10-12")
    case.refresh_from_db()
    assert case.status == "accepted"
    assert "自动办理1件" in capsys.readouterr().out


def test_list_shows_the_declared_steps(capsys):
    call_command("deadlines", "list")
    assert (
        "行政复议：受理审查期限届满 → 审查期满，视为受理（《行政复议法》第三十条第三款）"
        in capsys.readouterr().out
    )


# --- the declaration is checked when the procedure is built -----------------------------------------

CLOCK = ClockSpec("reply", "答复期限", 10, "workday", article="某法第十条")


def _procedure(step: DeadlineStep, lapse: Transition | None = None) -> Procedure:
    lapse = lapse or Transition(
        "lapse",
        "逾期",
        ("open",),
        "closed",
        fields=(Field("noted_on", "认定日期", "date"),),
        date_field="noted_on",
        stop_clocks=("reply",),
    )
    return Procedure(
        name="x",
        label="测试",
        model="tests.Thing",
        initial="new",
        states=(State("new", "新"), State("open", "办理中"), State("closed", "结束", terminal=True)),
        transitions=(Transition("open", "开始", ("new",), "open", start_clocks=(CLOCK,)), lapse),
        deadline_steps=(step,),
    )


def test_a_well_formed_step_is_accepted():
    assert _procedure(DeadlineStep("reply", "lapse", article="某法第十条")).deadline_steps


@pytest.mark.parametrize(
    ("step", "lapse", "problem"),
    [
        (DeadlineStep("nope", "lapse", article="某法"), None, "clock 'nope' is started by no transition"),
        (DeadlineStep("reply", "nope", article="某法"), None, "transition 'nope' is not declared"),
        (DeadlineStep("reply", "lapse", article=""), None, "cites no statute article"),
        (
            DeadlineStep("reply", "lapse", article="某法"),
            Transition("lapse", "逾期", ("open",), "closed", stop_clocks=("reply",)),
            "no date_field",
        ),
        (
            DeadlineStep("reply", "lapse", article="某法"),
            Transition(
                "lapse",
                "逾期",
                ("open",),
                "closed",
                fields=(Field("noted_on", "认定日期", "date"), Field("reason", "理由")),
                date_field="noted_on",
            ),
            "requires inputs nobody can supply ['reason']",
        ),
        (
            DeadlineStep("reply", "lapse", article="某法"),
            Transition(
                "lapse",
                "逾期",
                ("open",),
                "open",
                fields=(Field("noted_on", "认定日期", "date"),),
                date_field="noted_on",
            ),
            "neither leaves its state nor stops clock 'reply'",
        ),
    ],
)
def test_a_broken_step_fails_at_start_up(step, lapse, problem):
    with pytest.raises(ValueError, match=problem.replace("[", r"\[").replace("]", r"\]")):
        _procedure(step, lapse)


def test_the_graph_marks_the_step_the_law_takes_by_itself(capsys):
    call_command("procedures", "graph", "reconsideration")
    out = capsys.readouterr().out
    assert (
        "review --> accepted: 审查期满，视为受理〔受理审查期限届满自动〕（《行政复议法》第三十条第三款）"
        in out
    )
    assert "review --> accepted: 受理（" in out  # the reviewer's own decision is not marked


def test_finding_lapsed_records_is_one_indexed_query_not_a_loop(staff, django_assert_max_num_queries):
    from django.db import connection

    org, officer = staff
    for day in range(1, 6):  # five cases still inside their review period
        rf.registered(org, officer, D(2026, 10, 20 + day))
    with django_assert_max_num_queries(3):  # held back + lapsed (+ content type), whatever the count
        assert deadlines.run(today=D(2026, 10, 27)).done == []
    if connection.vendor == "sqlite":
        sql, params = deadlines.lapsed(
            PROCEDURE, PROCEDURE.deadline_steps[0], D(2026, 10, 27)
        ).query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        assert "clock_state_due" in plan


# --- the generated suite (fazhi.core.workflow.testing.ProcedureSuite.test_deadline_step) catches a
# broken scheduler --------------------------------------------------------------------------------


@pytest.fixture
def suite_ctx(tree):
    from fazhi.core.workflow.testing import SuiteContext
    from tests.reconsideration import test_workflow as suites

    suite = suites.TestReconsiderationProcedure()
    ctx = SuiteContext(suite, tree, suite.today)
    ctx.simple = False
    return suite, ctx


def test_the_generated_suite_passes_the_real_scheduler(suite_ctx):
    suite, ctx = suite_ctx
    suite.test_deadline_step(ctx, "acceptance_review:deem_accepted")


def test_the_generated_suite_catches_a_scheduler_acting_on_the_last_day(suite_ctx, monkeypatch):
    suite, ctx = suite_ctx
    real = deadlines.run
    monkeypatch.setattr(deadlines, "run", lambda *, today=None: real(today=today + dt.timedelta(days=1)))
    with pytest.raises(AssertionError):
        suite.test_deadline_step(ctx, "acceptance_review:deem_accepted")


def test_the_generated_suite_catches_a_step_dated_on_the_last_day_of_the_period(suite_ctx, monkeypatch):
    suite, ctx = suite_ctx
    real = deadlines._due_date
    monkeypatch.setattr(
        deadlines, "_due_date", lambda record, clock: real(record, clock) - dt.timedelta(days=1)
    )
    with pytest.raises(AssertionError):
        suite.test_deadline_step(ctx, "acceptance_review:deem_accepted")
