"""Excel import of 报送评查案卷: a department submits the list of its closed files (one row a file). A
file already submitted (same unit, same 案号) is skipped, never doubled; every error of a file is
reported at once and nothing is imported on any error."""

from __future__ import annotations

from fazhi.core.excel import Column, ImportKind, register
from fazhi.core.excel import parsers as p
from fazhi.core.excel.cells import parse_date
from fazhi.enforcement.imports_lists import _create, _found, _labels, _unit_column
from fazhi.enforcement.models_review import ActKind, CaseFile
from fazhi.enforcement.views import KEEPERS

FIELDS = ("case_number", "title", "act_kind", "closed_on", "submitted_on", "handlers")

CASE_FILES = register(
    ImportKind(
        name="enforcement-case-files",
        title="报送评查案卷",
        description="导入报送评查的行政执法案卷清单（每行一件已结案的案卷）。",
        notes=("报送单位和案号都相同的案卷已报送的，该行跳过。",),
        columns=(
            _unit_column("报送单位"),
            Column(
                "case_number",
                "案号",
                required=True,
                parse=p.text(80),
                identifier=True,
                example="东市监罚〔2025〕12号",
            ),
            Column(
                "title", "案件名称", required=True, parse=p.text(200), example="某公司无证经营案", width=30
            ),
            Column(
                "act_kind",
                "执法行为种类",
                required=True,
                parse=p.choice(_labels(ActKind)),
                example="行政处罚",
            ),
            Column("closed_on", "结案日期", required=True, parse=parse_date),
            Column("submitted_on", "报送日期", required=True, parse=parse_date),
            Column("handlers", "承办人员", parse=p.text(200), help="多人以顿号分隔。"),
        ),
        save_row=lambda values, session: _create(CaseFile, values, session, FIELDS),
        key=lambda values, session: (values["organisation"] or "", values["case_number"]),
        existing=lambda key, session: _found(CaseFile, session, key[0], case_number=key[1]),
        key_label="报送单位和案号",
        roles=KEEPERS,
    )
)
