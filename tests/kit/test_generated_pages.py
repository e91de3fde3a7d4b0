"""Suites generated from the registries: every staff page and API resource a domain registers is
checked the same way — list, detail, export, the API, data scope (another county's user and another
department's user get nothing: 404, never 403), the export's audit row, CSRF on its writes, and a
pinned number of queries — and every domain is checked for the declarations a domain must have.

A domain provides, beside its tests, ``tests/<domain>/factories.py`` with ``samples(org, actor)`` (one
record of each page it registers) and ``QUERY_BUDGETS`` (the most queries its list and detail pages
may take). A new domain fails ``test_every_domain_has_its_declarations`` until it has them.
"""

from __future__ import annotations

import importlib
import io

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.api import resources
from fazhi.core import registry as declarations
from fazhi.core.audit.models import AuditEvent
from fazhi.core.models import DataScope, ScopedModel
from fazhi.core.workflow import registry as procedures
from fazhi.core.workflow.models import WorkflowModel
from fazhi.indicators.registry import all_indicators
from fazhi.web import registry
from tests import factories


def _domains() -> list[str]:
    return [c.label for c in apps.get_app_configs() if isinstance(c, declarations.DomainConfig)]


def _domain_specs() -> list:
    labels = set(_domains())
    return [s for s in registry.all_specs() if s.model._meta.app_label in labels]


def _factories(label: str):
    return importlib.import_module(f"tests.{label}.factories")


SPECS = {spec.slug: spec for spec in _domain_specs()}


@pytest.fixture
def world(tree):
    """The sample records of every domain in 东区司法局, and the people who look at them."""
    east, west = tree["east_justice"], tree["west_justice"]
    education = factories.organisation("东区教育局", tree["east"], parent=tree["east_gov"])
    owner = factories.user(east, roles=("officer", "reviewer"), username="gen_owner")
    records = {}
    for label in _domains():
        records.update(_factories(label).samples(east, owner))
    return {
        "records": records,
        "owner": owner,
        # the same county's 全辖区 supervisor sees it; another county's and another department's
        # staff do not, whatever their roles
        "supervisor": factories.user(tree["east_gov"], roles=("supervisor",), scope=DataScope.REGION),
        "other_county": factories.user(
            west, roles=("officer", "reviewer", "leader", "supervisor"), scope=DataScope.REGION
        ),
        # (not the 市场监管局: the sample 复议 case is brought against it, so it sees that case)
        "other_department": factories.user(education, roles=("officer", "reviewer", "leader")),
    }


def _client(user, *, csrf=False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


def _detail(slug, record) -> str:
    return reverse("web:detail", args=[slug, record.pk])


def _row_ids(response) -> set[str]:
    """The record links on a list page."""
    body = response.content.decode()
    return {part.split("/", 1)[0] for part in body.split(f"/staff/{response.slug}/")[1:]}


@pytest.mark.parametrize("slug", sorted(SPECS))
def test_list_and_detail_show_the_record_to_those_in_scope(world, slug):
    record = world["records"][slug]
    for who in ("owner", "supervisor"):
        client = _client(world[who])
        listing = client.get(reverse("web:list", args=[slug]))
        assert listing.status_code == 200
        assert _detail(slug, record) in listing.content.decode(), who
        assert client.get(_detail(slug, record)).status_code == 200, who


@pytest.mark.parametrize("slug", sorted(SPECS))
@pytest.mark.parametrize("who", ["other_county", "other_department"])
def test_out_of_scope_users_get_404_and_an_empty_list(world, slug, who):
    record = world["records"][slug]
    client = _client(world[who])
    listing = client.get(reverse("web:list", args=[slug]))
    assert listing.status_code == 200
    assert _detail(slug, record) not in listing.content.decode()
    assert client.get(_detail(slug, record)).status_code == 404
    export = client.get(reverse("web:export", args=[slug]))
    if SPECS[slug].export:
        sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
        assert sheet.max_row == 1  # the header only
    if isinstance(record, WorkflowModel):
        for option in procedures.get(record.procedure_name).transitions[:1]:
            url = reverse("web:transition", args=[slug, record.pk, option.name])
            assert client.post(url, {}).status_code == 404


@pytest.mark.parametrize("slug", [s for s in sorted(SPECS) if SPECS[s].export])
def test_export_holds_the_row_and_is_audited(world, slug):
    spec = SPECS[slug]
    client = _client(world["owner"])
    before = AuditEvent.objects.filter(action="export").count()
    response = client.get(reverse("web:export", args=[slug]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [c.value for c in sheet[1]] == [c.label for c in spec.column_list]
    assert sheet.max_row == 2
    event = AuditEvent.objects.filter(action="export").order_by("-id").first()
    assert AuditEvent.objects.filter(action="export").count() == before + 1
    assert event.user_id == world["owner"].pk and event.detail["list"] == slug and event.detail["rows"] == 1


@pytest.mark.parametrize("slug", sorted(SPECS))
def test_writes_refuse_a_request_without_the_csrf_token(world, slug):
    record = world["records"][slug]
    client = _client(world["owner"], csrf=True)
    upload = client.post(reverse("web:attachment-upload", args=[slug, record.pk]), {"kind": "其他材料"})
    assert upload.status_code == 403
    if isinstance(record, WorkflowModel):
        name = procedures.get(record.procedure_name).transitions[0].name
        assert client.post(reverse("web:transition", args=[slug, record.pk, name]), {}).status_code == 403
    record.refresh_from_db()
    assert not AuditEvent.objects.filter(action="attachment.upload", object_id=str(record.pk)).exists()


@pytest.mark.parametrize("slug", sorted(SPECS))
def test_pages_stay_within_their_pinned_query_budget(world, slug):
    budget = _factories(SPECS[slug].model._meta.app_label).QUERY_BUDGETS[slug]
    client = _client(world["owner"])
    record = world["records"][slug]
    for page, url in (("list", reverse("web:list", args=[slug])), ("detail", _detail(slug, record))):
        client.get(url)  # warm: session, calendar cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) <= budget[page], f"{slug} {page}: {len(queries)} queries > {budget[page]}"


def _domain_resources() -> list:
    labels = set(_domains())
    return [r for r in resources.registered() if r.model._meta.app_label in labels]


@pytest.mark.parametrize("resource", _domain_resources(), ids=lambda r: r.slug)
def test_api_lists_and_shows_only_what_the_caller_may_see(world, resource):
    record = next(r for r in world["records"].values() if isinstance(r, resource.model))
    base = f"/api/v1/{resource.slug}/"
    mine = _client(world["owner"])
    ids = {row["id"] for row in mine.get(base).json()["results"]}
    assert record.pk in ids
    assert mine.get(f"{base}{record.pk}").status_code == 200
    for who in ("other_county", "other_department"):
        theirs = _client(world[who])
        assert record.pk not in {row["id"] for row in theirs.get(base).json()["results"]}, who
        assert theirs.get(f"{base}{record.pk}").status_code == 404, who


def test_every_domain_has_its_declarations():
    """What a domain must declare to be a domain: its records (a procedure, or registers kept on
    forms — 行政执法 starts with its 执法主体 and 执法人员), a staff page and an API resource for each
    record model, its indicators, its URL rules, its demo data, and the samples and query budgets
    the generated suites use."""
    from fazhi.demo.registry import hooks

    demo_modules = {fn.__module__ for fn in hooks()}
    indicator_domains = {i.domain for i in all_indicators(county=False)}
    api_models = {r.model for r in resources.registered()}
    problems = []
    for config in apps.get_app_configs():
        if not isinstance(config, declarations.DomainConfig):
            continue
        label = config.label
        models = [m for m in config.get_models() if issubclass(m, (WorkflowModel, ScopedModel))]
        if not models:
            problems.append(f"{label}: 没有记录")
        for model in models:
            if issubclass(model, WorkflowModel):
                procedures.get(model.procedure_name)
            if registry.for_model(model) is None:
                problems.append(f"{label}: {model.__name__} 没有员工页面")
            if model not in api_models:
                problems.append(f"{label}: {model.__name__} 没有接口资源")
        if label not in indicator_domains:
            problems.append(f"{label}: 没有指标")
        if f"{config.name}.demo" not in demo_modules:
            problems.append(f"{label}: 没有演示数据")
        try:
            module = _factories(label)
        except ModuleNotFoundError:
            problems.append(f"{label}: 缺少 tests/{label}/factories.py")
            continue
        specs = {s.slug for s in _domain_specs() if s.model._meta.app_label == label}
        if not hasattr(module, "samples") or not specs <= set(getattr(module, "QUERY_BUDGETS", {})):
            problems.append(f"{label}: factories.py 须有 samples() 和每个页面的 QUERY_BUDGETS")
    assert problems == []
    assert {"reconsideration", "lawsuits", "judicial-recommendations"} <= set(SPECS)
