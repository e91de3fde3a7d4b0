"""待办 as a work queue (issue 11 item 15): what waits for *my* action, by role and scope, derived
from the states a procedure marks as waiting for staff — not only clocks due within five days."""

import pytest

from fazhi.core.workflow import engine
from fazhi.core.workflow.queue import waiting_for
from fazhi.core.workflow.spec import Procedure, State, Transition
from tests import factories
from tests.sampleapp.workflow import PROCEDURE

pytestmark = pytest.mark.django_db


def _groups(user):
    return {(g.procedure.name, g.state.code): g for g in waiting_for(user)}


def test_a_reviewer_sees_the_applications_waiting_for_acceptance_review(tree, make_matter):
    officer = factories.user(tree["east_justice"], roles=("officer",), username="officer")
    reviewer = factories.user(tree["east_justice"], roles=("reviewer",), username="reviewer")
    leader = factories.user(tree["east_justice"], roles=("leader",), username="leader")
    first = make_matter(tree["east_justice"], officer, title="甲不服罚款")
    make_matter(tree["east_justice"], officer, title="乙不服罚款")

    group = _groups(reviewer)[("sampleapp", "received")]
    assert group.count == 2 and group.label == "待受理审查"
    assert set(group.actions) == {"受理", "不予受理"}  # the reviewer's steps, not the officer's
    assert group.records[0] == first  # the longest waiting first
    assert set(_groups(officer)[("sampleapp", "received")].actions) == {"登记收件", "通知补正"}
    assert ("sampleapp", "received") not in _groups(leader)  # no step of the leader's leaves 已收件


def test_records_waiting_for_someone_else_or_out_of_scope_are_not_my_work(tree, make_matter):
    reviewer = factories.user(tree["east_justice"], roles=("officer", "reviewer"), username="r")
    waiting_for_applicant = make_matter(tree["east_justice"], reviewer, title="待补正")
    engine.perform(waiting_for_applicant, "request_completion", actor=reviewer, data={"items": "身份证明"})
    make_matter(tree["east_market"], None, title="其他部门的申请")
    groups = _groups(reviewer)
    assert ("sampleapp", "completing") not in groups  # 补正中 declares no queue
    assert ("sampleapp", "received") not in groups  # the other department's record is not in scope
    administrator = factories.user(tree["east_gov"], roles=("sysadmin",), username="sys")
    assert waiting_for(administrator) == []


def test_the_dashboard_lists_the_queue_with_links_to_the_filtered_list(login, tree, make_matter):
    reviewer = factories.user(tree["east_justice"], roles=("reviewer",), username="reviewer")
    matter = make_matter(tree["east_justice"], reviewer, title="丙不服罚款")
    response = login(reviewer).get("/staff/")
    html = response.content.decode()
    assert response.context["queue_count"] == 1
    assert 'id="queue-count">1<' in html
    assert 'data-state="sampleapp.received"' in html and "待受理审查" in html
    assert 'href="/staff/sample-matters/?status=received"' in html
    assert f'href="/staff/sample-matters/{matter.pk}/"' in html
    filtered = login(reviewer).get("/staff/sample-matters/?status=received")
    assert [row["obj"] for row in filtered.context["rows"]] == [matter]


def test_a_terminal_state_cannot_hold_a_queue():
    with pytest.raises(ValueError, match="terminal: nothing waits in it"):
        Procedure(
            name="bad",
            label="坏",
            model="sampleapp.SampleMatter",
            initial="open",
            states=(
                State("open", "办理中", queue="待办理"),
                State("done", "办结", terminal=True, queue="待归档"),
            ),
            transitions=(Transition("finish", "办结", ("open",), "done", article="第一条"),),
        )


def test_steps_the_scheduler_takes_are_nobodys_work():
    from fazhi.reconsideration.workflow import PROCEDURE as RECONSIDERATION

    assert "deem_accepted" in RECONSIDERATION.automatic_transitions()
    assert PROCEDURE.automatic_transitions() == frozenset()
