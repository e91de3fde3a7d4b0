"""An application against a 行政处罚决定 handed in at the organ that made it (2023 《行政复议法》第三十二条):
that organ forwards it within 五日 (工作日, 第八十八条) when it maintains the decision. The case records
the day the organ received it; the page says when the organ forwarded it late. Only for penalties,
and only under the 2023 text."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests import factories
from tests.reconsideration import factories as rf

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def desk(tree):
    return factories.user(tree["east_justice"], roles=("officer", "reviewer"), username="desk")


def test_a_late_forwarding_is_shown_on_the_case(client, tree, desk):
    # Received by the 处罚机关 Mon 03-02: five working days end Mon 03-09; it reached us 03-12.
    late = rf.new_case(
        tree["east_justice"], desk, D(2026, 3, 12), channel="forwarded", forwarded_from_on=D(2026, 3, 2)
    )
    in_time = rf.new_case(
        tree["east_justice"], desk, D(2026, 3, 6), channel="forwarded", forwarded_from_on=D(2026, 3, 2)
    )
    client.force_login(desk)
    page = client.get(f"/staff/reconsideration/{late.pk}/").content.decode()
    assert "经作出行政处罚决定的机关转交" in page
    assert "应当于2026年3月9日前转送，2026年3月12日方转至本机关，超过五日" in page
    assert "超过五日" not in client.get(f"/staff/reconsideration/{in_time.pk}/").content.decode()


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"act_type": "licence"}, "channel", "仅适用于行政处罚决定"),
        ({}, "forwarded_from_on", "请填写作出行政处罚决定的机关收到申请的日期"),
        ({"forwarded_from_on": D(2026, 3, 13)}, "forwarded_from_on", "不能晚于本机关收到申请的日期"),
        (
            {"received_on": D(2023, 9, 20), "forwarded_from_on": D(2023, 9, 18)},
            "channel",
            "没有经处罚机关转交",
        ),
    ],
)
def test_forwarding_is_refused_where_article_32_does_not_reach(tree, desk, fields, field, message):
    received = fields.pop("received_on", D(2026, 3, 12))
    with pytest.raises(ValidationError) as refused:
        rf.new_case(tree["east_justice"], desk, received, channel="forwarded", **fields)
    assert message in " ".join(refused.value.message_dict[field])


def test_the_date_is_only_for_a_forwarded_application(tree, desk):
    with pytest.raises(ValidationError, match="只有经作出行政处罚决定的机关转交的申请才填写此日期"):
        rf.new_case(tree["east_justice"], desk, D(2026, 3, 12), forwarded_from_on=D(2026, 3, 2))


def test_a_party_has_at_most_two_agents(tree, desk):
    """2023 法第十七条第一款: 申请人、第三人可以委托一至二名律师、基层法律服务工作者或者其他代理人."""
    from fazhi.reconsideration.models import Party

    case = rf.new_case(tree["east_justice"], desk, D(2026, 3, 12))
    applicant = Party.objects.create(case=case, role="applicant", kind="person", name="张三")
    for name in ("李律师", "王律师"):
        agent = Party(case=case, role="agent", kind="person", name=name, represents=applicant)
        agent.full_clean()
        agent.save()
    third = Party(case=case, role="agent", kind="person", name="赵律师", represents=applicant)
    with pytest.raises(ValidationError, match="最多可以委托两名代理人"):
        third.full_clean()
