"""Deadline-driven steps: what the law does by itself when a statutory period runs out.

A procedure declares them as :class:`~fazhi.core.workflow.spec.DeadlineStep` (e.g. 行政复议
``DeadlineStep(clock="acceptance_review", transition="deem_accepted")``, 《行政复议法》第三十条第三款
视为受理). :func:`run` is the one scheduler for all of them: for every registered procedure and every
declared step it finds, with one indexed query on the clocks' due dates (``clock_state_due``), the
records whose clock is still running past its due date while they stand where the transition
starts, and takes the transition through :func:`engine.perform` as the organisation's system
account, with the lapse date (the day after the due date) as the legal date.

It never acts on a due date that falls in a calendar year not yet confirmed (the date is
provisional, ADR 0003): such records are left where they are, logged, and named in the result so
the run report shows them. Running it twice does nothing more the second time (the records have
left the transition's source states).

``fazhi deadlines run [--date D]`` runs it by hand; the job runner runs it every 10 minutes and when
it starts (:mod:`fazhi.core.jobs.tasks`).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from fazhi.core.calendar.models import Clock, ClockState
from fazhi.core.models import DataScope, Organisation, User
from fazhi.core.workflow import engine, registry
from fazhi.core.workflow.spec import DeadlineStep, Procedure

logger = logging.getLogger("fazhi.deadlines")

SYSTEM_USERNAME = "system.{procedure}.{org_pk}"


@dataclass
class Done:
    procedure: str
    step: str
    record: str
    lapse_date: dt.date

    def __str__(self) -> str:
        return f"{self.step}：{self.record}（期限届满次日 {self.lapse_date.isoformat()}）"


@dataclass
class Run:
    today: dt.date
    done: list[Done] = field(default_factory=list)
    provisional: list[str] = field(default_factory=list)  # left alone: due date not yet certain
    errors: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        text = f"{self.today.isoformat()}：自动办理{len(self.done)}件"
        if self.provisional:
            text += f"，{len(self.provisional)}件因期限落在未确认的日历年度暂不处理"
        if self.errors:
            text += f"，{len(self.errors)}件未能办理"
        return text + "。"


def system_actor(organisation: Organisation, procedure: Procedure, roles: tuple[str, ...]) -> User:
    """The account that takes automatic steps of ``procedure`` for ``organisation``'s records.

    One per procedure and organisation: named "系统自动处理（<单位>）", holding only the roles the
    step's transition requires, data scope 本单位, no usable password (it cannot log in), never staff
    or superuser. The transition log and the audit trail name it as the actor.
    """
    username = SYSTEM_USERNAME.format(procedure=procedure.name, org_pk=organisation.pk)
    user = User.objects.filter(username_key=username).first()
    if user is None:
        user = User(
            username=username,
            full_name=f"系统自动处理（{organisation.name}）"[:50],
            organisation=organisation,
            data_scope=DataScope.OWN,
            roles=list(roles),
            is_superuser=False,
        )
        user.set_unusable_password()
        user.save()
    return user


def _lapsed_clocks(procedure: Procedure, step: DeadlineStep, today: dt.date):
    model = apps.get_model(procedure.model)
    return model, Clock.objects.filter(
        subject_type=ContentType.objects.get_for_model(model),
        code=step.clock,
        state=ClockState.RUNNING,
        due_date__lt=today,
    )


def lapsed(procedure: Procedure, step: DeadlineStep, today: dt.date):
    """Records of ``procedure`` on which ``step`` is due on ``today`` (confirmed due dates only)."""
    model, clocks = _lapsed_clocks(procedure, step, today)
    sources = procedure.transition(step.transition).sources
    certain = clocks.filter(provisional=False).values("subject_id")
    return model.objects.filter(status__in=sources, pk__in=certain)


def held_back(procedure: Procedure, step: DeadlineStep, today: dt.date):
    """Records whose clock has run past a due date in an unconfirmed calendar year."""
    model, clocks = _lapsed_clocks(procedure, step, today)
    sources = procedure.transition(step.transition).sources
    return model.objects.filter(
        status__in=sources, pk__in=clocks.filter(provisional=True).values("subject_id")
    )


def _due_date(record, clock: str) -> dt.date:
    ct = ContentType.objects.get_for_model(record)
    return (
        Clock.objects.filter(subject_type=ct, subject_id=record.pk, code=clock, state=ClockState.RUNNING)
        .order_by("-id")
        .values_list("due_date", flat=True)
        .first()
    )


def run(*, today: dt.date | None = None) -> Run:
    """Take every deadline step that is due on ``today`` (default: today), for every procedure."""
    result = Run(today=today or timezone.localdate())
    for procedure in registry.all_procedures():
        for step in procedure.deadline_steps:
            _run_step(procedure, step, result)
    if result.done or result.provisional or result.errors:
        logger.info(result.summary)
    return result


def _run_step(procedure: Procedure, step: DeadlineStep, result: Run) -> None:
    t = procedure.transition(step.transition)
    label = step.label or t.label
    for record in held_back(procedure, step, result.today).select_related("organisation").order_by("pk"):
        due = _due_date(record, step.clock)
        message = (
            f"{procedure.label}“{record}”：{label}暂不处理——期限届满日{due.isoformat()}所在年度的"
            "工作日历尚未确认，请系统管理员确认该年度日历后自动办理。"
        )
        logger.warning(message)
        result.provisional.append(message)
    for record in lapsed(procedure, step, result.today).select_related("organisation").order_by("pk"):
        lapse = _due_date(record, step.clock) + dt.timedelta(days=1)
        actor = system_actor(record.organisation, procedure, t.roles)
        try:
            engine.perform(record, t.name, actor=actor, data={t.date_field: lapse}, today=result.today)
        except engine.IllegalTransition:
            continue  # moved by someone else since the query: nothing left to do
        except engine.TransitionError as exc:
            message = f"{procedure.label}“{record}”：{label}未能办理——{exc.message}"
            logger.error(message)
            result.errors.append(message)
        else:
            result.done.append(Done(procedure.name, label, str(record), lapse))
