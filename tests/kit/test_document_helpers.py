"""What documents and lists of every domain read the same way: a list typed into one box
(``chinese.listed_items``), the challenged act as a document names it (``act_cited``) and the names
of the parties of one role (``kit.parties.names_of`` / ``keep_names``)."""

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
    # An act that names its own verb, or an omission, gets no second “作出的”.
    answered = ReconsiderationCase(
        act_description="对申请人政府信息公开申请作出的答复", act_date=act.act_date
    )
    assert answered.act_cited == "2026年8月20日对申请人政府信息公开申请作出的答复"
    omitted = ReconsiderationCase(act_description="未依法处理申请人的举报", act_type="non_performance")
    assert omitted.act_cited == "未依法处理申请人的举报"


def test_the_names_of_parties_of_one_role_cut_to_the_column(monkeypatch):
    from types import SimpleNamespace

    from fazhi.core import records
    from fazhi.core.kit.parties import keep_names, names_of

    parties = [
        SimpleNamespace(role="applicant", name="张三"),
        SimpleNamespace(role="agent", name="王律师"),
        SimpleNamespace(role="applicant", name="东区某某商贸有限公司"),
    ]
    assert names_of(parties, "applicant") == "张三、东区某某商贸有限公司"
    assert names_of(parties, "applicant", max_length=4) == "张三、东"

    hooks = []
    monkeypatch.setattr(records, "on_saved", lambda model, hook: hooks.append((model, hook)))
    keep_names(ReconsiderationCase, "applicant_names", "applicant")
    [(model, refresh)] = hooks
    saved = []
    case = SimpleNamespace(
        parties=SimpleNamespace(all=lambda: parties),
        applicant_names="张三",
        save=lambda update_fields: saved.append(update_fields),
    )
    refresh(case, actor=None, created=False, changed=[])
    assert model is ReconsiderationCase and case.applicant_names == "张三、东区某某商贸有限公司"
    assert saved == [["applicant_names", "updated_at"]]
    refresh(case, actor=None, created=False, changed=[])
    assert len(saved) == 1  # unchanged: not saved again


def test_a_choice_is_cited_as_the_item_of_its_article():
    from fazhi.core.documents.chinese import cited_item
    from fazhi.reconsideration.models import SuspensionGround

    assert cited_item(SuspensionGround, "death") == "第（一）项"
    assert cited_item(SuspensionGround, "other") == "第（十）项"
    assert cited_item(SuspensionGround, "unknown") == ""
