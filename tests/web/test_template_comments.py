"""Django's ``{# … #}`` comment ends at the line's end: one spread over two lines is printed on the
page as text (a case's 当事人个人信息 showed "{# A masked identifier with the 查看明文 form…" in every
cell). Every template uses ``{% comment %}`` for comments longer than a line."""

import re
from pathlib import Path

import fazhi

ROOT = Path(fazhi.__file__).parent


def test_no_template_comment_spans_lines():
    broken = []
    for template in ROOT.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for match in re.finditer(r"\{#(?:(?!#\}).)*?\n", text, re.S):
            line = text.count("\n", 0, match.start()) + 1
            broken.append(f"{template.relative_to(ROOT)}:{line}")
    assert not broken, "多行注释须用 {% comment %}：" + ", ".join(broken)


def test_a_masked_identifier_shows_no_template_text():
    from django.template.loader import render_to_string

    html = render_to_string(
        "crypto/_reveal_form.html",
        {"item": {"label": "申请人", "pk": 1, "field": "id_number", "masked": "4501**********12"}},
    )
    assert "{#" not in html and "#}" not in html and "4501**********12" in html
