"""Document text declared as a template (docs/adr/0014-document-templates.md).

A kind's text lives in ``<app>/templates/<app>/documents/<kind>.txt``: a Django template rendered
with the context the kind declares, autoescape off (the output goes into a .docx, not HTML).
Paragraphs are separated by blank lines; the lines of one paragraph are joined without a
separator (Chinese prose has no spaces), so a long paragraph may be wrapped in the file. A line
holding only a ``{% … %}`` tag disappears with its line break. A paragraph may open with a marker:

- ``【主送】`` 主送机关 (without the colon); ``【抄送】`` 抄送;
- ``【当事人】`` and ``【附件】``: every line of the paragraph is one 当事人 line / one 附件;
- ``【一级标题】`` ``【二级标题】`` ``【居左】`` ``【居右】`` ``【居中】``: the paragraph's style.

The record's values are data in the context, never template source: they are rendered, not
parsed. Their line breaks and ``【`` are carried through the paragraph split under private-use
stand-ins, so a value can neither open a paragraph nor a marker.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import cache

from django.template import Context, Engine
from django.template.loaders.app_directories import Loader as AppDirectoriesLoader

from fazhi.core.documents.builder import Content, Para

NEWLINE, BRACKET = "\ue000", "\ue001"  # stand-ins for a value's "\n" and "【"

STYLES = {"一级标题": "heading1", "二级标题": "heading2", "居左": "plain", "居右": "right", "居中": "centre"}
FIELDS = {"主送": "addressee", "抄送": "copy_to"}
LISTS = {"当事人": "parties", "附件": "attachments"}
_MARKER = re.compile(r"^【(" + "|".join([*STYLES, *FIELDS, *LISTS]) + r")】")
_TAG_LINE = re.compile(r"^[ \t]*({%.*?%}|{#.*?#})[ \t]*\n", re.MULTILINE)
_BLANK = re.compile(r"\n[ \t]*\n")


class Loader(AppDirectoriesLoader):
    """App template directories, with the lines holding only a tag folded away."""

    def get_contents(self, origin):
        return _TAG_LINE.sub(r"\1", super().get_contents(origin))


@cache
def engine() -> Engine:
    return Engine(
        loaders=["fazhi.core.documents.text.Loader"],
        autoescape=False,
        builtins=["fazhi.core.documents.templatetags.document_text"],
    )


def template_name(code: str) -> str:
    """``reconsideration.completion_notice`` → ``reconsideration/documents/completion_notice.txt``."""
    app, _, kind = code.partition(".")
    return f"{app}/documents/{kind}.txt"


def _data(value):
    """The context as plain data, its strings carrying stand-ins for the characters that shape the
    text. Objects (model instances, querysets) are refused: a template reads values, not records."""
    if isinstance(value, str):
        return value.replace("\n", NEWLINE).replace("【", BRACKET)
    if value is None or isinstance(value, (bool, int, float, Decimal, dt.date)):
        return value
    if isinstance(value, dict):
        return {str(k): _data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_data(v) for v in value]
    raise TypeError(f"document context values are plain data, not {type(value).__name__}")


def _restore(text: str) -> str:
    return text.replace(NEWLINE, "\n").replace(BRACKET, "【")


def content(name: str, context: dict) -> Content:
    """Render the template ``name`` with ``context`` and read it into :class:`Content`."""
    rendered = engine().get_template(name).render(Context(_data(context), autoescape=False))
    result = Content(paragraphs=[])
    for block in _BLANK.split(rendered.replace("\r\n", "\n")):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        marker = _MARKER.match(lines[0])
        label = marker.group(1) if marker else ""
        if marker:
            lines[0] = lines[0][marker.end() :].strip()
            lines = [line for line in lines if line]
        if label in LISTS:
            getattr(result, LISTS[label]).extend(_restore(line) for line in lines)
        elif label in FIELDS:
            setattr(result, FIELDS[label], _restore("".join(lines)))
        elif label in STYLES:
            result.paragraphs.append(Para(_restore("".join(lines)), STYLES[label]))
        elif lines:
            result.paragraphs.append(_restore("".join(lines)))
    return result
