"""行政复议 on the 待办 work queue (issue 11 item 15): the 法制审核人员 sees the applications waiting for
受理审查 and the cases waiting for a decision; the officer the new applications to register and the
copies to send; nobody sees a case waiting for the respondent's 答复 as their own work."""

import datetime as dt

import pytest
from django.utils import timezone

from fazhi.core.workflow import engine
from fazhi.core.workflow.queue import waiting_for
from tests import factories
from tests.reconsideration import factories as rf

pytestmark = pytest.mark.django_db


def _queue(user) -> dict[str, tuple[int, tuple[str, ...]]]:
    return {g.label: (g.count, g.actions) for g in waiting_for(user) if g.procedure.name == "reconsideration"}


def test_each_role_sees_the_cases_that_wait_for_its_own_step(tree):
    org = tree["east_justice"]
    officer = factories.user(org, roles=("officer",), username="officer")
    reviewer = factories.user(org, roles=("reviewer",), username="reviewer")
    today = timezone.localdate()
    received = today - dt.timedelta(days=1)
    rf.new_case(org, officer, received)  # 已收件: to register
    waiting_review = rf.registered(org, officer, received)  # 受理审查中
    answering = rf.registered(org, officer, received)
    engine.perform(answering, "accept", actor=reviewer, data={"accepted_on": today.isoformat()})
    engine.perform(answering, "send_copy", actor=officer, data={"sent_on": today.isoformat()})
    assert answering.status == "answering"

    assert _queue(reviewer) == {"待受理审查": (1, ("受理", "不予受理")), "待登记": (1, ("登记收件",))}
    officer_queue = _queue(officer)
    assert officer_queue["待登记"] == (1, ("登记收件",))
    assert officer_queue["待受理审查"] == (1, ("通知补正",))
    assert "待答复" not in str(officer_queue) and len(officer_queue) == 2  # 答复 is the respondent's
    (group,) = [g for g in waiting_for(reviewer) if g.label == "待受理审查"]
    assert group.records == [waiting_review]

    stranger = factories.user(tree["west_justice"], roles=("reviewer",), username="west")
    assert _queue(stranger) == {}


def test_the_respondent_queues_only_its_answer_not_the_holders_steps(tree):
    """A case shared with its 被申请人 (第四十八条) is that department's work only while it waits for the
    答复: the 受理审查, 发送副本 and 送达 waiting on the 复议机构 are not on the department's 待办."""
    org = tree["east_justice"]
    desk = factories.user(org, roles=("officer", "reviewer"), username="desk")
    market = factories.user(tree["east_market"], roles=("officer", "reviewer"), username="market")
    today = timezone.localdate()
    received = today - dt.timedelta(days=1)
    in_review = rf.registered(org, desk, received)
    accepted = rf.registered(org, desk, received)
    engine.perform(accepted, "accept", actor=desk, data={"accepted_on": today.isoformat()})
    answering = rf.registered(org, desk, received)
    engine.perform(answering, "accept", actor=desk, data={"accepted_on": today.isoformat()})
    engine.perform(answering, "send_copy", actor=desk, data={"sent_on": today.isoformat()})
    assert {c.act_organisation for c in (in_review, accepted, answering)} == {tree["east_market"]}

    assert _queue(market) == {"待被申请人答复": (1, ("登记答复",))}
    assert set(_queue(desk)) == {"待受理审查", "待发送申请书副本"}
