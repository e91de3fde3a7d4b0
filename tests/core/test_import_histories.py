"""The import kit for historical records (fazhi.core.excel.histories) on the test-only sample model:
columns derived from model fields, the declared history (steps, date order, 须同时填写), the
domain's rules, the natural key and the load replayed through the procedure."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from fazhi.core import excel
from fazhi.core.excel import histories as h
from fazhi.core.excel.cells import parse_date
from fazhi.core.workflow import engine
from fazhi.reconsideration.models import Party
from tests import factories
from tests.sampleapp.models import SampleMatter, SampleOfficer

pytestmark = pytest.mark.django_db


def test_columns_are_derived_from_model_fields():
    title = h.field_column(SampleMatter, "title")
    assert (title.key, title.header, title.required, title.fields) == ("title", "事项名称", True, ())
    with pytest.raises(ValidationError, match="不能超过100个字"):
        title.parse("长" * 101)
    assert title.parse("长" * 100) == "长" * 100

    applicant = h.field_column(SampleMatter, "applicant", key="who", header="申请人姓名")
    assert (applicant.key, applicant.header, applicant.required, applicant.fields) == (
        "who",
        "申请人姓名",
        False,  # blank=True
        ("applicant",),  # the field's validation messages belong to the column
    )
    simple = h.field_column(SampleMatter, "simple")
    assert (simple.choices, simple.parse("是"), simple.required) == (("是", "否"), True, False)

    category = h.field_column(SampleOfficer, "category", aliases={"市场": "market"})
    assert category.choices == ("市场监管", "交通运输")  # the drop-down: the field's labels
    assert (category.parse("交通运输"), category.parse("市场")) == ("transport", "market")
    with pytest.raises(ValidationError, match="可选：市场监管、交通运输、市场"):
        category.parse("农业")
    assert h.field_column(SampleOfficer, "certified_on").parse is parse_date

    kind = h.party_kind_column(Party, "who_kind", "申请人类型")  # a domain's party model
    assert kind.parse("公民") == "person" and kind.parse("单位") == "organisation" and not kind.required


def _rules(row: h.Row) -> None:
    """A rule of 'the law' of the sample: a 撤销 decision needs an applicant."""
    if row.values["outcome"] == "revoke" and not row.values["applicant"]:
        row.error("applicant", "撤销决定的事项须填写申请人。")


KIND = h.history_kind(
    model=SampleMatter,
    name="sample_history",
    title="示例事项",
    notes=("示例。",),
    columns=(
        h.field_column(SampleMatter, "title", example="示例"),
        h.organisation_column("承办单位", "承办单位", "东区司法局"),
        h.field_column(SampleMatter, "applicant"),
        excel.Column("received_on", "收件日期", required=True, parse=parse_date),
        excel.Column("accepted_on", "受理日期", parse=parse_date),
        excel.Column("decided_on", "决定日期", parse=parse_date),
        h.field_column(
            SampleMatter, "outcome", header="决定结果", labels={"维持": "uphold", "撤销": "revoke"}
        ),
    ),
    history=(
        h.Step("received_on", "register"),
        h.Step("accepted_on", "accept"),
        h.Step("decided_on", "decide", inputs={"outcome": "outcome"}),
    ),
    requires=(("outcome", "decided_on"), ("decided_on", "outcome", "作出决定的日期")),
    rules=_rules,
    key=("title",),
)
HEADERS = [c.header for c in KIND.columns]


def workbook(rows: list[dict]) -> io.BytesIO:
    wb = openpyxl.load_workbook(io.BytesIO(excel.template_bytes(KIND)))
    ws = wb.worksheets[0]
    for number, values in enumerate(rows, start=2):
        values = {"收件日期": "2022-03-01", **values}
        for column, header in enumerate(HEADERS, start=1):
            ws.cell(row=number, column=column, value=values.get(header))
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


@pytest.fixture
def officer(tree):
    return factories.user(tree["east_justice"], roles=("officer",), username="shili")


def test_template_has_the_derived_headers_and_the_kits_notes():
    wb = openpyxl.load_workbook(io.BytesIO(excel.template_bytes(KIND)))
    assert [c.value for c in wb.worksheets[0][1]] == [
        "事项名称",
        "承办单位",
        "申请人",
        "收件日期",
        "受理日期",
        "决定日期",
        "决定结果",
    ]
    notes = "".join(str(v) for r in wb["填写说明"].iter_rows(values_only=True) for v in r if v)
    assert "事项名称相同的案件已在系统中的，该行跳过" in notes
    assert "未记载的中间环节按其后的日期" in notes and "推定" in notes
    assert KIND.needs_actor and KIND.check_partial_rows and "leader" not in KIND.roles


def test_rows_land_where_their_dates_lead_with_their_history_replayed(tree, officer):
    rows = [
        {"事项名称": "甲"},
        {"事项名称": "乙", "受理日期": "2022-03-04"},
        {
            "事项名称": "丙",
            "申请人": "张三",
            "受理日期": "2022-03-04",
            "决定日期": "2022-04-01",
            "决定结果": "撤销",
        },
    ]
    result = excel.run_import(KIND, workbook(rows), actor=officer)
    assert result.ok, result.messages
    matters = list(SampleMatter.objects.order_by("pk"))
    assert [(m.title, m.status, m.organisation) for m in matters] == [
        ("甲", "received", tree["east_justice"]),  # blank 承办单位: the importer's own
        ("乙", "accepted", tree["east_justice"]),
        ("丙", "decided", tree["east_justice"]),
    ]
    assert matters[2].applicant == "张三"  # a column of a model field fills the field
    log = [(x.transition, x.label, x.legal_date, x.data) for x in engine.history(matters[2])]
    assert log == [
        ("register", "登记收件（历史数据导入）", dt.date(2022, 3, 1), {"received_on": "2022-03-01"}),
        ("accept", "受理（历史数据导入）", dt.date(2022, 3, 4), {}),
        ("decide", "作出决定（历史数据导入）", dt.date(2022, 4, 1), {"outcome": "revoke"}),
    ]
    assert engine.history(matters[2]).last().actor == officer

    # The natural key: the same file again adds nothing and changes nothing.
    again = excel.run_import(KIND, workbook([*rows, {"事项名称": "丁"}]), actor=officer)
    assert (again.ok, again.created, again.skipped_rows) == (True, 1, [2, 3, 4])
    assert SampleMatter.objects.get(title="甲").status == "received"


def test_every_problem_of_a_row_names_its_columns_and_nothing_is_imported(tree, officer):
    rows = [
        {"事项名称": "甲", "受理日期": "2022-02-01"},  # before 收件
        {"事项名称": "乙", "受理日期": "2022-03-04", "决定日期": "2022-03-03", "决定结果": "维持"},
        {"事项名称": "丙", "受理日期": "2022-03-04", "决定结果": "维持"},  # no 决定日期
        {"事项名称": "丁", "受理日期": "2022-03-04", "决定日期": "2022-04-01"},  # no 决定结果
        {"事项名称": "戊", "受理日期": "2022-03-04", "决定日期": "2022-04-01", "决定结果": "撤销"},  # rule
        {"事项名称": "甲", "承办单位": "西区司法局"},  # same key as row 2, outside the scope
        {"事项名称": "己", "受理日期": "2022-02-01", "决定结果": "改判"},  # a cell and the dates
    ]
    result = excel.run_import(KIND, workbook(rows), actor=officer)
    assert not result.ok and SampleMatter.objects.count() == 0
    assert sorted(result.messages) == sorted(
        [
            "第2行“受理日期”：不能早于收件日期（2022年3月1日）。",
            "第3行“决定日期”：不能早于受理日期（2022年3月4日）。",
            "第4行“决定日期”：填写了决定结果，须同时填写决定日期。",
            "第5行“决定结果”：填写了决定日期，须同时填写决定结果（作出决定的日期）。",
            "第6行“申请人”：撤销决定的事项须填写申请人。",
            "第7行“事项名称”：与第2行重复（事项名称相同）。",
            "第7行“承办单位”：找不到单位“西区司法局”（或该单位不在您的数据范围内）。",
            "第8行“决定结果”：“改判”不是有效的选项，可选：维持、撤销。",
            "第8行“受理日期”：不能早于收件日期（2022年3月1日）。",
        ]
    )


def test_a_history_the_procedure_does_not_allow_is_refused_naming_the_step(tree, officer, monkeypatch):
    importer = KIND.save_row.__self__
    # decided without being accepted is inferrable (受理 is fillable); a 不予受理 after 受理 is not
    monkeypatch.setattr(importer, "history", (*importer.history, h.Step("decided_on", "reject")))
    rows = [{"事项名称": "甲", "受理日期": "2022-03-04", "决定日期": "2022-04-01", "决定结果": "维持"}]
    result = excel.run_import(KIND, workbook(rows), actor=officer)
    assert result.messages == [
        "第2行：办理经过不符合程序：第4步“不予受理”（2022年4月1日）不能在“已决定”状态下进行"
        "（仅在“已收件”状态下可以进行），且不能由此依程序到达。"
    ]


def test_steps_not_in_the_file_are_inferred_and_an_until_leads_on(tree, officer, monkeypatch):
    importer = KIND.save_row.__self__

    def decided_means_more(row):
        if row.values["decided_on"] and row.values["outcome"] == "uphold":
            row.more_steps.append(("decide", row.values["decided_on"], {"outcome": "uphold"}))

    monkeypatch.setattr(
        importer, "history", (h.Step("received_on", "register"), h.Step("accepted_on", "accept"))
    )
    monkeypatch.setattr(importer, "rules", decided_means_more)
    rows = [{"事项名称": "甲", "决定日期": "2022-04-01", "决定结果": "维持"}]  # no 受理日期
    assert excel.run_import(KIND, workbook(rows), actor=officer).ok
    matter = SampleMatter.objects.get()
    assert matter.status == "decided"
    assert [(x.label, x.legal_date) for x in engine.history(matter)][1:] == [
        ("受理（历史数据导入，推定）", dt.date(2022, 4, 1)),
        ("作出决定（历史数据导入）", dt.date(2022, 4, 1)),
    ]


def test_numbers_and_names_as_people_write_them():
    from fazhi.core.excel import parsers
    from fazhi.core.kit.numbering import parse_number

    for written in (
        "东区司法复〔2022〕12号",
        "东区司法复[2022]第12号",
        "东区司法复（２０２２）12号",
        "【2022】012号",
    ):
        assert parse_number(written) == (2022, 12), written
    assert parse_number("二〇二二年五号") is None and parse_number("东区司法复2022-12") is None

    plaintiffs = parsers.names(10, "原告")
    assert plaintiffs("张三、李四,王五；赵 六") == ["张三", "李四", "王五", "赵 六"]
    with pytest.raises(ValidationError, match="至少填写一名原告"):
        plaintiffs("、、")
    with pytest.raises(ValidationError, match="每个名称不能超过10个字"):
        plaintiffs("张三、" + "长" * 11)


def test_party_columns_give_a_checked_party_with_its_identifier_where_the_model_keeps_it():
    from fazhi.litigation.models import Party as LawsuitParty

    name, kind, ident = h.party_columns(Party, "applicant", "申请人")
    assert [(c.key, c.header) for c in (name, kind, ident)] == [
        ("applicant_name", "申请人姓名/名称"),
        ("applicant_kind", "申请人类型"),
        ("applicant_id", "申请人证件号码"),
    ]
    assert name.required and not kind.required and ident.identifier
    session = excel.ImportSession(kind=KIND)
    uscc = "91110000600037341L"

    def row(**values):
        return h.Row(
            {"applicant_name": "某公司", "applicant_kind": None, "applicant_id": None, **values}, session
        )

    company = row(applicant_kind="organisation", applicant_id=uscc)
    made = company.party(Party, "applicant", exclude=["case", "represents"], role="applicant")
    assert (made.kind, made.uscc, made.id_number, made.role) == ("organisation", uscc, "", "applicant")
    assert company.children == [made] and company.errors == {}
    # A domain keeping every identifier in id_number (行政应诉) gets the code there.
    other = row(applicant_kind="organisation", applicant_id=uscc).party(
        LawsuitParty, "applicant", exclude=["lawsuit"]
    )
    assert (other.id_number, other.kind) == (uscc, "organisation")
    # Kind left blank: a 自然人, whose number must be a 公民身份号码 — the error under the id column.
    person = row(applicant_name="张三", applicant_id=uscc)
    assert person.party(Party, "applicant", exclude=["case", "represents"], role="applicant").kind == "person"
    assert set(person.errors) == {"applicant_id"}
