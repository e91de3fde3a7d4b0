"""Statute versions (fazhi.core.kit.versions): the text in force on the record's date governs it,
is stored on it on every kind of write, and every step and clock cites the article of that text."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import models

from fazhi.core.kit.versions import StatuteVersions
from fazhi.core.workflow.spec import ClockSpec
from fazhi.reconsideration.models import ReconsiderationCase
from tests import factories
from tests.reconsideration import factories as rec


class Penalty(models.TextChoices):  # 《行政处罚法》: 2017 修正, 2021 修订 (in force 2021-07-15)
    V2017 = "2017", "2017年《行政处罚法》"
    V2021 = "2021", "2021年《行政处罚法》"


LAW = StatuteVersions(Penalty, {Penalty.V2021: dt.date(2021, 7, 15)}, decided_by="filed_on")


def record(filed_on=None, law_version=""):
    return SimpleNamespace(filed_on=filed_on, law_version=law_version)


def test_the_text_in_force_on_the_deciding_date_governs():
    assert LAW.version_for(dt.date(2021, 7, 14)) == "2017"
    assert LAW.version_for(dt.date(2021, 7, 15)) == "2021"
    assert LAW.of(record(dt.date(2020, 1, 1))) == "2017"
    # What is stored wins: a record keeps the text it was registered under.
    assert LAW.of(record(dt.date(2022, 1, 1), law_version="2017")) == "2017"
    assert LAW.of(record()) == ""


def test_texts_are_given_newest_first_and_one_per_version():
    assert LAW.pick(record(dt.date(2022, 1, 1)), "第三十六条", "第二十九条") == "第三十六条"
    assert LAW.pick(record(dt.date(2019, 1, 1)), "第三十六条", "第二十九条") == "第二十九条"
    assert LAW.pick(record(), "第三十六条", "第二十九条") == "第三十六条"  # nothing decides yet: newest
    with pytest.raises(ValueError, match="one text per version"):
        LAW.pick(record(), "第三十六条")
    with pytest.raises(ValueError, match="every version but the oldest"):
        StatuteVersions(Penalty, {}, decided_by="filed_on")


def test_clocks_and_steps_cite_the_article_of_the_records_text():
    old, new = record(dt.date(2019, 5, 1)), record(dt.date(2024, 5, 1))
    clock = ClockSpec("penalty", "作出处罚决定期限", 90, "day", **LAW.cite("第六十条", "（无统一期限）"))
    assert clock.article == "第六十条"  # shown where no record is at hand
    assert (clock.article_of(new), clock.article_of(old)) == ("第六十条", "（无统一期限）")
    step = LAW.transitions({"file": ("第五十四条", "第三十六条")})
    t = step("file", "立案", ("received",), "filed", roles=("officer",))
    assert (t.name, t.sources, t.target, t.article) == ("file", ("received",), "filed", "第五十四条")
    assert (t.article_of(new), t.article_of(old)) == ("第五十四条", "第三十六条")


@pytest.mark.django_db
def test_the_version_is_derived_on_save_on_clean_and_on_bulk_insert(tree):
    officer = factories.user(tree["east_justice"], roles=("officer",))
    case = rec.new_case(tree["east_justice"], officer, dt.date(2023, 12, 31))
    assert case.law_version == "2017"
    case.received_on = dt.date(2024, 1, 1)
    case.save(update_fields=["received_on"])  # the derived column is saved with its date
    assert ReconsiderationCase.objects.get(pk=case.pk).law_version == "2023"
    case.received_on = dt.date(2023, 6, 1)
    case.full_clean()
    assert case.law_version == "2017"

    loaded = ReconsiderationCase(**rec.case_fields(tree["east_justice"], dt.date(2022, 3, 1)))
    loaded.law_version, loaded.region_code = "", ""
    ReconsiderationCase.objects.bulk_create([loaded])
    stored = ReconsiderationCase.objects.get(pk=loaded.pk)
    assert (stored.law_version, stored.region_code) == ("2017", tree["east_justice"].region_id)
