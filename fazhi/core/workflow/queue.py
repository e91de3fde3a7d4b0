"""The 待办 work queue: what waits for *this* user's action, derived from the procedures.

A procedure marks the states in which a record waits for staff (``State(..., queue="待受理审查")``);
a record in such a state is on the queue of every user who may see it (:mod:`fazhi.core.access`)
and holds a role of a step out of that state that a person takes — the state's ``next_steps``
when it names them (受理审查 waits for 受理 or 不予受理, not for 终止), never one the scheduler takes
by itself (a :class:`~fazhi.core.workflow.spec.DeadlineStep`). So a 法制审核人员 sees the applications
waiting for 受理审查 in their scope, an officer the new online applications to register, and
nobody but the respondent sees a case waiting for the respondent's 答复 as their own work.

Each record shown carries the earliest due date of its running statutory clocks (``due``): the
respondent sees by when its 答复 is owed even though the clock belongs to the 复议机构.

One COUNT, one short SELECT and one read of the shown records' clocks per queued state the user may
act in; a county's procedures have a handful of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Min

from fazhi.core import access
from fazhi.core.workflow import registry
from fazhi.core.workflow.spec import Procedure, State


@dataclass
class QueueGroup:
    procedure: Procedure
    state: State
    actions: tuple[str, ...]  # labels of the steps the user may take from the state
    count: int
    records: list = field(default_factory=list)  # the longest waiting first, at most ``limit``
    due: dict[int, dt.date] = field(default_factory=dict)  # record pk → earliest running clock's due date

    @property
    def label(self) -> str:
        return self.state.queue


def actions_for(procedure: Procedure, state: State, roles) -> tuple[str, ...]:
    """Labels of the steps out of ``state`` that a person holding ``roles`` takes."""
    automatic = procedure.automatic_transitions()
    return tuple(
        t.label
        for t in procedure.transitions_from(state.code)
        if t.name not in automatic
        and (not state.next_steps or t.name in state.next_steps)
        and set(t.roles) & set(roles)
    )


def _shared_steps(procedure: Procedure, state: State) -> tuple[str, ...]:
    """The ``shared`` fields when every next step of ``state`` is one a sharing party takes."""
    steps = [t for t in procedure.transitions_from(state.code) if t.name in state.next_steps]
    if not steps or not all(t.shared for t in steps):
        return ()
    return tuple(dict.fromkeys(f for t in steps for f in t.shared))


def waiting_for(user, *, limit: int = 5) -> list[QueueGroup]:
    """Each queued state with records waiting for ``user``, in procedure then declaration order."""
    roles = set(getattr(user, "roles", None) or ())
    if not roles:
        return []
    groups = []
    for procedure in registry.all_procedures():
        model = apps.get_model(procedure.model)
        for state in procedure.states:
            if not state.queue:
                continue
            actions = actions_for(procedure, state, roles)
            if not actions:
                continue
            fields = _shared_steps(procedure, state)
            if fields:  # the sharing party's step (被申请人 answering): queued for that party only
                shared = access.shared_q(user, model, fields)
                waiting = access.visible(user, model).filter(status=state.code)
                waiting = waiting.filter(shared) if shared is not None else waiting.none()
            else:  # the holder's steps: a case only shared with the user (its 被申请人) is not its work
                waiting = access.held(user, model).filter(status=state.code)
            count = waiting.count()
            if count:
                oldest = list(waiting.order_by("updated_at", "pk")[:limit])
                groups.append(QueueGroup(procedure, state, actions, count, oldest, _due(model, oldest)))
    return groups


def _due(model, records) -> dict[int, dt.date]:
    """The earliest due date of each record's running clocks (the records were fetched through
    :mod:`fazhi.core.access`; their clocks are read for them alone)."""
    from fazhi.core.calendar.models import Clock, ClockState

    if not records:
        return {}
    rows = (
        Clock.objects.filter(
            subject_type=ContentType.objects.get_for_model(model),
            subject_id__in=[r.pk for r in records],
            state=ClockState.RUNNING,
            due_date__isnull=False,
        )
        .values("subject_id")
        .annotate(due=Min("due_date"))
        .values_list("subject_id", "due")
    )
    return dict(rows)
