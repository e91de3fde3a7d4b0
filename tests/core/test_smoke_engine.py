import datetime as dt

import pytest

from fazhi.core.calendar.models import Clock
from fazhi.core.workflow import engine
from tests import factories
from tests.sampleapp.models import SampleMatter


@pytest.mark.django_db
def test_accept_starts_sixty_day_clock(tree):
    officer = factories.user(tree["east_justice"], roles=("officer", "reviewer"))
    matter = engine.create(
        SampleMatter, actor=officer, title="不服罚款决定", applicant="张三", organisation=tree["east_justice"]
    )
    engine.perform(
        matter, "register", actor=officer, data={"received_on": "2026-09-25"}, today=dt.date(2026, 9, 25)
    )
    matter = engine.perform(matter, "accept", actor=officer, today=dt.date(2026, 9, 28))
    assert matter.status == "accepted"
    clock = Clock.objects.get(code="decision")
    assert clock.due_date == dt.date(2026, 11, 27)
