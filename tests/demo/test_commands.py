"""``fazhi demo`` and ``fazhi serve`` (issue #2 item 2)."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.core.models import Organisation
from fazhi.demo import server

LOGIN_LINE = re.compile(r"^\s+(\w+)\s+(\S+)\s+(.+)$")


def run_demo(*args) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def printed_logins(output: str) -> dict[str, str]:
    lines = output.split("演示账号（", 1)[1].splitlines()[1:]
    found = {}
    for line in lines:
        m = LOGIN_LINE.match(line)
        if not m:
            break
        found[m.group(1)] = m.group(2)
    return found


@pytest.fixture
def no_server(monkeypatch):
    calls = []
    monkeypatch.setattr(server, "serve", lambda host, port, **kw: calls.append((host, port)))
    return calls


def test_demo_no_serve_builds_prints_url_and_working_logins(db, no_server):
    output = run_demo("--no-serve")
    assert "访问地址：http://127.0.0.1:8000/staff/" in output
    assert "已生成县级演示数据" in output
    logins = printed_logins(output)
    assert {
        "officer",
        "reviewer",
        "leader",
        "supervisor",
        "sysadmin",
        "secadmin",
        "auditadmin",
    } <= logins.keys()
    for username, password in logins.items():
        assert authenticate(username=username, password=password) is not None, username
    assert no_server == []

    count = Organisation.objects.count()
    second = run_demo("--no-serve")
    assert "演示数据已存在" in second and "未重复生成" in second
    assert Organisation.objects.count() == count
    renewed = printed_logins(second)
    assert renewed.keys() == logins.keys()
    assert all(renewed[u] != logins[u] for u in logins)
    assert all(authenticate(username=u, password=p) for u, p in renewed.items())


def test_demo_serves_on_the_requested_host_and_port(db, no_server):
    output = run_demo("--host", "127.0.0.1", "--port", "8123")
    assert "http://127.0.0.1:8123/staff/" in output
    assert no_server == [("127.0.0.1", 8123)]


def test_serve_refuses_an_unmigrated_database_in_chinese(db, monkeypatch, no_server):
    monkeypatch.setattr(server, "pending_migrations", lambda: ["core.0001_initial"])
    with pytest.raises(CommandError, match="数据库尚未完成初始化（还有 1 个迁移未执行）"):
        call_command("serve")
    assert no_server == []


def test_serve_starts_waitress_on_a_migrated_database(db, monkeypatch):
    import waitress

    calls = []
    monkeypatch.setattr(waitress, "serve", lambda app, **kw: calls.append((app, kw)))
    out = io.StringIO()
    call_command("serve", "--port", "8124", stdout=out)
    ((app, kw),) = calls
    assert callable(app) and kw["host"] == "127.0.0.1" and kw["port"] == 8124
    assert "http://127.0.0.1:8124/staff/" in out.getvalue()
