"""What documents of every domain read the same way: a list typed into one box
(``chinese.listed_items``) and the challenged act as a document names it (``act_cited``)."""

from __future__ import annotations

import datetime as dt

from fazhi.core.documents.chinese import listed_items
from fazhi.reconsideration.models import ReconsiderationCase


def test_items_one_per_line_or_by_semicolon_with_the_typed_numbering_stripped():
    assert listed_items("1. 身份证明；\n（二）委托书\n三、 证据材料。\n- 其他\n\n") == [
        "身份证明",
        "委托书",
        "证据材料",
        "其他",
    ]
    assert listed_items("身份证明；委托书;证据材料。") == ["身份证明", "委托书", "证据材料"]
    assert listed_items("") == [] and listed_items(None) == []


def test_the_act_is_cited_with_its_date_and_document_number():
    act = ReconsiderationCase(
        act_description="罚款五千元的行政处罚决定。",
        act_date=dt.date(2026, 8, 20),
        act_document_number="东市监罚〔2026〕12号",
    )
    assert act.act_cited == "2026年8月20日作出的罚款五千元的行政处罚决定（东市监罚〔2026〕12号）"
    assert ReconsiderationCase(act_description="作出的不予许可决定").act_cited == "作出的不予许可决定"
