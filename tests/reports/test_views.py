"""The report in the staff UI: create, write a part with a figure, see the checks, download, sign
off; only 依法治县办 / 分管领导 with whole-region scope, and only their own region's reports."""

import io
import re

import pytest
from django.utils import timezone
from docx import Document

from fazhi.core.models import DataScope
from fazhi.reports.models import AnnualReport, ReportStatus
from tests import factories
from tests.reports.conftest import NARRATIVE

pytestmark = pytest.mark.django_db


def test_supervisor_creates_writes_checks_downloads_and_signs_off(client, seed000, tree, supervisor):
    client.force_login(supervisor)
    page = client.get("/staff/annual-reports/")
    assert page.status_code == 200 and "新建报告" in page.content.decode()
    # The title hint is the title the supervisor's region would get, not a "××" placeholder.
    last_year = timezone.localdate().year - 1
    assert f"不填则为“东区{last_year}年度法治政府建设工作报告”" in page.content.decode()
    assert "××" not in page.content.decode()
    response = client.post("/staff/annual-reports/", {"region": "450206", "year": "2022", "title": ""})
    report = AnnualReport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/staff/annual-reports/{report.pk}/"
    assert report.title == "东区2022年度法治政府建设工作报告" and report.organisation == tree["east_gov"]

    detail = client.get(f"/staff/annual-reports/{report.pk}/").content.decode()
    assert detail.count("缺少第") == 5  # every part missing yet
    assert "{{reconsideration.correction_rate}}" in detail  # the figures one may quote

    form = client.get(f"/staff/annual-reports/{report.pk}/parts/measures/")
    assert form.status_code == 200 and "主要举措和成效" in form.content.decode()
    for key, text in NARRATIVE.items():
        saved = client.post(f"/staff/annual-reports/{report.pk}/parts/{key}/", {"text": text})
        assert saved.status_code == 302
    detail = client.get(f"/staff/annual-reports/{report.pk}/").content.decode()
    assert "缺少第" not in detail
    # Each figure is a link to its records (fazhi.reports.richtext.to_page_html): read the text.
    assert "纠错率9.1%（纠错3件）" in re.sub(r"<[^>]+>", "", detail)
    assert "五个部分齐全" in detail

    generated = client.post(f"/staff/annual-reports/{report.pk}/generate/", follow=True)
    assert "下载 Word 文档" in generated.content.decode()
    run_url = generated.redirect_chain[-1][0]
    download = client.get(f"{run_url}download/")
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in download["Content-Disposition"]
    texts = [p.text for p in Document(io.BytesIO(b"".join(download.streaming_content))).paragraphs]
    assert any("纠错率9.1%" in t for t in texts)

    assert client.post(f"/staff/annual-reports/{report.pk}/sign-off/").status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SIGNED_OFF and report.run_id
    detail = client.get(f"/staff/annual-reports/{report.pk}/").content.decode()
    assert "已定稿" in detail and "/parts/measures/" not in detail
    # A signed-off report refuses edits.
    client.post(f"/staff/annual-reports/{report.pk}/parts/other/", {"text": "改"})
    report.refresh_from_db()
    assert report.other == NARRATIVE["other"]


def test_missing_part_is_shown_as_a_warning(client, report, supervisor):
    client.force_login(supervisor)
    client.post(f"/staff/annual-reports/{report.pk}/parts/next_year_plan/", {"text": ""})
    detail = client.get(f"/staff/annual-reports/{report.pk}/").content.decode()
    assert "缺少第四部分“下一年度工作计划”" in detail


def test_other_roles_and_other_regions_get_404(client, report, tree):
    officer = factories.user(tree["east_justice"], roles=("officer",), scope=DataScope.REGION)
    client.force_login(officer)
    assert client.get("/staff/annual-reports/").status_code == 404
    assert client.get(f"/staff/annual-reports/{report.pk}/").status_code == 404

    west = factories.user(tree["west_gov"], roles=("supervisor",), scope=DataScope.REGION)
    client.force_login(west)
    assert client.get("/staff/annual-reports/").status_code == 200
    assert client.get(f"/staff/annual-reports/{report.pk}/").status_code == 404
    assert client.post(f"/staff/annual-reports/{report.pk}/generate/").status_code == 404
    assert client.post(f"/staff/annual-reports/{report.pk}/sign-off/").status_code == 404
    # …nor may they create a report for a region outside their scope.
    response = client.post("/staff/annual-reports/", {"region": "450206", "year": "2023"})
    assert response.status_code == 400 and AnnualReport.objects.count() == 1

    leader = factories.user(tree["east_gov"], roles=("leader",), scope=DataScope.REGION)
    client.force_login(leader)
    assert client.get(f"/staff/annual-reports/{report.pk}/").status_code == 200  # reads
    assert client.get(f"/staff/annual-reports/{report.pk}/parts/other/").status_code == 404  # does not write


def test_city_supervisor_sees_county_reports(client, report, tree):
    city_gov = factories.organisation("示范市人民政府", tree["city"], kind="government")
    city = factories.user(city_gov, roles=("supervisor",), scope=DataScope.REGION)
    client.force_login(city)
    assert report.title in client.get("/staff/annual-reports/").content.decode()
    assert client.get(f"/staff/annual-reports/{report.pk}/").status_code == 200


def test_particulars_are_edited_on_their_own_page_and_audited(client, report, supervisor, tree):
    from fazhi.core.audit.models import AuditEvent

    client.force_login(supervisor)
    url = f"/staff/annual-reports/{report.pk}/particulars/"
    assert "公文要素" in client.get(f"/staff/annual-reports/{report.pk}/").content.decode()
    bad = client.post(url, {"issuer": "", "addressee": "", "document_number": "", "written_on": "2023-02-30"})
    assert bad.status_code == 400 and "未保存" in bad.content.decode()
    report.refresh_from_db()
    assert report.written_on is None
    saved = client.post(
        url,
        {
            "issuer": "",
            "addressee": "示范市人民政府",
            "document_number": "东政〔2023〕5号",
            "written_on": "2023-01-20",
        },
    )
    assert saved.status_code == 302 and saved["Location"].endswith("#particulars")
    report.refresh_from_db()
    assert (report.addressee, report.document_number) == ("示范市人民政府", "东政〔2023〕5号")
    event = AuditEvent.objects.filter(action="reports.edit").latest("id")
    assert event.detail["part"] == "particulars"
    detail = client.get(f"/staff/annual-reports/{report.pk}/").content.decode()
    assert "示范市人民政府" in detail and "2023年1月20日" in detail

    other = factories.user(tree["west_gov"], roles=("supervisor",), scope=DataScope.REGION, username="w")
    client.force_login(other)
    assert client.get(url).status_code == 404
