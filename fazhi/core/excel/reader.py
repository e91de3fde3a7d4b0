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


def read_rows(kind: ImportKind, fileobj) -> SheetRows:
    result = SheetRows()
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

        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
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

        for number, values in enumerate(rows, start=2):
            texts = {key: cell_text(values[i]) if i < len(values) else "" for i, key in positions.items()}
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
