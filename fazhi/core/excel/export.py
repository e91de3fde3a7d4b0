"""Writing a simple table to .xlsx (list exports, error reports)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text that a spreadsheet would run as a formula is written with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


_SHEET_FORBIDDEN = str.maketrans({c: "、" for c in "[]:*?/\\"})


def sheet_title(title: str) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of ``[]:*?/\\`` (a page called
    “复议意见书/建议书” becomes “复议意见书、建议书”)."""
    return (title.translate(_SHEET_FORBIDDEN).strip("'") or "Sheet")[:31]


def write_table(
    title: str, headers: Sequence[str], rows: Iterable[Sequence], widths: Sequence[int] = ()
) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title(title))
    for index in range(1, len(headers) + 1):
        ws.column_dimensions[get_column_letter(index)].width = (
            widths[index - 1] if index <= len(widths) else 18
        )
    ws.freeze_panes = "A2"

    head = []
    for header in headers:
        cell = WriteOnlyCell(ws, value=header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        head.append(cell)
    ws.append(head)
    for row in rows:
        ws.append([safe_cell(v) for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
