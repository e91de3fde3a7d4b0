"""The detail page's 当事人 line (fazhi.web.personal_data.parties_column): every party by role and
name, the 身份证号 and phone masked on screen, an organisation's credit code in full."""

from __future__ import annotations

from types import SimpleNamespace

from fazhi.web.personal_data import parties_column


def party(role, name, id_number="", phone="", uscc=""):
    return SimpleNamespace(
        get_role_display=lambda: role, name=name, id_number=id_number, phone=phone, uscc=uscc
    )


def test_parties_are_listed_with_their_identifiers_masked():
    record = SimpleNamespace(
        parties=SimpleNamespace(
            all=lambda: [
                party("申请人", "张三", id_number="11010519491231002X", phone="13800138000"),
                party("申请人", "东区某某商贸有限公司", uscc="91450206007498121X"),
                party("被申请人", "东区市场监督管理局"),
            ]
        )
    )
    column = parties_column()
    assert (column.name, column.label) == ("parties", "当事人")
    assert column.value(record) == (
        "申请人：张三（110105**********2X，138****8000）；"
        "申请人：东区某某商贸有限公司（91450206007498121X）；"
        "被申请人：东区市场监督管理局"
    )
