"""What an import kind declares, and what an import returns.

A kind is declared once (:class:`ImportKind`): its sheet title, its columns (Chinese header,
required or not, parser, help text and example) and one ``save_row`` function that turns a parsed
row into saved objects. The framework derives the downloadable template, the parsing, the
row-by-row Chinese errors and the all-or-nothing transaction from that declaration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# A parser takes the cell text (already stripped, never empty) and returns the value to store,
# raising django.core.exceptions.ValidationError with a Chinese message when the text is wrong.
Parser = Callable[[str], Any]

# Who may use an import kind unless it says otherwise: the business (case-handling) roles, i.e.
# ``RoleCode`` values other than the three administrators (三权分立, docs/security.md 8). Kept as plain
# strings so this module does not import the models.
BUSINESS_ROLES: tuple[str, ...] = ("officer", "reviewer", "leader", "supervisor")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    parse: Parser | None = None
    help: str = ""
    example: str = ""
    # Offered as a drop-down in the template (Excel data validation) when ``dropdown`` is true.
    choices: tuple[str, ...] = ()
    dropdown: bool = True
    # Model field names whose ValidationError messages belong to this column.
    fields: tuple[str, ...] = ()
    width: int = 18
    # An identifier (身份证号, 统一社会信用代码, 案号, 电话, 区划代码): its template cells are text
    # (number format "@") so Excel keeps every digit, and a cell Excel still stored as a number of
    # more than 15 digits (whose last digits Excel has already lost) is refused, not guessed.
    identifier: bool = False

    def owns(self, field_name: str) -> bool:
        return field_name == self.key or field_name in self.fields


@dataclass(frozen=True)
class ImportKind:
    name: str
    title: str
    columns: tuple[Column, ...]
    # save_row(values, session) saves one row; raises ValidationError (dict keys = column keys or
    # model field names) or RowProblem when the row cannot be imported.
    save_row: Callable[[dict[str, Any], ImportSession], Any]
    description: str = ""
    notes: tuple[str, ...] = ()
    # finish(session) runs once after every row saved without error, inside the same transaction
    # (e.g. work best done in bulk, like hashing initial passwords).
    finish: Callable[[ImportSession], None] | None = None
    max_rows: int = 5000
    # Re-importing a file never duplicates: ``key(values, session)`` gives a row's natural key (e.g.
    # the case number, or organisation + date + applicant + act for rows without one; None when the
    # row has none); two rows of a file with the same key are an error, and a row whose key
    # ``existing(key, session)`` finds in the database is skipped — reported, never written twice
    # nor changed (``key_label`` says what the key is, in Chinese, for messages and the template).
    # True when save_row only checks and collects (writes nothing, keeps nothing in session.state
    # until it succeeds) and copes with None in any column: it is then also run on rows whose cells
    # did not all parse (``session.unparsed``), so every problem of a row is reported in one attempt.
    check_partial_rows: bool = False
    # The kind records who did what (e.g. a case's transition log): a file imported without an
    # actor (the command line without --actor) is refused before any row is read.
    needs_actor: bool = False
    key: Callable[[dict[str, Any], ImportSession], tuple | None] | None = None
    existing: Callable[[tuple, ImportSession], Any] | None = None
    key_label: str = ""
    key_column: str | None = None  # the column a duplicate is reported under (None: the row)
    # RoleCode values allowed to use this kind (download its template, upload a file). The core's
    # organisations and staff kinds are the system administrator's alone (三权分立).
    roles: tuple[str, ...] = BUSINESS_ROLES
    # Reference sheets the template carries after the data sheet (e.g. every valid code with its
    # name and unit): a callable giving ``[(sheet title, header, rows)]``, read when the template
    # is built; the reader ignores them.
    reference: Callable[[], list[tuple[str, tuple[str, ...], list[tuple]]]] | None = None

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)

    def column_for_field(self, field_name: str) -> Column | None:
        for col in self.columns:
            if col.owns(field_name):
                return col
        return None


class RowProblem(Exception):
    """Raised by ``save_row`` for a problem with one named column (``column`` = column key)."""

    def __init__(self, message: str, column: str | None = None):
        super().__init__(message)
        self.message = message
        self.column = column


@dataclass(frozen=True)
class RowError:
    row: int | None  # spreadsheet row number as Excel shows it (header is row 1); None = whole file
    column: str | None  # Chinese header
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if self.column:
            return f"第{self.row}行“{self.column}”：{self.message}"
        return f"第{self.row}行：{self.message}"


@dataclass(frozen=True)
class Credential:
    """An initial password produced by an import; shown once, never stored in clear."""

    username: str
    full_name: str
    password: str


@dataclass
class ImportResult:
    kind: str
    ok: bool
    created: int = 0
    rows: int = 0
    # rows whose record is already in the database (ImportKind.key): skipped, unchanged
    skipped_rows: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    objects: list[Any] = field(default_factory=list)
    credentials: list[Credential] = field(default_factory=list)
    audit_event_id: int | None = None

    @property
    def messages(self) -> list[str]:
        return [str(error) for error in self.errors]

    @property
    def summary(self) -> str:
        if self.ok:
            text = f"导入成功：共 {self.created} 条。"
            if self.skipped_rows:
                rows = "、".join(str(r) for r in self.skipped_rows[:20]) + (
                    "等" if len(self.skipped_rows) > 20 else ""
                )
                text += f"已存在，跳过 {len(self.skipped_rows)} 条（第{rows}行），未作修改。"
            return text
        return f"导入失败：发现 {len(self.errors)} 处错误，未导入任何数据，请修改后重新导入。"


@dataclass
class ImportSession:
    """State shared by the rows of one import (earlier rows, credentials, the actor)."""

    kind: ImportKind
    actor: Any = None
    row: int = 0
    state: dict[str, Any] = field(default_factory=dict)
    credentials: list[Credential] = field(default_factory=list)
    # Keys of the columns of the current row whose cell could not be parsed (their value is None):
    # save_row still runs on such a row, to report every other problem of it at once.
    unparsed: frozenset[str] = frozenset()
    # Rows that failed, by row number, with whatever values parsed: lets a later row say
    # "上级单位在第3行，该行有错误" instead of "找不到".
    failed: dict[int, dict[str, Any]] = field(default_factory=dict)
