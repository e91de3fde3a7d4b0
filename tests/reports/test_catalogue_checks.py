"""Consistency checks the catalogue's parts declare (issue 12 item 3, as far as the catalogue
reaches): totals against their components, a part against its whole, a rate against the count
figures it names, and a rate stated without parts that no whole number over its denominator gives —
seed 002's 网办率96.34% of 1463 依申请事项 (1409/1463 = 96.31%, 1410/1463 = 96.38%)."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from fazhi.indicators import formatting, periods
from fazhi.indicators import services as indicators
from fazhi.reports import checks, services
from fazhi.reports.figures import Fig


def _count(code, n, name, unit="件"):
    return Fig(code, name, unit, n, None, Decimal(n))


def _rate(code, name, num, den, value=None):
    value = formatting.percent(num, den) if value is None and num is not None else value
    return Fig(code, name, "%", num, den, None if value is None else Decimal(value))


def _messages(figures):
    return [w.message for w in checks.parts_of_whole(figures) + checks.unreachable_rates(figures)]


def test_a_stated_rate_no_whole_number_over_its_denominator_gives_is_flagged():
    figures = {
        "government_service.applications": _count(
            "government_service.applications", 1463, "依申请政务服务事项数", "项"
        ),
        "government_service.online_item_rate": _rate(
            "government_service.online_item_rate", "事项网办率", None, None, "96.34"
        ),
    }
    (message,) = _messages(figures)
    assert message == (
        "数据不一致：“事项网办率”为96.34%，但以“依申请政务服务事项数”1463为分母，任何整数都得不到这个比率"
        "（1408÷1463=96.24%，1409÷1463=96.31%，1410÷1463=96.38%）；请核对分母口径。"
    )
    figures["government_service.online_item_rate"] = _rate(
        "government_service.online_item_rate", "事项网办率", None, None, "96.31"
    )
    assert _messages(figures) == []


def test_a_total_is_the_sum_of_its_components_and_a_part_is_never_larger_than_its_whole():
    figures = {
        "legal_aid.cases": _count("legal_aid.cases", 534, "法律援助案件数"),
        "legal_aid.cases.civil": _count("legal_aid.cases.civil", 94, "民事法律援助案件数"),
        "legal_aid.cases.criminal": _count("legal_aid.cases.criminal", 439, "刑事法律援助案件数"),
        "legal_aid.cases.administrative": _count("legal_aid.cases.administrative", 1, "行政法律援助案件数"),
        "mediation.mediators": _count("mediation.mediators", 4155, "人民调解员人数", "人"),
        "mediation.mediators.full_time": _count(
            "mediation.mediators.full_time", 359, "专职人民调解员人数", "人"
        ),
    }
    assert _messages(figures) == []  # seed 001: 94 + 439 + 1 = 534; 359 of 4155
    figures["legal_aid.cases.administrative"] = _count(
        "legal_aid.cases.administrative", 2, "行政法律援助案件数"
    )
    figures["mediation.mediators.full_time"] = _count(
        "mediation.mediators.full_time", 5000, "专职人民调解员人数", "人"
    )
    assert set(_messages(figures)) == {
        "数据不一致：法律援助案件数应等于其组成部分之和，但“法律援助案件数”为534，“民事法律援助案件数”94、"
        "“刑事法律援助案件数”439、“行政法律援助案件数”2，合计535。",
        "数据不一致：专职人民调解员人数是人民调解员人数的一部分，但“人民调解员人数”为4155，“专职人民调解员人数”为5000。",
    }
    # With a component missing, the components may fall short of the total but not exceed it.
    del figures["legal_aid.cases.administrative"], figures["mediation.mediators.full_time"]
    assert _messages(figures) == []


def test_a_rate_agrees_with_the_count_figures_it_names():
    figures = {
        "mediation.mediated": _count("mediation.mediated", 1096, "调解纠纷件数"),
        "mediation.mediated_success": _count("mediation.mediated_success", 1031, "调解成功件数"),
        "mediation.success_rate": _rate("mediation.success_rate", "调解成功率", 1031, 1095),
    }
    assert _messages(figures) == [
        "数据不一致：调解成功率的分母应等于调解纠纷件数，但“调解成功率”的分母为1095，“调解纠纷件数”为1096。"
    ]


@pytest.mark.django_db
def test_report_check_names_the_figures_of_an_inconsistent_reported_rate(report, supervisor, tmp_path):
    for code, num, value in [
        ("government_service.applications", 1463, None),
        ("government_service.online_item_rate", None, "96.34"),
    ]:
        indicators.enter_reported_figure(
            actor=supervisor,
            region_code="450206",
            period=periods.parse("2022"),
            code=code,
            numerator=num,
            value=None if value is None else Decimal(value),
            source_document="《2022年度法治政府建设工作报告》",
        )
    text = (
        report.measures
        + "\n依申请事项共{{government_service.applications}}，网办率{{government_service.online_item_rate}}。"
    )
    report = services.part_update(report=report, key="measures", text=text, actor=supervisor)
    assert [w.kind for w in services.report_warnings(report)] == [checks.PARTS_WHOLE]
    stderr = io.StringIO()
    call_command("report", region="450206", year=2022, check=True, stderr=stderr, stdout=io.StringIO())
    assert "“事项网办率”为96.34%，但以“依申请政务服务事项数”1463为分母" in stderr.getvalue()
