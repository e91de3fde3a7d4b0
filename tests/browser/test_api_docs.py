"""The API docs page renders in real Chromium with every request kept on this server (no CDN)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def chromium_page(browser):
    """A page of the session's Chromium (tests/browser/conftest.py): one Playwright per session —
    a second ``sync_playwright`` while the first runs fails ("Sync API inside the asyncio loop")."""
    context = browser.new_context()
    yield context.new_page()
    context.close()


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
