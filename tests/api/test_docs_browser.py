"""The API docs page renders in real Chromium with every request kept on this server (no CDN)."""

import os
import shutil
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = os.environ.get("FAZHI_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture
def chromium_page():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        if os.environ.get("FAZHI_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; browser tests are required here")
        pytest.skip("Chromium not installed (set FAZHI_REQUIRE_BROWSER=1 to make this an error)")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
        )
        yield browser.new_page()
        browser.close()


def test_docs_render_without_any_outside_request(live_server, chromium_page):
    page = chromium_page
    outside = []

    def guard(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=15_000)

    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any(p.strip().endswith("/api/v1/me") for p in paths), paths
    assert "法治政府建设工作平台 API" in page.inner_text("body")
    assert outside == []
