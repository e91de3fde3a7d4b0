"""The county demo holds a record in every declared state of every procedure of 行政复议, 行政应诉
and 司法建议/检察建议, so a visitor can see every step of each procedure on real-looking records."""

import pytest
from django.db.models import Count

from fazhi.core.workflow import registry
from fazhi.demo import generator
from fazhi.litigation.models import JudicialRecommendation, Lawsuit
from fazhi.reconsideration.models import ReconsiderationCase

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [ReconsiderationCase, Lawsuit, JudicialRecommendation])
def test_county_demo_has_a_record_in_every_state(model):
    generator.install("county")
    counts = dict(model.objects.values_list("status").annotate(n=Count("pk")))
    missing = [
        f"{s.code}（{s.label}）" for s in registry.get(model.procedure_name).states if not counts.get(s.code)
    ]
    assert missing == [], f"{model._meta.verbose_name}演示数据缺少状态：{'、'.join(missing)}"
