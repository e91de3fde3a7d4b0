"""案卷评查 and 执法监督: the random draw (reproducible, once, never outside the county), a failed
否决项 fails the file whatever its total, points over an item's 分值 are refused in Chinese and nothing
saved, an open 整改通知 on the department's 待办 (overdue after its deadline), and seed 001's figures
(619 files submitted, 44 reviewed in 2022 → 抽查率 7.11%)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.audit.models import AuditEvent
from fazhi.core.models import DataScope
from fazhi.enforcement.models_review import (
    ActKind,
    CaseFile,
    FileReview,
    Rectification,
    ReviewPlan,
    ReviewResult,
    ReviewScore,
)
from fazhi.enforcement.services_review import DrawRefused, candidates, draw, selection
from fazhi.indicators import periods, registry
from tests import factories
from tests.enforcement import factories as ef

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def people(tree):
    return {
        "market": factories.user(tree["east_market"], roles=("officer",), username="shichang"),
        "justice": factories.user(
            tree["east_justice"], roles=("supervisor",), scope=DataScope.REGION, username="sifa"
        ),
        "west": factories.user(tree["west_justice"], roles=("officer",), scope=DataScope.REGION),
    }


def _files(org, actor, n, **fields):
    return [ef.case_file(org, actor, **fields) for _ in range(n)]


def test_the_draw_is_reproducible_once_and_audited(tree, people):
    justice = people["justice"]
    _files(tree["east_market"], people["market"], 6)
    _files(tree["east_justice"], justice, 3)
    _files(tree["east_market"], people["market"], 2, closed_on=D(2024, 12, 1))  # outside the period
    plan = ef.review_plan(tree["east_justice"], justice, sample_count=2)
    expected = selection(plan, list(candidates(plan, justice)), 42)
    chosen = draw(plan, justice, seed=42)
    assert {k: [f.pk for f in v] for k, v in chosen.items()} == {
        k: [f.pk for f in v] for k, v in expected.items()
    }
    plan.refresh_from_db()
    assert (plan.draw_seed, plan.drawn_by) == (42, justice)
    assert CaseFile.objects.filter(drawn_in=plan).count() == 4  # 2 per department
    assert not CaseFile.objects.filter(drawn_in=plan, closed_on__lt=D(2025, 1, 1)).exists()
    event = AuditEvent.objects.get(action="enforcement.case_files_drawn")
    assert event.detail["seed"] == 42
    with pytest.raises(DrawRefused, match="不能重复抽取"):
        draw(plan, justice, seed=42)
    assert AuditEvent.objects.filter(action="enforcement.case_files_drawn").count() == 1


def test_the_draw_never_takes_another_countys_files(tree, people):
    west_market = factories.organisation("西区市场监督管理局", tree["west"], parent=tree["west_gov"])
    west_officer = factories.user(west_market, roles=("officer",))
    _files(west_market, west_officer, 5)
    mine = _files(tree["east_market"], people["market"], 1)
    plan = ef.review_plan(tree["east_justice"], people["justice"], sample_percent=100, sample_count=None)
    draw(plan, people["justice"], seed=3)
    assert list(CaseFile.objects.filter(drawn_in__isnull=False)) == mine


def test_the_draw_button_on_the_plans_page(client, tree, people):
    _files(tree["east_market"], people["market"], 3)
    plan = ef.review_plan(tree["east_justice"], people["justice"])
    client.force_login(people["justice"])
    page = client.get(f"/staff/enforcement-review-plans/{plan.pk}/").content.decode()
    assert "随机抽取案卷" in page
    response = client.post(f"/staff/enforcement-review-plans/{plan.pk}/draw/", follow=True)
    assert "已从1个单位随机抽取案卷2件" in response.content.decode()
    again = client.post(f"/staff/enforcement-review-plans/{plan.pk}/draw/", follow=True).content.decode()
    assert "不能重复抽取" in again and "各单位评查结果" in again
    client.force_login(people["west"])
    assert client.post(f"/staff/enforcement-review-plans/{plan.pk}/draw/").status_code == 404


def _drawn(tree, people):
    ef.case_file(tree["east_market"], people["market"])
    plan = ef.review_plan(tree["east_justice"], people["justice"], sample_count=1)
    draw(plan, people["justice"], seed=1)
    return plan, plan.drawn_files.get()


def test_results_are_computed_and_a_failed_veto_item_fails_the_file(tree, people):
    _, drawn = _drawn(tree, people)
    good = ef.file_review(tree["east_justice"], people["justice"], drawn, points=(20, 38, 35))
    good.refresh_from_db()
    assert (good.total, good.result) == (93, ReviewResult.EXCELLENT)
    vetoed = ef.file_review(
        tree["east_justice"], people["justice"], drawn, points=(20, 40, 40), veto_failed=True
    )
    vetoed.refresh_from_db()
    assert (vetoed.total, vetoed.result) == (100, ReviewResult.FAILED)
    low = ef.file_review(tree["east_justice"], people["justice"], drawn, points=(20, 30, 29))
    low.refresh_from_db()
    assert low.result == ReviewResult.FAILED  # 79 < 80


def test_points_over_an_items_value_are_refused_and_nothing_saved(tree, people):
    _, drawn = _drawn(tree, people)
    with pytest.raises(ValidationError) as exc:
        ef.file_review(tree["east_justice"], people["justice"], drawn, points=(20, 45, 35))
    assert "“事实清楚，证据确凿”的得分不能超过分值40分。" in str(exc.value.messages)
    assert not FileReview.objects.exists() and not ReviewScore.objects.exists()


def test_points_over_value_on_the_page(client, tree, people):
    _, drawn = _drawn(tree, people)
    items = list(drawn.drawn_in.sheet.items.order_by("pk"))
    client.force_login(people["justice"])
    data = {
        "organisation": tree["east_justice"].pk,
        "case_file": drawn.pk,
        "reviewer": "张明",
        "reviewed_on": "2026-01-20",
        "scores-TOTAL_FORMS": "3",
        "scores-INITIAL_FORMS": "0",
    }
    for i, (item, p) in enumerate(zip(items, (20, 45, 35), strict=True)):
        data |= {f"scores-{i}-item": item.pk, f"scores-{i}-points": p}
    response = client.post("/staff/enforcement-file-reviews/new/", data)
    assert response.status_code == 400
    assert "得分不能超过分值40分" in response.content.decode()
    assert not FileReview.objects.exists()


def test_an_open_rectification_is_on_the_departments_dashboard_and_overdue_after_its_deadline(tree, people):
    from fazhi.enforcement.dashboard_review import rectifications

    _, drawn = _drawn(tree, people)
    failed = ef.file_review(tree["east_justice"], people["justice"], drawn, points=(20, 10, 10))
    failed.refresh_from_db()
    from fazhi.core import records

    notice = records.record_create(
        Rectification,
        actor=people["justice"],
        organisation=tree["east_market"],
        data={
            "review": failed,
            "notice_on": D(2026, 2, 1),
            "deadline": D(2026, 3, 1),
            "content": "整改证据问题",
        },
    )
    [item] = rectifications(people["market"], D(2026, 2, 20))
    assert not item.overdue and item.due_date == D(2026, 3, 1) and "东区市场监督管理局" in item.title
    [item] = rectifications(people["market"], D(2026, 3, 2))
    assert item.overdue
    assert rectifications(people["west"], D(2026, 3, 2)) == []
    Rectification.objects.filter(pk=notice.pk).update(
        progress="已补充证据并重新归档。", completed_on=D(2026, 2, 25)
    )
    assert rectifications(people["market"], D(2026, 3, 2)) == []


def test_seed_001_figures_come_out_of_the_records(tree, people):
    market = tree["east_market"]
    common = {"organisation": market, "region_code": market.region_id, "act_kind": ActKind.PENALTY}
    files = CaseFile.objects.bulk_create(
        CaseFile(
            **common, case_number=f"罚{i}", title="案", closed_on=D(2022, 3, 1), submitted_on=D(2022, 11, 1)
        )
        for i in range(619)
    )
    plan = ef.review_plan(tree["east_justice"], people["justice"], year=2022, closed_from=D(2022, 1, 1),
                          closed_to=D(2022, 12, 31))  # fmt: skip
    CaseFile.objects.filter(pk__in=[f.pk for f in files[:44]]).update(drawn_in=plan)
    justice = tree["east_justice"]
    FileReview.objects.bulk_create(
        FileReview(
            organisation=justice,
            region_code=justice.region_id,
            case_file=f,
            reviewer="张明",
            reviewed_on=D(2022, 12, 10),
            total=85 if i else 60,
            result=ReviewResult.PASSED if i else ReviewResult.FAILED,
        )  # fmt: skip
        for i, f in enumerate(files[:44])
    )
    codes = [
        "enforcement.case_files_submitted",
        "enforcement.case_files_reviewed",
        "enforcement.case_file_review_rate",
        "enforcement.case_file_pass_rate",
    ]
    indicators = [registry.get(c) for c in codes]
    period = periods.year(2022)
    out = registry.evaluate(indicators, [market.region_id], period.start, period.end)[market.region_id]
    assert [out[c].numerator for c in codes] == [619, 44, 44, 43]
    rate = registry.get("enforcement.case_file_review_rate")
    assert rate.show(out[rate.code].value(rate.unit)) == "7.11%"
    assert not rate.reported_only


def test_submitted_files_import_and_are_not_doubled(tree, people):
    from fazhi.core.excel import services as excel
    from tests.enforcement.test_lists import _sheet

    rows = [
        {"案号": "东市监罚〔2025〕1号", "案件名称": "无证经营案", "执法行为种类": "行政处罚",
         "结案日期": "2025-05-01", "报送日期": "2025-12-01"},
        {"案号": "东市监罚〔2025〕2号", "案件名称": "超范围经营案", "执法行为种类": "行政处罚",
         "结案日期": "2025-06-01", "报送日期": "2025-12-01"},
    ]  # fmt: skip
    data = _sheet("enforcement-case-files", rows)
    import io

    result = excel.run_import("enforcement-case-files", io.BytesIO(data), actor=people["market"])
    assert result.errors == [] and result.created == 2, result.messages
    assert excel.run_import("enforcement-case-files", io.BytesIO(data), actor=people["market"]).created == 0
    assert CaseFile.objects.filter(organisation=tree["east_market"]).count() == 2


def test_demo_has_a_drawn_plan_partly_scored_and_an_overdue_rectification(tree, people):
    import random

    from django.utils import timezone

    from fazhi.core.models import Organisation
    from fazhi.enforcement.dashboard_review import rectifications
    from fazhi.enforcement.demo_review import enforcement_case_file_review

    enforcement_case_file_review(random.Random(5), "county", list(Organisation.objects.all()), [])
    plan = ReviewPlan.objects.get(organisation=tree["east_justice"])
    assert plan.drawn and plan.year == timezone.localdate().year - 1
    drawn = plan.drawn_files.count()
    reviewed = FileReview.objects.filter(case_file__drawn_in=plan).count()
    assert 0 < reviewed < drawn
    assert FileReview.objects.filter(result=ReviewResult.FAILED).exists()
    [item] = rectifications(people["market"], timezone.localdate())
    assert item.overdue
