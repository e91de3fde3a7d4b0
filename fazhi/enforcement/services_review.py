"""案卷评查's one write that is not a form: the random draw of a plan's files.

``draw(plan, actor, seed=None)`` takes, for each department of the plan's county that submitted files
closed within the plan's period (and not drawn before), the plan's sample — a count, or a percentage
rounded up, at least one file — chosen by a seeded generator over the files in a fixed order, so the
same seed over the same submitted files draws the same files again (``selection``). It writes the
seed, who and when on the plan, marks the files, and writes one audit row listing the files; a plan
is drawn once. Only files the actor may see and of the plan's own county are ever drawn."""

from __future__ import annotations

import math
import random
import secrets
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from fazhi.core import access
from fazhi.core.audit import services as audit
from fazhi.core.models import subtree_q
from fazhi.enforcement.models_review import CaseFile, ReviewPlan

ALREADY_DRAWN = "该评查方案已于{at}随机抽取案卷，不能重复抽取。"
NOTHING_TO_DRAW = "结案日期在方案期间内的报送案卷为空，无法抽取。"


class DrawRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def candidates(plan: ReviewPlan, actor):
    """The files the draw chooses from: visible to ``actor``, of the plan's county, closed within the
    period, not drawn before."""
    county = plan.organisation.region.prefix
    return (
        access.visible(actor, CaseFile)
        .filter(subtree_q("region_code", county))
        .filter(closed_on__gte=plan.closed_from, closed_on__lte=plan.closed_to, drawn_in__isnull=True)
        .order_by("organisation_id", "case_number", "pk")
    )


def sample_size(plan: ReviewPlan, available: int) -> int:
    if plan.sample_count is not None:
        return min(plan.sample_count, available)
    return min(available, max(1, math.ceil(available * plan.sample_percent / 100)))


def selection(plan: ReviewPlan, files, seed: int) -> dict[int, list]:
    """organisation id → the files drawn for it: pure, the same for the same seed and files."""
    by_org: dict[int, list] = defaultdict(list)
    for f in files:
        by_org[f.organisation_id].append(f)
    rng = random.Random(seed)
    out = {}
    for org_id in sorted(by_org):
        pool = by_org[org_id]
        out[org_id] = sorted(
            rng.sample(pool, sample_size(plan, len(pool))), key=lambda f: (f.case_number, f.pk)
        )
    return out


def draw(plan: ReviewPlan, actor, seed: int | None = None) -> dict[int, list]:
    with transaction.atomic():
        plan = access.get_visible_or_404(actor, ReviewPlan.objects.select_for_update(), pk=plan.pk)
        if plan.drawn_at is not None:
            raise DrawRefused(
                ALREADY_DRAWN.format(at=timezone.localtime(plan.drawn_at).strftime("%Y-%m-%d %H:%M"))
            )
        files = list(candidates(plan, actor).select_related("organisation"))
        if not files:
            raise DrawRefused(NOTHING_TO_DRAW)
        seed = secrets.randbelow(2**31) if seed is None else int(seed)
        chosen = selection(plan, files, seed)
        picked = [f.pk for fs in chosen.values() for f in fs]
        CaseFile.objects.filter(pk__in=picked).update(drawn_in=plan)
        plan.drawn_at, plan.drawn_by, plan.draw_seed = timezone.now(), actor, seed
        ReviewPlan.objects.filter(pk=plan.pk).update(drawn_at=plan.drawn_at, drawn_by=actor, draw_seed=seed)
        audit.record(
            "enforcement.case_files_drawn",
            obj=plan,
            user=actor,
            detail={
                "seed": seed,
                "candidates": len(files),
                "drawn": {str(org_id): [f.case_number for f in fs] for org_id, fs in chosen.items()},
            },
        )
    return chosen
