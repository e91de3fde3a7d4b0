"""Reading an uploaded workbook into rows of cell text, keyed by column."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from fazhi.core.excel.spec import ImportKind, RowError
from fazhi.core.excel.template import INSTRUCTIONS_TITLE

_REQUIRED_MARK = re.compile(r"[*＊]|[（(]\s*(必填|选填)\s*[）)]")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff"), None)


@dataclass
class SheetRows:
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # (row, column key) → why the cell cannot be read as it was typed (reported with the row's
    # other errors, the cell treated as unparsed)
    cell_errors: dict[tuple[int, str], str] = field(default_factory=dict)


# Excel keeps 15 significant digits: a longer number typed into a General cell has lost digits.
_EXACT_DIGITS = 15


def identifier_problem(value) -> str | None:
    """Why a cell of an identifier column cannot be trusted, or None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not value.is_integer():
        return f"Excel把该号码存成了小数（{value!r}），请把该列设为文本格式后重新填写。"
    if abs(value) >= 10**_EXACT_DIGITS:
        return (
            f"Excel把该号码存成了数字（{value:.0f}），超过15位的数字末几位已丢失；"
            "请把该列设为文本格式（或在号码前加英文单引号）后重新填写。"
        )
    return None


def _header_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return _REQUIRED_MARK.sub("", text).replace(" ", "").strip()


def cell_text(value) -> str:
    """The text of a cell as a person typed it (numbers that Excel stored as numbers included)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).translate(_INVISIBLE).replace("\u00a0", " ").strip()


# Bounds on what a workbook may make the server do (issue 10 item 7: 154 KB holding a million blank
# rows took 29 s of CPU). A workbook is a zip: its XML may unpack to far more than the upload limit.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # every part of the workbook, unpacked (5,000 full rows ≈ 5 MB)
BLANK_ROWS_ALLOWED = 10_000  # rows read, blank ones included, beyond the kind's row limit
MAX_HEADER_COLUMNS = 200


def unpacked_size(fileobj) -> int | None:
    """The workbook's unpacked size from its zip directory (nothing is decompressed), or None if it
    is not a zip (load_workbook then reports the file as not an Excel file)."""
    seekable = hasattr(fileobj, "seek")
    try:
        if seekable:
            fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        if seekable:
            fileobj.seek(0)


def read_rows(kind: ImportKind, fileobj) -> SheetRows:
    result = SheetRows()
    unpacked = unpacked_size(fileobj)
    if unpacked is not None and unpacked > MAX_UNPACKED_BYTES:
        result.errors.append(
            RowError(
                None,
                None,
                f"文件解压后有 {unpacked // 2**20} MB，超过 {MAX_UNPACKED_BYTES // 2**20} MB 的上限"
                "（常因表中有大量空行或空列）。请删除多余的行列，或分成多个文件导入。",
            )
        )
        return result
    try:
        wb = load_workbook(fileobj, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        result.errors.append(
            RowError(None, None, "文件不是有效的Excel文件（.xlsx）。请使用下载的导入模板填写后上传。")
        )
        return result
    try:
        names = wb.sheetnames
        if kind.title[:31] in names:
            ws = wb[kind.title[:31]]
        else:
            data_sheets = [n for n in names if n != INSTRUCTIONS_TITLE]
            if not data_sheets:
                result.errors.append(RowError(None, None, f"文件中没有“{kind.title}”工作表。"))
                return result
            ws = wb[data_sheets[0]]

        # The sheet's <dimension> is written by whatever program saved it and may be wrong (it said
        # A1:Q5 over 20 rows, and 16 were dropped silently): read the rows that are really there.
        ws.reset_dimensions()
        header = next(ws.iter_rows(min_row=1, max_row=1, max_col=MAX_HEADER_COLUMNS, values_only=True), None)
        wanted = {_header_key(col.header): col for col in kind.columns}
        positions: dict[int, str] = {}
        seen: set[str] = set()
        for index, value in enumerate(header or ()):
            key = _header_key(cell_text(value))
            col = wanted.get(key)
            if col is None:
                continue  # extra columns (e.g. 备注) are ignored
            if col.key in seen:
                result.errors.append(RowError(1, col.header, "表头重复出现。"))
                continue
            seen.add(col.key)
            positions[index] = col.key
        missing = [col.header for col in kind.columns if col.required and col.key not in seen]
        if missing:
            result.errors.append(
                RowError(
                    None, None, f"表头缺少必填列：{'、'.join(f'“{m}”' for m in missing)}。请使用导入模板。"
                )
            )
            return result

        identifiers = {col.key for col in kind.columns if col.identifier}
        # Only the columns the kind reads (a row may carry cells out to column XFD), and a bounded
        # number of rows, blank ones included.
        rows = ws.iter_rows(min_row=2, max_col=max(positions, default=0) + 1, values_only=True)
        row_limit = kind.max_rows + BLANK_ROWS_ALLOWED
        for number, values in enumerate(rows, start=2):
            if number - 1 > row_limit:
                result.errors.append(
                    RowError(
                        None,
                        None,
                        f"工作表超过 {row_limit} 行（含空行）。请删除表格末尾的空行，"
                        f"每个文件最多导入 {kind.max_rows} 行。",
                    )
                )
                break
            texts = {key: cell_text(values[i]) if i < len(values) else "" for i, key in positions.items()}
            for i, key in positions.items():
                problem = identifier_problem(values[i]) if key in identifiers and i < len(values) else None
                if problem:
                    result.cell_errors[(number, key)] = problem
            if not any(texts.values()):
                continue  # blank lines are skipped
            if len(result.rows) >= kind.max_rows:
                result.errors.append(
                    RowError(None, None, f"一次最多导入 {kind.max_rows} 行，请分成多个文件导入。")
                )
                break
            result.rows.append((number, texts))
    finally:
        wb.close()
    if not result.rows and not result.errors:
        result.errors.append(RowError(None, None, "文件中没有可导入的数据行（从第2行起填写）。"))
    return result
