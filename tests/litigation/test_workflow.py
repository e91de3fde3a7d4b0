"""The generic procedure suite applied to 行政应诉, plus its deadlines on real dates."""

import datetime as dt

import pytest

from fazhi.core.calendar import services as clock_services
from fazhi.core.workflow import engine
from fazhi.core.workflow.testing import ProcedureSuite, SuiteContext
from fazhi.litigation.models import Hearing, Instance
from tests import factories
from tests.litigation import factories as lf


def _second_instance(ctx, case):
    ctx.update(case, instance=Instance.SECOND)


def _second_wanted(request) -> bool:
    """二审裁判 needs a second-instance record (its guard test too: it then fails on the dates)."""
    return "decide_second" in request.node.name


class TestLitigationProcedure(ProcedureSuite):
    procedure_name = "litigation"
    today = dt.date(2026, 9, 28)
    # Dates in the order the steps happen (the engine refuses a step dated before the previous one).
    inputs = {
        "receive": {"received_on": "2026-06-01"},
        "file_answer": {"answered_on": "2026-06-12"},
        "hold_hearing": {"hearing_on": "2026-07-10", "court_room": "第一审判庭"},
        "decide": {
            "outcome": "revoke",
            "judged_on": "2026-08-03",
            "served_on": "2026-08-05",
            "last_served_on": "2026-08-05",
        },
        "decide_second": {"outcome": "amend_lost", "judged_on": "2026-08-03", "served_on": "2026-08-05"},
        "record_service": {"last_served_on": "2026-08-10"},
        "conclude": {"outcome": "withdrawn", "judged_on": "2026-08-03"},
        "appeal": {"appellant": "defendant", "appealed_on": "2026-08-12"},
        "take_effect": {"effective_on": "2026-08-21"},
    }
    guard_failures = {
        "decide": lambda ctx, case: {"judged_on": "2026-08-06"},  # served before judged
        "decide_second": lambda ctx, case: {"judged_on": "2026-08-06"},
        "record_service": lambda ctx, case: {"last_served_on": "2026-08-05"},  # no later than known
        "appeal": _second_instance,
        "take_effect": lambda ctx, case: {"effective_on": "2026-08-20"},  # last day of the 上诉期
    }

    @pytest.fixture
    def env(self, tree):
        return tree

    @pytest.fixture
    def ctx(self, env, db, request):
        ctx = SuiteContext(self, env, self.today)
        ctx.second = _second_wanted(request)
        return ctx

    def make_record(self, ctx):
        return lf.lawsuit(
            ctx.env["east_market"], ctx.actor, instance=Instance.SECOND if ctx.second else Instance.FIRST
        )

    def make_user(self, ctx, roles, *, outsider=False):
        return factories.user(ctx.env["west_justice" if outsider else "east_market"], roles=roles)


@pytest.fixture
def officer(tree):
    return factories.user(tree["east_market"], roles=("officer",))


def _clock(case, code):
    return clock_services.clocks_for(case).filter(code=code).latest("id")


def test_answer_due_rolls_over_national_day_2026(tree, officer):
    # 2026-09-16 + 15 日 = 2026-10-01, 国庆节: the period ends on the next working day, 10-08
    # (《行政诉讼法》第六十七条; 《民事诉讼法》第八十五条 via 第一百零一条).
    case = lf.register(
        tree["east_market"], officer, received_on=dt.date(2026, 9, 16), today=dt.date(2026, 9, 16)
    )
    assert case.status == "answering" and case.complaint_received_on == dt.date(2026, 9, 16)
    clock = _clock(case, "answer")
    assert clock.due_date == dt.date(2026, 10, 8)
    assert "第六十七条" in clock.explanation and "顺延" in clock.explanation


def test_answer_due_on_an_ordinary_weekday_is_not_moved(tree, officer):
    case = lf.register(
        tree["east_market"], officer, received_on=dt.date(2026, 3, 2), today=dt.date(2026, 3, 2)
    )
    assert _clock(case, "answer").due_date == dt.date(2026, 3, 17)


def _to_heard(case, actor):
    engine.perform(
        case, "file_answer", actor=actor, data={"answered_on": "2026-02-20"}, today=dt.date(2026, 3, 2)
    )
    return engine.perform(
        case, "hold_hearing", actor=actor, data={"hearing_on": "2026-02-25"}, today=dt.date(2026, 3, 2)
    )


@pytest.mark.parametrize(
    ("outcome", "days", "due"),
    [
        ("revoke", 15, dt.date(2026, 3, 17)),
        ("reject_claims", 15, dt.date(2026, 3, 17)),
        ("dismiss", 10, dt.date(2026, 3, 12)),
    ],
)
def test_appeal_period_is_15_days_for_a_judgment_and_10_for_a_ruling(tree, officer, outcome, days, due):
    case = lf.register(
        tree["east_market"], officer, received_on=dt.date(2026, 2, 2), today=dt.date(2026, 2, 2)
    )
    lf.attach(case, officer, "答辩状")
    case = _to_heard(case, officer)
    case = engine.perform(
        case,
        "decide",
        actor=officer,
        data={"outcome": outcome, "judged_on": "2026-02-27", "served_on": "2026-03-02"},
        today=dt.date(2026, 3, 2),
    )
    clock = _clock(case, "appeal")
    assert (case.status, case.outcome, case.served_on) == ("appeal_period", outcome, dt.date(2026, 3, 2))
    assert (clock.length, clock.due_date) == (days, due)
    assert "第八十五条" in clock.explanation


def test_judgment_takes_effect_only_after_the_appeal_period(tree, officer):
    case = lf.register(
        tree["east_market"], officer, received_on=dt.date(2026, 2, 2), today=dt.date(2026, 2, 2)
    )
    lf.attach(case, officer, "答辩状")
    case = _to_heard(case, officer)
    case = engine.perform(
        case,
        "decide",
        actor=officer,
        data={"outcome": "reject_claims", "judged_on": "2026-02-27", "served_on": "2026-03-02"},
        today=dt.date(2026, 3, 2),
    )
    with pytest.raises(engine.GuardFailed) as excinfo:
        engine.perform(
            case,
            "take_effect",
            actor=officer,
            data={"effective_on": "2026-03-17"},
            today=dt.date(2026, 3, 20),
        )
    assert "2026年3月17日" in excinfo.value.message
    case = engine.perform(
        case, "take_effect", actor=officer, data={"effective_on": "2026-03-18"}, today=dt.date(2026, 3, 20)
    )
    assert (case.status, case.effective_on) == ("effective", dt.date(2026, 3, 18))
    assert _clock(case, "appeal").state == "stopped"


def test_withdrawal_ends_the_case_without_an_appeal_period(tree, officer):
    case = lf.register(
        tree["east_market"], officer, received_on=dt.date(2026, 2, 2), today=dt.date(2026, 2, 2)
    )
    case = engine.perform(
        case,
        "conclude",
        actor=officer,
        data={"outcome": "withdrawn", "judged_on": "2026-02-10"},
        today=dt.date(2026, 2, 12),
    )
    assert (case.status, case.outcome, case.effective_on) == ("effective", "withdrawn", dt.date(2026, 2, 10))
    assert not clock_services.clocks_for(case).filter(code="appeal").exists()
    assert _clock(case, "answer").state == "stopped"


def test_holding_a_hearing_marks_the_scheduled_hearing_held(tree, officer):
    from fazhi.core import records

    case = lf.register(
        tree["east_market"], officer, received_on=dt.date(2026, 2, 2), today=dt.date(2026, 2, 2)
    )
    scheduled = records.record_create(
        Hearing,
        actor=officer,
        data={"lawsuit": case, "hearing_on": dt.date(2026, 2, 25), "court_room": "第二审判庭"},
    )
    assert scheduled.remind_on == dt.date(2026, 2, 22) and not scheduled.held
    lf.attach(case, officer, "答辩状")
    _to_heard(case, officer)
    assert list(Hearing.objects.filter(lawsuit=case).values_list("pk", "held", "court_room")) == [
        (scheduled.pk, True, "第二审判庭")
    ]


class TestRecommendationProcedure(ProcedureSuite):
    procedure_name = "judicial_recommendation"
    today = dt.date(2026, 9, 28)
    inputs = {
        "receive": {"received_on": "2026-06-01"},
        "reply": {"reply": "已修订执法流程并组织培训。", "replied_on": "2026-07-20"},
    }

    @pytest.fixture
    def env(self, tree):
        return tree

    def make_record(self, ctx):
        return lf.recommendation(
            ctx.env["east_market"], ctx.actor, received=False, received_on=dt.date(2026, 6, 1)
        )

    def make_user(self, ctx, roles, *, outsider=False):
        return factories.user(ctx.env["west_justice" if outsider else "east_market"], roles=roles)


def test_procuratorial_recommendation_reply_due_in_two_months_article_19(tree, officer):
    # 检察建议: 书面回复 within 2 个月 of receipt (《人民检察院检察建议工作规定》第十九条).
    rec = lf.recommendation(
        tree["east_market"],
        officer,
        kind="procuratorial",
        issuer="示范区人民检察院",
        received_on=dt.date(2026, 3, 2),
    )
    assert rec.status == "received"
    clock = _clock(rec, "reply")
    # 2 个月 end on 2026-05-02, a 劳动节 rest day: the period rolls to the next working day, 05-06.
    assert clock.due_date == dt.date(2026, 5, 6)
    assert "第十九条" in clock.explanation


def test_judicial_recommendation_runs_to_the_period_it_states(tree, officer):
    rec = lf.recommendation(
        tree["east_market"],
        officer,
        received_on=dt.date(2026, 3, 2),
        rectification_deadline=dt.date(2026, 4, 1),
    )
    clock = _clock(rec, "reply")
    assert clock.due_date == dt.date(2026, 4, 1)
    assert "司法建议书载明的回复期限" in clock.explanation


def test_judicial_recommendation_without_a_stated_period_gets_two_months(tree, officer):
    # No 整改回复期限 in the 司法建议书: the procuratorial 2 个月 are the period (workflow.REPLY).
    rec = lf.recommendation(tree["east_market"], officer, received_on=dt.date(2026, 3, 2))
    assert _clock(rec, "reply").due_date == dt.date(2026, 5, 6)  # 05-02 a rest day, as above


def _decided(tree, officer, **served):
    """A first-instance judgment of 2026-02-27, 本机关 served 2026-03-02 (and ``served`` inputs)."""
    case = lf.register(
        tree["east_market"], officer, received_on=dt.date(2026, 2, 2), today=dt.date(2026, 2, 2)
    )
    lf.attach(case, officer, "答辩状")
    data = {"outcome": "reject_claims", "judged_on": "2026-02-27", "served_on": "2026-03-02", **served}
    return engine.perform(
        _to_heard(case, officer), "decide", actor=officer, data=data, today=dt.date(2026, 3, 9)
    )


def test_each_partys_appeal_period_runs_from_its_own_service_article_85(tree, officer):
    # 本机关 served 03-02 → its 上诉期 ends 03-17; the plaintiff served 03-06 → 03-21 (Saturday) rolls
    # to 03-23: the judgment takes effect only after the last party's period (《行政诉讼法》第八十五条).
    case = _decided(tree, officer, last_served_on="2026-03-06")
    assert (_clock(case, "own_appeal").due_date, _clock(case, "appeal").due_date) == (
        dt.date(2026, 3, 17),
        dt.date(2026, 3, 23),
    )
    with pytest.raises(engine.GuardFailed) as refused:
        engine.perform(
            case,
            "take_effect",
            actor=officer,
            data={"effective_on": "2026-03-18"},
            today=dt.date(2026, 3, 20),
        )
    assert "2026年3月23日" in refused.value.message
    # 本机关 may no longer appeal after its own period; the plaintiff still may.
    late = {"appealed_on": "2026-03-18"}
    with pytest.raises(engine.GuardFailed) as refused:
        engine.perform(
            case, "appeal", actor=officer, data={"appellant": "defendant", **late}, today=dt.date(2026, 3, 20)
        )
    assert "2026年3月17日" in refused.value.message
    case = engine.perform(
        case, "appeal", actor=officer, data={"appellant": "plaintiff", **late}, today=dt.date(2026, 3, 20)
    )
    assert case.status == "appealed"
    assert not clock_services.clocks_for(case).filter(state="running").exists()


def test_a_later_service_learnt_afterwards_moves_the_effective_date_article_85(tree, officer):
    case = _decided(tree, officer)
    assert _clock(case, "appeal").due_date == dt.date(2026, 3, 17)  # as far as known: 本机关's
    with pytest.raises(engine.GuardFailed):  # not later than what is known: nothing to change
        engine.perform(
            case,
            "record_service",
            actor=officer,
            data={"last_served_on": "2026-03-02"},
            today=dt.date(2026, 3, 9),
        )
    case = engine.perform(
        case,
        "record_service",
        actor=officer,
        data={"last_served_on": "2026-03-06"},
        today=dt.date(2026, 3, 9),
    )
    assert (case.status, case.last_served_on) == ("appeal_period", dt.date(2026, 3, 6))
    assert _clock(case, "appeal").due_date == dt.date(2026, 3, 23)
    assert _clock(case, "own_appeal").due_date == dt.date(2026, 3, 17)  # 本机关's own is unchanged
    case = engine.perform(
        case, "take_effect", actor=officer, data={"effective_on": "2026-03-24"}, today=dt.date(2026, 3, 24)
    )
    assert case.status == "effective"


def test_second_instance_judgment_is_final_on_service_articles_7_and_89(tree, officer):
    case = lf.register(
        tree["east_market"],
        officer,
        received_on=dt.date(2026, 2, 2),
        today=dt.date(2026, 2, 2),
        instance=Instance.SECOND,
    )
    lf.attach(case, officer, "答辩状")
    case = _to_heard(case, officer)
    data = {"outcome": "revoke", "judged_on": "2026-02-27", "served_on": "2026-03-02"}
    with pytest.raises(engine.GuardFailed) as refused:  # no 一审裁判 with a 上诉期 on a 二审 case
        engine.perform(case, "decide", actor=officer, data=data, today=dt.date(2026, 3, 9))
    assert "第七条" in refused.value.message
    with pytest.raises(engine.MissingInput):  # a 一审 outcome is no 二审 outcome (第八十九条)
        engine.perform(case, "decide_second", actor=officer, data=data, today=dt.date(2026, 3, 9))
    case = engine.perform(
        case,
        "decide_second",
        actor=officer,
        data={**data, "outcome": "amend_lost"},
        today=dt.date(2026, 3, 9),
    )
    assert (case.status, case.outcome, case.effective_on) == ("effective", "amend_lost", dt.date(2026, 3, 2))
    assert not clock_services.clocks_for(case).filter(code__in=("appeal", "own_appeal")).exists()
    assert not clock_services.clocks_for(case).filter(state="running").exists()


def test_first_instance_case_takes_no_second_instance_step(tree, officer):
    case = lf.register(
        tree["east_market"], officer, received_on=dt.date(2026, 2, 2), today=dt.date(2026, 2, 2)
    )
    lf.attach(case, officer, "答辩状")
    data = {"outcome": "uphold", "judged_on": "2026-02-27", "served_on": "2026-03-02"}
    with pytest.raises(engine.GuardFailed):
        engine.perform(
            _to_heard(case, officer), "decide_second", actor=officer, data=data, today=dt.date(2026, 3, 9)
        )
