import datetime as dt

import pytest
from django.utils import timezone

from fazhi.core.calendar import services as clocks
from fazhi.core.workflow import engine

pytestmark = pytest.mark.django_db


def _register(matter, actor, days_ago):
    received = timezone.localdate() - dt.timedelta(days=days_ago)
    return engine.perform(matter, "register", actor=actor, data={"received_on": received.isoformat()})


def test_dashboard_lists_own_overdue_clock_with_link_and_explanation(login, people, make_matter, tree):
    mine = _register(
        make_matter(tree["east_justice"], people["a"], title="王某不服罚款决定"), people["a"], 40
    )
    body = login(people["a"]).get("/staff/").content.decode()
    assert "王某不服罚款决定" in body
    assert f'href="/staff/sample-matters/{mine.pk}/"' in body
    assert "受理审查期限" in body
    assert "已超期" in body
    assert "《行政复议法》第三十条" in body  # the explanation names its statute
    assert 'stat-value">1<' in body


def test_dashboard_omits_another_departments_clock_and_its_count(login, people, make_matter, tree):
    _register(make_matter(tree["east_justice"], people["a"], title="本单位事项"), people["a"], 40)
    _register(make_matter(tree["east_market"], people["b"], title="其他部门事项"), people["b"], 40)
    _register(make_matter(tree["east_market"], people["b"], title="其他部门事项二"), people["b"], 40)
    response = login(people["a"]).get("/staff/")
    body = response.content.decode()
    assert "本单位事项" in body
    assert "其他部门事项" not in body
    assert response.context["overdue_count"] == 1


def test_dashboard_shows_due_soon_clock_with_days_left(login, people, make_matter, tree):
    matter = make_matter(tree["east_justice"], people["a"], title="即将到期事项")
    clocks.start_clock(
        matter,
        code="soon",
        label="测试期限",
        start_date=timezone.localdate(),
        length=1,
        unit="workday",
        article="测试依据",
    )
    response = login(people["a"]).get("/staff/")
    assert response.context["due_soon_count"] == 1
    assert response.context["overdue_count"] == 0
    body = response.content.decode()
    assert "即将到期事项" in body and "测试期限" in body
    assert "剩余" in body or "今日到期" in body


def test_dashboard_empty_state_is_chinese(login, people):
    body = login(people["a"]).get("/staff/").content.decode()
    assert "没有超期事项" in body
    assert "待办事项" in body


def test_dashboard_counts_every_clock_when_more_than_it_lists(people, make_matter, tree):
    """The counts come from the rows shown while they all fit, and from a COUNT query beyond that."""
    from fazhi.web import selectors

    for i in range(3):
        _register(make_matter(tree["east_justice"], people["a"], title=f"超期事项{i}"), people["a"], 40)
    full = selectors.dashboard(people["a"], limit=2)
    assert full["overdue_clock_count"] == 3 and len(full["overdue"]) == 2
    roomy = selectors.dashboard(people["a"], limit=10)
    assert roomy["overdue_clock_count"] == 3 and len(roomy["overdue"]) == 3
    exact = selectors.dashboard(people["a"], limit=3)
    assert exact["overdue_clock_count"] == 3 and len(exact["overdue"]) == 3
