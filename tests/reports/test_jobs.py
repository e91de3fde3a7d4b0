"""生成 Word 文档 as a background job (ADR 0008): the report page queues it, the run's page shows the
document for download when done, the file is kept readable by the server only and deleted with its
run, generation and every download are audited, and nobody else reaches it."""

import datetime as dt
import io
import stat

import pytest
from django.utils import timezone
from docx import Document

from fazhi.core.audit.models import AuditEvent
from fazhi.core.jobs import services as jobs
from fazhi.core.jobs import tasks as core_tasks
from fazhi.core.jobs.models import JobRun, JobStatus, JobTrigger
from fazhi.core.models import DataScope
from fazhi.reports import services, tasks
from tests import factories

pytestmark = pytest.mark.django_db


def _generate(client, report):
    response = client.post(f"/staff/annual-reports/{report.pk}/generate/")
    run = JobRun.objects.filter(name=tasks.GENERATE).latest("id")
    assert response.status_code == 302 and response["Location"] == f"/staff/annual-reports/jobs/{run.pk}/"
    return run


def test_the_document_is_generated_by_a_job_kept_0600_and_downloaded_with_an_audit_row(
    client, report, supervisor
):
    client.force_login(supervisor)
    run = _generate(client, report)
    assert run.actor == supervisor and run.trigger == "user" and run.status == JobStatus.DONE
    assert (run.progress_done, run.progress_total) == (4, 4)
    path = jobs.result_file(run)
    assert path is not None and stat.S_IMODE(path.stat().st_mode) == 0o600
    generated = AuditEvent.objects.get(action="reports.generate")
    assert generated.user_id == supervisor.pk and generated.object_id == str(report.pk)
    assert generated.detail["job"] == run.pk and generated.detail["size"] == path.stat().st_size

    page = client.get(f"/staff/annual-reports/jobs/{run.pk}/").content.decode()
    assert f"已生成“{report.title}”（草稿" in page and 'id="document-link"' in page
    kept = timezone.localdate(run.finished_at) + dt.timedelta(days=180)
    assert f"保留至 {kept:%Y-%m-%d}" in page and "hx-trigger" not in page

    download = client.get(f"/staff/annual-reports/jobs/{run.pk}/download/")
    assert download.status_code == 200 and download["Content-Type"] == services.DOCX_TYPE
    assert "%E8%8D%89%E7%A8%BF" in download["Content-Disposition"]  # …（草稿）.docx
    body = b"".join(download.streaming_content)
    texts = [p.text for p in Document(io.BytesIO(body)).paragraphs]
    assert any("纠错率9.1%" in t for t in texts)
    # The same document as generating it at once (the CLI).
    direct, _ = services.generate(report)
    assert [p.text for p in Document(io.BytesIO(direct)).paragraphs] == texts
    downloaded = AuditEvent.objects.get(action="reports.download")
    assert downloaded.user_id == supervisor.pk and downloaded.detail["job"] == run.pk

    # The report page lists the user's generated documents.
    detail = client.get(f"/staff/annual-reports/{report.pk}/").content.decode()
    assert f"/staff/annual-reports/jobs/{run.pk}/" in detail and "我生成的文档" in detail


def test_the_kept_document_is_deleted_with_its_run(client, report, supervisor):
    client.force_login(supervisor)
    run = _generate(client, report)
    path = jobs.result_file(run)
    JobRun.objects.filter(pk=run.pk).update(finished_at=timezone.now() - dt.timedelta(days=181))
    core_tasks.run_prune(trigger=JobTrigger.SCHEDULE)
    assert not JobRun.objects.filter(pk=run.pk).exists() and not path.exists()


def test_a_second_click_while_it_runs_shows_the_running_one(client, report, supervisor, monkeypatch):
    queued = []
    monkeypatch.setattr(tasks, "generate_report", queued.append)
    client.force_login(supervisor)
    first = _generate(client, report)
    again = client.post(f"/staff/annual-reports/{report.pk}/generate/", follow=True)
    assert queued == [first.pk] and JobRun.objects.filter(name=tasks.GENERATE).count() == 1
    page = again.content.decode()
    assert (
        "正在生成，下面是正在进行的任务" in page and "排队等候中" in page and 'hx-trigger="every 2s"' in page
    )
    assert client.get(f"/staff/annual-reports/jobs/{first.pk}/download/").status_code == 404
    tasks.run_generate(first.pk)
    panel = client.get(f"/staff/annual-reports/jobs/{first.pk}/", headers={"HX-Request": "true"})
    assert "下载 Word 文档" in panel.content.decode() and "<html" not in panel.content.decode()


def test_only_who_generated_it_reaches_the_run_and_the_file(client, report, supervisor, tree):
    client.force_login(supervisor)
    run = _generate(client, report)
    colleague = factories.user(tree["east_gov"], roles=("leader",), scope=DataScope.REGION)
    client.force_login(colleague)
    assert client.get(f"/staff/annual-reports/jobs/{run.pk}/").status_code == 404
    assert client.get(f"/staff/annual-reports/jobs/{run.pk}/download/").status_code == 404
    # The submitter who lost the role no longer reaches it either.
    supervisor.roles = ["officer"]
    supervisor.save()
    client.force_login(supervisor)
    assert client.get(f"/staff/annual-reports/jobs/{run.pk}/download/").status_code == 404
    assert not AuditEvent.objects.filter(action="reports.download").exists()


def test_a_job_for_an_account_that_lost_the_role_fails_in_chinese(client, report, supervisor, monkeypatch):
    monkeypatch.setattr(tasks, "generate_report", lambda run_id: None)
    client.force_login(supervisor)
    run = _generate(client, report)
    supervisor.roles = ["officer"]
    supervisor.save()
    with pytest.raises(jobs.JobError):
        tasks.run_generate(run.pk)
    run.refresh_from_db()
    assert (
        run.status == JobStatus.FAILED and run.summary == "生成失败：报告已不存在，或您已无权查看这份报告。"
    )
    assert jobs.result_file(run) is None and not AuditEvent.objects.filter(action="reports.generate").exists()
