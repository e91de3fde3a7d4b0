from __future__ import annotations

from django import forms
from django.utils import timezone

from fazhi.indicators import selectors
from fazhi.reports import richtext, services
from fazhi.reports.models import AnnualReport


class ReportCreateForm(forms.Form):
    region = forms.ChoiceField(label="区划")
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(
        label="标题",
        max_length=200,
        required=False,
        help_text="不填则为“（区划名称）（年度）年度法治政府建设工作报告”。",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = {r.code: r for r in selectors.visible_regions(user)}
        self.fields["region"].choices = [(c, f"{r.name}（{c}）") for c, r in self.regions.items()]
        if self.regions:
            # The hint shows the title the first region would get, e.g. “桂玉县2026年度法治政府建设工作报告”.
            first = next(iter(self.regions.values()))
            example = services.default_title(first, timezone.localdate().year - 1)
            self.fields["title"].help_text = f"不填则为“{example}”（按所选区划和年度生成）。"

    def clean_region(self):
        return self.regions[self.cleaned_data["region"]]


class PartForm(forms.Form):
    """One part of the narrative. Without JavaScript ``text`` is a textarea of plain text with
    placeholders; the editor (reports/editor.js) disables it and posts ``html`` instead, which
    :mod:`fazhi.reports.richtext` turns into the same text (figures unknown to the platform refused)."""

    text = forms.CharField(
        label="正文",
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "class": "narrative"}),
        help_text=(
            "每段一行；以“（一）”开头的短行排为二级标题。引用统计数据请写占位符，如 "
            "{{reconsideration.correction_rate}} 显示为“9.09%”（比率默认保留两位小数，100%不写作100.00%），"
            "{{reconsideration.correction_rate|1}} 按本报告需要保留一位小数显示为“9.1%”，"
            "{{reconsideration.correction_rate.numerator}} / .denominator 显示分子、分母。"
        ),
    )

    def __init__(self, *args, known=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.known = known
        self.from_editor = self.is_bound and "html" in self.data

    def clean(self):
        cleaned = super().clean()
        if self.from_editor:
            try:
                cleaned["text"] = richtext.to_text(self.data.get("html", ""), self.known)
            except richtext.UnknownFigure as exc:
                self.add_error("text", exc.message)
        return cleaned

    def editor_text(self) -> str:
        """The text the editor opens with: as stored, or as posted when the form came back."""
        if not self.is_bound:
            return self.initial.get("text", "") or ""
        if self.from_editor:
            return richtext.to_text_lenient(self.data.get("html", ""))
        return self.data.get("text", "") or ""


class ParticularsForm(forms.ModelForm):
    """公文要素 of the report (GB/T 9704-2012 §7.2–7.3)."""

    class Meta:
        model = AnnualReport
        fields = ["issuer", "addressee", "document_number", "written_on"]
        widgets = {"written_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
