"""Publication kinds and their publication deadlines (docs/security.md 20, first half).

A domain declares what it publishes in its ``<app>/publication.py``::

    from fazhi.core.publication.services import PublicationDeadline, register_kind

    KIND = "penalty.decision"
    register_kind(
        KIND,
        label="行政处罚决定",
        deadline=PublicationDeadline(7, "workday", article=PUBLICATION_ARTICLE),
        person_names=person_names,
    )

A kind with a deadline starts a statutory clock (:mod:`fazhi.core.calendar.services`) for the
decision when it is submitted for publication (``publish``) — or earlier, when the domain calls
:func:`expect_publication` as the decision is made — running from the decision date. The clock
stops *met* on the day the decision goes public (directly, or when a reviewer approves it) and is
*overdue* on the 待办 dashboard if still unpublished after the period. Time held for review counts:
the law gives no pause. A withdrawn decision needs no more publishing, so withdrawal stops it too.

A kind without a deadline (e.g. 行政复议决定书: 《行政复议法》第七十九条 sets no period) starts no
clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from fazhi.core.calendar import services as clocks
from fazhi.core.calendar.deadlines import UNITS
from fazhi.core.calendar.models import Clock, ClockState, EntryKind
from fazhi.core.registry import Registry

#: The clock code of a publication deadline (one publication per subject, so one code suffices).
CLOCK_CODE = "publication"

#: 行政许可、行政处罚决定的公开期限 (cite it in a kind that publishes such decisions).
ENFORCEMENT_DECISION_ARTICLE = (
    "《行政处罚法》第四十八条；《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度"
    "重大执法决定法制审核制度的指导意见》（国办发〔2018〕118号）：行政许可、行政处罚的执法决定信息"
    "要在执法决定作出之日起7个工作日内公开"
)

_ARTICLE_MAX = Clock._meta.get_field("article").max_length
_LABEL_MAX = Clock._meta.get_field("label").max_length


@dataclass(frozen=True)
class PublicationDeadline:
    """A period within which a decision of some kind must be public, counted from its decision date.

    ``unit`` is ``"day"`` (日), ``"workday"`` (工作日) or ``"month"`` (个月), as for every clock;
    ``article`` is the rule that sets it; ``label`` names the clock (default: "<kind label>公开期限").
    """

    length: int
    unit: str
    article: str
    label: str = ""

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"unknown deadline unit {self.unit!r} (one of {', '.join(UNITS)})")
        if not isinstance(self.length, int) or self.length <= 0:
            raise ValueError("a publication deadline needs a positive length")
        if not (self.article or "").strip():
            raise ValueError("a publication deadline must cite the rule that sets it")
        if len(self.article) > _ARTICLE_MAX:
            raise ValueError(f"the cited rule is longer than {_ARTICLE_MAX} characters")


@dataclass(frozen=True)
class PublicationKind:
    code: str
    label: str
    deadline: PublicationDeadline | None = None

    @property
    def clock_label(self) -> str:
        if self.deadline is None:
            return ""
        return (self.deadline.label or f"{self.label}公开期限")[:_LABEL_MAX]


KINDS: Registry[PublicationKind] = Registry("公开种类", key=lambda k: k.code)


def register(code: str, *, label: str, deadline: PublicationDeadline | None = None) -> PublicationKind:
    """Declare a publication kind (idempotent: a module imported twice re-registers the same kind)."""
    if not code or not label:
        raise ValueError("a publication kind needs a code and a label")
    return KINDS.register(PublicationKind(code=code, label=label, deadline=deadline))


def unregister(code: str) -> None:
    KINDS.unregister(code)


def get(code: str) -> PublicationKind | None:
    return KINDS.find(code)


def all_kinds() -> list[PublicationKind]:
    return KINDS.values()


# --- the clock ------------------------------------------------------------------------------------


def _subject_clocks(subject):
    return clocks.clocks_for(subject).filter(code=CLOCK_CODE).order_by("-id")


def deadline_clock(subject) -> Clock | None:
    """The (latest) publication-deadline clock of ``subject``, running or stopped."""
    return _subject_clocks(subject).first()


def check_decision_date(kind: PublicationKind | None, decided_on: dt.date | None) -> None:
    """Refuse, before anything is written, a decision date the deadline cannot run from."""
    if kind is None or kind.deadline is None:
        return
    if decided_on is None:
        raise ValueError(f"publication kind {kind.code!r} has a deadline: give the decision date")
    if decided_on > timezone.localdate():
        raise ValidationError(f"{kind.label}的决定日期不能晚于今天。")


def start(subject, kind: PublicationKind | None, decided_on: dt.date | None, *, actor=None) -> Clock | None:
    """Start the publication clock of ``subject`` from ``decided_on`` (in the caller's transaction).

    Nothing for a kind without a deadline. Idempotent: a clock already running from that date is
    kept; a running clock from another date (the decision date was corrected) is restarted from the
    new one; a stopped clock (already published or withdrawn) is left as it ended.
    """
    if kind is None or kind.deadline is None:
        return None
    check_decision_date(kind, decided_on)
    if getattr(subject, "organisation_id", None) is None or not getattr(subject, "region_code", ""):
        raise ValueError("a publication deadline runs for a scoped record (organisation and region)")
    existing = deadline_clock(subject)
    if existing is not None:
        if existing.state == ClockState.STOPPED:
            return existing
        latest = existing.entries.filter(kind=EntryKind.RESTART).order_by("-id").first()
        if (latest.date if latest else existing.start_date) == decided_on:
            return existing
        actor = actor if getattr(actor, "is_authenticated", False) else None
        return clocks.restart_clock(existing, date=decided_on, reason="决定日期更正", actor=actor)
    deadline = kind.deadline
    return clocks.start_clock(
        subject,
        code=CLOCK_CODE,
        label=kind.clock_label,
        start_date=decided_on,
        length=deadline.length,
        unit=deadline.unit,
        article=deadline.article,
        start_label=f"{kind.label}作出之日",
        actor=actor,
    )


def stop(subject, *, on: dt.date, actor=None) -> Clock | None:
    """Stop the running publication clock of ``subject`` on ``on`` (met if on or before the due date)."""
    return _stop(_subject_clocks(subject), on, actor)


def stop_for(publication, *, on: dt.date, actor=None) -> Clock | None:
    """:func:`stop` for the subject of ``publication`` (without loading the subject)."""
    qs = Clock.objects.filter(
        code=CLOCK_CODE, subject_type_id=publication.subject_type_id, subject_id=publication.subject_id
    ).order_by("-id")
    return _stop(qs, on, actor)


def _stop(qs, on: dt.date, actor) -> Clock | None:
    clock = qs.exclude(state=ClockState.STOPPED).first()
    if clock is None:
        return None
    actor = actor if getattr(actor, "is_authenticated", False) else None
    return clocks.stop_clock(clock, date=on, actor=actor)


def expect_publication(subject, *, kind: str, decided_on: dt.date, actor=None) -> Clock | None:
    """The domain made a decision of ``kind`` on ``decided_on``: its publication clock starts now,
    before anything is submitted for publication, so a decision never submitted shows as overdue."""
    declared = get(kind)
    if declared is None:
        raise ValueError(f"unknown publication kind {kind!r}")
    return start(subject, declared, decided_on, actor=actor)


# --- how a clock reads on the staff screens -------------------------------------------------------


def due_soon_horizon(today: dt.date) -> dt.date:
    """FAZHI_DUE_SOON_WORKDAYS working days after ``today``: the dashboard's 临期 window."""
    cal = clocks.work_calendar()
    horizon, counted = today, 0
    while counted < settings.FAZHI_DUE_SOON_WORKDAYS:
        horizon += dt.timedelta(days=1)
        if cal.is_workday(horizon):
            counted += 1
    return horizon


@dataclass(frozen=True)
class DeadlineStatus:
    """A publication clock as the review screen shows it."""

    clock: Clock
    due: dt.date | None
    state: str  # "overdue", "due_soon", "running", "met", "late", "suspended"
    text: str  # e.g. 已逾期3个工作日

    @property
    def overdue(self) -> bool:
        return self.state == "overdue"

    @property
    def alert(self) -> bool:
        return self.state in ("overdue", "due_soon")


def _count(clock: Clock, after: dt.date, upto: dt.date) -> tuple[int, str]:
    """How many of the clock's own units lie in (after, upto]."""
    if clock.unit == "workday":
        return clocks.work_calendar().workdays_between(after, upto), "个工作日"
    return (upto - after).days, "日"


def status(clock: Clock, today: dt.date | None = None) -> DeadlineStatus:
    today = today or timezone.localdate()
    due = clock.due_date
    if clock.state == ClockState.STOPPED:
        if clock.met or due is None or clock.stopped_on is None:
            return DeadlineStatus(clock, due, "met", "按期公开")
        n, unit = _count(clock, due, clock.stopped_on)
        return DeadlineStatus(clock, due, "late", f"逾期{n}{unit}后公开" if n else "逾期公开")
    if due is None:
        return DeadlineStatus(clock, due, "suspended", "中止计时")
    if due < today:
        n, unit = _count(clock, due, today)
        # Past the due date over a weekend only: overdue, but no working day has been missed yet.
        return DeadlineStatus(clock, due, "overdue", f"已逾期{n}{unit}" if n else "已逾期")
    if due == today:
        return DeadlineStatus(clock, due, "due_soon", "今日到期")
    n, unit = _count(clock, today, due)
    state = "due_soon" if due <= due_soon_horizon(today) else "running"
    return DeadlineStatus(clock, due, state, f"剩余{n}{unit}")


def statuses_for(pairs: Iterable[tuple[int, int]], today: dt.date | None = None) -> dict:
    """{(subject_type_id, subject_id): DeadlineStatus} of the latest publication clock of each pair
    (callers pass only subjects the user may already see)."""
    pairs = list(pairs)
    if not pairs:
        return {}
    by_type: dict[int, list[int]] = {}
    for type_id, subject_id in pairs:
        by_type.setdefault(type_id, []).append(subject_id)
    found: dict[tuple[int, int], DeadlineStatus] = {}
    for type_id, ids in by_type.items():
        qs = Clock.objects.filter(code=CLOCK_CODE, subject_type_id=type_id, subject_id__in=ids).order_by("id")
        for clock in qs:  # the latest clock of a subject wins
            found[(type_id, clock.subject_id)] = status(clock, today)
    return found


def open_clocks(visible_clocks, today: dt.date) -> Sequence[Clock]:
    """Running publication clocks, overdue or within the 临期 window, oldest due date first."""
    return list(
        visible_clocks.filter(
            code=CLOCK_CODE,
            state=ClockState.RUNNING,
            due_date__isnull=False,
            due_date__lte=due_soon_horizon(today),
        )
        .select_related("subject_type")
        .order_by("due_date", "id")
    )
