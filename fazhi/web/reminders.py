"""今日提醒: each morning the reminder job (fazhi.web.tasks, 08:30 Asia/Shanghai, and at a consumer's
start when that day's run is missing) writes, for every staff member who can sign in, what waits for
them — exactly what their 待办 page shows (fazhi.web.selectors.dashboard: running clocks in their
data scope, and the domains' items), but looking :data:`WORKDAYS` working days ahead.

One :class:`~fazhi.web.models.Reminder` per matter per user per day (a unique constraint: a second
run the same day adds only what is new). The text is masked before it is stored — ID numbers, phone
and bank card numbers never appear in a reminder. The staff nav counts today's unread reminders;
opening 今日提醒 marks them read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from fazhi.core.masking import redact_text
from fazhi.core.models import User
from fazhi.web.models import Reminder
from fazhi.web.registry import Section

WORKDAYS = 5  # clocks due within five working days, or overdue
BADGE_KEY = "fazhi.reminders.unread"  # the nav's count, cached in the session
BADGE_REFRESH = 60  # seconds: the count is read again at most once a minute
LIMIT = 500  # per user and section (overdue / due soon): a county officer's caseload is far below
KEEP_DAYS = 30  # older reminders are deleted by the next run


def recipients():
    """Staff who sign in and handle matters: active, a usable password (not a 系统自动处理 account),
    in an organisation, holding no administrator role (the 三员 handle no records)."""
    users = User.objects.filter(is_active=True, organisation__isnull=False).select_related("organisation")
    return [u for u in users.order_by("id") if u.has_usable_password() and not u.is_admin_account]


def _clean(text: str, limit: int) -> str:
    return redact_text(text or "")[:limit]


def _item_key(item) -> str:
    raw = "\x1f".join((item.kind_label, item.url, item.title, item.due_date.isoformat()))
    return "item:" + hashlib.sha256(raw.encode()).hexdigest()[:40]


def reminders_for(user, today: dt.date) -> list[Reminder]:
    """Today's reminders for ``user`` (unsaved): the 待办 of their scope and roles, masked."""
    from fazhi.web import selectors

    data = selectors.dashboard(user, today, limit=LIMIT, workdays=WORKDAYS, with_queue=False)
    out = []
    for row in [*data["overdue"], *data["due_soon"]]:
        out.append(
            Reminder(
                user=user,
                day=today,
                key=f"clock:{row.clock.pk}",
                kind_label=_clean(row.clock.label, 100),
                title=_clean(row.subject_label, 200),
                url=row.subject_url[:300],
                due_date=row.clock.due_date,
                overdue=row.overdue,
                note=_clean(row.days_text, 300),
            )
        )
    for row in [*data["overdue_items"], *data["due_soon_items"]]:
        item = row.item
        out.append(
            Reminder(
                user=user,
                day=today,
                key=_item_key(item),
                kind_label=_clean(item.kind_label, 100),
                title=_clean(item.title, 200),
                url=item.url[:300],
                due_date=item.due_date,
                overdue=row.overdue,
                note=_clean(f"{row.days_text}{'；' + item.note if item.note else ''}", 300),
            )
        )
    return out


@dataclass
class Outcome:
    today: dt.date
    users: int = 0
    created: int = 0
    overdue: int = 0
    pruned: int = 0

    @property
    def summary(self) -> str:
        return (
            f"{self.today:%Y-%m-%d}：为{self.users}名工作人员生成提醒{self.created}条"
            f"（其中已超期{self.overdue}条）。"
        )


def remind(today: dt.date | None = None, *, on_user=None) -> Outcome:
    """Write today's reminders for every recipient; rows already written today are kept as they are
    (read or not); reminders older than :data:`KEEP_DAYS` are deleted. ``on_user(done, total)``
    hears of each user done (a job's progress)."""
    today = today or timezone.localdate()
    users = recipients()
    outcome = Outcome(today)
    outcome.pruned, _ = Reminder.objects.filter(day__lt=today - dt.timedelta(days=KEEP_DAYS)).delete()
    for n, user in enumerate(users, start=1):
        fresh = reminders_for(user, today)
        known = set(Reminder.objects.filter(user=user, day=today).values_list("key", flat=True))
        new = [r for r in {r.key: r for r in fresh}.values() if r.key not in known]
        Reminder.objects.bulk_create(new, ignore_conflicts=True)
        outcome.users += 1 if fresh else 0
        outcome.created += len(new)
        outcome.overdue += sum(r.overdue for r in new)
        if on_user is not None:
            on_user(n, len(users))
    return outcome


def unread_count(user, today: dt.date | None = None) -> int:
    return Reminder.objects.filter(user=user, day=today or timezone.localdate(), read_at__isnull=True).count()


def _remember(session, count: int) -> None:
    session[BADGE_KEY] = {"day": timezone.localdate().isoformat(), "n": count, "at": time.time()}


class RemindersSection(Section):
    """今日提醒 in the nav, with the number of today's unread reminders; not for the 三员.

    The count is kept in the session (read anyway on every request; written at most every
    30 s for the idle timeout) and read again from the database at most once a minute, so a staff
    page costs no query for it; the morning's reminders appear in the nav within a minute."""

    def allowed(self, user) -> bool:
        return getattr(user, "is_authenticated", False) and not user.is_admin_account

    def badge(self, request) -> int | None:
        session = getattr(request, "session", None)
        if session is None:
            return unread_count(request.user) or None
        cached = session.get(BADGE_KEY)
        fresh = (
            isinstance(cached, dict)
            and cached.get("day") == timezone.localdate().isoformat()
            and 0 <= time.time() - cached.get("at", 0) < BADGE_REFRESH
        )
        if not fresh:
            _remember(session, unread_count(request.user))
            cached = session[BADGE_KEY]
        return cached["n"] or None


@login_required
@require_GET
def reminders_view(request):
    user = request.user
    if user.is_admin_account:
        raise Http404("页面不存在。")
    today = timezone.localdate()
    from fazhi.web import tasks

    rows = list(Reminder.objects.filter(user=user, day=today))
    unread = {r.pk for r in rows if r.read_at is None}
    Reminder.objects.filter(pk__in=unread).update(read_at=timezone.now())
    _remember(request.session, 0)
    return render(
        request,
        "web/reminders.html",
        {
            "today": today,
            "overdue": [r for r in rows if r.overdue],
            "due_soon": [r for r in rows if not r.overdue],
            "unread": unread,
            "total": len(rows),
            "generated": tasks.reminders_generated(today),
            "workdays": WORKDAYS,
        },
    )
