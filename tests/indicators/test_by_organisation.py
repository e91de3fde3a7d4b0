"""Figures counted per the organisation a record is brought against (fazhi.indicators.tally
.count_by_organisation, fazhi.indicators.by_organisation): the 被申请人 of a 行政复议 case (2023 《行政复议法》
第十九条) and the defendant of a lawsuit (《行政诉讼法》第二十六条), one query per table, with the records
behind every figure."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.indicators import by_organisation, registry, tally
from fazhi.reconsideration import indicators as rec
from tests.reconsideration import respondent_data

pytestmark = pytest.mark.django_db

START, END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


def test_each_organisation_gets_its_own_cases_in_one_query_per_table(tree):
    data = respondent_data.load(tree)
    market, land = tree["east_market"], data["land"]
    tallies = [rec.CORRECTED, rec.CONCLUDED.all, rec.RECEIVED.all]
    with CaptureQueriesContext(connection) as queries:
        counted = tally.count_by_organisation(
            tallies, {rec.MODEL: "act_organisation"}, START, END, within=tree["east"].prefix
        )
    assert len(queries) == 1
    assert set(counted) == {market.pk, land.pk}  # not 西区's department
    mine = counted[market.pk]
    corrected = [c.pk for c in data["cases"] if c.act_organisation_id == market.pk and c.decision_type in
                 ("revoke", "confirm_illegal") and c.received_on.year == 2026]  # fmt: skip
    assert mine[rec.CORRECTED.key] == sorted(corrected)
    assert (len(mine[rec.CONCLUDED.all.key]), len(mine[rec.RECEIVED.all.key])) == (3, 4)
    assert counted[land.pk][rec.CORRECTED.key] == []  # a set with nothing in it is an empty list


def test_a_figure_per_organisation_agrees_with_the_ids_behind_it(tree):
    data = respondent_data.load(tree)
    market = tree["east_market"]
    rows = by_organisation.table(START, END, within=tree["east"].prefix)
    assert sorted(r.organisation.name for r in rows) == ["东区市场监督管理局", "东区自然资源局"]
    row = next(r for r in rows if r.organisation == market)
    rate = row.result("reconsideration.correction_rate")
    assert (rate.numerator, rate.denominator) == (2, 3)
    assert registry.get("reconsideration.correction_rate").show(rate.value("%")) == "66.67%"
    loss = row.result("litigation.loss_rate")
    assert (loss.numerator, loss.denominator) == (1, 2)
    assert loss.numerator_ids == (data["suits"][0].pk,)
    head = row.result("litigation.head_appearance_rate")
    assert (head.numerator, head.denominator) == (1, 2)


def test_only_the_named_organisations_and_a_row_for_one_with_nothing(tree):
    respondent_data.load(tree)
    quiet = tree["east_gov"]
    rows = by_organisation.table(START, END, only=[quiet.pk], always=[quiet])
    assert [r.organisation for r in rows] == [quiet]
    assert rows[0].result("reconsideration.received").numerator == 0
    assert rows[0].result("litigation.loss_rate").denominator == 0


def test_a_figure_not_counted_from_records_cannot_be_grouped():
    computed = registry.Indicator(
        code="test.computed",
        name="测试",
        unit="件",
        definition=registry.Definition(numerator="测试"),
        compute=lambda prefix, start, end: registry.Result(0),
    )
    with pytest.raises(ValueError, match="test.computed"):
        by_organisation.register_by_organisation("test", "测试", field="organisation", figures=(computed,))
