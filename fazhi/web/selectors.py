"""Reads for the staff shell: the 待办 dashboard and the parts of a detail page.

Every read of protected records goes through :mod:`fazhi.core.access`, so the dashboard, the lists,
the detail pages and the exports cannot disagree about what a user may see (docs/security.md 10).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from fazhi.core import access
from fazhi.core.calendar.models import Clock, ClockState
from fazhi.core.calendar.services import work_calendar
from fazhi.core.workflow import queue as work_queue
from fazhi.core.workflow.models import Attachment, WorkflowModel
from fazhi.web import dashboard_sources, registry


@dataclass(frozen=True)
class DueRow:
    """One clock on the dashboard, with the matter it runs for."""

    clock: Clock
    subject_label: str
    subject_url: str
    days: int  # natural days until the due date; negative when overdue

    @property
    def overdue(self) -> bool:
        return self.days < 0

    @property
    def days_text(self) -> str:
        if self.days < 0:
            return f"已超期{-self.days}日"
        if self.days == 0:
            return "今日到期"
        return f"剩余{self.days}日"


def due_soon_horizon(today: dt.date, workdays: int | None = None) -> dt.date:
    """The date ``workdays`` (default FAZHI_DUE_SOON_WORKDAYS) working days after ``today`` (临期
    window)."""
    cal = work_calendar()
    horizon, counted = today, 0
    workdays = settings.FAZHI_DUE_SOON_WORKDAYS if workdays is None else workdays
    while counted < workdays:
        horizon += dt.timedelta(days=1)
        if cal.is_workday(horizon):
            counted += 1
    return horizon


def _rows(user, clocks: list[Clock], today: dt.date) -> list[DueRow]:
    # One query per subject model: the matters' names, fetched through the user's data scope.
    by_type: dict[int, set[int]] = {}
    for c in clocks:
        by_type.setdefault(c.subject_type_id, set()).add(c.subject_id)
    subjects: dict[tuple[int, int], object] = {}
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        for obj in access.visible(user, model).filter(pk__in=ids):
            subjects[(type_id, obj.pk)] = obj
    rows = []
    for c in clocks:
        obj = subjects.get((c.subject_type_id, c.subject_id))
        spec = registry.for_model(type(obj)) if obj is not None else None
        rows.append(
            DueRow(
                clock=c,
                subject_label=str(obj) if obj is not None else f"{c.subject_type.name} #{c.subject_id}",
                subject_url=spec.detail_url(obj) if spec is not None else "",
                days=(c.due_date - today).days,
            )
        )
    return rows


def _first_and_count(qs, limit: int) -> tuple[list, int]:
    """The first ``limit`` rows and the number of all rows: a COUNT query only when the page is full."""
    shown = list(qs[:limit])
    return shown, (len(shown) if len(shown) < limit else qs.count())


def dashboard(
    user, today: dt.date | None = None, limit: int = 100, workdays: int | None = None, with_queue: bool = True
) -> dict:
    """What waits for ``user``: running clocks overdue or due within ``workdays`` working days (the
    page's 临期 window by default; the daily reminders look further, fazhi.web.reminders) and the
    domains' items."""
    today = today or timezone.localdate()
    horizon = due_soon_horizon(today, workdays)
    # 临期 / 超期 are indexed queries over (state, due_date), never loops (docs/conventions.md idea 2).
    running = (
        access.visible(user, Clock)
        .filter(state=ClockState.RUNNING, due_date__isnull=False)
        .select_related("subject_type")
    )
    overdue = running.filter(due_date__lt=today).order_by("due_date", "id")
    due_soon = running.filter(due_date__gte=today, due_date__lte=horizon).order_by("due_date", "id")
    # Items the domains add beyond clocks (hearing reminders, replies owed…), each source reading
    # through fazhi.core.access itself; see fazhi.web.dashboard_sources.
    items = [ItemRow(item, item.days(today)) for item in dashboard_sources.items_for(user, today)]
    overdue_items = [row for row in items if row.item.overdue]
    due_soon_items = [row for row in items if not row.item.overdue]
    queue = work_queue_rows(user) if with_queue else []
    overdue_shown, overdue_clocks = _first_and_count(overdue, limit)
    due_soon_shown, due_soon_clocks = _first_and_count(due_soon, limit)
    return {
        "today": today,
        "horizon": horizon,
        "overdue": _rows(user, overdue_shown, today),
        "overdue_clock_count": overdue_clocks,
        "overdue_count": overdue_clocks + len(overdue_items),
        "overdue_items": overdue_items[:limit],
        "due_soon": _rows(user, due_soon_shown, today),
        "due_soon_clock_count": due_soon_clocks,
        "due_soon_count": due_soon_clocks + len(due_soon_items),
        "due_soon_items": due_soon_items[:limit],
        "queue": queue,
        "queue_count": sum(group.count for group in queue),
    }


@dataclass(frozen=True)
class QueueRow:
    """A work-queue group with the pages it links to (the list filtered by state, each record)."""

    group: work_queue.QueueGroup
    list_url: str
    records: list  # (record, detail url, earliest running clock's due date or None)

    @property
    def count(self) -> int:
        return self.group.count


def work_queue_rows(user) -> list[QueueRow]:
    rows = []
    for group in work_queue.waiting_for(user):
        spec = registry.for_model(type(group.records[0]))
        if spec is None:
            continue
        rows.append(
            QueueRow(
                group,
                f"{spec.url()}?status={group.state.code}",
                [(record, spec.detail_url(record), group.due.get(record.pk)) for record in group.records],
            )
        )
    return rows


@dataclass(frozen=True)
class ItemRow:
    """A domain's 待办 item with its distance from today."""

    item: dashboard_sources.DashboardItem
    days: int

    @property
    def overdue(self) -> bool:
        return self.item.overdue

    @property
    def days_text(self) -> str:
        if self.days < 0:
            return f"已超期{-self.days}日"
        if self.days == 0:
            return "今日"
        return f"还有{self.days}日"


# --- detail page parts -------------------------------------------------------------------------
# The subject was fetched through access.get_visible_or_404; these read what hangs off it.


def _subject_filter(record) -> dict:
    return {"subject_type": ContentType.objects.get_for_model(record), "subject_id": record.pk}


def record_attachments(record, user=None):
    """The record's files as ``user`` may see them: on a record shared with the user's organisation
    (``shared_with``) without it holding the record, less the kinds the model keeps to its holder
    (``holder_only_attachments``, e.g. the applicant's 身份证明 from the 被申请人)."""
    found = Attachment.objects.filter(**_subject_filter(record)).select_related("uploaded_by")
    private = getattr(type(record), "holder_only_attachments", ())
    if private and user is not None and not access.holds(user, record):
        found = found.exclude(kind__in=private)
    return found


def record_clocks(record):
    return Clock.objects.filter(**_subject_filter(record)).order_by("created_at", "id")


def record_history(record):
    from fazhi.core.workflow import engine

    if not isinstance(record, WorkflowModel):
        return []
    return engine.history(record)


def visible_attachment_or_404(user, pk) -> Attachment:
    """An attachment the user may download: the file's own scope AND its subject's (404 otherwise)."""
    attachments = Attachment.objects.select_related("subject_type")
    found = attachments.filter(pk=pk).first() if str(pk).isdigit() else None
    model = found.subject_type.model_class() if found is not None else None
    if model is None:
        raise access.AccessDenied("记录不存在或您无权查看。")
    if not getattr(model, "shared_with", ()):  # a shared record's files follow the record
        access.get_visible_or_404(user, attachments, pk=pk)
    subject = access.get_visible_or_404(user, model, pk=found.subject_id)
    if found.kind in getattr(model, "holder_only_attachments", ()) and not access.holds(user, subject):
        raise access.AccessDenied("记录不存在或您无权查看。")
    return found
