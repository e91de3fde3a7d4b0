import datetime as dt

import pytest

from fazhi.indicators import periods

D = dt.date


@pytest.mark.parametrize(
    "text, start, end, key, label",
    [
        ("2022", D(2022, 1, 1), D(2022, 12, 31), "2022", "2022年"),
        ("2022年", D(2022, 1, 1), D(2022, 12, 31), "2022", "2022年"),
        ("2022Q3", D(2022, 7, 1), D(2022, 9, 30), "2022Q3", "2022年第三季度"),
        ("2022-q1", D(2022, 1, 1), D(2022, 3, 31), "2022Q1", "2022年第一季度"),
        ("2022年第4季度", D(2022, 10, 1), D(2022, 12, 31), "2022Q4", "2022年第四季度"),
        ("2022-05", D(2022, 5, 1), D(2022, 5, 31), "2022-05", "2022年5月"),
        ("2024年2月", D(2024, 2, 1), D(2024, 2, 29), "2024-02", "2024年2月"),
        ("２０２２－０２", D(2022, 2, 1), D(2022, 2, 28), "2022-02", "2022年2月"),
        # Seed 000's 12345 hotline year (docs/indicators.md §统计期间).
        (
            "2021-12-01..2022-11-30",
            D(2021, 12, 1),
            D(2022, 11, 30),
            "2021-12-01..2022-11-30",
            "2021年12月1日至2022年11月30日",
        ),
        ("2021年12月1日至2022年11月30日", D(2021, 12, 1), D(2022, 11, 30), "2021-12-01..2022-11-30", None),
        # A custom range that is a whole quarter is that quarter: one period, one key.
        ("2022-04-01..2022-06-30", D(2022, 4, 1), D(2022, 6, 30), "2022Q2", "2022年第二季度"),
    ],
)
def test_parse_keys_and_labels(text, start, end, key, label):
    p = periods.parse(text)
    assert (p.start, p.end, p.key) == (start, end, key)
    if label:
        assert p.label == label
    assert periods.parse(p.key) == p  # the key round-trips


def test_hotline_year_contains_december_and_not_december_of_the_next():
    p = periods.parse("2021-12-01..2022-11-30")
    assert p.kind == periods.CUSTOM
    assert p.contains(D(2021, 12, 1)) and p.contains(D(2022, 11, 30))
    assert not p.contains(D(2022, 12, 1)) and not p.contains(D(2021, 11, 30))
    assert p.previous_year().key == "2020-12-01..2021-11-30"
    assert periods.parse("2024").previous_year().key == "2023"


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("", "请填写统计期"),
        ("2022Q5", "无法识别"),
        ("2022-13", "月份应为1至12"),
        ("2022-02-30..2022-03-01", "不存在的日期"),
        ("2022-12-31..2022-01-01", "早于开始日期"),
        ("去年", "无法识别"),
        ("1800", "年份不在"),
    ],
)
def test_bad_periods_are_refused_in_chinese(text, fragment):
    with pytest.raises(periods.PeriodError) as exc:
        periods.parse(text)
    assert fragment in exc.value.message
