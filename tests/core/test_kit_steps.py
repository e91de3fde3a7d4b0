"""What a step records on the record, declared on the transition (``Transition.copies``): the
engine copies it inside the move, and a declaration naming an input or a field that does not exist
is refused when declared, naming each."""

import datetime as dt
from dataclasses import replace

import pytest

from fazhi.core.workflow import engine
from fazhi.core.workflow import registry as procedures
from fazhi.core.workflow.spec import Procedure
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


def _with_decide_copies(copies) -> Procedure:
    sample = procedures.get("sampleapp")
    transitions = tuple(replace(t, copies=copies) if t.name == "decide" else t for t in sample.transitions)
    return Procedure(
        name="sampleapp_copies",
        label=sample.label,
        model=sample.model,
        initial=sample.initial,
        states=sample.states,
        transitions=transitions,
    )


def test_copying_an_input_the_step_does_not_have_is_refused():
    with pytest.raises(ValueError, match="copies 'result' onto 'outcome' but has no such field"):
        _with_decide_copies({"outcome": "result"})


def test_copying_onto_a_field_the_model_does_not_have_is_refused_at_registration():
    with pytest.raises(ValueError, match="sampleapp.SampleMatter: 没有字段“verdict”（decide）"):
        procedures.register(_with_decide_copies({"verdict": "outcome"}))
    assert "sampleapp_copies" not in {p.name for p in procedures.all_procedures()}
