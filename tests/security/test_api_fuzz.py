"""docs/security.md 21: a schemathesis run against /api/v1/openapi.json gives zero 5xx.

The app is driven in-process through its WSGI handler (same database connection as the test), with a
real API token of an officer who has records in scope, so detail and transition endpoints see real
rows as well as random ids. Each operation gets a bounded, derandomised set of examples of valid
(positive) and schema-violating (negative) requests; every response must be below 500, JSON, and —
for 2xx — conform to the documented schema. Errors must carry a Chinese ``detail``.
"""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance

from fazhi.api import tokens
from fazhi.core.workflow import engine, registry
from tests import factories
from tests.litigation import factories as lit
from tests.reconsideration import factories as rec

pytestmark = pytest.mark.django_db

# Examples per operation: valid requests, then schema-violating ones. Derandomised: every run sends
# the same requests, so a failure reproduces and CI is stable.
EXAMPLES = {GenerationMode.POSITIVE: 25, GenerationMode.NEGATIVE: 15}


def _settings(mode: GenerationMode) -> settings:
    return settings(
        max_examples=EXAMPLES[mode],
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
    )


@pytest.fixture
def scoped_data(tree):
    """An officer of 东区司法局 with cases in several states, and records of another county."""
    officer = factories.user(tree["east_justice"], roles=("officer", "reviewer"), full_name="王林")
    west = factories.user(tree["west_justice"])
    day = dt.date(2026, 3, 2)
    ids = [
        rec.registered(tree["east_justice"], officer, day).pk,
        rec.new_case(tree["east_justice"], officer, day).pk,
        rec.registered(tree["west_justice"], west, day).pk,  # out of scope: 404
        lit.lawsuit(tree["east_justice"], officer).pk,
        lit.register(tree["east_justice"], officer, received_on=day, today=day).pk,
    ]
    _, raw = tokens.issue(officer, name="接口模糊测试")
    return {"token": raw, "ids": [str(i) for i in ids]}


def _transition_names() -> list[str]:
    return sorted({t.name for p in registry.all_procedures() for t in p.transitions})


def _problem(case, response, mode: GenerationMode) -> str:
    """Why ``response`` is unacceptable, or ""."""
    if response.status_code >= 500:
        return f"{response.status_code}: {response.text[:300]}"
    if not response.headers.get("content-type", [""])[0].startswith("application/json"):
        return f"not JSON: {response.headers.get('content-type')}"
    if response.status_code >= 400:
        detail = response.json().get("detail", "")
        if not detail or detail.isascii():
            return f"{response.status_code} without a Chinese detail: {response.text[:200]}"
        return ""
    if mode is GenerationMode.POSITIVE:
        try:
            case.validate_response(response, checks=[response_schema_conformance])
        except AssertionError as exc:
            return f"response does not match the schema: {str(exc)[:300]}"
    return ""


def _fuzz(operation, mode, *, headers, ids, names, failures, statuses):
    """A hypothesis test sending ``operation`` requests; problems go to ``failures``."""
    path_params = {p.name for p in operation.path_parameters}

    @_settings(mode)
    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    def run(case, data):
        # Half the time aim at real rows and real transition names, so the handlers run deep.
        if "id" in path_params and data.draw(st.booleans()):
            case.path_parameters = {**(case.path_parameters or {}), "id": data.draw(ids)}
        if "name" in path_params and data.draw(st.booleans()):
            case.path_parameters = {**(case.path_parameters or {}), "name": data.draw(names)}
        if operation.method.upper() == "POST" and data.draw(st.booleans()):
            case.body = {"data": {}}  # past the body checks, into the engine's own refusals
        response = case.call(headers=headers)
        statuses.setdefault(operation.label, set()).add(response.status_code)
        problem = _problem(case, response, mode)
        if problem:
            failures.append(f"{operation.label} {case.path_parameters} {case.query} {case.body!r}: {problem}")

    return run


@pytest.fixture
def keep_test_connection():
    """The WSGI handler closes database connections when a request starts and finishes; inside a test that
    would close the test transaction's connection (PostgreSQL). Django's test Client does the same."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_api_fuzz_has_no_server_errors(scoped_data, keep_test_connection):
    app = get_wsgi_application()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10, [op.label for op in operations]
    failures: list[str] = []
    statuses: dict[str, set[int]] = {}
    context = {
        "headers": {"Authorization": f"Bearer {scoped_data['token']}"},
        "ids": st.sampled_from(scoped_data["ids"]),
        "names": st.sampled_from(_transition_names()),
        "failures": failures,
        "statuses": statuses,
    }
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _fuzz(operation, mode, **context)()
            except Unsatisfiable:
                # Nothing to violate (no parameters, no body): negative mode has no cases to make.
                assert mode is GenerationMode.NEGATIVE, operation.label

    assert not failures, "\n".join(dict.fromkeys(failures))
    # The run reached real rows and real transitions, not only 404s.
    assert any(200 in codes for label, codes in statuses.items() if label.endswith("{id}")), statuses
    transitions = [codes for label, codes in statuses.items() if label.endswith("{name}")]
    assert transitions and any(codes & {200, 403, 409} for codes in transitions), statuses


# --- server-side validation of transition inputs (engine.clean_data behind the API) ----------------


@pytest.fixture
def accepted_case(tree):
    officer = factories.user(tree["east_justice"], roles=("officer", "reviewer"), full_name="王林")
    today = timezone.localdate()
    case = rec.registered(tree["east_justice"], officer, today - dt.timedelta(days=1), today=today)
    engine.perform(case, "accept", actor=officer, data={"accepted_on": today})
    _, raw = tokens.issue(officer, name="校验测试")
    return case, raw


def _post(case, raw, name, body):
    return Client().post(
        f"/api/v1/reconsideration-cases/{case.pk}/transitions/{name}",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )


# Resolved when the test runs, not when it is collected: a run that crosses midnight in
# Asia/Shanghai (16:00 UTC) would otherwise send "tomorrow" as today.
TOMORROW = object()


def _resolve(data):
    return {
        key: (timezone.localdate() + dt.timedelta(days=1)).isoformat() if value is TOMORROW else value
        for key, value in data.items()
    }


@pytest.mark.parametrize(
    "name, data, field, message",
    [
        ("send_copy", {"sent_on": "2026-02-30"}, "sent_on", "不是有效日期"),
        ("send_copy", {"sent_on": "30/01/2026"}, "sent_on", "不是有效日期"),
        ("send_copy", {"sent_on": TOMORROW}, "sent_on", "日期不能晚于今天"),
        ("send_copy", {}, "sent_on", "请填写"),
        (
            "suspend_before_copy",
            {"ground": "no_such_ground", "suspended_on": "2026-03-02"},
            "ground",
            "不在可选范围内",
        ),
        ("suspend_before_copy", {"ground": ["death"], "suspended_on": "2026-03-02"}, "ground", "应为文本"),
        (
            "suspend_before_copy",
            {"ground": "death", "reason": "长" * 2001, "suspended_on": "2026-03-02"},
            "reason",
            "不能超过2000字",
        ),
        (
            "suspend_before_copy",
            {"ground": "death", "reason": "含\x00空字符", "suspended_on": "2026-03-02"},
            "reason",
            "不能含有控制字符",
        ),
        ("send_copy", {"sent_on": {"year": 2026}}, "sent_on", "应为文本"),
    ],
)
def test_bad_transition_inputs_are_422_in_chinese_and_change_nothing(
    accepted_case, name, data, field, message
):
    case, raw = accepted_case
    version = case.version
    response = _post(case, raw, name, {"data": _resolve(data), "expected_version": version})
    assert response.status_code == 422, response.content.decode()
    body = response.json()
    errors = body["field_errors"]
    key = next(k for k in errors if k.split(".")[-1] == field)
    assert message in errors[key], errors
    assert not body["detail"].isascii()
    fresh = type(case).objects.get(pk=case.pk)
    assert (fresh.status, fresh.version) == ("accepted", version)


@pytest.mark.parametrize(
    "body, field",
    [
        ({"data": {}, "expected_version": 0}, "expected_version"),
        ({"data": {}, "expected_version": "一"}, "expected_version"),
        ({"data": [], "expected_version": 1}, "data"),
        ({"data": {}, "unknown": 1}, "unknown"),
        ({"data": {f"k{i}": "x" for i in range(60)}}, "data"),
    ],
)
def test_malformed_transition_bodies_are_422(accepted_case, body, field):
    case, raw = accepted_case
    response = _post(case, raw, "send_copy", body)
    assert response.status_code == 422, response.content.decode()
    errors = response.json()["field_errors"]
    assert field in errors and not errors[field].isascii(), errors


@pytest.mark.parametrize("approver", [10**30, -1, "abc", {"id": 1}, True, "west", "east"])
def test_staff_references_must_be_active_people_in_scope(tree, approver):
    officer = factories.user(tree["east_justice"], roles=("officer", "reviewer"))
    today = timezone.localdate()
    case = rec.registered(tree["east_justice"], officer, today - dt.timedelta(days=1), today=today)
    engine.perform(
        case, "request_completion", actor=officer, data={"items": "补充身份证明", "notified_on": today}
    )
    _, raw = tokens.issue(officer, name="校验测试")
    # Another county's head is not a valid approver (the staff form offers only people in scope).
    if approver in ("west", "east"):
        org = tree["west_justice"] if approver == "west" else tree["east_justice"]
        approver = factories.user(org, roles=("leader",)).pk
        expected = 200 if org == tree["east_justice"] else 422
    else:
        expected = 422
    response = _post(
        case, raw, "extend_completion", {"data": {"days": 5, "reason": "材料在外地", "approver": approver}}
    )
    assert response.status_code == expected, response.content.decode()
    if expected == 422:
        assert "approver" in response.json()["field_errors"]
        assert type(case).objects.get(pk=case.pk).status == "completing"
