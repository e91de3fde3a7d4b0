"""行政执法's registers: the 执法主体 with its basis (《行政处罚法》第十七至二十条), the 执法人员 with the
certificate that entitles them to enforce (第四十二条), their figures at a period's end, the 待办
reminders of certificates ending, and the Excel import."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from fazhi.core.models import DataScope
from fazhi.enforcement import dashboard
from fazhi.enforcement.models import EnforcementBody, EnforcementOfficer, ExamResult
from fazhi.indicators import periods, registry
from tests import factories
from tests.enforcement import factories as ef

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def people(tree):
    return {
        "market": factories.user(tree["east_market"], roles=("officer",), username="shichang"),
        "justice": factories.user(
            tree["east_justice"], roles=("supervisor",), scope=DataScope.REGION, username="sifa"
        ),
        "west": factories.user(tree["west_justice"], roles=("officer", "supervisor"), scope=DataScope.REGION),
    }


# --- 执法主体 ----------------------------------------------------------------------------------------


def test_an_entrusted_body_names_who_entrusted_it_and_the_entrustment_art_20(client, tree, people):
    client.force_login(people["justice"])
    data = {
        "organisation": tree["east_market"].pk,
        "basis_kind": "entrusted",
        "scope": "市场监管领域的行政检查。",
        "legal_basis": "《中华人民共和国行政处罚法》第二十条",
        "confirmed_on": "2024-01-10",
    }
    response = client.post("/staff/enforcement-bodies/new/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "受委托的组织应当写明委托机关" in page and "委托书文号" in page
    assert not EnforcementBody.objects.exists()

    data |= {"entrusted_by": tree["east_gov"].pk, "entrustment_number": "东政委〔2024〕1号"}
    response = client.post("/staff/enforcement-bodies/new/", data)
    assert response.status_code == 302
    body = EnforcementBody.objects.get()
    assert (body.entrusted_by, body.entrustment_number) == (tree["east_gov"], "东政委〔2024〕1号")


def test_a_statutory_body_takes_no_entrustment(tree, people):
    with pytest.raises(ValidationError, match="只有受委托的组织"):
        ef.body(tree["east_market"], people["justice"], entrustment_number="东政委〔2024〕1号")


# --- 执法人员 ----------------------------------------------------------------------------------------


def test_a_certificate_needs_its_dates_and_ends_after_it_was_issued(tree, people):
    market = tree["east_market"]
    with pytest.raises(ValidationError, match="证件有效期应晚于发证日期"):
        ef.officer(market, people["market"], issued_on=D(2024, 3, 1), valid_until=D(2024, 2, 1))
    with pytest.raises(ValidationError, match="请填写发证日期和证件有效期"):
        ef.officer(market, people["market"], issued_on=None, valid_until=None)
    with pytest.raises(ValidationError, match="资格考试日期"):
        ef.officer(market, people["market"], exam_result=ExamResult.PASSED)
    assert not EnforcementOfficer.objects.exists()


def test_a_department_sees_its_own_officers_the_justice_bureau_the_countys(client, tree, people):
    mine = ef.officer(tree["east_market"], people["market"], full_name="王明")
    other = ef.officer(tree["west_justice"], people["west"], full_name="李四")
    client.force_login(people["market"])
    page = client.get("/staff/enforcement-officers/").content.decode()
    assert "王明" in page and "李四" not in page
    assert client.get(f"/staff/enforcement-officers/{other.pk}/").status_code == 404
    client.force_login(people["justice"])
    assert "王明" in client.get("/staff/enforcement-officers/").content.decode()
    assert client.get(f"/staff/enforcement-officers/{mine.pk}/").status_code == 200


# --- figures ---------------------------------------------------------------------------------------


def _figures(region, year):
    period = periods.year(year)
    codes = [
        "enforcement.bodies",
        "enforcement.officers",
        "enforcement.exam_registered",
        "enforcement.exam_passed",
        "enforcement.exam_pass_rate",
    ]
    indicators = [registry.get(c) for c in codes]
    return registry.evaluate(indicators, [region], period.start, period.end)[region]


def test_the_catalogue_codes_are_computed_from_the_registers():
    for code in ("enforcement.bodies", "enforcement.officers", "enforcement.exam_pass_rate"):
        assert not registry.get(code).reported_only


def test_seed_000_exam_figure_373_registered_261_passed_is_69_97_percent(tree, people):
    """Seed 000 (2022): 行政执法资格考试 373 registered, 261 passed — 69.97%."""
    market = tree["east_market"]
    rows = [
        EnforcementOfficer(
            organisation=market,
            region_code=market.region_id,
            full_name=f"考生{i}",
            category="市场监管",
            exam_on=D(2022, 11, 19),
            exam_result=ExamResult.PASSED if i < 261 else ExamResult.FAILED if i < 360 else ExamResult.ABSENT,
        )
        for i in range(373)
    ]
    EnforcementOfficer.objects.bulk_create(rows)
    ef.officer(market, people["market"], exam_on=D(2021, 11, 20), exam_result=ExamResult.PASSED)  # last year
    figures = _figures(market.region_id, 2022)
    rate = registry.get("enforcement.exam_pass_rate")
    assert (
        figures["enforcement.exam_registered"].numerator,
        figures["enforcement.exam_passed"].numerator,
    ) == (
        373,
        261,
    )
    assert rate.show(figures["enforcement.exam_pass_rate"].value("%")) == "69.97%"


def test_bodies_and_officers_are_counted_as_they_stood_at_the_periods_end(tree, people):
    market, justice = tree["east_market"], tree["east_justice"]
    ef.body(market, people["justice"], confirmed_on=D(2021, 5, 1))
    ef.body(justice, people["justice"], confirmed_on=D(2021, 5, 1), cancelled_on=D(2022, 6, 30))
    counted = ef.officer(market, people["market"], issued_on=D(2020, 1, 1), valid_until=D(2024, 12, 31))
    ef.officer(market, people["market"], issued_on=D(2020, 1, 1), valid_until=D(2022, 12, 30))  # ended
    ef.officer(market, people["market"], left_on=D(2022, 10, 1), issued_on=D(2020, 1, 1))  # left
    ef.officer(market, people["market"], issued_on=D(2023, 1, 5), valid_until=D(2028, 1, 4))  # later
    ef.officer(market, people["market"], certificate_kind="supervision", issued_on=D(2020, 1, 1))
    figures = _figures(market.region_id, 2022)
    assert figures["enforcement.bodies"].numerator == 1
    assert figures["enforcement.officers"].numerator == 1
    assert list(figures["enforcement.officers"].numerator_ids) == [counted.pk]
    assert _figures(market.region_id, 2023)["enforcement.officers"].numerator == 2


# --- 待办 --------------------------------------------------------------------------------------------


def test_certificates_ending_or_ended_in_post_are_on_the_todo_of_those_who_see_them(tree, people):
    today = D(2026, 9, 1)
    market = tree["east_market"]
    ef.officer(market, people["market"], issued_on=D(2021, 10, 1), valid_until=D(2026, 10, 15))  # ending
    ef.officer(market, people["market"], issued_on=D(2021, 10, 1), valid_until=D(2026, 11, 20))  # ending
    ef.officer(market, people["market"], issued_on=D(2021, 8, 1), valid_until=D(2026, 8, 20))  # ended
    ef.officer(
        market, people["market"], issued_on=D(2021, 8, 1), valid_until=D(2026, 8, 10), left_on=D(2026, 7, 1)
    )
    ef.officer(market, people["market"], issued_on=D(2024, 1, 1), valid_until=D(2029, 1, 1))  # fine
    items = dashboard.certificates(people["market"], today)
    titles = {i.title: i for i in items}
    ended = titles["东区市场监督管理局：1名执法人员证件已过期仍在岗"]
    ending = titles["东区市场监督管理局：2名执法人员证件将在90日内到期"]
    assert (ended.overdue, ended.due_date) == (True, D(2026, 8, 20))
    assert (ending.overdue, ending.due_date) == (False, D(2026, 10, 15))
    assert "certificate=expiring" in ending.url and f"organisation={market.pk}" in ending.url
    assert len(dashboard.certificates(people["justice"], today)) == 2
    assert dashboard.certificates(people["west"], today) == []


def test_officers_short_of_training_hours_are_reminded_in_the_last_two_months(tree, people):
    market = tree["east_market"]
    ef.officer(market, people["market"], training_year=2026, training_hours=24)
    ef.officer(market, people["market"], training_year=2026, training_hours=40)
    ef.officer(market, people["market"])  # nothing recorded this year
    assert dashboard.training(people["market"], D(2026, 10, 31)) == []
    (item,) = dashboard.training(people["market"], D(2026, 11, 2))
    assert item.title == "东区市场监督管理局：2名执法人员本年度培训不足40学时" and item.due_date == D(
        2026, 12, 31
    )


def test_the_certificate_filter_lists_who_the_reminder_counts(client, tree, people):
    from django.utils import timezone

    today = timezone.localdate()
    market = tree["east_market"]
    ef.officer(market, people["market"], full_name="快到期", issued_on=today - dt.timedelta(days=1000),
               valid_until=today + dt.timedelta(days=30))  # fmt: skip
    ef.officer(market, people["market"], full_name="长期有效", issued_on=today - dt.timedelta(days=10),
               valid_until=today + dt.timedelta(days=1000))  # fmt: skip
    client.force_login(people["market"])
    page = client.get("/staff/enforcement-officers/?certificate=expiring").content.decode()
    assert "快到期" in page and "长期有效" not in page


# --- import ------------------------------------------------------------------------------------------


def _sheet(rows):
    from fazhi.core.excel.template import template_bytes

    book = openpyxl.load_workbook(io.BytesIO(template_bytes("enforcement-officers")))
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    for r, row in enumerate(rows, start=2):
        for header, value in row.items():
            sheet.cell(row=r, column=headers.index(header) + 1, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_officers_import_with_future_validity_and_are_not_doubled(tree, people):
    from fazhi.core.excel import services as excel

    data = _sheet(
        [
            {"姓名": "王明", "执法类别": "市场监管", "证件编号": "45020600001", "发证日期": "2024-03-01",
             "证件有效期至": "2029-02-28", "培训年度": "2026", "培训学时": "42"},
            {"姓名": "赵丽", "执法类别": "市场监管", "资格考试日期": "2025-11-15", "考试结果": "通过"},
        ]
    )  # fmt: skip
    result = excel.run_import("enforcement-officers", io.BytesIO(data), actor=people["market"])
    assert result.errors == [] and result.created == 2, result.messages
    wang = EnforcementOfficer.objects.get(full_name="王明")
    assert (wang.organisation, wang.valid_until, wang.training_hours) == (
        tree["east_market"],
        D(2029, 2, 28),
        42,
    )
    again = excel.run_import("enforcement-officers", io.BytesIO(data), actor=people["market"])
    assert again.created == 0 and EnforcementOfficer.objects.count() == 2


def test_a_bad_row_is_reported_in_chinese_and_nothing_is_imported(people):
    from fazhi.core.excel import services as excel

    data = _sheet(
        [
            {"姓名": "王明", "执法类别": "市场监管", "证件编号": "45020600001", "发证日期": "2024-03-01",
             "证件有效期至": "2029-02-28"},
            {"姓名": "赵丽", "执法类别": "市场监管", "证件编号": "45020600002", "发证日期": "2024-03-01",
             "证件有效期至": "2023-02-28"},
        ]
    )  # fmt: skip
    result = excel.run_import("enforcement-officers", io.BytesIO(data), actor=people["market"])
    assert any("证件有效期应晚于发证日期" in m for m in result.messages), result.messages
    assert not EnforcementOfficer.objects.exists()


def test_a_county_that_keeps_no_register_yet_keeps_its_reported_figure_until_it_does(tree, people):
    """Seed 000 reported 614 执法人员 before keeping the register in Fazhi: the figure stays 上报
    (not a computed 0); once the county records officers, the records count."""
    from fazhi.indicators import services
    from fazhi.indicators.models import ReportedFigure

    region = tree["east"].code
    period = periods.year(2022)
    ReportedFigure.objects.create(
        region_code=region,
        period_key=period.key,
        period_start=period.start,
        period_end=period.end,
        code="enforcement.officers",
        numerator=614,
        source_document="2022年法治政府建设年度报告",
    )

    def officers():
        return next(r for r in services.figures(region, period) if r.code == "enforcement.officers")

    row = officers()
    assert (row.numerator, row.source_label) == (614, "上报")
    ef.officer(tree["east_market"], people["market"], issued_on=D(2020, 1, 1), valid_until=D(2024, 12, 31))
    row = officers()
    assert (row.numerator, row.source_label) == (1, "计算")


def test_the_first_draft_says_who_may_enforce_with_the_years_figures(tree, people):
    """Seed 000's sentence on 执法主体, 执法人员 and the exam comes out of the registers, every number
    a figure placeholder."""
    from fazhi.reports import drafts
    from fazhi.reports.services import current_figures

    market = tree["east_market"]
    ef.body(market, people["justice"], confirmed_on=D(2021, 5, 1))
    ef.officer(market, people["market"], issued_on=D(2020, 1, 1), valid_until=D(2024, 12, 31))
    ef.officer(market, people["market"], exam_on=D(2022, 11, 19), exam_result=ExamResult.PASSED)
    text = drafts.draft(current_figures(tree["east"].code, periods.year(2022)), 2022)["measures"]
    assert "（一）严格规范公正文明执法" in text or "严格规范公正文明执法" in text
    assert "确认并公示行政执法主体{{enforcement.bodies}}，持证行政执法人员{{enforcement.officers}}" in text
    assert "报名{{enforcement.exam_registered}}，通过{{enforcement.exam_passed}}" in text


def test_the_training_threshold_is_a_deployment_setting():
    from fazhi.conf import Config

    assert Config.from_env({}).enforcement_training_hours == 40
    assert Config.from_env({"FAZHI_ENFORCEMENT_TRAINING_HOURS": "60"}).enforcement_training_hours == 60
    with pytest.raises(SystemExit, match="FAZHI_ENFORCEMENT_TRAINING_HOURS 应为1至500之间的整数"):
        Config.from_env({"FAZHI_ENFORCEMENT_TRAINING_HOURS": "很多"})
