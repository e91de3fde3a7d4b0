"""Staff forms of 行政应诉: register a lawsuit with its plaintiffs, add a hearing, record who appeared,
register a 司法建议 / 检察建议 and its reply. Every message is Chinese; the forms only validate input,
the writes go through :mod:`fazhi.litigation.services`."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from fazhi.core import access
from fazhi.core.validators import validate_id_number, validate_uscc
from fazhi.litigation import selectors
from fazhi.litigation.models import (
    HEAD_CAPACITIES,
    Capacity,
    Instance,
    Lawsuit,
    PartyKind,
    RecommendationKind,
)
from fazhi.web.forms import AttachmentForm

DATE_INVALID = "“{label}”不是有效日期（格式：2026-01-31）。"
TIME_INVALID = "“{label}”不是有效时间（格式：09:30）。"

# 案号: （年份）+ 法院代字 + 类型代字 + 序号 + 号, e.g. （2026）云0121行初12号 (《关于人民法院案件案号的若干规定》).
CASE_NUMBER_RE = re.compile(r"^（\d{4}）\S+号$")

# Posts that are never 行政机关负责人: heads of internal divisions and of lower-level or entrusted
# bodies, ordinary staff and lawyers (最高人民法院《关于行政机关负责人出庭应诉若干问题的规定》第二条).
NOT_HEAD_POSTS = ("科长", "股长", "科员", "所长", "队长", "律师")


def _messages(label: str, *, kind: str = "") -> dict:
    msgs = {"required": f"请填写“{label}”。", "max_length": f"“{label}”过长。"}
    if kind == "date":
        msgs["invalid"] = DATE_INVALID.format(label=label)
    elif kind == "time":
        msgs["invalid"] = TIME_INVALID.format(label=label)
    elif kind == "choice":
        msgs["required"] = f"请选择“{label}”。"
        msgs["invalid_choice"] = f"“{label}”的取值不在可选范围内。"
    return msgs


def _char(label, *, required=True, max_length=100, textarea=False, help_text="") -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": 3}) if textarea else None
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=widget,
        error_messages=_messages(label),
    )


def _date(label, *, required=True, help_text="") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=_messages(label, kind="date"),
    )


def _choice(label, choices, *, required=True, blank=True, help_text="") -> forms.ChoiceField:
    options = ([("", "请选择")] if blank else []) + list(choices)
    return forms.ChoiceField(
        label=label,
        required=required,
        choices=options,
        help_text=help_text,
        error_messages=_messages(label, kind="choice"),
    )


def _not_future(form: forms.Form, name: str, label: str) -> None:
    value = form.cleaned_data.get(name)
    if value and value > timezone.localdate():
        form.add_error(name, f"“{label}”不能晚于今天。")


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def _organisation_field(user, label: str) -> OrganisationChoiceField:
    field = OrganisationChoiceField(
        label=label,
        queryset=access.visible_organisations(user).order_by("path"),
        empty_label="请选择",
        error_messages={"required": f"请选择“{label}”。", "invalid_choice": f"“{label}”不在您的数据范围内。"},
    )
    return field


# --- lawsuit registration ----------------------------------------------------------------------


class LawsuitForm(forms.Form):
    organisation = forms.Field()  # replaced in __init__ (depends on the user)
    court = _char("受理法院", help_text="如：示范区人民法院")
    case_number = _char("案号", max_length=60, help_text="如：（2026）云0121行初12号")
    instance = _choice("审级", Instance.choices, blank=False)
    act_type = _char("被诉行政行为类型", max_length=50, help_text="如：行政处罚、行政许可、政府信息公开")
    act_number = _char("被诉行为文书号", required=False)
    act_date = _date("被诉行为作出日期", required=False)
    act_description = _char("被诉行政行为", required=False, max_length=2000, textarea=True)
    reconsideration_case_number = _char(
        "关联复议案号",
        required=False,
        max_length=80,
        help_text="经行政复议的案件，填写您有权查看的复议案件的案号（《行政诉讼法》第二十六条第二款）",
    )
    complaint_received_on = _date(
        "收到起诉状副本日期",
        required=False,
        help_text="填写后开始计算15日答辩及举证期限（《行政诉讼法》第六十七条）",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["organisation"] = _organisation_field(user, "被告单位")
        if user.organisation_id and not self.is_bound:
            self.initial.setdefault("organisation", user.organisation_id)
        self.order_fields(["organisation"])
        self.reconsideration_case = None

    def clean_case_number(self) -> str:
        value = (
            self.cleaned_data["case_number"].strip().replace("(", "（").replace(")", "）").replace(" ", "")
        )
        if not CASE_NUMBER_RE.match(value):
            raise ValidationError(
                "案号格式应为“（年份）法院代字+类型代字+序号+号”，如（2026）云0121行初12号。"
            )
        return value

    def clean_court(self) -> str:
        return self.cleaned_data["court"].strip()

    def clean_reconsideration_case_number(self) -> str:
        value = self.cleaned_data["reconsideration_case_number"].strip()
        if not value:
            return ""
        cases = list(selectors.reconsideration_cases_numbered(self.user, value)[:2])
        if not cases:
            raise ValidationError(f"没有找到您有权查看的复议案件“{value}”，请核对案号。")
        if len(cases) > 1:
            raise ValidationError(f"有多件复议案件的案号为“{value}”，请联系管理员核对。")
        self.reconsideration_case = cases[0]
        return value

    def clean(self):
        data = super().clean()
        _not_future(self, "complaint_received_on", "收到起诉状副本日期")
        _not_future(self, "act_date", "被诉行为作出日期")
        act_date, received = data.get("act_date"), data.get("complaint_received_on")
        if act_date and received and act_date > received:
            self.add_error("act_date", "被诉行为作出日期不能晚于收到起诉状副本日期。")
        court, number = data.get("court"), data.get("case_number")
        if court and number and Lawsuit.objects.filter(court=court, case_number=number).exists():
            self.add_error("case_number", f"{court}的案件“{number}”已经登记，请勿重复登记。")
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {
            "organisation": data["organisation"],
            "court": data["court"],
            "case_number": data["case_number"],
            "instance": data["instance"],
            "act_type": data["act_type"].strip(),
            "act_number": data["act_number"].strip(),
            "act_date": data["act_date"],
            "act_description": data["act_description"].strip(),
            "complaint_received_on": data["complaint_received_on"],
        }
        if self.reconsideration_case is not None:
            fields["reconsidered_in"] = self.reconsideration_case  # linked through the kit
            fields["reconsideration_case_number"] = self.reconsideration_case.case_number
        return fields


class PlaintiffForm(forms.Form):
    kind = _choice("原告类型", PartyKind.choices, blank=False)
    name = _char("原告姓名或名称")
    id_number = _char(
        "证件号码", max_length=18, help_text="自然人填18位公民身份号码；法人或其他组织填统一社会信用代码"
    )
    phone = _char("联系电话", required=False, max_length=20)
    address = _char("住所地", required=False, max_length=200)

    def has_changed(self) -> bool:
        # The type drop-down always has a value; a row counts as filled only when something is typed.
        return any(
            self.data.get(self.add_prefix(n), "").strip() for n in ("name", "id_number", "phone", "address")
        )

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"].strip()
        if value and not re.fullmatch(r"[0-9\-]{7,20}", value):
            raise ValidationError("联系电话只能包含数字和“-”，7至20位。")
        return value

    def clean(self):
        data = super().clean()
        number = (data.get("id_number") or "").strip().upper()
        kind = data.get("kind")
        if number and kind:
            try:
                if kind == PartyKind.PERSON:
                    validate_id_number(number)
                else:
                    validate_uscc(number)
            except ValidationError as exc:
                self.add_error("id_number", exc.messages)
            else:
                data["id_number"] = number
        return data

    def party(self) -> dict:
        d = self.cleaned_data
        return {
            "kind": d["kind"],
            "name": d["name"],
            "id_number": d["id_number"],
            "phone": d["phone"],
            "address": d["address"].strip(),
        }


class BasePlaintiffFormSet(forms.BaseFormSet):
    default_error_messages = {
        "missing_management_form": "页面数据不完整，请刷新后重新填写。",
        "too_many_forms": "原告最多填写%(num)d名。",
        "too_few_forms": "请至少填写一名原告。",
    }

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            if not form.has_changed() or not form.cleaned_data:
                continue
            number = form.cleaned_data.get("id_number")
            if number and number in seen:
                form.add_error("id_number", "同一证件号码的原告重复填写。")
            seen.add(number)

    def parties(self) -> list[dict]:
        return [f.party() for f in self.forms if f.has_changed() and f.cleaned_data]


PLAINTIFF_ROWS = 2
PLAINTIFF_MAX = 50


def plaintiff_formset(data=None, *, rows: int = PLAINTIFF_ROWS):
    rows = max(1, min(rows, PLAINTIFF_MAX))
    cls = forms.formset_factory(
        PlaintiffForm,
        formset=BasePlaintiffFormSet,
        extra=rows - 1,
        min_num=1,
        validate_min=True,
        max_num=PLAINTIFF_MAX,
        validate_max=True,
    )
    return cls(data, prefix="plaintiffs")


# --- hearings and appearances ------------------------------------------------------------------


class HearingForm(forms.Form):
    hearing_on = _date("开庭日期")
    hearing_time = forms.TimeField(
        label="开庭时间",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages=_messages("开庭时间", kind="time"),
    )
    court_room = _char("法庭", required=False)
    remind_on = _date(
        "提醒日期", required=False, help_text="不填则为开庭前3日（出庭通知书应于开庭3日前送达）"
    )
    summoned_head = forms.BooleanField(label="法院通知负责人出庭", required=False)

    def __init__(self, *args, lawsuit: Lawsuit, **kwargs):
        super().__init__(*args, **kwargs)
        self.lawsuit = lawsuit

    def clean(self):
        data = super().clean()
        on, remind = data.get("hearing_on"), data.get("remind_on")
        received = self.lawsuit.complaint_received_on
        if on and received and on < received:
            self.add_error("hearing_on", "开庭日期不能早于收到起诉状副本日期。")
        if on and remind and remind > on:
            self.add_error("remind_on", "提醒日期不能晚于开庭日期。")
        return data


class AppearanceForm(forms.Form):
    person_name = _char("出庭人员", max_length=50)
    position = _char("职务", required=False, help_text="如：局长、分管副局长、法制科科长")
    capacity = _choice(
        "出庭身份",
        Capacity.choices,
        help_text="正职、副职及分管被诉行为的副职负责人计入负责人出庭；内设机构负责人、下级或受委托机关负责人、"
        "其他工作人员和律师不计入（最高人民法院《关于行政机关负责人出庭应诉若干问题的规定》第二条）",
    )
    spoke = forms.BooleanField(
        label="出庭又出声", required=False, help_text="负责人就实质性解决行政争议发表意见（同规定第十一条）"
    )

    def __init__(self, *args, hearing, **kwargs):
        super().__init__(*args, **kwargs)
        self.hearing = hearing

    def clean(self):
        data = super().clean()
        if self.hearing.hearing_on > timezone.localdate():
            raise ValidationError(
                f"开庭日期（{self.hearing.hearing_on:%Y-%m-%d}）尚未到，开庭后再登记出庭人员。"
            )
        capacity, position = data.get("capacity"), (data.get("position") or "").strip()
        data["position"] = position
        if capacity in HEAD_CAPACITIES:
            if not position:
                self.add_error("position", "以负责人身份出庭的，请填写其职务。")
            elif any(post in position for post in NOT_HEAD_POSTS):
                self.add_error(
                    "capacity",
                    f"“{position}”不属于行政机关负责人，请选择“其他工作人员”或“律师”"
                    "（最高人民法院《关于行政机关负责人出庭应诉若干问题的规定》第二条）。",
                )
        return data


# --- recommendations ---------------------------------------------------------------------------


class RecommendationForm(forms.Form):
    organisation = forms.Field()  # replaced in __init__
    kind = _choice("类型", RecommendationKind.choices)
    issuer = _char("发出机关", help_text="如：示范区人民法院、示范区人民检察院")
    document_number = _char("文书编号", required=False)
    received_on = _date("收到日期")
    content = _char("建议内容", max_length=4000, textarea=True)
    rectification_deadline = _date("整改回复期限")

    def __init__(self, *args, user, lawsuit: Lawsuit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lawsuit = lawsuit
        if lawsuit is not None:
            # Addressed to the defendant of the lawsuit.
            del self.fields["organisation"]
        else:
            self.fields["organisation"] = _organisation_field(user, "收件单位")
            if user.organisation_id and not self.is_bound:
                self.initial.setdefault("organisation", user.organisation_id)
            self.order_fields(["organisation"])

    def clean(self):
        data = super().clean()
        _not_future(self, "received_on", "收到日期")
        received, deadline = data.get("received_on"), data.get("rectification_deadline")
        if received and deadline and deadline < received:
            self.add_error("rectification_deadline", "整改回复期限不能早于收到日期。")
        return data

    def service_fields(self) -> dict:
        d = self.cleaned_data
        return {
            "organisation": self.lawsuit.organisation if self.lawsuit is not None else d["organisation"],
            "lawsuit": self.lawsuit,
            "kind": d["kind"],
            "issuer": d["issuer"].strip(),
            "document_number": d["document_number"].strip(),
            "received_on": d["received_on"],
            "content": d["content"].strip(),
            "rectification_deadline": d["rectification_deadline"],
        }


class ReplyForm(AttachmentForm):
    """The reply to a recommendation with its evidence (stored as an attachment of the record)."""

    reply = _char("整改回复", max_length=4000, textarea=True)
    replied_on = _date("回复日期")
    # The version the reply was read at (SECURITY.md 24): a submit made on an older one is refused.
    expected_version = forms.IntegerField(
        min_value=0,
        widget=forms.HiddenInput,
        error_messages={
            "required": "页面已过期，请刷新页面后重新填写。",
            "invalid": "页面已过期，请刷新页面后重新填写。",
            "min_value": "页面已过期，请刷新页面后重新填写。",
        },
    )

    field_order = ["reply", "replied_on", "kind", "file", "expected_version"]

    def __init__(self, *args, recommendation, **kwargs):
        super().__init__(*args, **kwargs)
        self.recommendation = recommendation
        self.fields["kind"].initial = "整改回复"
        self.fields["kind"].label = "证明材料类型"
        self.fields["file"].label = "整改证明材料"
        self.fields["file"].error_messages["required"] = "请上传整改回复的证明材料。"

    def clean(self):
        data = super().clean()
        _not_future(self, "replied_on", "回复日期")
        on = data.get("replied_on")
        if on and on < self.recommendation.received_on:
            self.add_error("replied_on", "回复日期不能早于收到建议的日期。")
        if "reply" in data:
            data["reply"] = data["reply"].strip()
        return data
