"""Plain text typed by people (issue 10 item 14): what a name, an address or a statement of facts
may not contain, with one clear Chinese message per kind of character.

- control characters (NUL, backspace, escape …; category Cc): never, except line breaks and tabs in
  multi-line text. PostgreSQL refuses NUL outright; the others corrupt exports and logs.
- characters that change the direction text is shown in (U+202A–U+202E, U+2066–U+2069, U+200E,
  U+200F, U+061C): never — "申请人：张三\u202e..." can make a document read differently from
  what it holds.
- zero-width and other invisible format characters (category Cf: U+200B, U+200C, U+200D, U+2060,
  U+FEFF, U+00AD …): never — a name made only of them looks empty, and two names that look the
  same would not be.
- line and paragraph separators (U+2028, U+2029) and line breaks in a single-line field.

Use :class:`PlainTextField` in forms (it replaces Django's NUL check, whose message says nothing a
citizen understands), or :func:`validate_single_line` / :func:`validate_multiline` directly.
"""

from __future__ import annotations

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
LINE_BREAKS = frozenset("\n\r")
MULTILINE_ALLOWED = frozenset("\n\r\t")

CONTROL_MESSAGE = "不能含有控制字符（如空字符、退格符等看不见的字符，常由复制粘贴带入），请删除后重新输入。"
BIDI_MESSAGE = "不能含有改变文字显示方向的控制符（如 U+202E），请删除后重新输入。"
INVISIBLE_MESSAGE = "不能含有零宽空格等看不见的格式字符，请删除后重新输入。"
LINE_BREAK_MESSAGE = "此项不能换行，请写在一行内。"


def text_problem(value: str, *, multiline: bool) -> str:
    """The first problem with ``value`` as a Chinese sentence, or ""."""
    for char in value or "":
        if char in BIDI_CONTROLS:
            return BIDI_MESSAGE
        category = unicodedata.category(char)
        if category == "Cc":
            if multiline and char in MULTILINE_ALLOWED:
                continue
            if not multiline and char in LINE_BREAKS:
                return LINE_BREAK_MESSAGE
            return CONTROL_MESSAGE
        if category == "Cf":
            return INVISIBLE_MESSAGE
        if category in ("Zl", "Zp"):
            return LINE_BREAK_MESSAGE if not multiline else CONTROL_MESSAGE
        if category == "Cs":
            return CONTROL_MESSAGE
        # Private-use and not-yet-assigned code points stay allowed: rare characters in people's
        # names (生僻字) are often stored there or are newer than this Python's Unicode tables.
    return ""


def validate_single_line(value: str) -> None:
    problem = text_problem(value, multiline=False)
    if problem:
        raise ValidationError(problem, code="invalid_characters")


def validate_multiline(value: str) -> None:
    problem = text_problem(value, multiline=True)
    if problem:
        raise ValidationError(problem, code="invalid_characters")


class PlainTextField(forms.CharField):
    """A ``CharField`` for text people type: refuses the characters above with a clear message (in
    place of Django's NUL check). ``multiline=True`` allows line breaks and tabs."""

    def __init__(self, *args, multiline: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]
        self.validators.insert(0, validate_multiline if multiline else validate_single_line)


__all__ = ["PlainTextField", "text_problem", "validate_single_line", "validate_multiline"]
