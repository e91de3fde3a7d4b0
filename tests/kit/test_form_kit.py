"""What a page declares instead of writing a ``clean`` or an ``on_create`` (fazhi.web.formspec):
``date_input`` (an extra date), ``not_future`` on extras, ``dates`` (in order, worded from the form's
labels), ``unique`` (the fields that name one record), ``same_organisation`` (a record for the linked
one's organisation), ``take_step`` / ``hooks`` (registration takes the procedure's first step) and
``ListSpec.create_url_for`` (a link to the create page with its fields filled)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from fazhi.core.dates import not_after
from fazhi.core.workflow import engine
from fazhi.web.formspec import FormSpec, date_input, hooks, record_form_class, same_organisation, take_step
from tests import factories
from tests.sampleapp import views_registration
from tests.sampleapp.models import SampleMatter, SamplePenaltyDecision

pytestmark = pytest.mark.django_db
FIELDS = ("document_number", "party_name", "penalty", "decided_on")
SPEC = FormSpec(
    fields=FIELDS,
    extra={"served_on": date_input("送达日期", help="送达回证上的日期")},
    not_future=("served_on",),
    dates=(not_after("decided_on", "served_on"),),
    unique=((("document_number",), "决定书“{document_number}”已经登记。"),),
)


def form(record=None, **data):
    values = {"document_number": "东市监罚〔2026〕1号", "party_name": "张三", "penalty": "罚款"}
    values.update({"decided_on": "2026-03-02", **data})
    cls = record_form_class(SamplePenaltyDecision, SPEC, FIELDS)
    return cls(data=values, instance=record or SamplePenaltyDecision(), record=record, spec=SPEC)


def test_the_declaration_is_checked_against_the_model_extras_allowed():
    assert SPEC.problems(SamplePenaltyDecision) == []
    wrong = FormSpec(fields=FIELDS, dates=(not_after("decided_on", "nowhere"),), unique=((("x",), ""),))
    assert wrong.problems(SamplePenaltyDecision) == [
        "dates: SamplePenaltyDecision has no field 'nowhere'",
        "unique: SamplePenaltyDecision has no field 'x'",
    ]


def test_an_extra_date_has_the_date_picker_and_chinese_messages():
    f = form(served_on="2026-13-40")
    assert not f.is_valid()
    assert f.errors["served_on"] == ["“送达日期”不是有效日期（格式：2026-01-31）。"]
    assert f.fields["served_on"].widget.input_type == "date"
    assert f.fields["served_on"].help_text == "送达回证上的日期" and not f.fields["served_on"].required
    assert form().is_valid()  # not required


def test_an_extra_date_may_not_lie_after_today():
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    f = form(served_on=tomorrow.isoformat(), decided_on=tomorrow.isoformat())
    assert not f.is_valid()
    assert f.errors["served_on"] == ["送达日期不能晚于今天。"]


def test_dates_out_of_order_are_refused_under_the_field_in_the_forms_labels():
    f = form(served_on="2026-03-01")
    assert not f.is_valid()
    assert f.errors == {"decided_on": ["决定日期不能晚于送达日期。"]}
    assert form(served_on="2026-03-02").is_valid()


def test_a_record_already_stored_is_refused_but_not_the_one_being_edited(tree):
    stored = SamplePenaltyDecision.objects.create(
        organisation=tree["east_justice"],
        document_number="东市监罚〔2026〕1号",
        party_name="李四",
        penalty="警告",
        decided_on=dt.date(2026, 3, 1),
    )
    f = form()
    assert not f.is_valid()
    assert f.errors == {"document_number": ["决定书“东市监罚〔2026〕1号”已经登记。"]}
    assert form(record=stored).is_valid()


def test_take_step_performs_the_step_with_the_forms_inputs_and_hooks_run_in_order(tree):
    actor = factories.user(tree["east_justice"], roles=("officer", "reviewer"))
    matter = engine.create(SampleMatter, actor=None, title="不服罚款", organisation=tree["east_justice"])

    class Posted:
        cleaned_data = {"arrived": None}

    ran = []
    hook = hooks(lambda *a: ran.append("first"), take_step("register", received_on="arrived"))
    hook(matter, Posted, actor)  # no date: registered without the step
    assert ran == ["first"] and not engine.history(matter).exists()

    Posted.cleaned_data = {"arrived": dt.date(2026, 3, 2)}
    take_step("register", received_on="arrived")(matter, Posted, actor)
    log = engine.history(matter).get()
    assert (log.transition, log.legal_date) == ("register", dt.date(2026, 3, 2))


def test_same_organisation_refuses_a_record_for_another_organisation_than_the_linked_ones(tree):
    east, west = tree["east_justice"], tree["west_justice"]
    linked = SimpleNamespace(organisation=east)
    clean = same_organisation("lawsuit", "关联案件的被告是{organisation}，收件单位应与之一致。")
    errors = []
    form = SimpleNamespace(fields={"organisation": None}, add_error=lambda f, m: errors.append((f, m)))
    clean(form, {"lawsuit": linked, "organisation": east})
    clean(form, {"lawsuit": None, "organisation": west})
    assert errors == []
    clean(form, {"lawsuit": linked, "organisation": west})
    assert errors == [("organisation", f"关联案件的被告是{east.name}，收件单位应与之一致。")]
    clean(SimpleNamespace(fields={}, add_error=errors.append), {"lawsuit": linked})  # no drop-down: nothing
    assert len(errors) == 1


def test_the_create_page_link_carries_the_initial_values_for_those_who_may_create(tree):
    pages = views_registration.OFFICERS
    officer = factories.user(tree["east_justice"], roles=("officer",))
    leader = factories.user(tree["east_justice"], roles=("leader",))
    assert pages.create_url_for(officer) == "/staff/sample-officers/new/"
    assert pages.create_url_for(officer, category="market", organisation=7) == (
        "/staff/sample-officers/new/?category=market&organisation=7"
    )
    assert pages.create_url_for(leader, category="market") == ""
