"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against the live test server."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("FAZHI_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        if os.environ.get("FAZHI_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; browser tests are required here")
        pytest.skip("Chromium not installed (set FAZHI_REQUIRE_BROWSER=1 to make this an error)")
    # Playwright's sync API runs an event loop in this thread; the tests' ORM calls are still sync.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(autouse=True)
def calendar_rows(transactional_db):
    """Transactional tests flush the tables between tests, data migrations included: put the
    seeded holiday calendar back so due dates in the browser are the real ones, not provisional."""
    from fazhi.core.calendar.seed import seed
    from fazhi.core.calendar.services import invalidate_calendar

    seed()
    invalidate_calendar()
