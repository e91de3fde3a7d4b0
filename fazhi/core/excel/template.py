"""The downloadable .xlsx template of an import kind: a data sheet and a 填写说明 sheet."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from fazhi.core.excel import registry
from fazhi.core.excel.spec import ImportKind

INSTRUCTIONS_TITLE = "填写说明"
TEMPLATE_ROWS = 1000  # rows that get drop-downs and text format in the template

GENERAL_NOTES = (
    "第1行是表头，请勿修改、删除或调换表头文字；从第2行起每行填写一条记录。",
    "红色表头的列为必填项。代码类内容（区划代码、统一社会信用代码等）请按文本填写，不要写成数字或科学计数法。",
    "导入时逐行检查；只要有一行有错误，整个文件都不会导入，系统会列出每一行的错误（行号与Excel左侧行号一致），修改后重新导入即可。",
    "本“填写说明”工作表在导入时会被忽略。",
)

_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_REQUIRED_FONT = Font(bold=True, color="C00000")
_OPTIONAL_FONT = Font(bold=True)


def _dropdown_formula(choices: tuple[str, ...]) -> str | None:
    formula = '"' + ",".join(choices) + '"'
    # Excel limits an inline list to 255 characters, and a comma would split an item.
    if len(formula) > 255 or any("," in c or '"' in c for c in choices):
        return None
    return formula


def build_template(kind: ImportKind) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = kind.title[:31]
    for index, col in enumerate(kind.columns, start=1):
        letter = get_column_letter(index)
        cell = ws.cell(row=1, column=index, value=col.header)
        cell.font = _REQUIRED_FONT if col.required else _OPTIONAL_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
        tip = ("（必填）" if col.required else "（选填）") + (col.help or "")
        cell.comment = Comment(tip, "法治平台", width=260, height=120)
        ws.column_dimensions[letter].width = col.width
        # Text format, so 6-digit codes and 18-character credit codes stay text. Excel applies a
        # column's format to cells typed into later; identifier columns also get text cells of
        # their own, which every spreadsheet program (and a copy-paste) keeps.
        ws.column_dimensions[letter].number_format = "@"
        if col.identifier:
            for (cell_row,) in ws.iter_rows(
                min_row=2, max_row=TEMPLATE_ROWS + 1, min_col=index, max_col=index
            ):
                cell_row.number_format = "@"
        if col.choices and col.dropdown:
            formula = _dropdown_formula(col.choices)
            if formula:
                dv = DataValidation(
                    type="list",
                    formula1=formula,
                    allow_blank=not col.required,
                    showErrorMessage=True,
                    errorTitle="输入值无效",
                    error=f"请从下拉列表中选择：{'、'.join(col.choices)}",
                    promptTitle=col.header,
                    prompt="请从下拉列表中选择",
                    showInputMessage=True,
                )
                dv.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
                ws.add_data_validation(dv)
    ws.freeze_panes = "A2"

    info = wb.create_sheet(INSTRUCTIONS_TITLE)
    info.column_dimensions["A"].width = 20
    info.column_dimensions["B"].width = 10
    info.column_dimensions["C"].width = 70
    info.column_dimensions["D"].width = 30
    row = 1
    info.cell(row=row, column=1, value=f"{kind.title}导入模板 填写说明").font = Font(bold=True, size=14)
    row += 1
    if kind.description:
        info.cell(row=row, column=1, value=kind.description)
        row += 1
    for note in (*GENERAL_NOTES, *kind.notes):
        info.cell(row=row, column=1, value=f"· {note}")
        row += 1
    row += 1
    for index, head in enumerate(("列名", "是否必填", "填写要求", "示例"), start=1):
        cell = info.cell(row=row, column=index, value=head)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    for col in kind.columns:
        row += 1
        requirement = col.help
        if col.choices:
            requirement = f"{requirement}可选值：{'、'.join(col.choices)}。".lstrip()
        info.cell(row=row, column=1, value=col.header).font = (
            _REQUIRED_FONT if col.required else _OPTIONAL_FONT
        )
        info.cell(row=row, column=2, value="必填" if col.required else "选填")
        info.cell(row=row, column=3, value=requirement).alignment = Alignment(wrap_text=True, vertical="top")
        info.cell(row=row, column=4, value=col.example)
        for c in (1, 2, 4):
            info.cell(row=row, column=c).number_format = "@"

    for title, header, rows in kind.reference() if kind.reference else ():
        ref = wb.create_sheet(title[:31])
        ref.append(list(header))
        for cell in ref[1]:
            cell.font = Font(bold=True)
            cell.fill = _HEADER_FILL
        for values in rows:
            ref.append([str(v) if v is not None else None for v in values])
        for index, head in enumerate(header, start=1):
            widest = max([len(str(head))] + [len(str(r[index - 1] or "")) for r in rows[:500]])
            ref.column_dimensions[get_column_letter(index)].width = min(60, max(8, widest * 2))
        ref.freeze_panes = "A2"

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def template_bytes(kind: str | ImportKind) -> bytes:
    """The .xlsx template of ``kind`` (a registered name or an ImportKind)."""
    return build_template(registry.get(kind) if isinstance(kind, str) else kind)


def template_filename(kind: str | ImportKind) -> str:
    kind = registry.get(kind) if isinstance(kind, str) else kind
    return f"{kind.title}导入模板.xlsx"
