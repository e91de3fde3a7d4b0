"""附表2 各部门被申请行政复议、被提起行政诉讼情况: the report prints the per-department table the
leaders see on 统计分析 → 各部门被复议被诉情况 (fazhi.indicators.by_organisation), counted from the
year's records of the report's region, and keeps it as it was when signed off."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from docx import Document

from fazhi.indicators import by_organisation
from fazhi.reports import services
from tests.reports.test_document import _generate

pytestmark = pytest.mark.django_db


def _table_after(doc, heading: str):
    """The table that follows the paragraph ``heading`` in the document body."""
    body = list(doc.element.body.iterchildren())
    texts = ["".join(t.text or "" for t in el.iter() if t.tag.endswith("}t")) for el in body]
    start = texts.index(heading)
    el = next(e for e in body[start:] if e.tag.endswith("}tbl"))
    return next(t for t in doc.tables if t._tbl is el)


def _against_market(tree, count=12):
    """The first ``count`` of the seed's 东区 cases were brought against its 市场监督管理局."""
    from fazhi.reconsideration.models import ReconsiderationCase

    cases = ReconsiderationCase.objects.filter(organisation=tree["east_justice"]).order_by("pk")
    ReconsiderationCase.objects.filter(pk__in=list(cases.values_list("pk", flat=True)[:count])).update(
        act_organisation=tree["east_market"]
    )


def test_the_report_prints_each_departments_cases_as_counted_from_the_records(report, tmp_path, tree):
    _against_market(tree)
    doc, _, _ = _generate(tmp_path)
    texts = [p.text for p in doc.paragraphs]
    assert "附表1" in texts and "附表2" in texts and by_organisation.PRINTED_TITLE in texts
    table = _table_after(doc, by_organisation.PRINTED_TITLE)
    blocks = by_organisation.declared()
    top, header = [c.text for c in table.rows[0].cells], [c.text for c in table.rows[1].cells]
    names = [ind.name for block in blocks for ind in block.indicators]
    assert header[:2] == ["序号", "单位"] and len(header) == 2 + len(names)
    assert all(name in cell for name, cell in zip(names, header[2:], strict=True))
    assert [block.title for block in blocks] == list(dict.fromkeys(top[2:]))  # each over its figures
    expected = by_organisation.table(dt.date(2022, 1, 1), dt.date(2022, 12, 31), within=report.region_code)
    assert expected, "the seed's cases name departments"
    printed = {row.cells[1].text: [c.text for c in row.cells[2:]] for row in table.rows[2:]}
    assert set(printed) == {row.organisation.name for row in expected} == {"东区市场监督管理局"}
    for row in expected:
        received = row.figures["reconsideration"]["reconsideration.received"].numerator
        assert printed[row.organisation.name][0] == str(received)


def test_a_signed_off_report_keeps_the_table_it_was_signed_off_with(report, supervisor, tmp_path, tree):
    from tests import factories
    from tests.reconsideration import factories as rf

    _against_market(tree)
    services.sign_off(report=report, actor=supervisor)
    report.refresh_from_db()
    before = services.department_table(report)
    assert before["rows"]
    officer = factories.user(tree["east_justice"], roles=("officer", "reviewer"))
    rf.registered(tree["east_justice"], officer, dt.date(2022, 6, 1), today=dt.date(2022, 6, 1))
    assert services.department_table(report) == before
    period = services.period_of(report)
    assert by_organisation.printable(period.start, period.end, within=report.region_code) != before


def test_a_report_with_no_department_cases_has_one_appendix(tmp_path, tree, supervisor):
    services.report_create(actor=supervisor, region=tree["east"], year=2022)
    out = tmp_path / "r.docx"
    call_command(
        "report", region="450206", year=2022, output=str(out), stdout=io.StringIO(), stderr=io.StringIO()
    )
    texts = [p.text for p in Document(str(out)).paragraphs]
    assert "附表" in texts and "附表2" not in texts and by_organisation.PRINTED_TITLE not in texts
