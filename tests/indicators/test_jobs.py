"""计算并保存 as a background job (ADR 0008): the button queues a job, the user lands on its progress
page, the figures saved equal those of the synchronous computation, and a second click while one
runs for the same region and period shows the running one."""

import pytest
from django.urls import reverse

from fazhi.core.jobs.models import JobRun, JobStatus
from fazhi.core.models import DataScope
from fazhi.indicators import periods, services, tasks
from fazhi.indicators.models import IndicatorRun
from tests import factories

pytestmark = pytest.mark.django_db

Y2022 = periods.parse("2022")


def _figures(run: IndicatorRun) -> dict:
    return {
        s.code: (s.numerator, s.denominator, s.value, sorted(s.numerator_ids), sorted(s.denominator_ids))
        for s in run.snapshots.all()
    }


def test_the_button_submits_a_job_whose_runs_equal_the_synchronous_computation(
    seed000, client, city_supervisor
):
    client.force_login(city_supervisor)
    response = client.post(reverse("web:indicators-run"), {"region": "450200", "period": "2022"})
    job = JobRun.objects.get(name=tasks.REGION_RUN)
    assert response.status_code == 302 and response["Location"] == f"/staff/indicators/jobs/{job.pk}/"
    assert job.actor == city_supervisor and job.trigger == "user" and job.status == JobStatus.DONE
    assert (job.progress_done, job.progress_total) == (3, 3)
    assert job.detail["region"] == "450200" and job.detail["children"] == ["450206", "450207"]
    saved = {code: services.current_run(code, Y2022) for code in ("450200", "450206", "450207")}
    assert [r["run"] for r in job.detail["runs"]] == [saved[c].pk for c in ("450200", "450206", "450207")]
    assert all(run.actor == city_supervisor for run in saved.values())

    page = client.get(response["Location"]).content.decode()
    assert "指标计算并保存：示范市2022年" in page
    assert f"已完成计算（批次 {saved['450200'].pk}，下级区划2个一并计算，新建批次3个）" in page
    assert 'id="figures-link"' in page and "/staff/indicators/?region=450200&amp;period=2022" in page
    assert "hx-trigger" not in page  # finished: the panel stops polling
    assert "东区（450206）" in page and "西区（450207）" in page

    # The same figures as the synchronous path (the CLI) computes from the same records.
    by_job = {c: _figures(r) for c, r in saved.items()}
    IndicatorRun.objects.all().delete()
    sync = {o.run.region_code: o.run for o in services.compute_runs(["450200", "450206", "450207"], Y2022)}
    assert by_job == {c: _figures(r) for c, r in sync.items()}
    assert by_job["450206"]["reconsideration.correction_rate"][:2] == (3, 33)


def test_progress_is_reported_region_by_region(seed000, city_supervisor, monkeypatch):
    from fazhi.core.jobs import services as jobs

    seen = []
    real = jobs.progress
    monkeypatch.setattr(
        jobs, "progress", lambda run, **kw: (seen.append((kw["done"], kw.get("total"))), real(run, **kw))
    )
    region = services.get_region("450200")
    children = [services.get_region("450206"), services.get_region("450207")]
    tasks.submit_region_run(region=region, children=children, period=Y2022, actor=city_supervisor)
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_while_a_run_waits_the_page_polls_and_a_second_click_shows_it(
    seed000, client, supervisor, monkeypatch
):
    queued = []
    monkeypatch.setattr(tasks, "compute_region", queued.append)  # the consumer has not taken it yet
    client.force_login(supervisor)
    first = client.post(reverse("web:indicators-run"), {"region": "450206", "period": "2022"})
    second = client.post(reverse("web:indicators-run"), {"region": "450206", "period": "2022"}, follow=True)
    job = JobRun.objects.get(name=tasks.REGION_RUN)
    assert queued == [job.pk] and first["Location"] == second.redirect_chain[-1][0]
    page = second.content.decode()
    assert "东区2022年的计算已在进行中" in page and "无需重复提交" in page
    assert "排队等候中" in page and 'hx-trigger="every 2s"' in page
    dashboard = client.get(reverse("web:indicators"), {"region": "450206", "period": "2022"}).content.decode()
    assert 'id="run-pending"' in dashboard and f"/staff/indicators/jobs/{job.pk}/" in dashboard
    # Another period is another job.
    client.post(reverse("web:indicators-run"), {"region": "450206", "period": "2021"})
    assert JobRun.objects.filter(name=tasks.REGION_RUN).count() == 2

    # The consumer runs it: the polled panel now shows the result and the way back to the figures.
    tasks.run_region(job.pk)
    panel = client.get(f"/staff/indicators/jobs/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "已完成计算（批次" in panel and "查看计算结果" in panel and "hx-trigger" not in panel
    assert "<html" not in panel
    # Done: a new click starts a new job.
    client.post(reverse("web:indicators-run"), {"region": "450206", "period": "2022"})
    assert JobRun.objects.filter(name=tasks.REGION_RUN, detail__period="2022").count() == 2


def test_a_failed_run_says_why_in_chinese(seed000, client, supervisor, monkeypatch):
    def broken(*args, **kwargs):
        raise services.RegionError("没有区划代码为“450206”的行政区划。")

    monkeypatch.setattr(services, "compute_runs", broken)
    client.force_login(supervisor)
    page = client.post(reverse("web:indicators-run"), {"region": "450206", "period": "2022"}, follow=True)
    job = JobRun.objects.get(name=tasks.REGION_RUN)
    assert job.status == JobStatus.FAILED
    html = page.content.decode()
    assert "计算未完成，未保存新的计算批次" in html and "没有区划代码为“450206”的行政区划" in html
    assert IndicatorRun.objects.count() == 0


def test_the_job_page_is_only_for_who_may_save_that_region(seed000, client, supervisor, tree):
    client.force_login(supervisor)
    client.post(reverse("web:indicators-run"), {"region": "450206", "period": "2022"})
    job = JobRun.objects.get(name=tasks.REGION_RUN)
    west = factories.user(tree["west_gov"], roles=("supervisor",), scope=DataScope.REGION)
    client.force_login(west)
    assert client.get(f"/staff/indicators/jobs/{job.pk}/").status_code == 404
    leader = factories.user(tree["east_gov"], roles=("leader",), scope=DataScope.REGION)
    client.force_login(leader)
    assert client.get(f"/staff/indicators/jobs/{job.pk}/").status_code == 404
