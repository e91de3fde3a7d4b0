import datetime as dt

import pytest
from django.utils import timezone

from fazhi.core.audit.models import AuditEvent
from fazhi.core.workflow import engine
from fazhi.core.workflow.models import TransitionLog
from tests import factories
from tests.sampleapp.models import SampleMatter

pytestmark = pytest.mark.django_db


def url(matter, suffix=""):
    return f"/staff/sample-matters/{matter.pk}/{suffix}"


def test_detail_shows_fields_status_clocks_history_and_allowed_buttons(login, people, make_matter, tree):
    matter = make_matter(tree["east_justice"], people["a"], title="不服罚款决定", applicant="张三")
    received = timezone.localdate() - dt.timedelta(days=2)
    engine.perform(matter, "register", actor=people["a"], data={"received_on": received.isoformat()})
    officer_only = factories.user(tree["east_justice"], roles=("officer",), username="clerk")
    body = login(officer_only).get(url(matter)).content.decode()
    assert "不服罚款决定" in body and "张三" in body and "东区司法局" in body
    assert "badge-blue" in body and "已收件" in body
    assert "受理审查期限" in body and "《行政复议法》第三十条、第八十八条" in body  # clock + explanation
    assert "登记收件" in body and "王林" in body  # history row with actor
    assert "通知补正" in body  # a transition this officer may take
    assert "transition/accept/" not in body  # 受理 needs the reviewer role: no button


def test_detail_of_another_department_is_404(login, people, make_matter, tree):
    theirs = make_matter(tree["east_market"], people["b"])
    assert login(people["a"]).get(url(theirs)).status_code == 404


def test_taking_a_transition_changes_status_logs_and_audits(login, people, make_matter, tree):
    matter = make_matter(tree["east_justice"], people["a"])
    client = login(people["a"])
    before = AuditEvent.objects.filter(action="workflow.transition").count()
    response = client.post(
        url(matter, "transition/request_completion/"),
        {"expected_version": matter.version, "items": "补充委托书"},
    )
    assert response.status_code == 302 and response["Location"] == url(matter)
    matter.refresh_from_db()
    assert matter.status == "completing"
    assert TransitionLog.objects.filter(subject_id=matter.pk, transition="request_completion").exists()
    assert AuditEvent.objects.filter(action="workflow.transition").count() == before + 1
    page = client.get(url(matter)).content.decode()
    assert "已办理“通知补正”" in page and "补正中" in page and "补充委托书" in page


def test_choice_and_date_fields_round_trip(login, people, make_matter, tree):
    matter = make_matter(tree["east_justice"], people["a"])
    client = login(people["a"])
    today = timezone.localdate().isoformat()
    response = client.post(url(matter, "transition/register/"), {"expected_version": 1, "received_on": today})
    assert response.status_code == 302
    matter.refresh_from_db()
    log = TransitionLog.objects.get(subject_id=matter.pk)
    assert log.legal_date.isoformat() == today


def test_forbidden_transition_shows_chinese_message_and_changes_nothing(login, make_matter, people, tree):
    clerk = factories.user(tree["east_justice"], roles=("officer",), username="clerk")
    matter = make_matter(tree["east_justice"], clerk)
    response = login(clerk).post(url(matter, "transition/accept/"), {"expected_version": 1})
    assert response.status_code == 403
    assert "您没有进行“受理”操作的权限。" in response.content.decode()
    matter.refresh_from_db()
    assert matter.status == "received" and matter.version == 1
    assert not TransitionLog.objects.filter(subject_id=matter.pk).exists()


def test_failing_guard_shows_its_message_and_changes_nothing(login, people, make_matter, tree):
    matter = make_matter(tree["east_justice"], people["a"], applicant="")
    response = login(people["a"]).post(url(matter, "transition/accept/"), {"expected_version": 1})
    assert response.status_code == 400
    assert "申请人未填写，不能受理。" in response.content.decode()
    matter.refresh_from_db()
    assert matter.status == "received"


def test_illegal_from_current_state_is_explained(login, people, make_matter, tree):
    matter = make_matter(tree["east_justice"], people["a"])
    response = login(people["a"]).post(url(matter, "transition/complete/"), {"expected_version": 1})
    assert "当前状态为“已收件”，不能进行“补正完成”操作" in response.content.decode()
    matter.refresh_from_db()
    assert matter.status == "received"


def test_missing_field_error_sits_beside_the_field(login, people, make_matter, tree):
    matter = make_matter(tree["east_justice"], people["a"])
    response = login(people["a"]).post(url(matter, "transition/request_completion/"), {"expected_version": 1})
    assert response.status_code == 400
    body = response.content.decode()
    assert "请填写“补正事项”。" in body
    assert body.index("请填写“补正事项”。") > body.index('name="items"')  # rendered with the field
    assert '<details class="action" open>' in body  # the form stays open
    matter.refresh_from_db()
    assert matter.status == "received"


def test_stale_version_is_refused_with_clear_message(login, people, make_matter, tree):
    matter = make_matter(tree["east_justice"], people["a"])
    client = login(people["a"])
    # someone else moves the record after our page was loaded at version 1
    engine.perform(matter, "request_completion", actor=people["a"], data={"items": "甲"})
    response = client.post(url(matter, "transition/complete/"), {"expected_version": 1})
    assert response.status_code == 409
    assert "该记录已被他人更新，请刷新页面后重试。您的操作未保存。" in response.content.decode()
    matter.refresh_from_db()
    assert matter.status == "completing" and matter.version == 2


def test_missing_version_is_refused(login, people, make_matter, tree):
    matter = make_matter(tree["east_justice"], people["a"])
    response = login(people["a"]).post(url(matter, "transition/request_completion/"), {"items": "甲"})
    assert response.status_code == 400
    assert "页面已过期，请刷新后重试。" in response.content.decode()
    matter.refresh_from_db()
    assert matter.status == "received"


def test_transition_on_another_departments_record_is_404(login, people, make_matter, tree):
    theirs = make_matter(tree["east_market"], people["b"])
    response = login(people["a"]).post(
        url(theirs, "transition/request_completion/"), {"expected_version": 1, "items": "甲"}
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "received"


def test_unknown_transition_is_404(login, people, make_matter, tree):
    matter = make_matter(tree["east_justice"], people["a"])
    assert (
        login(people["a"]).post(url(matter, "transition/nope/"), {"expected_version": 1}).status_code == 404
    )


def test_transition_get_renders_standalone_form(login, people, make_matter, tree):
    matter = make_matter(tree["east_justice"], people["a"])
    body = login(people["a"]).get(url(matter, "transition/decide/")).content.decode()
    assert "决定类型" in body and "维持" in body and "撤销" in body


def test_status_cannot_be_smuggled_in_as_a_field(login, people, make_matter, tree):
    matter = make_matter(tree["east_justice"], people["a"])
    login(people["a"]).post(
        url(matter, "transition/request_completion/"),
        {"expected_version": 1, "items": "甲", "status": "decided"},
    )
    assert SampleMatter.objects.get(pk=matter.pk).status == "completing"


def test_history_shows_choice_labels_not_stored_codes(login, people, make_matter, tree):
    from django.contrib.contenttypes.models import ContentType

    matter = make_matter(tree["east_justice"], people["a"])
    TransitionLog.objects.create(
        subject_type=ContentType.objects.get_for_model(matter),
        subject_id=matter.pk,
        procedure="sampleapp",
        transition="decide",
        label="作出决定",
        from_status="accepted",
        to_status="decided",
        legal_date=timezone.localdate(),
        data={"outcome": "revoke"},
        actor=people["a"],
    )
    body = login(people["a"]).get(url(matter)).content.decode()
    history = body[body.index("办理记录") :]
    assert "决定类型" in history and "撤销" in history
    assert "revoke" not in history


def test_staff_dropdowns_of_one_page_read_the_staff_once(people, tree, django_assert_num_queries):
    """Several forms with a 工作人员 field on one page share one read of the staff list; each still
    offers exactly the staff of the user's scope, and a submitted form still validates against it."""
    from fazhi.core.workflow.registry import get
    from fazhi.web.forms import TransitionForm

    extend = get("sampleapp").transition("extend")
    shared = {}
    with django_assert_num_queries(1):
        first = TransitionForm(transition=extend, user=people["a"], shared_choices=shared)
        second = TransitionForm(transition=extend, user=people["a"], shared_choices=shared)
        html = str(first["approver"]), str(second["approver"])
    assert html[0] == html[1]
    own = TransitionForm(transition=extend, user=people["a"])  # not shared: its own query
    assert str(own["approver"]) == html[0]
    assert f'value="{people["a"].pk}"' in html[0] and f'value="{people["b"].pk}"' not in html[0]
    bound = TransitionForm(
        {"expected_version": 1, "days": 5, "reason": "复杂", "approver": people["b"].pk},
        transition=extend,
        user=people["a"],
        shared_choices=shared,
    )
    assert not bound.is_valid() and "approver" in bound.errors  # out of scope: refused as before


def test_detail_page_query_count_is_pinned(login, people, make_matter, tree, django_assert_max_num_queries):
    leader = factories.user(tree["east_justice"], roles=("officer", "reviewer", "leader"), username="ld")
    matter = make_matter(tree["east_justice"], people["a"])
    received = timezone.localdate().isoformat()
    engine.perform(matter, "register", actor=people["a"], data={"received_on": received})
    matter = engine.perform(matter, "accept", actor=people["a"], data={})
    client = login(leader)
    client.get(url(matter))  # warm caches (content types, sessions)
    # +1: the moves asked on the record and awaiting their approver (read once for the buttons and the notice).
    with django_assert_max_num_queries(11):
        body = client.get(url(matter)).content.decode()
    assert 'name="approver"' in body and "东区司法局" in body
