"""The staff pages draw some HTML faster than through Django template loops: list rows and filter
options are written in Python (exactly the characters the loops produced), and form widgets go
through Django's Jinja2 form renderer (the same elements as the default renderer)."""

from html.parser import HTMLParser

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, Jinja2
from django.template import Context, Template
from django.utils.safestring import mark_safe

from fazhi.core.models import User
from fazhi.web.generic import Cell, row_html
from fazhi.web.registry import BoundFilter, Filter

NASTY = "<b>\"张三\" & '李四'</b>"


class EveryWidget(forms.Form):
    text = forms.CharField(max_length=20, help_text="说明")
    optional = forms.CharField(required=False)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    days = forms.IntegerField(min_value=0)
    hidden = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    flag_attrs = forms.CharField(widget=forms.TextInput(attrs={"autofocus": True, "disabled": False}))
    choice = forms.ChoiceField(choices=[("", "请选择"), ("a", NASTY), ("b", "乙")])
    grouped = forms.ChoiceField(choices=[("组一", [("1", "一"), ("2", "二")]), ("3", "三")])
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")])
    upload = forms.FileField()
    email = forms.EmailField()
    safe_value = forms.CharField()


def _both(form_cls, **kwargs):
    fast = form_cls(renderer=Jinja2(), **kwargs)
    stock = form_cls(renderer=DjangoTemplates(), **kwargs)
    return fast, stock


def _elements(html: str) -> list:
    """The tags, attributes and texts of an HTML fragment, whitespace between them ignored."""

    class Collect(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.items = []

        def handle_starttag(self, tag, attrs):
            self.items.append(("start", tag, sorted(attrs, key=lambda kv: kv[0])))

        def handle_endtag(self, tag):
            self.items.append(("end", tag))

        def handle_data(self, data):
            if data.strip():
                self.items.append(("text", data.strip()))

    parser = Collect()
    parser.feed(html)
    return parser.items


@pytest.mark.parametrize(
    "data",
    [
        None,
        {
            "text": NASTY,
            "day": "2026-01-31",
            "days": "-3",
            "hidden": "7",
            "note": NASTY + "\n第二行",
            "flag_attrs": "x",
            "choice": "a",
            "grouped": "2",
            "many": ["x", "y"],
            "email": "not-an-email",
            "safe_value": mark_safe("<i>安全</i>"),
        },
        {"note": "", "choice": "zzz", "grouped": "3", "days": "5"},
    ],
)
def test_jinja2_widgets_draw_the_same_elements_as_django_templates(data):
    fast, stock = _both(EveryWidget, data=data, initial={"hidden": 3, "text": NASTY})
    for name in fast.fields:
        assert _elements(str(fast[name])) == _elements(str(stock[name])), name
    if data and "text" in data:
        assert "&lt;b&gt;" in str(fast["text"]) and "<b>" not in str(fast["text"])  # escaped
    assert _elements(fast.as_div()) == _elements(stock.as_div())


@pytest.mark.django_db
def test_select_of_staff_matches_django(tree, people):
    class StaffForm(forms.Form):
        who = forms.ModelChoiceField(queryset=User.objects.order_by("username"), empty_label="请选择")

    fast, stock = _both(StaffForm, initial={"who": people["a"].pk})
    html = str(fast["who"])
    assert _elements(html) == _elements(str(stock["who"]))
    assert ("start", "option", [("selected", None), ("value", str(people["a"].pk))]) in _elements(html)


def test_transition_upload_and_login_forms_use_the_jinja2_renderer():
    from fazhi.web.forms import AttachmentForm, LoginForm, TransitionForm

    assert isinstance(AttachmentForm().renderer, Jinja2)
    assert isinstance(TransitionForm.default_renderer, Jinja2)
    assert isinstance(LoginForm.default_renderer, Jinja2)


# --- list rows and filter options ------------------------------------------------------------------

# The loops the list templates used before the HTML moved into Python.
ROW_LOOP = Template(
    "{% load fazhi_web %}{% for c in cells %}\n        <td>{% if c.colour %}{% badge c.text c.colour %}"
    '{% elif c.url %}<a href="{{ c.url }}">{{ c.text }}</a>{% else %}{{ c.text }}{% endif %}</td>\n'
    "        {% endfor %}"
)
OPTIONS_LOOP = Template(
    '{% for code, label in f.options %}<option value="{{ code }}"{% if code == f.value %} selected'
    "{% endif %}>{{ label }}</option>{% endfor %}"
)


def test_row_html_matches_the_template_loop():
    cells = [
        Cell(NASTY),
        Cell("已受理", "green"),
        Cell("办理中", "no-such-colour"),
        Cell(NASTY, url='/staff/x/1/?a=1&b="2"'),
        Cell(mark_safe("<em>安全</em>")),
        Cell("—"),
    ]
    expected = ROW_LOOP.render(Context({"cells": cells}))
    assert row_html(cells) == expected
    assert "&lt;b&gt;" in expected and "badge-grey" in expected  # the loop escaped; unknown colour grey


def test_filter_options_html_matches_the_template_loop():
    options = [("1", NASTY), ("2", "乙"), ('x"y', "丙")]
    for value in ("", "2", 'x"y'):
        bound = BoundFilter(Filter("f"), options, value)
        assert bound.options_html == OPTIONS_LOOP.render(Context({"f": bound}))
