"""Migrations 0008–0009 keeps existing 司法建议/检察建议: replied rows land in 已回复, the others in 待回复,
and it can be reversed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("litigation", "0007_act_organisation")]
AFTER = [("litigation", "0009_recommendation_states")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_existing_rows_keep_their_data_and_land_in_the_right_state(tree):
    try:
        old = _migrate(BEFORE)
        Rec = old.get_model("litigation", "JudicialRecommendation")
        common = {
            "organisation_id": tree["east_market"].pk,
            "region_code": tree["east_market"].region_id,
            "kind": "judicial",
            "issuer": "东区人民法院",
            "received_on": dt.date(2026, 3, 2),
            "content": "规范送达",
        }
        replied = Rec.objects.create(**common, reply="已整改", replied_on=dt.date(2026, 4, 1), version=2)
        waiting = Rec.objects.create(**common, document_number="（2026）测司建2号")

        new = _migrate(AFTER)
        Rec = new.get_model("litigation", "JudicialRecommendation")
        a, b = Rec.objects.get(pk=replied.pk), Rec.objects.get(pk=waiting.pk)
        assert (a.status, a.reply, a.replied_on, a.version) == ("replied", "已整改", dt.date(2026, 4, 1), 3)
        assert (b.status, b.document_number, b.version) == ("received", "（2026）测司建2号", 1)

        back = _migrate(BEFORE)
        Rec = back.get_model("litigation", "JudicialRecommendation")
        assert Rec.objects.get(pk=replied.pk).version == 2 and Rec.objects.get(pk=waiting.pk).version == 0
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
