"""What a step records on the record, declared (fazhi.core.kit.steps.record_inputs): the copy runs
inside the engine's move, and a declaration naming a step, input or field that does not exist is
refused when declared, naming each."""

import datetime as dt

import pytest

from fazhi.core.kit.steps import record_inputs
from fazhi.core.workflow import engine
from fazhi.core.workflow import registry as procedures
from tests import factories
from tests.litigation.factories import attach
from tests.sampleapp.models import SampleMatter

TODAY = dt.date(2026, 9, 28)


@pytest.mark.django_db
def test_the_steps_input_is_copied_onto_the_record(tree):
    org = tree["east_justice"]
    reviewer = factories.user(org, roles=("officer", "reviewer"))
    matter = engine.create(
        SampleMatter, actor=reviewer, title="不服罚款决定", applicant="张三", organisation=org
    )
    engine.perform(matter, "accept", actor=reviewer, today=TODAY)
    attach(matter, reviewer, "决定书")
    engine.perform(matter, "decide", actor=reviewer, data={"outcome": "revoke"}, today=TODAY)
    assert SampleMatter.objects.get(pk=matter.pk).outcome == "revoke"  # tests/sampleapp/workflow.py


def test_a_declaration_of_what_does_not_exist_is_refused_naming_each_problem():
    with pytest.raises(ValueError) as refused:
        record_inputs(
            procedures.get("sampleapp"),
            decide={"outcome": "result", "verdict": "outcome"},
            settle={"outcome": "outcome"},
        )
    assert str(refused.value) == (
        "sampleapp.decide: 没有输入项“result”；sampleapp.SampleMatter: 没有字段“verdict”；sampleapp: 没有“settle”这一步"
    )
