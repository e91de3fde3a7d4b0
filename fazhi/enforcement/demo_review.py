"""Demo 案卷评查: each county's enforcement departments submitted last year's closed files, the 司法局
has a scoring sheet and last year's plan, drawn (seeded from ``rng``) and partly scored, one file
不合格 with an 整改通知 now overdue. Deterministic: all randomness comes from ``rng``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from fazhi.core.models import OrgFunction
from fazhi.demo.registry import register
from fazhi.enforcement.models_review import (
    ActKind,
    CaseFile,
    FileReview,
    Rectification,
    ReviewPlan,
    ReviewScore,
    ScoringItem,
    ScoringSheet,
)

ITEMS = (
    ("执法主体合法，执法人员持证", 10, True),
    ("事实清楚，证据确凿充分", 25, False),
    ("适用法律、法规、规章正确", 20, False),
    ("程序合法（告知、听证、法制审核）", 25, False),
    ("文书规范，送达合法", 10, False),
    ("案卷装订规范，归档及时", 10, False),
)


@register
def enforcement_case_file_review(rng, scale, orgs, users):
    from fazhi.enforcement.services_review import selection

    today = timezone.localdate()
    year = today.year - 1
    justices = [o for o in orgs if o.has_function(OrgFunction.JUSTICE_ADMINISTRATION)]
    for justice in justices:
        county = justice.region_id[:6]
        departments = [o for o in orgs if o.is_enforcement_body and o.region_id.startswith(county)]
        if not departments:
            continue
        common = {"organisation": justice, "region_code": justice.region_id}
        sheet = ScoringSheet.objects.create(**common, title=f"{year}年度行政执法案卷评查评分表")
        items = ScoringItem.objects.bulk_create(
            ScoringItem(sheet=sheet, name=n, points=Decimal(p), veto=v) for n, p, v in ITEMS
        )
        files = []
        for org in departments:
            for i in range(1, rng.randint(6, 12) + 1):
                closed = dt.date(year, rng.randint(1, 11), rng.randint(1, 28))
                files.append(
                    CaseFile(
                        organisation=org,
                        region_code=org.region_id,
                        case_number=f"{org.name[:4]}罚〔{year}〕{i}号",
                        title=f"{rng.choice(('无证经营', '超范围经营', '未按规定公示', '违规排放'))}案",
                        act_kind=rng.choice(
                            (ActKind.PENALTY, ActKind.PENALTY, ActKind.LICENSING, ActKind.INSPECTION)
                        ),
                        closed_on=closed,
                        submitted_on=dt.date(year, 12, rng.randint(1, 20)),
                    )
                )
        CaseFile.objects.bulk_create(files)
        plan = ReviewPlan.objects.create(
            **common,
            year=year,
            title=f"{year}年度行政执法案卷评查方案",
            closed_from=dt.date(year, 1, 1),
            closed_to=dt.date(year, 12, 31),
            sample_count=3,
            sheet=sheet,
        )
        files = list(CaseFile.objects.filter(region_code__startswith=county, drawn_in__isnull=True).order_by(
            "organisation_id", "case_number", "pk"))  # fmt: skip
        seed = rng.randint(1, 2**31 - 1)
        chosen = selection(plan, files, seed)
        drawn = [f for fs in chosen.values() for f in fs]
        CaseFile.objects.filter(pk__in=[f.pk for f in drawn]).update(drawn_in=plan)
        drawn_at = timezone.make_aware(dt.datetime(today.year, 1, 10, 9, 30))
        ReviewPlan.objects.filter(pk=plan.pk).update(drawn_at=drawn_at, draw_seed=seed)
        failed_review = None
        for n, f in enumerate(drawn[: max(1, len(drawn) * 2 // 3)]):
            f.drawn_in = plan
            review = FileReview.objects.create(
                **common,
                case_file=f,
                reviewer=rng.choice(("张明", "李华", "王芳")),
                reviewed_on=dt.date(today.year, 1, 20),
            )
            bad = n == 1
            ReviewScore.objects.bulk_create(
                ReviewScore(
                    review=review,
                    item=item,
                    points=item.points if not bad or not item.veto else Decimal(0),
                    veto_failed=bad and item.veto,
                )
                if item.veto
                else ReviewScore(review=review, item=item, points=item.points - rng.randint(0, 4))
                for item in items
            )
            review.score()
            if bad:
                review.problems = "执法人员未持有效执法证；告知程序不完整。"
                review.save(update_fields=["problems"])
                failed_review = review
        if failed_review is not None:
            notice = today - dt.timedelta(days=45)
            Rectification.objects.create(
                organisation=failed_review.case_file.organisation,
                region_code=failed_review.case_file.region_code,
                review=failed_review,
                plan=plan,
                notice_on=notice,
                deadline=notice + dt.timedelta(days=30),
                content="请对案卷中执法人员资格和告知程序问题进行整改，并报送整改情况。",
            )
