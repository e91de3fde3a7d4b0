"""Template context for every page: site name, the signed-in user's header and the staff nav."""

from __future__ import annotations

from fazhi.web import registry

SITE_NAME = "法治政府建设工作平台"


def navigation(request):
    context = {"site_name": SITE_NAME, "platform_name": SITE_NAME}
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    if user is None or not user.is_authenticated or match is None or match.namespace != "web":
        return context  # the public portal never shows who is signed in
    nav, groups = [], {}
    for section in registry.sections_for(user):
        href = section.href()
        item = {
            "title": section.title,
            "url": href,
            "active": request.path == href or (href != "/staff/" and request.path.startswith(href)),
            "badge": section.badge(request),
        }
        if section.group not in groups:
            groups[section.group] = []
            nav.append({"group": section.group, "items": groups[section.group]})
        groups[section.group].append(item)
    context["staff_nav"] = nav
    return context
