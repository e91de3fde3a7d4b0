"""The rules of the 行政应诉 forms that carry domain meaning; the forms themselves are declared in
:mod:`fazhi.litigation.views` (``FormSpec``) and built by the staff shell. Every message is Chinese."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils import timezone

from fazhi.core.kit import links
from fazhi.core.kit.models import LinkKind
from fazhi.core.workflow import engine
from fazhi.litigation.models import Lawsuit

# 经复议的案件 (《行政诉讼法》第二十六条第二款): the 复议 case, typed by its 案号, linked 复议 —起诉→ lawsuit
# through the kit (litigation does not import the reconsideration app).
RECONSIDERED = links.NumberedLink(
    "reconsideration_case_number", "reconsideration", LinkKind.LITIGATED, "复议案件"
)
# 案号: （年份）+ 法院代字 + 类型代字 + 序号 + 号, e.g. （2026）云0121行初12号 (《关于人民法院案件案号的若干规定》).
CASE_NUMBER_RE = re.compile(r"^（\d{4}）\S+号$")


def case_number(value: str) -> str:
    value = value.strip().replace("(", "（").replace(")", "）").replace(" ", "")
    if not CASE_NUMBER_RE.match(value):
        raise ValidationError("案号格式应为“（年份）法院代字+类型代字+序号+号”，如（2026）云0121行初12号。")
    return value


def phone(value: str) -> str:
    value = value.strip()
    if not re.fullmatch(r"[0-9\-]{7,20}", value):
        raise ValidationError("联系电话只能包含数字和“-”，7至20位。")
    return value


def lawsuit_clean(form, data: dict) -> None:
    """登记/编辑应诉案件: dates in order, no duplicate 案号 at one court, and a linked 复议案件 the user
    may see (经复议的案件, 《行政诉讼法》第二十六条第二款)."""
    act_date, received = data.get("act_date"), data.get("complaint_received_on")
    if received and received > timezone.localdate():  # not a model field, so not in FormSpec.not_future
        form.add_error("complaint_received_on", "收到起诉状副本日期不能晚于今天。")
    if act_date and received and act_date > received:
        form.add_error("act_date", "被诉行为作出日期不能晚于收到起诉状副本日期。")
    court, number = data.get("court"), data.get("case_number")
    if court and number:
        same = Lawsuit.objects.filter(court=court, case_number=number)
        if form.record is not None:
            same = same.exclude(pk=form.record.pk)
        if same.exists():
            form.add_error("case_number", f"{court}的案件“{number}”已经登记，请勿重复登记。")
    RECONSIDERED.clean(form, data)


def lawsuit_received(lawsuit: Lawsuit, form, actor) -> None:
    """A complaint copy already received: take 收到起诉状, which starts the 15 日 answer clock
    (《行政诉讼法》第六十七条)."""
    RECONSIDERED.saved(lawsuit, form, actor)
    received = form.cleaned_data.get("complaint_received_on")
    if received is not None:
        engine.perform(lawsuit, "receive", actor=actor, data={"received_on": received})


def recommendation_clean(form, data: dict) -> None:
    lawsuit = data.get("lawsuit")
    if (
        lawsuit is not None
        and "organisation" in form.fields
        and data.get("organisation") != lawsuit.organisation
    ):
        form.add_error("organisation", f"关联案件的被告是{lawsuit.organisation.name}，收件单位应与之一致。")


def recommendation_received(rec, form, actor) -> None:
    """收到建议 on the day it arrived: starts the reply clock (workflow.REPLY)."""
    engine.perform(rec, "receive", actor=actor, data={"received_on": rec.received_on})
