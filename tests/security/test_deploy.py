"""docs/security.md 23: `check --deploy` is clean with production settings; HSTS (production), nosniff,
CSP without inline script, X-Frame-Options DENY and Referrer-Policy on responses; CSRF on every form."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

import fazhi
from tests import factories

ROOT = Path(fazhi.__file__).resolve().parent
TEMPLATES = sorted(p for p in ROOT.rglob("templates/**/*.html"))


def _production_env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FAZHI_", "DJANGO_"))}
    env.update(
        FAZHI_DATA_DIR=str(tmp_path),
        FAZHI_PRODUCTION="1",
        FAZHI_SECRET_KEY=secrets.token_urlsafe(64),
        FAZHI_ALLOWED_HOSTS="fazhi.example.gov.cn",
        DJANGO_SETTINGS_MODULE="fazhi.settings",
    )
    return env


def _run(code_or_args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *code_or_args], env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = _run(
        ["-c", "from fazhi.cli import main; main()", "check", "--deploy", "--fail-level", "WARNING"],
        _production_env(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_complains_without_production_settings(tmp_path):
    env = _production_env(tmp_path)
    env.pop("FAZHI_PRODUCTION")
    result = _run(
        ["-c", "from fazhi.cli import main; main()", "check", "--deploy", "--fail-level", "WARNING"], env
    )
    assert result.returncode != 0  # the check itself works: the development settings are not deployable
    assert "SECURE_HSTS_SECONDS" in result.stderr + result.stdout


PROBE = """
import json, django
django.setup()
from django.test import Client
r = Client(HTTP_HOST="fazhi.example.gov.cn").get("/api/v1/health", secure=True)
plain = Client(HTTP_HOST="fazhi.example.gov.cn").get("/api/v1/health")
print(json.dumps({"status": r.status_code, "headers": dict(r.headers),
                  "plain_status": plain.status_code, "plain_location": plain.get("Location", "")}))
"""


def test_production_responses_carry_hsts_and_redirect_to_https(tmp_path):
    result = _run(["-c", PROBE], _production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["status"] == 200
    hsts = out["headers"]["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts
    assert out["plain_status"] == 301 and out["plain_location"].startswith("https://")
    assert out["headers"]["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in out["headers"]["Content-Security-Policy"]


def _csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/staff/login/", "/api/v1/health", "/api/v1/docs", "/admin/login/"])
def test_security_headers_on_every_kind_of_page(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    csp = _csp_directives(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]  # no inline script, no eval, no other origin
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
def test_static_files_carry_the_headers_too(client):
    response = client.get("/static/fazhi/app.js")
    assert response.status_code == 200
    assert "Content-Security-Policy" in response
    assert response["X-Content-Type-Options"] == "nosniff"


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I)
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
JS_URL = re.compile(r"(href|src|action)\s*=\s*[\"']\s*javascript:", re.I)


def test_no_template_has_inline_script_or_event_handlers():
    assert TEMPLATES
    found = []
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, HANDLER, JS_URL):
            found += [f"{path.relative_to(ROOT)}: {m.group(0)[:80]}" for m in pattern.finditer(text)]
    # json_script-style data blocks are allowed (type="application/json" is not executed).
    found = [f for f in found if "application/json" not in f]
    assert not found, "内联脚本会被 CSP 拦截：\n" + "\n".join(found)


FORM = re.compile(r"<form\b[^>]*>(.*?)</form>", re.I | re.S)


def test_every_post_form_in_the_templates_carries_a_csrf_token():
    missing = []
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for match in FORM.finditer(text):
            opening = match.group(0)[: match.group(0).index(">") + 1]
            if re.search(r"method\s*=\s*[\"']?post", opening, re.I) and "csrf_token" not in match.group(1):
                missing.append(f"{path.relative_to(ROOT)}: {opening[:80]}")
    assert not missing, "POST 表单缺少 {% csrf_token %}：\n" + "\n".join(missing)


@pytest.mark.django_db
def test_post_without_csrf_token_is_refused_on_staff_and_public_forms(tree):
    from django.test import Client

    officer = factories.user(tree["east_justice"], roles=("officer",), username="csrf_officer")
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    register = reverse("web:create", args=["reconsideration"])
    urls = (
        register,
        reverse("web:create", args=["lawsuits"]),
        reverse("web:import-index"),
        reverse("web:logout"),
    )
    for url in urls:
        assert client.post(url, {"title": "x"}).status_code == 403, url
    # the same form with its token goes through CSRF (and fails or succeeds on its own merits)
    page = client.get(register)
    token = (
        page.cookies["csrftoken"].value if "csrftoken" in page.cookies else client.cookies["csrftoken"].value
    )
    assert client.post(register, {"csrfmiddlewaretoken": token}).status_code != 403
    anonymous = Client(enforce_csrf_checks=True)
    assert anonymous.post(reverse("portal:reconsideration_portal:apply"), {}).status_code == 403
    assert anonymous.post(reverse("web:login"), {"username": "a", "password": "b"}).status_code == 403
