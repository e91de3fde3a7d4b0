"""Running an import: parse every row, save them all in one transaction or none of them.

:func:`run_import` is what the staff UI and the ``fazhi import`` command call. Every row is parsed
and saved even after an error, and a row whose cells did not all parse is still checked by the
kind's ``save_row`` (its every other problem reported too), so the person importing sees every
problem of the file in one attempt. A kind with a natural key (``ImportKind.key``) skips rows
already in the database, so importing the same file twice adds nothing the second time; if there was
any error the whole transaction is rolled back and nothing stays in the database. Each row is
saved inside its own savepoint so a failing row cannot poison the rows after it (PostgreSQL aborts
a transaction on the first error otherwise).

Permission checks (who may import what) belong to the caller; this module records who did it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from fazhi.core.audit.models import Result
from fazhi.core.audit.services import record
from fazhi.core.excel import registry
from fazhi.core.excel.reader import read_rows
from fazhi.core.excel.spec import ImportKind, ImportResult, ImportSession, RowError, RowProblem


class _Rollback(Exception):
    pass


def _messages(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def _tidy(header: str | None, message: str) -> str:
    # "统一社会信用代码校验位错误" under the column "统一社会信用代码" reads "校验位错误".
    if header and message.startswith(header) and len(message) > len(header) + 1:
        message = message[len(header) :].lstrip("：:，, ")
    return message


def parse_row(
    kind: ImportKind, number: int, texts: dict[str, str], cell_errors: dict | None = None
) -> tuple[dict[str, Any], list[RowError]]:
    values: dict[str, Any] = {}
    errors: list[RowError] = []
    for col in kind.columns:
        text = texts.get(col.key, "")
        problem = (cell_errors or {}).get((number, col.key))
        if problem:
            values[col.key] = None
            errors.append(RowError(number, col.header, problem))
            continue
        if not text:
            values[col.key] = None
            if col.required:
                errors.append(RowError(number, col.header, "必填，不能为空。"))
            continue
        if col.parse is None:
            values[col.key] = text
            continue
        try:
            values[col.key] = col.parse(text)
        except ValidationError as exc:
            values[col.key] = None
            errors.append(RowError(number, col.header, _tidy(col.header, "".join(_messages(exc)))))
    return values, errors


def row_errors(kind: ImportKind, number: int, exc: ValidationError) -> list[RowError]:
    if not hasattr(exc, "error_dict"):
        return [RowError(number, None, "".join(_messages(exc)))]
    errors = []
    for field_name, messages in exc.message_dict.items():
        col = None if field_name == NON_FIELD_ERRORS else kind.column_for_field(field_name)
        header = col.header if col else None
        errors.append(RowError(number, header, _tidy(header, "".join(messages))))
    return errors


def _errors(kind: ImportKind, number: int, exc, skip=frozenset()) -> list[RowError]:
    if isinstance(exc, RowProblem):
        col = kind.column(exc.column).header if exc.column else None
        errors = [RowError(number, col, _tidy(col, exc.message))]
    else:
        errors = row_errors(kind, number, exc)
    return [e for e in errors if e.column is None or e.column not in skip]


def _more_errors(kind: ImportKind, number: int, values, session, errors) -> list[RowError]:
    """The problems ``save_row`` finds in a row whose cells did not all parse (values None), other
    than in the columns already reported; nothing it writes is kept."""
    if not kind.check_partial_rows:
        return []
    reported = {e.column for e in errors}
    try:
        with transaction.atomic():
            kind.save_row(values, session)
            raise _Rollback
    except (ValidationError, RowProblem) as exc:
        return _errors(kind, number, exc, skip=reported)
    except (_Rollback, IntegrityError):
        return []


def _actor(actor):
    return actor if getattr(actor, "pk", None) else None


def run_import(kind: str | ImportKind, fileobj, actor=None) -> ImportResult:
    """Import the rows of ``fileobj`` (an .xlsx file object) as ``kind``; all rows or none."""
    kind = registry.get(kind) if isinstance(kind, str) else kind
    sheet = read_rows(kind, fileobj)
    result = ImportResult(kind=kind.name, ok=False, rows=len(sheet.rows), errors=list(sheet.errors))
    if kind.needs_actor and _actor(actor) is None:
        result.errors.insert(
            0, RowError(None, None, f"导入{kind.title}须指明操作人（命令行导入请加 --actor 用户名）。")
        )
    if not result.errors:
        session = ImportSession(kind=kind, actor=_actor(actor))
        objects: list[Any] = []
        keys: dict[tuple, int] = {}
        try:
            with transaction.atomic():
                for number, texts in sheet.rows:
                    session.row = number
                    values, errors = parse_row(kind, number, texts, sheet.cell_errors)
                    session.unparsed = frozenset(
                        k for k, text in texts.items() if text and values.get(k) is None
                    )
                    if errors:
                        # Still check the rest of the row, so its every problem is reported at once.
                        errors += _more_errors(kind, number, values, session, errors)
                        result.errors.extend(errors)
                        session.failed[number] = values
                        continue
                    try:
                        key = kind.key(values, session) if kind.key is not None else None
                    except (ValidationError, RowProblem) as exc:
                        key, errors = None, _errors(kind, number, exc)
                    if key is not None:
                        if key in keys:
                            what = f"（{kind.key_label}相同）" if kind.key_label else ""
                            col = kind.column(kind.key_column).header if kind.key_column else None
                            errors.append(RowError(number, col, f"与第{keys[key]}行重复{what}。"))
                        elif kind.existing is not None and kind.existing(key, session) is not None:
                            keys[key] = number
                            result.skipped_rows.append(number)
                            continue
                        else:
                            keys[key] = number
                    try:
                        with transaction.atomic():
                            obj = kind.save_row(values, session)
                            if errors:
                                raise _Rollback
                    except (ValidationError, RowProblem) as exc:
                        errors += _errors(kind, number, exc, skip={e.column for e in errors})
                    except IntegrityError:
                        errors.append(RowError(number, None, "与已有数据冲突（可能重复），请核对。"))
                    except _Rollback:
                        pass
                    if errors:
                        result.errors.extend(errors)
                        session.failed[number] = values
                    else:
                        objects.append(obj)
                if result.errors:
                    raise _Rollback
                if kind.finish is not None:
                    kind.finish(session)
                event = record(
                    "import",
                    object_type=f"import.{kind.name}",
                    object_repr=f"导入{kind.title}",
                    detail={"kind": kind.name, "rows": len(sheet.rows), "created": len(objects)},
                    user=session.actor,
                )
        except _Rollback:
            pass
        else:
            result.ok = True
            result.created = len(objects)
            result.objects = objects
            result.credentials = list(session.credentials)
            result.audit_event_id = event.pk
            return result
    # A refused import leaves one audit row too, written after the rollback.
    event = record(
        "import",
        object_type=f"import.{kind.name}",
        object_repr=f"导入{kind.title}",
        result=Result.FAILED,
        detail={
            "kind": kind.name,
            "rows": len(sheet.rows),
            "errors": len(result.errors),
            "error_rows": sorted({e.row for e in result.errors if e.row is not None})[:100],
        },
        user=_actor(actor),
    )
    result.audit_event_id = event.pk
    return result
