"""Issue 10 item 14: portal text accepted control characters, zero-width-only names and
right-to-left override characters, and a NUL byte got a misleading message."""

from __future__ import annotations

import pytest
from django.test import Client

from fazhi.core.validators.text import (
    BIDI_MESSAGE,
    CONTROL_MESSAGE,
    INVISIBLE_MESSAGE,
    LINE_BREAK_MESSAGE,
    text_problem,
)
from fazhi.reconsideration.models import Party, ReconsiderationCase
from tests.reconsideration.test_portal import form_data


@pytest.mark.parametrize(
    "value, multiline, message",
    [
        ("张\x00三", False, CONTROL_MESSAGE),
        ("张三\x08", False, CONTROL_MESSAGE),
        ("事实\x1b[31m", True, CONTROL_MESSAGE),
        ("\u200b\u200b", False, INVISIBLE_MESSAGE),
        ("张\u200d三", False, INVISIBLE_MESSAGE),
        ("\ufeff张三", False, INVISIBLE_MESSAGE),
        ("申请人张三\u202e款罚销撤", True, BIDI_MESSAGE),
        ("张三\u2067", False, BIDI_MESSAGE),
        ("张三\n李四", False, LINE_BREAK_MESSAGE),
        ("第一行\u2028第二行", False, LINE_BREAK_MESSAGE),
    ],
)
def test_bad_characters_are_named(value, multiline, message):
    assert text_problem(value, multiline=multiline) == message


@pytest.mark.parametrize(
    "value, multiline",
    [
        ("张三", False),
        ("欧阳娜娜", False),
        ("O'Brien-Smith", False),
        ("第一段。\r\n第二段：\t缩进", True),
        ("\ue000", False),
    ],
)
def test_ordinary_text_passes(value, multiline):
    assert text_problem(value, multiline=multiline) == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes, message",
    [
        ({"applicant_name": "张\x00三"}, CONTROL_MESSAGE),
        ({"applicant_name": "\u200b\u200b\u200b"}, INVISIBLE_MESSAGE),
        ({"facts": "被申请人\u202e法违序程"}, BIDI_MESSAGE),
        ({"address": "幸福路\x07号"}, CONTROL_MESSAGE),
    ],
)
def test_the_portal_refuses_them_with_a_clear_message_and_saves_nothing(tree, changes, message):
    response = Client().post("/reconsideration/apply/", form_data(tree["east_justice"], **changes))
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "Null characters" not in body and "空字符不被允许" not in body
    assert not ReconsiderationCase.objects.exists() and not Party.objects.exists()


@pytest.mark.django_db
def test_multiline_facts_keep_their_line_breaks(tree):
    response = Client().post(
        "/reconsideration/apply/", form_data(tree["east_justice"], facts="一、事实。\r\n二、理由。")
    )
    assert response.status_code == 200
