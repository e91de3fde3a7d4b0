"""Public pages. No login, no staff data: they show only what registered sections publish."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from fazhi.portal import registry

QUERY_MAX = 50
HITS_PER_SECTION = 20


@require_GET
def home(request):
    return render(request, "portal/home.html", {"sections": registry.sections()})


@require_GET
def search(request):
    q = " ".join((request.GET.get("q") or "").split())[:QUERY_MAX]
    groups, total = [], 0
    if q:
        for section in registry.sections():
            if section.search is None:
                continue
            hits = list(section.search(q, HITS_PER_SECTION))[:HITS_PER_SECTION]
            if hits:
                groups.append({"section": section, "hits": hits})
                total += len(hits)
    return render(request, "portal/search.html", {"q": q, "groups": groups, "total": total})
