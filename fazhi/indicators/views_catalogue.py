"""指标目录: every figure the platform knows — computed from records or reported (上报) — with its
code, name, unit, definition, basis and parts; and the form on which a county adds figures of its
own (依法治县办 only), without a code change."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from fazhi.indicators import catalogue, registry, selectors
from fazhi.indicators.models_catalogue import FigureKind
from fazhi.web.registry import Section, register_section


class CatalogueSection(Section):
    def allowed(self, user) -> bool:
        return selectors.may_view(user)


register_section(
    CatalogueSection(
        key="indicators-catalogue",
        title="指标目录",
        url="web:indicators-catalogue",
        order=705,
        group="统计分析",
    )
)


def _rows():
    groups: dict[str, list] = {}
    for ind in registry.all_indicators():
        groups.setdefault(registry.domain_title(ind.domain), []).append(ind)
    return groups


@login_required
def catalogue_view(request):
    if not selectors.may_view(request.user):
        raise Http404("页面不存在。")
    return render(
        request,
        "indicators/catalogue.html",
        {"groups": _rows(), "may_add": selectors.may_report(request.user)},
    )


def _code_choices():
    return [("", "（无）")] + [
        (i.code, f"{i.name}（{i.code}）") for i in registry.all_indicators() if not i.is_rate
    ]


class CountyFigureForm(forms.Form):
    name = forms.CharField(label="指标名称", max_length=100)
    kind = forms.ChoiceField(label="类型", choices=FigureKind.choices)
    unit = forms.CharField(
        label="单位", max_length=10, required=False, help_text="数量指标填写，如 件、人、次、项。"
    )
    definition = forms.CharField(
        label="统计内容",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="数量：统计什么；比率：分子统计什么。",
    )
    out_of = forms.CharField(label="分母", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    basis = forms.CharField(
        label="分母口径", max_length=50, required=False, help_text="如 受理、办结、应参考。"
    )
    source = forms.CharField(label="依据", max_length=300, required=False, help_text="文件、条款或上级要求。")
    part_of = forms.ChoiceField(
        label="所属总数", required=False, help_text="本指标是哪个总数的组成部分（可不选）。"
    )
    numerator_code = forms.ChoiceField(
        label="分子指标", required=False, help_text="比率的分子对应目录中的哪个数量指标。"
    )
    denominator_code = forms.ChoiceField(label="分母指标", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("part_of", "numerator_code", "denominator_code"):
            self.fields[name].choices = _code_choices()


@login_required
@require_http_methods(["GET", "POST"])
def county_figure_new_view(request):
    user = request.user
    if not selectors.may_report(user) or user.organisation is None:
        raise Http404("页面不存在。")
    form = CountyFigureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            figure = catalogue.county_figure_create(
                actor=user, region_code=user.organisation.region_id, **form.cleaned_data
            )
        except ValidationError as exc:
            for name, errs in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errs)
        else:
            messages.success(
                request, f"已新增本地指标“{figure.name}”，编码 {figure.code}，可录入或导入上报数据。"
            )
            return redirect(f"{reverse('web:indicators-catalogue')}#figure-{figure.code}")
    status = 400 if request.method == "POST" else 200
    return render(request, "indicators/catalogue_form.html", {"form": form}, status=status)
