import pytest

from fazhi.api import resources
from fazhi.core.audit.models import AuditEvent
from fazhi.core.models import DataScope
from fazhi.core.workflow import engine
from fazhi.core.workflow.models import TransitionLog
from tests import factories
from tests.api.conftest import SampleOut
from tests.sampleapp.models import SampleMatter

pytestmark = pytest.mark.django_db

NOT_VISIBLE = "记录不存在或您无权查看。"


@pytest.fixture
def east_officer(tree):
    return factories.user(tree["east_justice"], roles=("officer", "reviewer"))


def test_list_shows_only_rows_in_scope_and_counts_only_them(tree, matters, east_officer, api_as):
    body = api_as(east_officer).get("sample/").json()

    assert body["count"] == 3
    assert sorted(r["title"] for r in body["results"]) == ["东区事项0", "东区事项1", "东区事项2"]
    assert {r["organisation_name"] for r in body["results"]} == {"东区司法局"}

    # Asking for B's organisation explicitly does not reveal its rows either.
    other = api_as(east_officer).get("sample/", organisation=tree["west_justice"].pk).json()
    assert other["count"] == 0 and other["results"] == []


def test_region_scope_sees_both_organisations_of_its_county_only(tree, matters, api_as):
    supervisor = factories.user(tree["east_gov"], roles=("supervisor",), scope=DataScope.REGION)
    west_matter = matters["west"][0]
    body = api_as(supervisor).get("sample/").json()
    assert body["count"] == 3
    assert api_as(supervisor).get(f"sample/{west_matter.pk}").status_code == 404


def test_administrators_read_no_case_data(tree, matters, api_as):
    sysadmin = factories.user(None, roles=("sysadmin",))
    body = api_as(sysadmin).get("sample/").json()
    assert body["count"] == 0


def test_list_paginates_and_filters_by_status(tree, matters, east_officer, api_as):
    client = api_as(east_officer)
    first = client.get("sample/", page_size=2).json()
    second = client.get("sample/", page_size=2, page=2).json()
    assert first["count"] == second["count"] == 3
    assert len(first["results"]) == 2 and len(second["results"]) == 1
    assert {r["id"] for r in first["results"]}.isdisjoint({r["id"] for r in second["results"]})

    matter = matters["east"][0]
    client.post(f"sample/{matter.pk}/transitions/request_completion", {"data": {"items": "补交材料"}})
    completing = client.get("sample/", status="completing").json()
    assert completing["count"] == 1
    assert completing["results"][0]["id"] == matter.pk
    assert completing["results"][0]["status_label"] == "补正中"


def test_bad_query_parameters_are_422_in_chinese(tree, east_officer, api_as):
    client = api_as(east_officer)
    response = client.get("sample/", page="abc", page_size=1000)
    assert response.status_code == 422
    body = response.json()
    assert body["field_errors"] == {"page": "应为整数。", "page_size": "不能大于200。"}

    response = client.get("sample/", status="nonsense")
    assert response.status_code == 422
    assert "没有这个办理状态" in response.json()["field_errors"]["status"]


def test_detail_of_own_record(tree, matters, east_officer, api_as):
    matter = matters["east"][1]
    response = api_as(east_officer).get(f"sample/{matter.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "东区事项1"
    assert body["status"] == "received" and body["status_label"] == "已收件"
    assert body["version"] == 1


@pytest.mark.parametrize("suffix", ["{west}", "999999", "abc", "1.5", "-1", "99999999999999999999999"])
def test_detail_out_of_scope_or_malformed_is_json_404(tree, matters, east_officer, api_as, suffix):
    path = "sample/" + suffix.format(west=matters["west"][0].pk)
    response = api_as(east_officer).get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": NOT_VISIBLE, "code": "not_found", "field_errors": {}}


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "nothing/"),
        ("get", "nothing/1"),
        ("post", "nothing/1/transitions/accept"),
        ("get", "sample/1/x/y/z"),
        ("delete", "sample/1/x/y/z"),
        ("get", "me/"),
    ],
)
def test_unknown_endpoints_are_json_404(tree, east_officer, api_as, method, path):
    client = api_as(east_officer)
    if method == "post":
        response = client.post(path, {"data": {}})
    else:
        response = getattr(client.client, method)(f"/api/v1/{path}", headers=client.headers)
    assert response.status_code == 404
    assert response.json()["detail"] == "接口不存在。"


def test_wrong_method_is_json_405(tree, east_officer, api_as):
    response = api_as(east_officer).post("me", {})
    assert response.status_code == 405
    assert response.json()["detail"] == "不支持该请求方法。"


def test_transition_changes_status_and_writes_audit_row(tree, matters, east_officer, api_as):
    matter = matters["east"][0]

    response = api_as(east_officer).post(
        f"sample/{matter.pk}/transitions/accept", {"data": {}, "expected_version": 1}
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "accepted" and body["status_label"] == "已受理"
    assert body["version"] == 2
    matter.refresh_from_db()
    assert matter.status == "accepted"
    event = AuditEvent.objects.get(action="workflow.transition", object_id=str(matter.pk))
    assert event.username == east_officer.username
    assert event.detail["transition"] == "accept"
    assert TransitionLog.objects.filter(subject_id=matter.pk, transition="accept").count() == 1


def test_transition_data_is_passed_to_the_engine(tree, matters, east_officer, api_as):
    matter = matters["east"][0]
    response = api_as(east_officer).post(
        f"sample/{matter.pk}/transitions/request_completion", {"data": {"items": "补交授权委托书"}}
    )
    assert response.status_code == 200
    assert response.json()["status_label"] == "补正中"
    log = TransitionLog.objects.get(subject_id=matter.pk)
    assert log.data == {"items": "补交授权委托书"}


def _unchanged(matter):
    fresh = SampleMatter.objects.get(pk=matter.pk)
    assert fresh.status == matter.status and fresh.version == matter.version
    assert not TransitionLog.objects.filter(subject_id=matter.pk).exists()
    assert not AuditEvent.objects.filter(action="workflow.transition", object_id=str(matter.pk)).exists()


def test_illegal_transition_is_409_and_changes_nothing(tree, matters, east_officer, api_as):
    matter = matters["east"][0]
    response = api_as(east_officer).post(f"sample/{matter.pk}/transitions/resume", {"data": {}})
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "illegal_transition"
    assert body["detail"].startswith("当前状态为“已收件”，不能进行“恢复”操作")
    _unchanged(matter)


def test_stale_version_is_409_and_changes_nothing(tree, matters, east_officer, api_as):
    matter = matters["east"][0]
    response = api_as(east_officer).post(
        f"sample/{matter.pk}/transitions/accept", {"data": {}, "expected_version": matter.version + 1}
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "stale_record"
    assert "已被他人更新" in body["detail"]
    _unchanged(matter)


def test_missing_input_is_422_with_field_errors(tree, matters, east_officer, api_as):
    matter = matters["east"][0]
    response = api_as(east_officer).post(f"sample/{matter.pk}/transitions/reject", {"data": {}})
    assert response.status_code == 422
    assert response.json()["field_errors"] == {"reason": "请填写“理由”。"}
    _unchanged(matter)


def test_transition_without_the_role_is_403(tree, matters, api_as):
    clerk = factories.user(tree["east_justice"], roles=("officer",))
    matter = matters["east"][0]
    response = api_as(clerk).post(f"sample/{matter.pk}/transitions/accept", {"data": {}})
    assert response.status_code == 403
    assert response.json()["detail"] == "您没有进行“受理”操作的权限。"
    _unchanged(matter)


def test_transition_on_out_of_scope_record_is_404(tree, matters, east_officer, api_as):
    matter = matters["west"][0]
    response = api_as(east_officer).post(f"sample/{matter.pk}/transitions/accept", {"data": {}})
    assert response.status_code == 404
    assert response.json()["detail"] == NOT_VISIBLE
    _unchanged(matter)


@pytest.mark.parametrize(
    "body, status, field_errors",
    [
        ("{not json", 400, {}),
        ("", 422, {"body": "请提交 JSON 请求体。"}),
        ('{"data": "text"}', 422, {"data": "应为 JSON 对象。"}),
        ('{"data": {}, "expected_version": "x"}', 422, {"expected_version": "应为整数。"}),
        ("[1, 2]", 422, {"body": "应为 JSON 对象。"}),
        ('{"data": {}, "expectedVersion": 1}', 422, {"expectedVersion": "不接受此项。"}),
    ],
)
def test_malformed_transition_body_is_refused_in_chinese(
    tree, matters, east_officer, api_as, body, status, field_errors
):
    matter = matters["east"][0]
    client = api_as(east_officer)
    response = client.client.post(
        f"/api/v1/sample/{matter.pk}/transitions/accept",
        body,
        content_type="application/json",
        headers=client.headers,
    )
    assert response.status_code == status
    assert not response.json()["detail"].isascii()
    assert response.json()["field_errors"] == field_errors
    _unchanged(matter)


def test_unknown_transition_is_404(tree, matters, east_officer, api_as):
    matter = matters["east"][0]
    response = api_as(east_officer).post(f"sample/{matter.pk}/transitions/fly", {"data": {}})
    assert response.status_code == 404
    assert response.json()["code"] == "unknown_transition"
    _unchanged(matter)


def test_transition_options_list_what_the_user_may_do(tree, matters, api_as):
    clerk = factories.user(tree["east_justice"], roles=("officer",))
    matter = matters["east"][0]
    options = api_as(clerk).get(f"sample/{matter.pk}/transitions").json()
    names = {o["name"] for o in options}
    assert names == {"register", "request_completion"}  # accept/reject need the reviewer role
    register = next(o for o in options if o["name"] == "register")
    assert register["fields"][0]["name"] == "received_on"


def test_resource_registered_after_urls_are_built_is_served(tree, matters, east_officer, api_as):
    client = api_as(east_officer)
    assert client.get("me").status_code == 200  # URLs are built by now
    resources.register("sample-late", SampleMatter, list_schema=SampleOut, label="示例事项（后注册）")
    try:
        body = client.get("sample-late/").json()
        assert body["count"] == 3
        assert client.get(f"sample-late/{matters['west'][0].pk}").status_code == 404
        matter = matters["east"][0]
        response = client.post(f"sample-late/{matter.pk}/transitions/resume", {"data": {}})
        assert response.status_code == 409
    finally:
        resources.unregister("sample-late")
    assert client.get("sample-late/").status_code == 404


def test_organisations_lists_only_visible_ones(tree, api_as):
    own = factories.user(tree["east_justice"])
    body = api_as(own).get("organisations").json()
    assert [o["name"] for o in body["results"]] == ["东区司法局"]

    county = factories.user(tree["east_gov"], roles=("supervisor",), scope=DataScope.REGION)
    names = {o["name"] for o in api_as(county).get("organisations").json()["results"]}
    assert names == {"东区人民政府", "东区司法局", "东区市场监督管理局"}


def test_list_query_count_does_not_grow_with_rows(tree, matters, east_officer, api_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api_as(east_officer)
    client.get("me")  # last_used_at written now, not during the measured requests

    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("sample/").status_code == 200
        return len(ctx.captured_queries)

    few = count_queries()
    for i in range(10):
        engine.create(SampleMatter, actor=east_officer, title=f"补充{i}", organisation=tree["east_justice"])
    assert count_queries() == few


@pytest.mark.parametrize("value", ["9223372036854775808", "99999999999999999999999", "-9223372036854775809"])
def test_an_id_filter_beyond_64_bits_is_422_not_500(tree, matters, east_officer, api_as, value):
    """Issue 10 item 9: ?organisation=9223372036854775808 overflowed in the database driver (500)."""
    response = api_as(east_officer).get("sample/", organisation=value)
    assert response.status_code == 422
    assert response.json()["field_errors"]["organisation"] in ("不能大于9223372036854775807。", "不能小于1。")


def test_the_largest_id_is_a_valid_filter_that_finds_nothing(tree, matters, east_officer, api_as):
    response = api_as(east_officer).get("sample/", organisation=str(2**63 - 1))
    assert response.status_code == 200 and response.json()["count"] == 0


def test_a_transition_with_a_version_beyond_64_bits_is_422(tree, matters, east_officer, api_as):
    matter = matters["east"][0]
    response = api_as(east_officer).post(
        f"sample/{matter.pk}/transitions/accept", {"data": {}, "expected_version": 2**63}
    )
    assert response.status_code == 422
    assert response.json()["field_errors"]["expected_version"] == "不能大于9223372036854775807。"


def test_a_schema_declared_from_model_fields_types_describes_and_never_shows_personal_data():
    """``model_schema``: the whitelist of a resource, typed and described from the model; an
    encrypted field (身份证号, phone, address) or the 查询码 is refused at declaration."""
    import datetime as dt

    import pytest

    from fazhi.api.schemas import model_schema
    from fazhi.litigation.models import JudicialRecommendation, Lawsuit, Party
    from fazhi.reconsideration.models import ReconsiderationCase

    schema = model_schema(
        Lawsuit,
        ("instance", "judged_on", "outcome"),
        labels=("outcome",),
        names={"act_number": "act_document_number"},
    )
    props = schema.model_json_schema()["properties"]
    assert props["instance"]["description"] == "审级代码：first 一审、second 二审、retrial 再审"
    assert props["judged_on"]["anyOf"][1] == {"type": "null"}  # nullable column
    assert props["outcome_label"]["description"] == "裁判结果"
    assert "status_label" in props  # the WorkflowOut base
    recommendation = model_schema(JudicialRecommendation, ("lawsuit_id", "received_on"))
    assert recommendation.model_json_schema()["properties"]["lawsuit_id"]["description"].endswith("ID")

    class Row:  # what the resolvers read
        instance, judged_on, outcome, act_document_number = (
            "first",
            dt.date(2026, 3, 1),
            "revoke",
            "东罚〔2026〕1号",
        )

        def get_outcome_display(self):
            return "判决撤销"

    resolved = {name: getattr(schema, f"resolve_{name}")(Row()) for name in ("outcome_label", "act_number")}
    assert resolved == {"outcome_label": "判决撤销", "act_number": "东罚〔2026〕1号"}

    for model, field in ((Party, "id_number"), (Party, "phone"), (ReconsiderationCase, "query_code")):
        with pytest.raises(ValueError, match="personal data"):
            model_schema(model, (field,))
    with pytest.raises(ValueError, match="no field"):
        model_schema(Lawsuit, ("plaintiff_id_number",))
