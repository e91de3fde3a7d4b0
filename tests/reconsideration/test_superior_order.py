"""上级行政机关责令纠正 (2023《行政复议法》第三十五条; 2017 法第二十条): a 不予受理 without good reason is
corrected when the superior organ orders it — the body accepts the case from the day it does, and the
copy and decision periods run from then; an order about a case overdue in review is recorded on it."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.calendar.models import Clock
from fazhi.core.workflow import engine
from tests.reconsideration import factories as rf
from tests.reconsideration.test_workflow_rules import reviewing_case, staff  # noqa: F401

pytestmark = pytest.mark.django_db
D = dt.date


def rejected_case(staff, received):  # noqa: F811
    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, received, today=received)
    on = received + dt.timedelta(days=2)
    data = {"reason": "申请人与被申请行政行为没有利害关系。", "decided_on": on}
    return engine.perform(case, "reject", actor=officer, data=data, today=on)


def order(**kw):
    return {
        "superior": "示范市人民政府",
        "ordered_on": D(2026, 4, 1),
        "order_number": "示政责〔2026〕1号",
        **kw,
    }


def test_a_rejection_corrected_on_the_superiors_order_is_accepted_from_that_day_art_35(staff):  # noqa: F811
    officer = staff["officer"]
    case = rejected_case(staff, D(2026, 3, 2))
    assert case.status == "rejected"
    offered = [o.transition.name for o in engine.options(case, officer, today=D(2026, 4, 2))]
    assert offered == ["accept_on_order"]
    engine.perform(
        case, "accept_on_order", actor=officer, data=order(accepted_on=D(2026, 4, 2)), today=D(2026, 4, 2)
    )
    case.refresh_from_db()
    assert (case.status, case.accepted_on, case.deemed_accepted) == ("accepted", D(2026, 4, 2), False)
    # 60 日 from 2 April (第六十二条): 1 June 2026; the copy within 7 个工作日 (第四十八条): 14 April (清明 4–6 April).
    due = {c.code: c.due_date for c in Clock.objects.filter(subject_id=case.pk, state="running")}
    assert due == {"decision": D(2026, 6, 1), "copy": D(2026, 4, 14)}
    log = engine.history(case).get(transition="accept_on_order")
    assert log.article == "《行政复议法》第三十五条"
    assert log.data["superior"] == "示范市人民政府"


def test_acceptance_before_the_order_is_refused_and_nothing_changes(staff):  # noqa: F811
    officer = staff["officer"]
    case = rejected_case(staff, D(2026, 3, 2))
    version = case.version
    with pytest.raises(engine.GuardFailed, match="不能早于上级责令日期"):
        engine.perform(
            case,
            "accept_on_order",
            actor=officer,
            data=order(accepted_on=D(2026, 3, 31)),
            today=D(2026, 4, 2),
        )
    case.refresh_from_db()
    assert (case.status, case.version, case.accepted_on) == ("rejected", version, None)


def test_a_2017_case_cites_article_20(staff):  # noqa: F811
    officer = staff["officer"]
    case = rejected_case(staff, D(2023, 9, 4))
    on = D(2023, 10, 9)
    engine.perform(
        case,
        "accept_on_order",
        actor=officer,
        data=order(ordered_on=D(2023, 10, 8), accepted_on=on),
        today=on,
    )
    assert engine.history(case).get(transition="accept_on_order").article == "《行政复议法》第二十条"


def test_an_order_about_a_case_overdue_in_review_is_recorded_on_it(staff):  # noqa: F811
    officer = staff["officer"]
    case = reviewing_case(staff, D(2026, 3, 2))
    data = {
        "superior": "示范市人民政府",
        "ordered_on": D(2026, 6, 10),
        "content": "责令限期作出行政复议决定。",
    }
    engine.perform(case, "record_superior_order", actor=officer, data=data, today=D(2026, 6, 10))
    case.refresh_from_db()
    assert case.status == "reviewing"
    assert (
        engine.history(case).get(transition="record_superior_order").data["content"]
        == "责令限期作出行政复议决定。"
    )
