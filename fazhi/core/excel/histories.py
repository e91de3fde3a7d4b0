"""Imports of historical records as declarations: columns derived from model fields, a history
mapping filled-in dates to the procedure's transitions, and the load through the replay.

A domain's ``imports.py`` declares what carries its meaning and nothing else::

    col = partial(histories.field_column, Matter)
    MATTERS = register(histories.history_kind(
        model=Matter, name="matter", title="某类事项", notes=(…),
        columns=(col("title", example="…"), col("received_on", header="收件日期"), …),
        history=(Step("received_on", "register"), Step("decided_on", "decide", inputs={…}), …),
        requires=(("outcome", "decided_on"), …), rules=_rules, key=("title",),
    ))

For every row the kit checks, every column at once: the organisation (among those the importing
staff member may see, :func:`cells.resolve_organisation`; blank: the importer's own), the
``requires`` pairs ("填写了A，须同时填写B。"), the order of the history's dates (a date earlier than
the one before it, naming both columns); then the domain's ``rules(row)`` (the law's decision
rules: they add errors, set the record's fields, the status the history ends in (``row.until``),
steps after the declared ones and child rows); then the record's own fields (``full_clean``, each
message under its column) and whether the steps are a path of the procedure (:func:`replay.plan`).
Rows that pass are loaded in one batch with their past replayed through the procedure
(:func:`replay.replay_many`, log marked 历史数据导入), then their child rows (parties, hearings …) in
bulk (docs/adr/0011-replayed-histories.md, "Declared importers").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from fazhi.core.dates import written_date
from fazhi.core.excel import parsers as p
from fazhi.core.excel.cells import parse_date, resolve_organisation
from fazhi.core.excel.spec import Column, ImportKind, ImportSession, RowProblem
from fazhi.core.kit.loading import save_children
from fazhi.core.kit.numbering import Series, parse_number
from fazhi.core.kit.parties import PartyKind, identifier_field
from fazhi.core.workflow import registry as procedures
from fazhi.core.workflow import replay

NOTE = "历史数据导入"
# Who imports case histories: the case-handling roles, not 领导 (who read) nor the administrators.
HISTORY_ROLES = ("officer", "reviewer", "supervisor")


def field_column(
    model: type[models.Model],
    name: str,
    *,
    key: str | None = None,
    header: str | None = None,
    labels: Mapping[str, Any] | None = None,
    aliases: Mapping[str, Any] | None = None,
    required: bool | None = None,
    parse=None,
    **kw,
) -> Column:
    """A column for ``model``'s field ``name``: header = its verbose_name, a choice field's labels
    (or ``labels``, label → stored value) as drop-down plus ``aliases`` also accepted, a yes/no
    drop-down for a boolean, dates as people type them, text within the field's length; required
    when the field may be neither blank nor defaulted. ``key`` (default: the field name) names the
    column; a column whose key is not the field owns the field's validation messages."""
    f = model._meta.get_field(name)
    choices: tuple[str, ...] = ()
    if parse is None:
        if f.choices or labels:
            mapping = dict(labels) if labels is not None else {str(lb): c for c, lb in f.flatchoices}
            choices, parse = tuple(mapping), p.choice({**mapping, **(aliases or {})})
        elif isinstance(f, models.BooleanField):
            choices, parse = tuple(p.YES_NO), p.yes_no
        elif isinstance(f, models.DateField):
            parse = parse_date
        else:
            parse = p.text(f.max_length or 2000)
    if required is None:
        required = not f.blank and not f.has_default() and not isinstance(f, models.BooleanField)
    header = header or str(f.verbose_name)
    kw.setdefault("width", 14 if isinstance(f, models.DateField) else max(12, min(30, 2 * len(header) + 4)))
    kw.setdefault("choices", choices)
    fields = (*(() if (key or name) == name else (name,)), *kw.pop("fields", ()))
    return Column(key or name, header, required=required, parse=parse, fields=fields, **kw)


# What people write for the kinds of party of 《行政复议法》第二条 / 《行政诉讼法》第二条 (公民、法人或者
# 其他组织), for domains that keep persons and organisations apart (codes of fazhi.core.kit.parties).
PARTY_KIND_ALIASES = {
    "公民": "person",
    "个人": "person",
    "法人": "organisation",
    "其他组织": "organisation",
    "法人或者其他组织": "organisation",
    "法人或其他组织": "organisation",
    "单位": "organisation",
}


def party_kind_column(party_model: type[models.Model], key: str, header: str) -> Column:
    """A party's kind (自然人 / 法人或者其他组织) in the labels of ``party_model``; blank: 自然人."""
    return field_column(
        party_model,
        "kind",
        key=key,
        header=header,
        required=False,
        aliases=PARTY_KIND_ALIASES,
        help="不填视为“自然人”。",
        example="自然人",
        width=16,
    )


def party_columns(party_model: type[models.Model], prefix: str, who: str, *, example: str = "张三"):
    """A party's name, kind and identifier (keys ``<prefix>_name``, ``<prefix>_kind``, ``<prefix>_id``;
    headers “{who}姓名/名称”, “{who}类型”, “{who}证件号码”), read back by :meth:`Row.party`."""
    return (
        field_column(party_model, "name", key=f"{prefix}_name", header=f"{who}姓名/名称", example=example),
        party_kind_column(party_model, f"{prefix}_kind", f"{who}类型"),
        Column(
            f"{prefix}_id",
            f"{who}证件号码",
            identifier=True,
            parse=p.code,
            help="自然人填18位公民身份号码，法人或者其他组织填18位统一社会信用代码；按国家标准校验，可不填。",
            example="11010519491231002X",
            width=22,
        ),
    )


def organisation_column(header: str, what: str, example: str) -> Column:
    """The organisation a record belongs to, by name among those the importer may see."""
    return Column(
        "organisation",
        header,
        parse=p.text(120),
        help=f"{what}全称；同名单位写成“区划代码:单位名称”。不填为导入人所在单位。",
        example=example,
        width=20,
    )


def row_organisation(values: dict, session: ImportSession):
    """The organisation a row names in its 承办单位 column, or the importer's own when blank."""
    actor, named = session.actor, values.get("organisation")
    if named:
        return resolve_organisation(named, actor, "organisation")
    if actor is not None and getattr(actor, "organisation_id", None):
        return actor.organisation
    raise RowProblem("必填，不能为空。", "organisation")


@dataclass(frozen=True)
class Step:
    """A step of the history: taken when ``column`` (a date) is filled in and dated with it — or
    with the column its transition's legal date is carried in (e.g. a judgment takes effect from
    its service). ``transition`` is a name, or chosen from the row's values (None: no step).
    ``inputs`` maps the transition's inputs to columns; only those the chosen transition has, and
    filled, are carried. Date columns among them follow ``column`` in the order of dates."""

    column: str
    transition: str | Callable[[dict], str | None]
    inputs: Mapping[str, str] = field(default_factory=dict)


@dataclass
class Row:
    """One row being checked: what the domain's ``rules`` read and write."""

    values: dict[str, Any]
    session: ImportSession
    record: models.Model | None = None
    errors: dict[str, str] = field(default_factory=dict)
    until: str | None = None  # the status the history must end in (None: where its steps end)
    more_steps: list[tuple] = field(default_factory=list)  # steps after the declared ones
    children: list[models.Model] = field(default_factory=list)  # saved after the record, in order

    def error(self, column: str, message: str) -> None:
        self.errors.setdefault(column, message)

    def after_period(self, clock, start, transition: str):
        """The step the law takes once the period ``clock`` (a ``ClockSpec``: its length and unit for
        the row's record) started on ``start`` has run out — 上诉期满未上诉, the judgment takes
        effect: appended to the history on the day after the due date, which it returns. While the
        period still runs the history stays open where its steps end (``until`` None): None."""
        import datetime as dt

        from django.utils import timezone

        from fazhi.core.calendar import services as calendar

        due = calendar.due_date(start, clock.length_of(self.record), clock.unit_of(self.record)).due
        if due >= timezone.localdate():
            self.until = None
            return None
        self.more_steps.append((transition, due + dt.timedelta(days=1), {}))
        return due + dt.timedelta(days=1)

    def party(self, model: type[models.Model], prefix: str, *, exclude: Sequence[str] = (), **fields):
        """The party given in the :func:`party_columns` of ``prefix`` (kind blank: 自然人), with
        ``fields``: its identifier where the model keeps it (:func:`parties.identifier_field`),
        checked against its kind (``full_clean``, each message under its column), and added to the
        row's children."""
        kind = self.values[f"{prefix}_kind"] or PartyKind.PERSON
        party = model(kind=kind, name=self.values[f"{prefix}_name"] or "", **fields)
        setattr(party, identifier_field(model, kind), self.values[f"{prefix}_id"] or "")
        columns = {"name": f"{prefix}_name", "id_number": f"{prefix}_id", "uscc": f"{prefix}_id"}
        self.clean(party, exclude=exclude, columns=columns)
        self.children.append(party)
        return party

    def clean(
        self, obj: models.Model, *, exclude: Sequence[str] = (), columns: Mapping[str, str] = ()
    ) -> None:
        """``obj.full_clean``, each message under its column (``columns``: field → column key), except
        in columns whose cell did not parse."""
        columns = dict(columns)
        try:
            obj.full_clean(exclude=list(exclude), validate_constraints=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                column = columns.get(name, name)
                if column not in self.session.unparsed:
                    self.error(column, "".join(messages))


@dataclass
class HistoryImport:
    """The checks and the load of a :func:`history_kind` (its ``save_row`` and ``finish``)."""

    model: type
    columns: tuple[Column, ...]
    history: tuple[Step, ...]
    # (filled, needed[, what the needed column holds]): "填写了A，须同时填写B（…）。" under B
    requires: tuple[tuple[str, ...], ...] = ()
    rules: Callable[[Row], None] | None = None
    exclude: tuple[str, ...] = ()  # fields set when loading (e.g. a 案号 numbered then)
    before_load: Callable[[list], None] | None = None
    source: str = ""

    @property
    def series(self) -> Series | None:
        """The model's own number series (``number_series``) when the file has its number column:
        a number written is kept (its year and serial parsed), a blank one is numbered at load."""
        series = getattr(self.model, "number_series", None)
        if series is None or not any(c.key == series.number_field for c in self.columns):
            return None
        return series

    def _number(self, row: Row) -> None:
        series, record = self.series, row.record
        written = getattr(record, series.number_field) if series else ""
        if not written:
            return
        parsed = parse_number(written)
        if parsed is None:
            column = self.column(series.number_field)
            example = f"如“{column.example}”" if column.example else "如“〔2026〕12号”"
            row.error(series.number_field, f"{column.header}应含〔年份〕和序号，{example}；不填则自动生成。")
            return
        setattr(record, series.year_field, parsed[0])
        setattr(record, series.serial_field, parsed[1])

    def number_key(self, values: dict, session: ImportSession) -> tuple | None:
        """The key of a row that gives the record's number: (organisation, year, serial)."""
        series = self.series
        parsed = parse_number(values.get(series.number_field) or "")
        if parsed is None:
            return None
        org = row_organisation(values, session)
        return (("organisation", org), (series.year_field, parsed[0]), (series.serial_field, parsed[1]))

    @property
    def procedure(self):
        return procedures.get(self.model.procedure_name)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def dates(self) -> list[str]:
        """The history's date columns, in order."""
        out: list[str] = []
        for step in self.history:
            given = [step.column, *(c for c in step.inputs.values() if self.column(c).parse is parse_date)]
            out += [c for c in given if c not in out]
        return out

    def _check_order(self, row: Row) -> None:
        values, before = row.values, None
        for key in self.dates():
            if values.get(key) is None:
                continue
            if before is not None and values[key] < values[before]:
                row.error(
                    key,
                    f"{self.column(key).header}不能早于{self.column(before).header}"
                    f"（{written_date(values[before])}）。",
                )
            before = key

    def steps(self, row: Row) -> list[tuple]:
        values, out = row.values, []
        for step in self.history:
            when = values.get(step.column)
            name = step.transition(values) if callable(step.transition) else step.transition
            if when is None or name is None:
                continue
            t = self.procedure.transition(name)
            known = {f.name for f in t.fields}
            data = {i: values[c] for i, c in step.inputs.items() if i in known and values.get(c) is not None}
            out.append((name, data.get(t.date_field) or when, data))
        return out + row.more_steps

    def save_row(self, values: dict, session: ImportSession):
        """Check one row, every column at once, and keep it for :meth:`finish`. Cells that did not
        parse are None here (``check_partial_rows``): checks needing them are skipped."""
        row = Row(dict(values), session)
        try:
            org = row_organisation(values, session)
        except RowProblem as exc:
            org, row.errors[exc.column] = None, exc.message
        for filled, needed, *what in self.requires:
            if values.get(filled) not in (None, False) and values.get(needed) is None:
                what = f"（{what[0]}）" if what else ""
                row.error(
                    needed,
                    f"填写了{self.column(filled).header}，须同时填写{self.column(needed).header}{what}。",
                )
        self._check_order(row)
        names = {f.name for f in self.model._meta.concrete_fields} - {"organisation", "status"}
        row.record = self.model(
            organisation=org,
            region_code=org.region_id if org else "",
            **{
                c.key: values[c.key] for c in self.columns if c.key in names and values.get(c.key) is not None
            },
        )
        self._number(row)
        if self.rules is not None:
            self.rules(row)
        steps = self.steps(row)
        broken = session.unparsed | set(row.errors)
        numbered = (self.series.number_field,) if self.series else ()
        excluded = {"status", *self.exclude, *numbered} | {
            f for c in self.columns if c.key in broken for f in (c.key, *c.fields)
        }
        row.clean(
            row.record, exclude=sorted(excluded | ({"organisation", "region_code"} if org is None else set()))
        )
        if not row.errors and not session.unparsed:
            try:  # the steps must be a path of the procedure (they are, when the checks above pass)
                replay.plan(self.procedure, steps, until=row.until)
            except replay.HistoryRefused as exc:
                row.errors[NON_FIELD_ERRORS] = f"办理经过不符合程序：{exc.message}"
        if row.errors:
            raise ValidationError(row.errors)
        if session.unparsed:
            return None
        session.state.setdefault("rows", []).append((row.record, steps, row.until, row.children))
        return row.record

    def finish(self, session: ImportSession) -> None:
        """Load the records with their past replayed through the procedure, then their child rows."""
        rows = session.state.get("rows", [])
        if self.series is not None:  # numbers written are used; blank ones follow them (a registration's)
            records = [record for record, *_ in rows]
            self.series.reserve(r for r in records if getattr(r, self.series.number_field))
            for record in records:
                self.series.assign(record)
        if self.before_load is not None:
            self.before_load([record for record, *_ in rows])
        replay.replay_many(
            self.model,
            [replay.History(record, steps, until=until) for record, steps, until, _ in rows],
            actor=session.actor,
            source=self.source,
            note=NOTE,
        )
        save_children(child for *_, children in rows for child in children)


def _numbered_key(importer: HistoryImport, fallback: Callable | None) -> Callable:
    number = importer.series.number_field

    def key(values: dict, session: ImportSession) -> tuple | None:
        if values.get(number):
            return importer.number_key(values, session)
        return fallback(values, session) if fallback is not None else None

    return key


def history_kind(
    *,
    model: type,
    name: str,
    title: str,
    columns: Sequence[Column],
    history: Sequence[Step],
    requires: Sequence[tuple[str, ...]] = (),
    rules: Callable[[Row], None] | None = None,
    key: Sequence[str] | Callable | None = None,
    exclude: Sequence[str] = (),
    before_load: Callable[[list], None] | None = None,
    notes: Sequence[str] = (),
    **kw,
) -> ImportKind:
    """An import kind of historical records of ``model`` (see the module's docstring). ``key``: the
    columns of the natural key (a stored record with the same values is skipped), or a function
    ``key(values, session)`` giving the row's key as ``(field, value)`` pairs (a stored record
    whose fields have those values is skipped), with its ``key_label``.

    A model with a ``number_series`` (:class:`fazhi.core.kit.numbering.Series`) whose number column
    is in the file needs no numbering code: a number written is kept (a number without 〔year〕 and
    serial is refused under its column), blank ones take the next serials after every number in the
    file, and a row with a number is the same record as a stored one with that organisation, year
    and serial (``key`` then decides only for rows without a number)."""
    importer = HistoryImport(
        model,
        tuple(columns),
        tuple(history),
        tuple(requires),
        rules,
        tuple(exclude),
        before_load,
        kw.pop("source", f"Excel导入：历史{title}"),
    )
    if key is not None and not callable(key):
        cols = [importer.column(k) for k in key]
        kw.update(key_label="和".join(c.header for c in cols), key_column=cols[-1].key)
        fields = [(c.key if not c.fields else c.fields[0], c.key) for c in cols]
        key = lambda values, session: tuple((f, values[c]) for f, c in fields)  # noqa: E731
    if importer.series is not None:  # a number written decides; ``key`` is for rows without one
        key = _numbered_key(importer, key)
        header = importer.column(importer.series.number_field).header
        kw["key_label"] = f"{header}，或{kw['key_label']}" if kw.get("key_label") else header
    if key is not None:
        kw.setdefault("existing", lambda k, session: model.objects.filter(**dict(k)).order_by("pk").first())
    law = procedures.get(model.procedure_name).label
    orgs = [c for c in columns if c.key == "organisation"]
    once = (
        ()
        if key is None
        else (
            f"同一案件不会重复导入：{kw['key_label']}相同的案件已在系统中的，该行跳过，已有案件不作修改"
            "（其后的办理请在系统中进行）；同一文件中出现两次的，报错。",
        )
    )
    notes = (
        *notes,
        *(f"{c.header}不填时为导入人所在单位；只能导入本人数据范围内单位的案件。" for c in orgs),
        *once,
        f"办理经过按“{law}”程序记入办理记录：文件未记载的中间环节按其后的日期"
        "（没有其后的日期时按最后一个日期）推定记入并标明“推定”。",
    )
    return ImportKind(
        name=name,
        title=title,
        columns=tuple(columns),
        save_row=importer.save_row,
        finish=importer.finish,
        notes=notes,
        check_partial_rows=True,
        needs_actor=True,
        key=key,
        **{"roles": HISTORY_ROLES, **kw},
    )
