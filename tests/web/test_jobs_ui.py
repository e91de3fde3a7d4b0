"""Jobs in the staff UI (ADR 0008): a large import runs as a job whose page shows its progress and
result; 后台任务 shows the system administrator what ran by itself."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from fazhi.core.jobs import services as jobs
from fazhi.core.jobs import tasks as core_tasks
from fazhi.core.jobs.models import JobRun, JobStatus
from fazhi.core.models import Organisation
from fazhi.web import imports as import_views
from fazhi.web import tasks as web_tasks
from tests import factories
from tests.reconsideration import factories as rf
from tests.web.test_imports_ui import (
    ORG_HEADERS,
    STAFF_HEADERS,
    admin_client,
    page_text,
    sysadmin,
    xlsx_upload,
)

__all__ = ["admin_client", "sysadmin"]  # fixtures


@pytest.fixture
def small_threshold(monkeypatch):
    monkeypatch.setattr(import_views, "JOB_THRESHOLD_BYTES", 100)


def test_a_large_file_is_imported_as_a_job_and_its_page_shows_the_result(
    admin_client, sysadmin, tree, small_threshold
):
    before = Organisation.objects.count()
    upload = xlsx_upload(ORG_HEADERS, [["东区财政局", "工作部门", "450206", "东区人民政府", None, "否"]])
    response = admin_client.post("/staff/import/organisations/", {"file": upload})
    run = JobRun.objects.get(name="import")
    assert response.status_code == 302 and response["Location"] == f"/staff/import/jobs/{run.pk}/"
    assert (run.actor, run.status, run.label) == (sysadmin, JobStatus.DONE, "导入单位")
    assert Organisation.objects.count() == before + 1
    assert not web_tasks.upload_path(run).exists()  # the kept upload is removed after the job

    page = admin_client.get(response["Location"])
    text = page_text(page)
    assert "导入成功：共 1 条。" in text and "共 1 行" in text
    assert "hx-get" not in text  # finished: no more polling


def test_a_large_file_with_bad_rows_lists_every_error_on_the_job_page(admin_client, tree, small_threshold):
    before = Organisation.objects.count()
    upload = xlsx_upload(
        ORG_HEADERS,
        [
            ["东区教育局", "科室", "450206", "东区人民政府", None, "否"],
            ["北区人民政府", "人民政府", "450299", None, None, "否"],
        ],
    )
    response = admin_client.post("/staff/import/organisations/", {"file": upload}, follow=True)
    text = page_text(response)
    assert re.search(r"导入失败：.*未导入任何数据", text)
    table = text.split('id="import-errors"')[1].split("</table>")[0]
    rows = re.findall(r'<tr><td class="nowrap">(\d+)</td><td>([^<]*)</td>', table)
    assert set(rows) == {("2", "类型"), ("3", "所属区划代码")}
    assert Organisation.objects.count() == before


def test_staff_accounts_are_never_queued_because_their_passwords_are_shown_once(
    admin_client, tree, small_threshold
):
    upload = xlsx_upload(STAFF_HEADERS, [["zhangsan", "张三", "东区司法局", "承办人", "本单位"]])
    response = admin_client.post("/staff/import/staff/", {"file": upload})
    # On the screen a staff import only requests the accounts (docs/security.md 29): never queued.
    assert response.status_code == 200 and 'id="staff-pending"' in response.content.decode()
    assert not JobRun.objects.filter(name="import").exists()


def test_a_waiting_or_running_job_page_polls_itself_with_htmx(admin_client, sysadmin):
    run = JobRun.objects.create(name="import", label="导入单位", trigger="user", actor=sysadmin)
    page = admin_client.get(f"/staff/import/jobs/{run.pk}/")
    text = page_text(page)
    assert "排队等候中" in text
    assert f'hx-get="/staff/import/jobs/{run.pk}/" hx-trigger="every 2s"' in text
    assert "<script>" not in text  # no inline script (CSP)

    JobRun.objects.filter(pk=run.pk).update(
        status=JobStatus.RUNNING,
        started_at=timezone.now() - dt.timedelta(seconds=7),
        progress_text="正在读取、校验并保存各行数据",
    )
    part = admin_client.get(f"/staff/import/jobs/{run.pk}/", headers={"HX-Request": "true"})
    text = page_text(part)
    assert text.strip().startswith("<section") and "<html" not in text  # only the panel
    assert "正在读取、校验并保存各行数据（已用时 7 秒）" in text and "hx-get" in text

    # Rows reached inside the import's transaction are reported outside the database.
    JobRun.objects.filter(pk=run.pk).update(progress_total=200)
    jobs.report_live(run, 50)
    text = page_text(admin_client.get(f"/staff/import/jobs/{run.pk}/", headers={"HX-Request": "true"}))
    assert "已处理 50 / 200 行（25%）" in text and 'max="100" value="25"' in text


def test_a_running_import_reports_each_row_it_reaches(admin_client, tree, small_threshold, monkeypatch):
    reports = []
    monkeypatch.setattr(web_tasks, "REPORT_EVERY", 0)
    monkeypatch.setattr(jobs, "report_live", lambda run, done: reports.append(done))
    rows = [[f"东区第{i}局", "工作部门", "450206", "东区人民政府", None, "否"] for i in range(1, 4)]
    admin_client.post("/staff/import/organisations/", {"file": xlsx_upload(ORG_HEADERS, rows)})
    assert reports == [1, 2, 3]
    run = JobRun.objects.get(name="import")
    assert (run.progress_done, run.progress_total) == (3, 3)


def test_a_job_page_is_404_for_anyone_but_its_submitter(sysadmin, tree, login):
    run = JobRun.objects.create(name="import", label="导入单位", trigger="user", actor=sysadmin)
    other = login(factories.user(None, roles=("sysadmin",), username="sysadmin2"))
    assert other.get(f"/staff/import/jobs/{run.pk}/").status_code == 404


def test_the_system_administrator_sees_what_ran_by_itself(admin_client, tree):
    officer = factories.user(tree["east_justice"], roles=("officer", "reviewer"))
    case = rf.registered(tree["east_justice"], officer, dt.date(2026, 9, 25))
    core_tasks.deadlines_now("schedule")  # immediate mode in tests: runs at once
    page = admin_client.get("/staff/jobs/")
    text = page_text(page)
    assert "法定期限自动办理（视为受理等）" in text and "定时" in text and "已完成" in text
    assert "自动办理1件" in text
    assert 'href="/staff/jobs/"' in text  # nav entry 后台任务
    case.refresh_from_db()
    assert case.status == "accepted"
    other = Client()
    other.post("/staff/login/", {"username": officer.username, "password": factories.PASSWORD})
    assert other.get("/staff/").status_code == 200
    assert other.get("/staff/jobs/").status_code == 404


def test_an_import_job_that_breaks_says_so_and_keeps_no_file(
    admin_client, tree, small_threshold, monkeypatch
):
    def broken(*args, **kwargs):
        raise OSError("磁盘已满")

    monkeypatch.setattr(web_tasks.excel, "run_import", broken)
    upload = xlsx_upload(ORG_HEADERS, [["东区财政局", "工作部门", "450206", "东区人民政府", None, "否"]])
    response = admin_client.post("/staff/import/organisations/", {"file": upload}, follow=True)
    run = JobRun.objects.get(name="import")
    assert run.status == JobStatus.FAILED and not web_tasks.upload_path(run).exists()
    text = page_text(response)
    assert "运行出错：磁盘已满" in text and "hx-get" not in text


def test_the_page_warns_when_no_scheduled_run_happened_for_half_an_hour(admin_client, tree):
    text = page_text(admin_client.get("/staff/jobs/"))
    assert "后台任务处理似乎没有在运行" in text and "还没有定时的期限检查记录" in text

    core_tasks.deadlines_now("schedule")
    assert 'id="jobs-idle"' not in admin_client.get("/staff/jobs/").content.decode()

    JobRun.objects.filter(name="deadlines").update(created_at=timezone.now() - dt.timedelta(minutes=31))
    text = page_text(admin_client.get("/staff/jobs/"))
    assert "后台任务处理似乎没有在运行" in text and "fazhi worker" in text


def test_a_small_file_that_unpacks_large_is_imported_as_a_job(admin_client, tree, monkeypatch):
    """Issue 10 item 7: a 154 KB .xlsx held a million rows; the size decides after unpacking too."""
    monkeypatch.setattr(import_views, "JOB_THRESHOLD_UNPACKED_BYTES", 1000)
    upload = xlsx_upload(ORG_HEADERS, [["东区财政局", "工作部门", "450206", "东区人民政府", None, "否"]])
    assert upload.size < import_views.JOB_THRESHOLD_BYTES
    response = admin_client.post("/staff/import/organisations/", {"file": upload})
    run = JobRun.objects.get(name="import")
    assert response.status_code == 302 and response["Location"] == f"/staff/import/jobs/{run.pk}/"
