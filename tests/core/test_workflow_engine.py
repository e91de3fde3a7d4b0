"""The procedure engine beyond what the generic suite walks: status protection, concurrency,
data scope, side effects after commit, audit fail-closed, input and date validation."""

import dataclasses
import datetime as dt

import pytest
from django.db import transaction

from fazhi.core.audit import services as audit_services
from fazhi.core.audit.models import AuditEvent
from fazhi.core.calendar.models import Clock, ClockEntry, EntryKind
from fazhi.core.models import DataScope
from fazhi.core.workflow import engine
from fazhi.core.workflow.models import StatusProtected, TransitionLog
from fazhi.core.workflow.testing import snapshot
from tests import factories
from tests.sampleapp.models import SampleMatter

TODAY = dt.date(2026, 9, 28)


@pytest.fixture
def staff(tree):
    org = tree["east_justice"]
    return {
        "officer": factories.user(org, roles=("officer",)),
        "reviewer": factories.user(org, roles=("officer", "reviewer")),
        "leader": factories.user(org, roles=("leader",)),
        "outsider": factories.user(tree["west_justice"], roles=("officer", "reviewer", "leader")),
    }


@pytest.fixture
def matter(tree, staff):
    return engine.create(
        SampleMatter,
        actor=staff["officer"],
        title="不服罚款决定",
        applicant="张三",
        organisation=tree["east_justice"],
    )


def accepted(matter, staff):
    return engine.perform(matter, "accept", actor=staff["reviewer"], today=TODAY)


# --- status is written by the engine only -------------------------------------------------------


def test_save_with_a_changed_status_is_refused(matter):
    matter.status = "decided"
    with pytest.raises(StatusProtected, match="只能通过办理程序变更"):
        matter.save()
    assert SampleMatter.objects.get(pk=matter.pk).status == "received"


def test_queryset_update_of_status_is_refused(matter):
    with pytest.raises(StatusProtected):
        SampleMatter.objects.filter(pk=matter.pk).update(status="decided")
    SampleMatter.objects.filter(pk=matter.pk).update(title="改名")  # other fields may be updated
    assert SampleMatter.objects.values_list("status", "title").get(pk=matter.pk) == ("received", "改名")


def test_bulk_update_of_status_or_version_is_refused(matter):
    matter.status = "decided"
    with pytest.raises(StatusProtected):
        SampleMatter.objects.bulk_update([matter], ["status"])
    with pytest.raises(StatusProtected):
        SampleMatter.objects.bulk_update([matter], ["version"])
    assert SampleMatter.objects.get(pk=matter.pk).status == "received"


def test_new_records_start_in_the_initial_state_only(tree):
    with pytest.raises(StatusProtected, match="已收件"):
        SampleMatter.objects.create(title="x", status="decided", organisation=tree["east_justice"])
    with pytest.raises(StatusProtected):
        SampleMatter.objects.bulk_create(
            [SampleMatter(title="x", status="accepted", organisation=tree["east_justice"])]
        )
    assert not SampleMatter.objects.exists()


def test_a_stale_instance_cannot_put_the_old_status_back(matter, staff):
    stale = SampleMatter.objects.get(pk=matter.pk)
    accepted(matter, staff)
    stale.title = "补充事项名称"
    stale.save()  # an ordinary edit of another field, from an instance loaded before the move
    fresh = SampleMatter.objects.get(pk=matter.pk)
    assert (fresh.status, fresh.version, fresh.title) == ("accepted", 2, "补充事项名称")


def test_refreshed_instance_saves_normally(matter, staff):
    other = SampleMatter.objects.get(pk=matter.pk)
    accepted(other, staff)
    matter.refresh_from_db()
    matter.title = "新名称"
    matter.save()
    assert SampleMatter.objects.get(pk=matter.pk).status == "accepted"


def test_perform_refreshes_the_callers_instance(matter, staff):
    engine.perform(matter, "accept", actor=staff["reviewer"], today=TODAY)
    assert (matter.status, matter.version) == ("accepted", 2)
    matter.applicant = "李四"
    matter.save()
    assert SampleMatter.objects.get(pk=matter.pk).status == "accepted"


# --- refusals: clear Chinese message, nothing changed ----------------------------------------------


def test_forbidden_transition_is_refused_with_a_clear_message_and_changes_nothing(matter, staff):
    before = snapshot(matter)
    with pytest.raises(engine.IllegalTransition) as excinfo:
        engine.perform(matter, "decide", actor=staff["reviewer"], data={"outcome": "uphold"}, today=TODAY)
    assert (
        excinfo.value.message == "当前状态为“已收件”，不能进行“作出决定”操作（仅在“已受理”状态下可以进行）。"
    )
    assert snapshot(matter) == before


def test_failing_guard_is_refused_with_its_message_and_changes_nothing(matter, staff):
    matter.applicant = ""
    matter.save()
    before = snapshot(matter)
    with pytest.raises(engine.GuardFailed) as excinfo:
        accepted(matter, staff)
    assert excinfo.value.message == "申请人未填写，不能受理。"
    assert snapshot(matter) == before
    assert SampleMatter.objects.get(pk=matter.pk).status == "received"


def test_unknown_transition_is_named_in_chinese(matter, staff):
    with pytest.raises(engine.UnknownTransition, match="“示例程序”没有“approve”这一操作"):
        engine.perform(matter, "approve", actor=staff["officer"], today=TODAY)


def test_missing_role_is_refused(matter, staff):
    with pytest.raises(engine.NotPermitted, match="您没有进行“受理”操作的权限"):
        engine.perform(matter, "accept", actor=staff["officer"], today=TODAY)


def test_stale_expected_version_is_refused(matter, staff):
    seen = matter.version
    engine.perform(
        matter, "register", actor=staff["officer"], data={"received_on": "2026-09-25"}, today=TODAY
    )
    before = snapshot(matter)
    with pytest.raises(engine.StaleRecord, match="已被他人更新"):
        engine.perform(matter, "accept", actor=staff["reviewer"], today=TODAY, expected_version=seen)
    assert snapshot(matter) == before
    moved = engine.perform(matter, "accept", actor=staff["reviewer"], today=TODAY, expected_version=seen + 1)
    assert (moved.status, moved.version) == ("accepted", seen + 2)


def test_officer_outside_the_data_scope_cannot_move_the_record(matter, staff):
    before = snapshot(matter)
    with pytest.raises(engine.NotPermitted, match="无权办理"):
        engine.perform(matter, "accept", actor=staff["outsider"], today=TODAY)
    assert snapshot(matter) == before
    assert engine.options(matter, staff["outsider"]) == []


def test_officer_of_the_parent_government_with_subtree_scope_may_move_it(matter, tree):
    leader = factories.user(tree["east_gov"], roles=("reviewer",), scope=DataScope.SUBTREE)
    assert accepted(matter, {"reviewer": leader}).status == "accepted"


def test_create_outside_the_data_scope_is_refused_and_leaves_nothing(tree, staff):
    audit_rows = AuditEvent.objects.count()
    with pytest.raises(engine.NotPermitted, match="无权为该单位登记"):
        engine.create(
            SampleMatter, actor=staff["officer"], title="越权登记", organisation=tree["west_justice"]
        )
    assert not SampleMatter.objects.exists()
    assert AuditEvent.objects.count() == audit_rows


# --- side effects after commit; audit fails closed ----------------------------------------------


def test_after_commit_hooks_run_only_after_commit(
    matter, staff, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []
    monkeypatch.setitem(
        engine._after_commit_hooks,
        "sampleapp",
        [lambda record, t, data, when: calls.append((t.name, record.status))],
    )
    with django_capture_on_commit_callbacks(execute=True):
        accepted(matter, staff)
        assert calls == [], "a side effect ran before the transaction committed"
    assert calls == [("accept", "accepted")]


def test_after_commit_hooks_do_not_run_when_the_transaction_rolls_back(
    matter, staff, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []
    monkeypatch.setitem(engine._after_commit_hooks, "sampleapp", [lambda *args: calls.append(args)])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                accepted(matter, staff)
                raise RuntimeError("later step of the same service failed")
        with pytest.raises(engine.IllegalTransition):
            engine.perform(matter, "resume", actor=staff["officer"], today=TODAY)
    assert (calls, callbacks) == ([], [])
    assert SampleMatter.objects.get(pk=matter.pk).status == "received"


def test_audit_failure_rolls_back_the_status_change(matter, staff, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("audit store unavailable")

    before = snapshot(matter)
    monkeypatch.setattr(audit_services, "record", broken)
    with pytest.raises(RuntimeError):
        accepted(matter, staff)
    assert snapshot(matter) == before
    assert not Clock.objects.filter(code="decision").exists()


def test_audit_row_describes_the_move_without_field_values(matter, staff):
    engine.perform(
        matter,
        "reject",
        actor=staff["reviewer"],
        data={"reason": "申请人张三身份证号110101199003071234"},
        today=TODAY,
    )
    event = AuditEvent.objects.filter(action="workflow.transition").get()
    assert (event.object_type, event.object_id, event.username) == (
        "sampleapp.samplematter",
        str(matter.pk),
        staff["reviewer"].username,
    )
    assert event.detail["summary"] == "不予受理：已收件 → 不予受理"
    assert event.detail["fields"] == ["reason"] and event.detail["version"] == 2
    assert "110101199003071234" not in str(event.detail)
    assert TransitionLog.objects.get().data["reason"].startswith("申请人张三")  # kept in the record's history


# --- input and dates -----------------------------------------------------------------------------


def test_future_legal_date_is_refused_on_its_field(matter, staff):
    with pytest.raises(engine.MissingInput) as excinfo:
        engine.perform(
            matter, "register", actor=staff["officer"], data={"received_on": "2026-09-29"}, today=TODAY
        )
    assert excinfo.value.field_errors == {"received_on": "日期不能晚于今天。"}
    assert "晚于今天" in excinfo.value.message


def test_legal_date_before_the_previous_step_is_refused(matter, staff):
    engine.perform(
        matter, "request_completion", actor=staff["officer"], data={"items": "身份证明"}, today=TODAY
    )
    engine.perform(matter, "complete", actor=staff["officer"], today=TODAY)
    before = snapshot(matter)
    with pytest.raises(engine.MissingInput) as excinfo:
        engine.perform(
            matter, "register", actor=staff["officer"], data={"received_on": "2026-09-20"}, today=TODAY
        )
    assert "不能早于上一办理环节“补正完成”的日期（2026年9月28日）" in excinfo.value.message
    assert snapshot(matter) == before


def test_dates_and_datetimes_are_accepted_but_odd_formats_are_not(matter, staff):
    for bad in ("2026/09/25", "20260925", "2026-9-25"):
        with pytest.raises(engine.MissingInput, match="不是有效日期"):
            engine.perform(matter, "register", actor=staff["officer"], data={"received_on": bad}, today=TODAY)
    moment = dt.datetime(2026, 9, 25, 10, 30, tzinfo=dt.UTC)
    engine.perform(matter, "register", actor=staff["officer"], data={"received_on": moment}, today=TODAY)
    assert Clock.objects.get(code="acceptance_review").start_date == dt.date(2026, 9, 25)


def test_blank_text_does_not_satisfy_a_required_field(matter, staff):
    with pytest.raises(engine.MissingInput) as excinfo:
        engine.perform(matter, "reject", actor=staff["reviewer"], data={"reason": "   "}, today=TODAY)
    assert excinfo.value.field_errors == {"reason": "请填写“理由”。"}


def test_extension_input_is_validated_in_chinese(matter, staff):
    accepted(matter, staff)
    data = {"days": True, "reason": "案情复杂", "approver": "not-a-user"}
    with pytest.raises(engine.MissingInput) as excinfo:
        engine.perform(matter, "extend", actor=staff["leader"], data=data, today=TODAY)
    assert excinfo.value.field_errors == {
        "days": "“延长天数”应为整数。",
        "approver": "“批准人”不是有效的工作人员。",
    }


def test_extension_beyond_the_cap_is_refused(matter, staff):
    accepted(matter, staff)
    head = factories.user(matter.organisation, roles=("leader",), username="fuzeren")
    data = {"days": 31, "reason": "案情复杂", "approver": head.pk}
    with pytest.raises(engine.GuardFailed, match="最多延长30日"):
        engine.perform(matter, "extend", actor=staff["leader"], data=data, today=TODAY)
    assert SampleMatter.objects.get(pk=matter.pk).version == 2


def test_long_suspension_reason_fits_the_clock_ledger(matter, staff):
    accepted(matter, staff)
    engine.perform(matter, "suspend", actor=staff["officer"], data={"reason": "因" * 600}, today=TODAY)
    entry = ClockEntry.objects.get(kind=EntryKind.SUSPEND)
    assert entry.reason == "因" * 200


# --- options offered to a user ------------------------------------------------------------------


def test_options_show_a_failing_guard_as_a_disabled_button_with_its_reason(matter, staff):
    matter.applicant = ""
    matter.save()
    offered = {o.transition.name: o for o in engine.options(matter, staff["reviewer"])}
    assert list(offered) == ["register", "request_completion", "accept", "reject"]
    assert (offered["accept"].enabled, offered["accept"].reason) == (False, "申请人未填写，不能受理。")
    assert offered["reject"].enabled
    officer_offered = [o.transition.name for o in engine.options(matter, staff["officer"])]
    assert officer_offered == ["register", "request_completion"]


def test_options_do_not_call_a_guard_that_needs_input(matter, staff, monkeypatch):
    def needs_input(record, data):
        return None if data["reason"] else "须写明理由。"  # would raise KeyError with empty data

    procedure = matter.procedure
    reject = dataclasses.replace(procedure.transition("reject"), guard=needs_input)
    patched = {**procedure._transitions, "reject": reject}
    monkeypatch.setattr(procedure, "_transitions", patched)
    monkeypatch.setattr(procedure, "transitions", tuple(patched.values()))
    offered = {o.transition.name: o for o in engine.options(matter, staff["reviewer"])}
    assert offered["reject"].enabled  # judged when the form is submitted, with its data


def test_options_require_the_attachment_first(matter, staff):
    accepted(matter, staff)
    offered = {o.transition.name: o for o in engine.options(matter, staff["reviewer"])}
    assert (offered["decide"].enabled, offered["decide"].reason) == (False, "须先上传：决定书。")
    with pytest.raises(engine.MissingInput, match="进行“作出决定”前须上传：决定书"):
        engine.perform(matter, "decide", actor=staff["reviewer"], data={"outcome": "uphold"}, today=TODAY)


def test_a_step_copies_its_declared_inputs_onto_the_record_only_when_it_is_taken(matter, staff, monkeypatch):
    accepted(matter, staff)
    monkeypatch.setattr(engine, "_missing_attachments", lambda record, t: [])
    with pytest.raises(engine.MissingInput):
        engine.perform(matter, "decide", actor=staff["reviewer"], data={"outcome": "nonsense"}, today=TODAY)
    assert SampleMatter.objects.get(pk=matter.pk).outcome == ""
    engine.perform(matter, "decide", actor=staff["reviewer"], data={"outcome": "revoke"}, today=TODAY)
    assert SampleMatter.objects.get(pk=matter.pk).outcome == "revoke"  # copies={"outcome": "outcome"}


def test_history_lists_moves_in_order(matter, staff):
    engine.perform(
        matter, "register", actor=staff["officer"], data={"received_on": "2026-09-25"}, today=TODAY
    )
    accepted(matter, staff)
    moves = [(h.label, h.actor_id, h.legal_date) for h in engine.history(matter)]
    assert moves == [
        ("登记收件", staff["officer"].pk, dt.date(2026, 9, 25)),
        ("受理", staff["reviewer"].pk, TODAY),
    ]


# --- bulk import: the one sanctioned way to load records already past the initial state ------------


def test_bulk_import_loads_declared_states_with_one_audit_row(tree, staff):
    org = tree["east_justice"]
    rows = [
        SampleMatter(title="历史案件一", organisation=org, region_code=org.region_id, status="decided"),
        SampleMatter(title="历史案件二", organisation=org, region_code=org.region_id),
    ]
    engine.bulk_import(SampleMatter, rows, actor=staff["officer"], source="原系统导出 2026-09")
    statuses = dict(SampleMatter.objects.values_list("title", "status"))
    assert statuses == {"历史案件一": "decided", "历史案件二": "received"}
    event = AuditEvent.objects.get(action="record.import")
    assert event.detail == {"procedure": "sampleapp", "count": 2, "source": "原系统导出 2026-09"}


def test_bulk_import_refuses_an_undeclared_state(tree):
    org = tree["east_justice"]
    row = SampleMatter(title="x", organisation=org, region_code=org.region_id, status="archived")
    with pytest.raises(StatusProtected, match="“示例程序”没有“archived”这一状态"):
        engine.bulk_import(SampleMatter, [row], source="测试")
    assert not SampleMatter.objects.exists()
