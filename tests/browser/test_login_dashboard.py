import datetime as dt
import subprocess

import pytest
from django.utils import timezone

from fazhi.core.workflow import engine
from tests import factories
from tests.sampleapp.models import SampleMatter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_logs_in_and_sees_overdue_matter_in_chinese(live_server, page, artifacts, tree):
    officer = factories.user(
        tree["east_justice"], roles=("officer", "reviewer"), username="wanglin", full_name="王林"
    )
    matter = engine.create(
        SampleMatter,
        actor=officer,
        title="不服罚款决定申请复议",
        applicant="张三",
        organisation=tree["east_justice"],
    )
    old = timezone.localdate() - dt.timedelta(days=40)
    engine.perform(matter, "register", actor=officer, data={"received_on": old.isoformat()})

    page.goto(f"{live_server.url}/staff/")
    page.fill("input[name=username]", "wanglin")
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/staff/")

    body = page.inner_text("body")
    assert "待办" in body
    assert "受理审查期限" in body and "超期" in body
    shot = artifacts / "dashboard.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    # Chinese glyphs need a CJK font on the machine; without one the screenshot shows boxes.
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    assert fonts.strip(), "no CJK font installed (fonts-noto-cjk)"
