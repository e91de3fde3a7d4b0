from django import template
from django.utils.html import format_html

register = template.Library()

COLOURS = frozenset({"grey", "blue", "green", "orange", "red", "purple"})


@register.simple_tag
def badge(label, colour="grey"):
    """A status badge; the colour comes from State.colour (docs/conventions.md 7), unknown colours are grey."""
    return format_html(
        '<span class="badge badge-{}">{}</span>', colour if colour in COLOURS else "grey", label
    )


@register.filter
def filesize(size):
    try:
        size = int(size)
    except (TypeError, ValueError):
        return "—"
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


@register.simple_tag
def list_actions(spec, user):
    """The head-of-list buttons of ``spec`` that ``user`` may use (ListSpec.actions)."""
    return spec.actions_for(user)
