"""Staff pages for publications.

- ``/staff/publication-review/`` (信息公开审核): the publications held for review (待审核), each with
  the reasons it was held, its masked preview exactly as the portal would show it and the flagged
  passages highlighted; a 法制审核人员 approves it (docs/security.md 18). Tabs list what is published — a
  法制审核人员 or 分管领导 withdraws it with a mandatory reason, which becomes the public withdrawal
  notice (docs/security.md 20) — and what was withdrawn.
- ``/staff/publications/``: the generic list of every publication (filter, export).

Decisions of a kind with a publication deadline (docs/security.md 20: 行政处罚、行政许可决定 within 7 个工作日)
show their due date and "已逾期N个工作日" on each held item, and a 公开期限提醒 panel lists every
overdue or nearly due decision in the user's data scope — held for review or not yet submitted.

Only the masked, rendered fields of a publication are ever shown here: it holds nothing else. Staff
who need the record itself follow the link to it, where their role and data scope decide what they
see (plaintext only through 查看明文 with a reason, docs/security.md 11). Roles and data scope are checked
by :mod:`fazhi.core.publication.services`; who may not review gets a 404.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from fazhi.core import access
from fazhi.core.calendar.models import Clock
from fazhi.core.publication import kinds, services
from fazhi.core.publication.models import Publication, PublicationStatus
from fazhi.web import registry
from fazhi.web.dashboard_sources import DashboardItem, register_dashboard_source
from fazhi.web.registry import ChoiceFilter, Column, DateRangeFilter, ListSpec, OrgFilter, Section

PAGE_SIZE = 20
TABS = {
    PublicationStatus.PENDING_REVIEW.value: "待审核",
    PublicationStatus.PUBLISHED.value: "已公开",
    PublicationStatus.WITHDRAWN.value: "已撤回",
}


def _findings(pub: Publication) -> str:
    if not pub.findings:
        return "—"
    return "；".join(f"{f['field']}：{f['label']}" for f in pub.findings)


def _preview(pub: Publication) -> str:
    return "；".join(f"{f['label']}：{f['value']}" for f in pub.fields)


SPEC = ListSpec(
    model=Publication,
    slug="publications",
    title="公开信息",
    columns=(
        "title",
        "kind",
        "status",
        "public_date",
        "published_at",
        Column("organisation__name", "公开单位"),
    ),
    filters=(ChoiceFilter("status"), OrgFilter(), DateRangeFilter("public_date", "文书日期")),
    search_fields=("title",),
    ordering=("-created_at", "-id"),
    detail_fields=(
        "title",
        "kind",
        "status",
        "public_date",
        "organisation",
        Column("findings", "待审核原因", value=_findings),
        Column("fields", "公开内容（已去标识化预览）", value=_preview),
        "reviewer",
        "reviewed_at",
        "published_at",
        "withdrawn_at",
        "withdrawal_notice",
    ),
    attachments=False,
    nav_order=910,
    nav_group="信息公开",
    roles=("reviewer", "leader", "supervisor"),
)

if registry.get(SPEC.slug) is None:
    registry.register(SPEC)


# --- 信息公开审核 ------------------------------------------------------------------------------------


class ReviewSection(Section):
    def allowed(self, user) -> bool:
        return services.may_review(user)


registry.register_section(
    ReviewSection(
        key="publication-review",
        title="信息公开审核",
        url="web:publication-review",
        order=900,
        roles=services.REVIEW_ROLES,
        group="信息公开",
    )
)


@register_dashboard_source
def publications_waiting(user, today) -> list[DashboardItem]:
    """待办: each publication held for review (docs/security.md 18), to the 法制审核人员 who may approve
    it, linking to its masked preview on the review page; dated by its publication deadline when
    its kind has one (docs/security.md 20), else due today (nothing sets a later date). One whose
    deadline clock is overdue or due soon is left to that clock's row, not listed twice."""
    if not services.may_approve(user):
        return []
    held = list(
        access.visible(user, Publication)
        .filter(status=PublicationStatus.PENDING_REVIEW)
        .order_by("created_at", "id")[:50]
    )
    deadlines = kinds.statuses_for(((pub.subject_type_id, pub.subject_id) for pub in held), today)
    from fazhi.web.selectors import due_soon_horizon

    horizon = due_soon_horizon(today)
    items = []
    for pub in held:
        deadline = deadlines.get((pub.subject_type_id, pub.subject_id))
        if (
            deadline is not None
            and deadline.state in ("overdue", "due_soon", "running")
            and deadline.due <= horizon
        ):
            continue  # its running publication clock is on 待办 already (超期 / 临期)
        held_on = timezone.localtime(pub.created_at).date()
        due = deadline.due if deadline is not None and deadline.due else today
        items.append(
            DashboardItem(
                title=f"《{pub.title}》待审核公开",
                url=f"{reverse('web:publication-review')}#publication-{pub.pk}",
                due_date=due,
                kind_label="待审核公开",
                overdue=bool(deadline is not None and deadline.overdue),
                note=f"{held_on:%Y-%m-%d}起待审核，审核通过后在门户网站公开"
                + (f"（公开期限：{deadline.text}）" if deadline is not None else ""),
            )
        )
    return items


def highlighted(value: str, snippets) -> str:
    """``value`` escaped, with each flagged (already masked) passage in ``<mark>``."""
    wanted = sorted({s for s in snippets if s}, key=len, reverse=True)
    if not wanted:
        return escape(value)
    pattern = re.compile("|".join(re.escape(s) for s in wanted))
    out, last = [], 0
    for m in pattern.finditer(value):
        out += [escape(value[last : m.start()]), f'<mark class="flagged">{escape(m.group())}</mark>']
        last = m.end()
    out.append(escape(value[last:]))
    return mark_safe("".join(out))  # noqa: S308 (every piece is escaped above)


def _item(pub: Publication, deadline: kinds.DeadlineStatus | None = None) -> dict:
    by_field: dict[str, list[dict]] = {}
    for f in pub.findings:
        by_field.setdefault(f.get("field", ""), []).append(f)
    fields = []
    for f in pub.fields:
        flagged = by_field.get(f["label"], [])
        snippets = [s for finding in flagged for s in finding.get("snippets", ())]
        fields.append(
            {
                "label": f["label"],
                "value": highlighted(f.get("value", ""), snippets),
                "text": f.get("text", False),
                "flagged": [x["label"] for x in flagged],
            }
        )
    spec = registry.for_model(pub.subject_type.model_class())
    return {
        "pub": pub,
        "fields": fields,
        "findings": pub.findings,
        "record_url": reverse("web:detail", args=[spec.slug, pub.subject_id]) if spec else "",
        "deadline": deadline,
    }


def _deadline_alerts(user, today) -> list[dict]:
    """Overdue and nearly due publication clocks the user may see, with what they run for: the held
    publication (待审核) or, if nothing was submitted yet, the record itself."""
    clocks = kinds.open_clocks(access.visible(user, Clock), today)
    by_type: dict[int, list[int]] = {}
    for c in clocks:
        by_type.setdefault(c.subject_type_id, []).append(c.subject_id)
    subjects, pubs = {}, {}
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is not None:
            for obj in access.visible(user, model).filter(pk__in=ids):
                subjects[(type_id, obj.pk)] = obj
        for pub in access.visible(user, Publication).filter(subject_type_id=type_id, subject_id__in=ids):
            pubs[(type_id, pub.subject_id)] = pub
    rows = []
    for c in clocks:
        key = (c.subject_type_id, c.subject_id)
        pub, obj = pubs.get(key), subjects.get(key)
        if pub is None and obj is None:
            continue  # the clock is in scope but its record is not: show nothing about it
        spec = registry.for_model(type(obj)) if obj is not None else None
        if pub is not None and pub.status == PublicationStatus.PENDING_REVIEW:
            label, where = pub.title, "待审核"
            url = f"?{urlencode({'status': PublicationStatus.PENDING_REVIEW})}#publication-{pub.pk}"
        else:
            label, where = (pub.title if pub is not None else str(obj)), "尚未提交公开"
            url = spec.detail_url(obj) if spec is not None else ""
        rows.append({"label": label, "where": where, "url": url, "deadline": kinds.status(c, today)})
    return rows


def _reviewer(request):
    if not services.may_review(request.user):
        raise Http404("页面不存在。")
    return request.user


def _back(request, status: str):
    page = request.POST.get("page", "")
    query = {"status": status, **({"page": page} if page.isdigit() else {})}
    return redirect(f"{reverse('web:publication-review')}?{urlencode(query)}")


@login_required
@require_GET
def review_view(request):
    user = _reviewer(request)
    status = request.GET.get("status") or PublicationStatus.PENDING_REVIEW
    if status not in TABS:
        status = PublicationStatus.PENDING_REVIEW
    visible = access.visible(user, Publication)
    qs = visible.filter(status=status).select_related("organisation", "subject_type", "reviewer")
    qs = (
        qs.order_by("created_at", "id")
        if status == PublicationStatus.PENDING_REVIEW
        else qs.order_by("-published_at" if status == PublicationStatus.PUBLISHED else "-withdrawn_at", "-id")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = {s: visible.filter(status=s).count() for s in TABS}
    today = timezone.localdate()
    deadlines = kinds.statuses_for(((pub.subject_type_id, pub.subject_id) for pub in page), today)
    return render(
        request,
        "publication/review.html",
        {
            "status": status,
            "tabs": [(s, label, counts[s]) for s, label in TABS.items()],
            "page": page,
            "items": [_item(pub, deadlines.get((pub.subject_type_id, pub.subject_id))) for pub in page],
            "deadline_alerts": _deadline_alerts(user, today),
            "today": today,
            "may_approve": services.may_approve(user),
            "may_withdraw": services.may_withdraw(user),
        },
    )


def _target(user, pk: int) -> Publication:
    try:
        return access.visible(user, Publication).get(pk=pk)
    except Publication.DoesNotExist:
        raise Http404("记录不存在或您无权查看。") from None


@login_required
@require_POST
def approve_view(request, pk: int):
    user = _reviewer(request)
    if not services.may_approve(user):
        raise Http404("页面不存在。")
    pub = _target(user, pk)
    try:
        services.approve(pub, actor=user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已批准公开：{pub.title}")
    return _back(request, PublicationStatus.PENDING_REVIEW)


@login_required
@require_POST
def withdraw_view(request, pk: int):
    user = _reviewer(request)
    if not services.may_withdraw(user):
        raise Http404("页面不存在。")
    pub = _target(user, pk)
    try:
        services.withdraw_publication(pub, reason=request.POST.get("reason", ""), actor=user)
    except ValidationError as exc:
        messages.error(request, f"未撤回《{pub.title}》：" + "；".join(exc.messages))
        return _back(request, PublicationStatus.PUBLISHED)
    messages.success(request, f"已撤回公开：{pub.title}，门户网站已显示撤回公告。")
    return _back(request, PublicationStatus.WITHDRAWN)
