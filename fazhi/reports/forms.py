from __future__ import annotations

from django import forms

from fazhi.indicators import selectors


class ReportCreateForm(forms.Form):
    region = forms.ChoiceField(label="区划")
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(
        label="标题", max_length=200, required=False, help_text="不填则为“××2022年度法治政府建设工作报告”。"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = {r.code: r for r in selectors.visible_regions(user)}
        self.fields["region"].choices = [(c, f"{r.name}（{c}）") for c, r in self.regions.items()]

    def clean_region(self):
        return self.regions[self.cleaned_data["region"]]


class PartForm(forms.Form):
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
