"""Staff forms of 行政复议: registering an application received in person, by post or orally.

Validation messages are Chinese; the identifiers follow the national standards (公民身份号码
GB 11643-1999, 统一社会信用代码 GB 32100-2015, ``fazhi.core.validators``).
"""

from __future__ import annotations

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from fazhi.core.validators import validate_id_number, validate_uscc
from fazhi.reconsideration.models import (
    LAW_2023_EFFECTIVE,
    ActType,
    Channel,
    PartyKind,
    PartyRole,
    validate_phone,
)

_REQUIRED = {"required": "请填写此项。"}
_DATE = {"required": "请填写此项。", "invalid": "请填写有效日期，如 2026-01-31。"}


def _text(
    label: str, max_length: int, *, required: bool = True, textarea: bool = False, **kw
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.Textarea(attrs={"rows": 3}) if textarea else None,
        error_messages={**_REQUIRED, "max_length": f"不能超过{max_length}个字。"},
        **kw,
    )


class CaseRegisterForm(forms.Form):
    """登记收件: the application and its applicant (2023 《行政复议法》第二十二条)."""

    # 申请人
    applicant_kind = forms.ChoiceField(
        label="申请人类型", choices=PartyKind.choices, initial=PartyKind.PERSON, error_messages=_REQUIRED
    )
    applicant_name = _text("申请人姓名或名称", 200)
    applicant_id = forms.CharField(
        label="证件号码",
        max_length=30,
        required=False,
        help_text="自然人填写18位公民身份号码；法人或者其他组织填写18位统一社会信用代码。",
    )
    applicant_phone = forms.CharField(
        label="联系电话", max_length=30, required=False, help_text="手机号码或带区号的固定电话。"
    )
    applicant_address = _text("住所或联系地址", 300, required=False)
    # 被申请人与行政行为
    respondent_name = _text("被申请人", 200)
    act_type = forms.ChoiceField(label="被申请行为类型", choices=ActType.choices, error_messages=_REQUIRED)
    act_document_number = _text("行为文书文号", 100, required=False)
    act_date = forms.DateField(
        label="行为作出日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=_DATE,
    )
    act_description = _text("被申请行为", 2000, textarea=True)
    requests = _text("行政复议请求", 4000, textarea=True)
    # 收件
    channel = forms.ChoiceField(
        label="申请方式",
        # Online applications arrive through the portal; staff register the other channels.
        choices=[c for c in Channel.choices if c[0] != Channel.ONLINE],
        initial=Channel.IN_PERSON,
        error_messages=_REQUIRED,
    )
    received_on = forms.DateField(
        label="收到申请日期", widget=forms.DateInput(attrs={"type": "date"}), error_messages=_DATE
    )
    simple_procedure = forms.BooleanField(
        label="适用简易程序",
        required=False,
        help_text="2023年《行政复议法》第五十三条；2024年1月1日前收到的申请没有简易程序。",
    )

    def clean_applicant_id(self) -> str:
        return "".join(unicodedata.normalize("NFKC", self.cleaned_data["applicant_id"]).split()).upper()

    def clean_applicant_phone(self) -> str:
        phone = "".join(unicodedata.normalize("NFKC", self.cleaned_data["applicant_phone"]).split())
        if phone:
            validate_phone(phone)
        return phone

    def clean_received_on(self):
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise ValidationError("收到申请日期不能晚于今天。")
        return day

    def clean(self):
        data = super().clean()
        kind, ident = data.get("applicant_kind"), data.get("applicant_id")
        if ident:
            try:
                (validate_id_number if kind == PartyKind.PERSON else validate_uscc)(ident)
            except ValidationError as exc:
                self.add_error("applicant_id", exc.messages)
        received, act_date = data.get("received_on"), data.get("act_date")
        if received and act_date and act_date > received:
            self.add_error("act_date", "被申请行为的作出日期不能晚于收到申请日期。")
        if data.get("simple_procedure") and received and received < LAW_2023_EFFECTIVE:
            self.add_error(
                "simple_procedure", "2024年1月1日前收到的申请适用2017年《行政复议法》，没有简易程序。"
            )
        return data

    def party(self) -> dict:
        """The applicant as the service takes it."""
        data = self.cleaned_data
        person = data["applicant_kind"] == PartyKind.PERSON
        return {
            "role": PartyRole.APPLICANT,
            "kind": data["applicant_kind"],
            "name": data["applicant_name"],
            "id_number": data["applicant_id"] if person else "",
            "uscc": "" if person else data["applicant_id"],
            "phone": data["applicant_phone"],
            "address": data["applicant_address"],
        }

    def case_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "received_on": data["received_on"],
            "channel": data["channel"],
            "respondent_name": data["respondent_name"],
            "act_type": data["act_type"],
            "act_document_number": data["act_document_number"],
            "act_date": data["act_date"],
            "act_description": data["act_description"],
            "requests": data["requests"],
            "simple_procedure": data["simple_procedure"],
        }
