"""Generic create and edit pages from a FormSpec (tests/sampleapp/views_registration.py), and the
core write service behind them (fazhi.core.records)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from fazhi.core import records
from fazhi.core.audit.models import AuditEvent
from fazhi.core.workflow import engine
from tests import factories
from tests.sampleapp.models import SampleMatter, SampleOfficer, SampleTraining

PERSON_ID = "11010519491231002X"
NEW = "/staff/sample-officers/new/"


def officer_data(org, **kw) -> dict:
    data = {
        "organisation": str(org.pk),
        "name": "王执法",
        "id_number": PERSON_ID.lower(),
        "certificate_number": "东0101",
        "category": "market",
        "certified_on": "2026-03-02",
        "active": "on",
        "trainings-TOTAL_FORMS": "1",
        "trainings-INITIAL_FORMS": "0",
        "trainings-MIN_NUM_FORMS": "1",
        "trainings-MAX_NUM_FORMS": "3",
        "trainings-0-course": "行政执法程序",
        "trainings-0-hours": "8",
    }
    data.update(kw)
    return data


def edit_data(officer, **kw) -> dict:
    rows = list(officer.trainings.order_by("id"))
    data = {
        "expected_version": str(officer.version),
        "name": officer.name,
        "id_number": officer.id_number,
        "certificate_number": officer.certificate_number,
        "category": officer.category,
        "certified_on": officer.certified_on.isoformat(),
        "active": "on" if officer.active else "",
        "trainings-TOTAL_FORMS": str(len(rows)),
        "trainings-INITIAL_FORMS": str(len(rows)),
        "trainings-MIN_NUM_FORMS": "1",
        "trainings-MAX_NUM_FORMS": "3",
    }
    for i, row in enumerate(rows):
        data.update(
            {
                f"trainings-{i}-id": str(row.pk),
                f"trainings-{i}-officer": str(officer.pk),
                f"trainings-{i}-course": row.course,
                f"trainings-{i}-hours": str(row.hours),
            }
        )
    data.update(kw)
    return data


@pytest.fixture
def staff(tree):
    return {
        "a": factories.user(tree["east_justice"], roles=("officer",), username="kit_a"),
        "other_dept": factories.user(tree["east_market"], roles=("officer",), username="kit_b"),
        "other_county": factories.user(tree["west_justice"], roles=("officer",), username="kit_c"),
        "supervisor": factories.user(tree["east_justice"], roles=("supervisor",), username="kit_d"),
        "reviewer": factories.user(tree["east_justice"], roles=("reviewer",), username="kit_e"),
    }


def _create(client, tree, staff, **kw):
    client.force_login(staff["a"])
    response = client.post(NEW, officer_data(tree["east_justice"], **kw))
    assert response.status_code == 302, response.content.decode()[:3000]
    return SampleOfficer.objects.get(certificate_number=kw.get("certificate_number", "东0101"))


def test_create_page_saves_record_rows_and_one_audit_row_without_personal_data(
    client, tree, staff, sample_spec
):
    client.force_login(staff["a"])
    page = client.get(NEW)
    body = page.content.decode()
    assert page.status_code == 200
    assert "执法证" in body and 'type="date"' in body and "培训记录" in body and "市场监管" in body
    before = AuditEvent.objects.count()
    response = client.post(NEW, officer_data(tree["east_justice"]))
    officer = SampleOfficer.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/staff/sample-officers/{officer.pk}/"
    assert officer.id_number == PERSON_ID  # the declared cleaner upper-cased it
    assert officer.organisation == tree["east_justice"] and officer.version == 1
    assert list(officer.trainings.values_list("course", "hours")) == [("行政执法程序", 8)]
    events = list(AuditEvent.objects.order_by("id")[before:])
    assert [e.action for e in events] == ["record.create"]
    assert "id_number" in events[0].detail["fields"] and events[0].detail["rows"] == {
        "trainings": {"added": 1}
    }
    assert PERSON_ID not in str(events[0].detail) and PERSON_ID.lower() not in str(events[0].detail)
    detail = client.get(response["Location"]).content.decode()
    assert "已登记示例执法人员“王执法”" in detail
    assert f'href="/staff/sample-officers/{officer.pk}/edit/"' in detail


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"id_number": "110105194912310021"}, "公民身份号码校验位错误"),
        ({"name": ""}, "请填写“姓名”。"),
        ({"category": "police"}, "“执法类别”的取值不在可选范围内。"),
        ({"certified_on": "2026-02-30"}, "“发证日期”不是有效日期（格式：2026-01-31）。"),
        ({"certified_on": "2999-01-01"}, "发证日期不能晚于今天。"),  # FormSpec.not_future
        ({"trainings-0-course": "", "trainings-0-hours": ""}, "请填写“培训课程”。"),
        ({"trainings-0-hours": "八"}, "“学时”应为整数。"),
    ],
)
def test_bad_input_gets_a_chinese_message_keeps_the_data_and_saves_nothing(
    client, tree, staff, overrides, message
):
    client.force_login(staff["a"])
    before = AuditEvent.objects.count()
    response = client.post(NEW, officer_data(tree["east_justice"], **overrides))
    body = response.content.decode()
    assert response.status_code == 400
    assert message in body and "未保存" in body
    assert 'value="东0101"' in body  # what was typed is kept
    assert not SampleOfficer.objects.exists() and not SampleTraining.objects.exists()
    assert AuditEvent.objects.count() == before


def test_inline_rows_min_and_max(client, tree, staff):
    client.force_login(staff["a"])
    none = officer_data(tree["east_justice"], **{"trainings-TOTAL_FORMS": "0"})
    del none["trainings-0-course"], none["trainings-0-hours"]
    response = client.post(NEW, none)
    assert response.status_code == 400 and "请至少填写1项培训记录。" in response.content.decode()
    many = officer_data(tree["east_justice"], **{"trainings-TOTAL_FORMS": "4"})
    for i in range(1, 4):
        many[f"trainings-{i}-course"], many[f"trainings-{i}-hours"] = f"课程{i}", "2"
    response = client.post(NEW, many)
    assert response.status_code == 400 and "培训记录最多填写3项。" in response.content.decode()
    assert not SampleOfficer.objects.exists() and not SampleTraining.objects.exists()


def test_cannot_create_for_an_organisation_outside_scope(client, tree, staff):
    client.force_login(staff["other_dept"])
    response = client.post(NEW, officer_data(tree["east_justice"]))
    assert response.status_code == 400 and "不在您的数据范围内" in response.content.decode()
    assert not SampleOfficer.objects.exists()


def test_create_and_edit_are_404_for_roles_without_them_and_outside_scope(client, tree, staff):
    officer = _create(client, tree, staff)
    edit = f"/staff/sample-officers/{officer.pk}/edit/"
    client.force_login(staff["supervisor"])  # in scope, no create/edit role
    assert "/staff/sample-officers/new/" not in client.get("/staff/sample-officers/").content.decode()
    assert client.get(NEW).status_code == 404 and client.get(edit).status_code == 404
    assert client.post(NEW, officer_data(tree["east_justice"], certificate_number="X1")).status_code == 404
    assert "编辑" not in client.get(f"/staff/sample-officers/{officer.pk}/").content.decode()
    for who in ("other_dept", "other_county"):  # the role, but not the record's department or county
        client.force_login(staff[who])
        assert client.get(edit).status_code == 404
        assert client.post(edit, edit_data(officer, name="改名")).status_code == 404
    officer.refresh_from_db()
    assert officer.name == "王执法" and officer.version == 1
    client.force_login(staff["a"])
    assert 'href="/staff/sample-officers/new/"' in client.get("/staff/sample-officers/").content.decode()


def test_edit_changes_fields_and_rows_and_audits_the_field_names(client, tree, staff):
    officer = _create(client, tree, staff)
    first = officer.trainings.get()
    url = f"/staff/sample-officers/{officer.pk}/edit/"
    page = client.get(url).content.decode()
    assert 'name="expected_version"' in page and 'value="1"' in page and "行政执法程序" in page
    data = edit_data(officer, name="王执法员", **{"trainings-0-hours": "12", "trainings-TOTAL_FORMS": "2"})
    data.update({"trainings-1-course": "证据规则", "trainings-1-hours": "4"})
    before = AuditEvent.objects.count()
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    officer.refresh_from_db()
    assert officer.name == "王执法员" and officer.version == 2
    assert list(officer.trainings.order_by("id").values_list("pk", "course", "hours")) == [
        (first.pk, "行政执法程序", 12),
        (officer.trainings.get(course="证据规则").pk, "证据规则", 4),
    ]
    event = AuditEvent.objects.order_by("id")[before:].get()
    assert event.action == "record.update"
    assert event.detail["fields"] == ["name"] and event.detail["version"] == 2
    assert event.detail["rows"] == {"trainings": {"added": 1, "changed": 1}}
    # Deleting a row:
    officer.refresh_from_db()
    data = edit_data(officer, **{"trainings-1-DELETE": "on"})
    assert client.post(url, data).status_code == 302
    assert list(officer.trainings.values_list("course", flat=True)) == ["行政执法程序"]


def test_a_stale_edit_changes_nothing_and_says_so(client, tree, staff):
    officer = _create(client, tree, staff)
    url = f"/staff/sample-officers/{officer.pk}/edit/"
    read_at = edit_data(officer)  # both editors read version 1
    assert client.post(url, {**read_at, "name": "甲改"}).status_code == 302
    before = AuditEvent.objects.count()
    response = client.post(url, {**read_at, "name": "乙改", "certificate_number": "东0999"})
    body = response.content.decode()
    assert response.status_code == 409
    assert "该记录已被他人更新，请刷新页面后重试。您的修改未保存。" in body and 'value="乙改"' in body
    officer.refresh_from_db()
    assert (officer.name, officer.certificate_number, officer.version) == ("甲改", "东0101", 2)
    assert AuditEvent.objects.count() == before


def test_edit_without_a_version_is_refused(client, tree, staff):
    officer = _create(client, tree, staff)
    data = edit_data(officer, name="无版本")
    del data["expected_version"]
    response = client.post(f"/staff/sample-officers/{officer.pk}/edit/", data)
    assert response.status_code == 400 and "页面已过期" in response.content.decode()
    officer.refresh_from_db()
    assert officer.name == "王执法"


def test_csrf_is_enforced_on_create_and_edit(tree, staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff["a"])
    assert client.post(NEW, officer_data(tree["east_justice"])).status_code == 403
    assert not SampleOfficer.objects.exists()
    page = client.get(NEW)
    token = page.cookies["csrftoken"].value
    response = client.post(NEW, {**officer_data(tree["east_justice"]), "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    officer = SampleOfficer.objects.get()
    url = f"/staff/sample-officers/{officer.pk}/edit/"
    assert client.post(url, edit_data(officer, name="无令牌")).status_code == 403
    officer.refresh_from_db()
    assert officer.name == "王执法"


# --- a procedure's record: created in its initial state, editable by role and state -----------


def test_workflow_record_created_in_initial_state_and_edit_follows_role_and_state(client, tree, staff):
    client.force_login(staff["a"])
    url = "/staff/sample-matters/new/"
    assert "登记示例事项" in client.get("/staff/sample-matters/").content.decode()
    refused = client.post(
        url, {"organisation": tree["east_justice"].pk, "title": "同名", "applicant": "同名"}
    )
    assert refused.status_code == 400 and "申请人不能与事项名称相同。" in refused.content.decode()
    response = client.post(
        url,
        {
            "organisation": tree["east_justice"].pk,
            "title": "不服罚款",
            "applicant": "张三",
            "status": "decided",
        },
    )
    assert response.status_code == 302
    matter = SampleMatter.objects.get()
    assert matter.status == "received"  # a posted status is ignored: only the engine writes status
    edit = f"/staff/sample-matters/{matter.pk}/edit/"
    assert 'name="status"' not in client.get(edit).content.decode()
    assert (
        client.post(edit, {"expected_version": "1", "title": "不服罚款决定", "applicant": "张三"}).status_code
        == 302
    )
    matter.refresh_from_db()
    assert matter.title == "不服罚款决定" and matter.status == "received" and matter.version == 2

    reviewer = staff["reviewer"]
    engine.perform(matter, "accept", actor=reviewer, data={})
    matter.refresh_from_db()
    assert matter.status == "accepted"
    assert client.get(edit).status_code == 404  # 承办人: only while received or completing
    assert "编辑" not in client.get(f"/staff/sample-matters/{matter.pk}/").content.decode()
    client.force_login(reviewer)
    assert client.get(edit).status_code == 200  # 法制审核人员: also once accepted
    body = {"expected_version": str(matter.version), "title": "不服罚款决定书", "applicant": "张三"}
    assert client.post(edit, body).status_code == 302
    matter.refresh_from_db()
    assert matter.title == "不服罚款决定书" and matter.status == "accepted"


def test_record_update_service_refuses_out_of_scope_and_stale_and_runs_hooks_after_commit(
    tree, staff, django_capture_on_commit_callbacks
):
    seen = []
    hook = records.after_commit(SampleOfficer, lambda r, **kw: seen.append((r.name, kw["changed"])))
    try:
        officer = records.record_create(
            SampleOfficer,
            actor=staff["a"],
            organisation=tree["east_justice"],
            data={
                "name": "李某",
                "certificate_number": "东7",
                "category": "market",
                "certified_on": dt.date(2026, 1, 5),
            },
        )
        with pytest.raises(engine.NotPermitted):
            records.record_update(officer, actor=staff["other_county"], data={"name": "外县"})
        with pytest.raises(engine.StaleRecord):
            records.record_update(officer, actor=staff["a"], data={"name": "旧版"}, expected_version=9)
        with django_capture_on_commit_callbacks(execute=True):
            records.record_update(officer, actor=staff["a"], data={"name": "李某某"}, expected_version=1)
        assert seen == [("李某某", ["name"])]
        officer.refresh_from_db()
        assert (officer.name, officer.version) == ("李某某", 2)
        with pytest.raises(engine.NotPermitted):
            records.record_create(
                SampleOfficer,
                actor=staff["a"],
                organisation=tree["west_justice"],
                data={
                    "name": "越权",
                    "certificate_number": "西1",
                    "category": "market",
                    "certified_on": dt.date(2026, 1, 5),
                },
            )
        assert not SampleOfficer.objects.filter(name="越权").exists()
    finally:
        records._after_commit[SampleOfficer].remove(hook)


def test_a_declared_only_domain_gets_list_detail_create_edit_and_export(client, tree, staff):
    officer = _create(client, tree, staff)
    assert client.get("/staff/sample-officers/").status_code == 200
    assert "王执法" in client.get(f"/staff/sample-officers/{officer.pk}/").content.decode()
    assert client.get(f"/staff/sample-officers/{officer.pk}/edit/").status_code == 200
    export = client.get("/staff/sample-officers/export.xlsx")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_broken_form_declaration_fails_at_registration_naming_every_problem():
    from fazhi.web.formspec import FormSpec, InlineSpec
    from fazhi.web.registry import ListSpec

    with pytest.raises(ValueError) as exc:
        ListSpec(
            model=SampleOfficer,
            slug="broken-officers",
            title="坏",
            columns=("name",),
            form=FormSpec(
                fields=("name", "nickname", "id_number_index"),
                inlines=(InlineSpec("x", SampleTraining, fk="course", fields=("hours",), min=3, max=2),),
                create_roles=("officer", "sysadmin", "chief"),
            ),
        )
    text = str(exc.value)
    for part in (
        "'nickname'",
        "id_number_index is not editable",
        "'chief'",
        "三员",
        "course does not point",
        "min > max",
    ):
        assert part in text, part
    with pytest.raises(ValueError, match="only the engine writes status"):
        FormSpec(fields=("title", "status"))


def test_a_field_the_role_may_not_change_is_shown_but_a_posted_value_is_ignored(client, tree, staff):
    client.force_login(staff["a"])
    assert (
        client.post(
            "/staff/sample-matters/new/",
            {"organisation": tree["east_justice"].pk, "title": "不服罚款", "applicant": "张三"},
        ).status_code
        == 302
    )
    matter = SampleMatter.objects.get()
    edit = f"/staff/sample-matters/{matter.pk}/edit/"
    page = client.get(edit).content.decode()
    assert 'name="simple"' in page and "disabled" in page and "您在当前办理状态下不能修改此项" in page
    body = {"expected_version": "1", "title": "不服罚款决定", "applicant": "张三", "simple": "on"}
    assert client.post(edit, body).status_code == 302
    matter.refresh_from_db()
    assert matter.title == "不服罚款决定" and matter.simple is False  # 承办人 changed the title only
    client.force_login(staff["reviewer"])
    assert client.post(edit, {**body, "expected_version": "2"}).status_code == 302
    matter.refresh_from_db()
    assert matter.simple is True


def test_a_reference_table_without_data_scope_is_written_by_the_declared_role_only(client, tree, staff):
    from tests.sampleapp.models import SampleActType

    client.force_login(staff["a"])  # 承办人: may read, not write
    assert client.get("/staff/sample-act-types/new/").status_code == 404
    client.force_login(staff["reviewer"])
    page = client.get("/staff/sample-act-types/new/").content.decode()
    assert 'name="organisation"' not in page
    assert (
        client.post("/staff/sample-act-types/new/", {"code": "penalty", "name": "行政处罚"}).status_code
        == 302
    )
    act = SampleActType.objects.get()
    again = client.post("/staff/sample-act-types/new/", {"code": "penalty", "name": "重复"})
    assert again.status_code == 400 and "已存在" in again.content.decode()
    edit = f"/staff/sample-act-types/{act.pk}/edit/"
    assert (
        client.post(edit, {"expected_version": "1", "code": "penalty", "name": "行政处罚决定"}).status_code
        == 302
    )
    act.refresh_from_db()
    assert (act.name, act.version) == ("行政处罚决定", 2)
    client.force_login(staff["a"])
    assert client.get(edit).status_code == 404


def test_the_service_never_writes_status_or_what_a_procedure_step_records(tree, staff, make_matter):
    matter = make_matter(tree["east_justice"], staff["a"])
    for data in ({"status": "decided"}, {"version": 9}, {"created_at": None}, {"nickname": "x"}):
        with pytest.raises(ValidationError, match="不能在此填写"):
            records.record_update(matter, actor=staff["a"], data=data)
    matter.refresh_from_db()
    assert (matter.status, matter.version) == ("received", 1)


def test_the_page_offers_more_rows_up_to_the_maximum(client, tree, staff):
    client.force_login(staff["a"])
    page = client.get(NEW)
    assert len(page.context["inlines"][0].forms) == 1
    assert 'href="?trainings_rows=1#trainings"' in page.content.decode()
    page = client.get(NEW + "?trainings_rows=2")
    assert len(page.context["inlines"][0].forms) == 3
    assert "增加一行培训记录" not in page.content.decode()  # 3 is the most this record may have
    assert len(client.get(NEW + "?trainings_rows=99").context["inlines"][0].forms) == 3
