from django import template

from fazhi.portal import registry

register = template.Library()


@register.inclusion_tag("portal/_nav.html", takes_context=True)
def portal_nav(context):
    request = context.get("request")
    path = request.path if request is not None else ""
    items = [{"title": s.title, "url": s.href()} for s in registry.sections()]
    for item in items:
        item["active"] = item["url"] not in ("/", "#") and path.startswith(item["url"])
    return {"items": items, "home_active": path in ("/", "")}
