"""Extra 待办 items from domain sources (fazhi.web.dashboard_sources), and those of 行政应诉."""

import datetime as dt

import pytest
from django.utils import timezone

from fazhi.litigation.models import Hearing, JudicialRecommendation
from fazhi.web import dashboard_sources
from fazhi.web.dashboard_sources import DashboardItem
from tests import factories
from tests.litigation import factories as lf

pytestmark = pytest.mark.django_db


def _sections(body: str) -> tuple[str, str]:
    overdue = body.split('id="overdue"', 1)[1].split('id="due-soon"', 1)[0]
    due_soon = body.split('id="due-soon"', 1)[1]
    return overdue, due_soon


def _recommendation(org, case, *, deadline, replied_on=None, issuer="东区人民法院"):
    return JudicialRecommendation.objects.create(
        organisation=org,
        lawsuit=case,
        kind="judicial",
        issuer=issuer,
        document_number=f"{issuer}建〔2026〕{case.pk}号",
        received_on=deadline - dt.timedelta(days=60),
        content="规范行政执法程序",
        rectification_deadline=deadline,
        reply="已整改" if replied_on else "",
        replied_on=replied_on,
    )


@pytest.fixture
def litigation_todo(tree):
    today = timezone.localdate()
    market = factories.user(tree["east_market"], roles=("officer",))
    justice = factories.user(tree["east_justice"], roles=("officer",))
    mine = lf.register(tree["east_market"], market)
    Hearing.objects.create(
        lawsuit=mine,
        hearing_on=today + dt.timedelta(days=3),
        hearing_time=dt.time(9, 30),
        court_room="第三法庭",
    )
    Hearing.objects.create(lawsuit=mine, hearing_on=today + dt.timedelta(days=12), court_room="远期法庭")
    Hearing.objects.create(
        lawsuit=mine, hearing_on=today + dt.timedelta(days=2), court_room="已开法庭", held=True
    )
    _recommendation(tree["east_market"], mine, deadline=today - dt.timedelta(days=4), issuer="东区人民法院")
    _recommendation(
        tree["east_market"],
        mine,
        deadline=today - dt.timedelta(days=9),
        replied_on=today,
        issuer="已回复检察院",
    )
    theirs = lf.register(tree["east_justice"], justice)
    Hearing.objects.create(lawsuit=theirs, hearing_on=today + dt.timedelta(days=1), court_room="司法局法庭")
    _recommendation(
        tree["east_justice"], theirs, deadline=today - dt.timedelta(days=2), issuer="司法局收件法院"
    )
    return {"market": market, "justice": justice, "mine": mine, "theirs": theirs, "today": today}


def test_dashboard_shows_own_hearing_reminder_and_overdue_recommendation(client, litigation_todo):
    d = litigation_todo
    client.force_login(d["market"])
    response = client.get("/staff/")
    body = response.content.decode()
    overdue, due_soon = _sections(body)

    assert "开庭提醒" in due_soon and f"{d['mine'].case_number} 开庭" in due_soon
    assert "09:30" in due_soon and "第三法庭" in due_soon and "还有3日" in due_soon
    assert f'href="/staff/lawsuits/{d["mine"].pk}/#litigation"' in due_soon
    assert "远期法庭" not in body and "已开法庭" not in body  # beyond 7 days / already held

    assert "司法建议整改回复" in overdue and "东区人民法院" in overdue and "已超期4日" in overdue
    assert "已回复检察院" not in overdue + due_soon  # replied: no reminder (its status is the queue's)
    assert response.context["overdue_count"] == 1 and response.context["due_soon_count"] == 1
    assert "没有超期事项" not in body and "近期没有到期事项" not in body

    # Another department's hearing and recommendation are not shown, nor counted.
    assert "司法局法庭" not in body and "司法局收件法院" not in body
    assert d["theirs"].case_number not in body


def test_other_department_sees_only_its_own_items(client, litigation_todo):
    d = litigation_todo
    client.force_login(d["justice"])
    response = client.get("/staff/")
    body = response.content.decode()
    overdue, due_soon = _sections(body)
    assert "司法局法庭" in due_soon and "司法局收件法院" in overdue
    assert d["mine"].case_number not in body and "第三法庭" not in body
    assert response.context["overdue_count"] == 1 and response.context["due_soon_count"] == 1


def test_recommendation_near_deadline_is_due_soon_and_replying_clears_it(client, tree):
    today = timezone.localdate()
    officer = factories.user(tree["east_market"], roles=("officer",))
    case = lf.register(tree["east_market"], officer)
    rec = _recommendation(tree["east_market"], case, deadline=today + dt.timedelta(days=1))
    client.force_login(officer)
    overdue, due_soon = _sections(client.get("/staff/").content.decode())
    assert "司法建议整改回复" in due_soon and "司法建议整改回复" not in overdue
    rec.reply, rec.replied_on = "已整改", today
    rec.save()
    assert "司法建议整改回复" not in client.get("/staff/").content.decode()


def test_a_registered_source_places_items_by_overdue_flag(client, tree):
    officer = factories.user(tree["east_market"], roles=("officer",))
    today = timezone.localdate()

    def source(user, day):
        assert user == officer and day == today
        return [
            DashboardItem(
                "测试逾期事项", "/staff/x/", today - dt.timedelta(days=2), "测试类别甲", overdue=True
            ),
            DashboardItem("测试提醒事项", "", today, "测试类别乙", note="说明文字"),
        ]

    dashboard_sources.register_dashboard_source(source)
    try:
        client.force_login(officer)
        response = client.get("/staff/")
        overdue, due_soon = _sections(response.content.decode())
        assert "测试逾期事项" in overdue and "测试类别甲" in overdue and "已超期2日" in overdue
        assert "测试提醒事项" in due_soon and "测试类别乙" in due_soon and "今日" in due_soon
        assert "说明文字" in due_soon
        assert response.context["overdue_count"] == 1 and response.context["due_soon_count"] == 1
    finally:
        dashboard_sources.unregister_dashboard_source(source)
    assert "测试逾期事项" not in client.get("/staff/").content.decode()
