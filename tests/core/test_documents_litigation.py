"""行政答辩状: generated in the 答辩期 with the lawsuit's court, case number, parties and dates."""

import datetime as dt
import io

import pytest
from docx import Document

from fazhi.core.documents import services
from fazhi.core.workflow import engine
from fazhi.litigation.models import Party
from tests import factories
from tests.litigation import factories as lf

pytestmark = pytest.mark.django_db


def test_defence_cover_in_the_answer_period(tree):
    org = tree["east_market"]
    officer = factories.user(org, roles=("officer",))
    case = lf.lawsuit(
        org, officer, act_document_number="东市监罚〔2026〕12号", act_description="罚款五千元的行政处罚决定"
    )
    Party.objects.create(lawsuit=case, role="plaintiff", kind="person", name="张某某", phone="13800138000")
    with pytest.raises(services.DocumentUnavailable) as exc:
        services.document_generate(record=case, kind="litigation.defence", actor=officer)
    assert "不能生成“行政答辩状”" in exc.value.message

    engine.perform(
        case, "receive", actor=officer, data={"received_on": "2026-09-01"}, today=dt.date(2026, 9, 2)
    )
    attachment = services.document_generate(
        record=case, kind="litigation.defence", actor=officer, today=dt.date(2026, 9, 10)
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(attachment.file.open("rb").read())).paragraphs)
    assert "行政答辩状" in text and "东区市场监督管理诉答字〔2026〕1号" in text
    assert "答辩人：东区市场监督管理局。" in text and "原告：张某某。" in text
    assert case.case_number in text and "示范区人民法院" in text and "2026年9月1日收到" in text
    assert "《中华人民共和国行政诉讼法》第六十七条第一款" in text and "东市监罚〔2026〕12号" in text
    assert "二〇二六年九月十日" in text and "13800138000" not in text
