"""Resolvers a domain's API schema declares instead of writing (fazhi.api.schemas): a choice field's
label (``label_of``) and an attribute under the API's stable name (``value_of``)."""

from __future__ import annotations

from types import SimpleNamespace

from ninja import Field, Schema

from fazhi.api.schemas import label_of, value_of


class Out(Schema):
    act_number: str = Field(description="被诉行为文书号")
    outcome_label: str = Field(description="裁判结果")

    resolve_act_number = value_of("act_document_number")
    resolve_outcome_label = label_of("outcome")


def case(outcome: str) -> SimpleNamespace:
    labels = {"revoke": "判决撤销"}
    return SimpleNamespace(
        act_document_number="东市监罚〔2026〕12号",
        outcome=outcome,
        get_outcome_display=lambda: labels[outcome],
    )


def test_the_label_of_a_choice_and_an_attribute_under_another_name():
    assert Out.from_orm(case("revoke")).model_dump() == {
        "act_number": "东市监罚〔2026〕12号",
        "outcome_label": "判决撤销",
    }


def test_an_empty_choice_has_an_empty_label():
    assert Out.from_orm(case("")).outcome_label == ""
