"""What a record's past says (fazhi.core.workflow.steps), and the declarations documents build on
it: ``step_date`` (成文日期), ``step_taken`` (a document needs its step), ``documents.registry.kinds``
(several kinds of one model) and ``kit.parties.addressed_as`` (你 / 你单位 / 你们)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from fazhi.core.documents import registry
from fazhi.core.kit.parties import addressed_as
from fazhi.core.workflow import engine
from fazhi.core.workflow.steps import step_date, step_taken, steps
from tests import factories
from tests.sampleapp.models import SampleMatter

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 9, 28)


@pytest.fixture
def staff(tree):
    return factories.user(tree["east_justice"], roles=("officer", "reviewer"))


@pytest.fixture
def matter(tree, staff):
    return engine.create(
        SampleMatter, actor=staff, title="不服罚款决定", applicant="张三", organisation=tree["east_justice"]
    )


def test_the_last_step_its_inputs_and_its_date(matter, staff):
    assert steps(matter).last("suspend") is None
    assert steps(matter).data("suspend") == {}
    assert steps(matter).date("suspend", "reason") is None
    engine.perform(matter, "register", actor=staff, data={"received_on": "2026-09-21"}, today=TODAY)
    engine.perform(matter, "accept", actor=staff, today=TODAY)
    engine.perform(matter, "suspend", actor=staff, data={"reason": "等待鉴定"}, today=TODAY)
    engine.perform(matter, "resume", actor=staff, today=TODAY)
    engine.perform(matter, "suspend", actor=staff, data={"reason": "当事人下落不明"}, today=TODAY)

    past = steps(matter)
    assert past.last("suspend", "resume").transition == "suspend"  # the latest of either
    assert past.data("suspend") == {"reason": "当事人下落不明"}
    assert past.date("register", "received_on") == dt.date(2026, 9, 21)  # the date entered
    assert past.date("suspend", "reason") == TODAY  # not a date: the step's legal date
    assert past.date("accept") == TODAY
    assert steps(matter) is past  # read once per record version
    engine.perform(matter, "resume", actor=staff, today=TODAY)
    assert steps(matter) is not past and steps(matter).last("suspend", "resume").transition == "resume"


def test_documents_date_and_need_their_step(matter, staff):
    dated = step_date("register", "received_on")
    needs = step_taken("suspend", "本案尚未中止，不能生成中止通知书。")
    assert dated(matter) is None
    assert needs(matter) == "本案尚未中止，不能生成中止通知书。"
    engine.perform(matter, "register", actor=staff, data={"received_on": "2026-09-21"}, today=TODAY)
    engine.perform(matter, "accept", actor=staff, today=TODAY)
    engine.perform(matter, "suspend", actor=staff, data={"reason": "等待鉴定"}, today=TODAY)
    assert dated(matter) == dt.date(2026, 9, 21)
    assert needs(matter) is None
    assert step_date("suspend")(matter) == TODAY


def test_kinds_of_one_model_share_their_declaration(matter, staff):
    kind = registry.kinds("sampleapp", "sampleapp.SampleMatter", roles=("reviewer",))
    notice = kind(
        "suspension_test_notice",
        "中止通知书",
        ("suspended",),
        "{org}示中字",
        lambda m: {"title": m.title},
        check=step_taken("suspend", "本案尚未中止。"),
    )
    try:
        assert registry.get("sampleapp.suspension_test_notice") is notice
        assert (notice.model, notice.states, notice.roles, notice.title) == (
            "sampleapp.SampleMatter",
            ("suspended",),
            ("reviewer",),
            "中止通知书",
        )
        assert notice.prefix_for(matter.organisation) == "东区司法示中字"
        assert notice.unavailable_reason(matter) == "案件处于“已收件”状态，不能生成“中止通知书”。"
    finally:
        registry.KINDS.unregister(notice.code)


def test_a_notice_addresses_one_person_one_organisation_or_several():
    person = SimpleNamespace(is_person=True)
    company = SimpleNamespace(is_person=False)
    assert addressed_as([person]) == "你"
    assert addressed_as([company]) == "你单位"
    assert addressed_as([person, company]) == "你们"
    assert addressed_as([]) == "你"
