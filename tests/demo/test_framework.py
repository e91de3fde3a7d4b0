"""``fazhi demo`` loads the 《市县法治政府建设示范指标体系》（2021年版） through the framework loader,
idempotently."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from fazhi.core.audit.models import AuditEvent
from fazhi.demo import generator, server
from fazhi.indicators import framework as fw
from fazhi.indicators.models_framework import Framework, FrameworkItem

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_server(monkeypatch):
    monkeypatch.setattr(server, "serve", lambda host, port, **kw: None)


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def shipped_items() -> list[dict]:
    _header, items, _base, _warnings = fw.validate(fw.read_file("demonstration-2021"))
    return items


def test_demo_loads_the_2021_framework_as_shipped():
    assert not Framework.objects.exists()
    output = run("demo", "--no-serve")
    framework = fw.get_framework("2021", "demonstration")
    assert framework.title == "市县法治政府建设示范指标体系（2021年版）"
    expected = {(i["number"], i["level"], i["title"]) for i in shipped_items()}
    assert set(framework.items.values_list("number", "level", "title")) == expected
    assert f"指标体系：新载入：{framework.title}" in output
    # Exactly what `fazhi framework load` would load: loading the file again changes nothing.
    again = run("framework", "load", "demonstration-2021")
    assert f"未变{len(expected)}项" in again and "新增0项，修改0项" in again and "删除0项" in again


def test_running_the_demo_again_reloads_without_duplicating():
    generator.install("county")
    items = dict(FrameworkItem.objects.values_list("number", "pk"))
    loaded_at = Framework.objects.get(code="demonstration", version="2021").loaded_at

    output = run("demo", "--no-serve")

    assert "演示数据已存在" in output
    assert Framework.objects.filter(code="demonstration", version="2021").count() == 1
    assert dict(FrameworkItem.objects.values_list("number", "pk")) == items  # same rows, none added
    assert f"未变{len(items)}项" in output
    assert Framework.objects.get(code="demonstration", version="2021").loaded_at > loaded_at
    assert AuditEvent.objects.filter(action="indicators.framework.load").count() == 2


def test_a_demo_built_before_the_framework_shipped_gets_it_on_the_next_run():
    generator.install("county")
    for item in sorted(FrameworkItem.objects.all(), key=lambda i: -i.level):  # deepest first
        item.delete()
    Framework.objects.all().delete()

    run("demo", "--no-serve")

    assert fw.get_framework("2021", "demonstration").items.count() == len(shipped_items())
