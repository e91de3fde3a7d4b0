"""The public 行政复议 pages of the portal (no login):

- 网上申请 (《行政复议法》第二十二条: 通过互联网渠道书面申请): a validated form; the case is
  registered with ``actor=None`` in 已收件 for an officer to take up, and the 查询码 is shown once.
- 进度查询: the 查询码 plus, as a second factor, the applicant's name exactly as filed (every applicant
  has a name; organisations have no ID number, so "last four digits" would not work for them). A wrong
  pair gets one generic message that does not say which half was wrong. Looked up by POST so the code
  never lands in URLs or access logs. Failed look-ups are throttled (SECURITY.md 3 applied to the
  portal, :mod:`fazhi.core.security.throttle`): after 10 failures from one address, or 5 for one
  查询码, within 15 minutes every further look-up is refused before the answer is checked — even a
  correct pair — with a message that says nothing about the case. The first refusal of an address in
  a window writes one ``portal.lookup.throttled`` audit row (the 查询码 only as its keyed digest).
- 复议决定书公开: list and detail of what :mod:`fazhi.reconsideration.publication` published (masked;
  never a case record itself), plus withdrawal notices.
"""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core.audit.middleware import client_ip
from fazhi.core.calendar import services as calendar
from fazhi.core.kit.functions import OrgFunction, organisations_with
from fazhi.core.models import Organisation
from fazhi.core.publication.models import Publication, PublicationStatus
from fazhi.core.security import param, throttle
from fazhi.core.validators import validate_id_number, validate_uscc
from fazhi.core.validators.text import PlainTextField
from fazhi.reconsideration import publication, services
from fazhi.reconsideration.models import (
    QUERY_ALPHABET,
    QUERY_CODE_LENGTH,
    ActType,
    Channel,
    DecisionType,
    PartyKind,
    PartyRole,
    ReconsiderationCase,
    validate_phone,
)

PAGE_SIZE = 20
NOT_FOUND = "未找到与该查询码和申请人姓名（名称）相符的申请。请核对查询码和申请人姓名（名称）后重新输入。"
THROTTLED = (
    "查询失败次数过多，为保护申请人信息，暂停查询。请{minutes}分钟后再试，或携带身份证明到行政复议机构查询。"
)


APPLY_THROTTLED = (
    "提交过于频繁：同一网络地址或同一申请人在{minutes}分钟内提交的申请已达上限，本次申请未提交。"
    "请稍后再试，或到行政复议机构当面提交。"
)


def apply_limit() -> throttle.Limit:
    """Online applications per address and per applicant identifier (issue 10 item 8)."""
    return throttle.Limit(
        scope="reconsideration.apply",
        ip_max=param("FAZHI_PORTAL_APPLY_IP_MAX"),
        key_max=param("FAZHI_PORTAL_APPLY_KEY_MAX"),
        window_minutes=param("FAZHI_PORTAL_APPLY_WINDOW_MINUTES"),
    )


def lookup_limit() -> throttle.Limit:
    return throttle.Limit(
        scope="reconsideration.query",
        ip_max=param("FAZHI_PORTAL_LOOKUP_IP_MAX_FAILURES"),
        key_max=param("FAZHI_PORTAL_LOOKUP_KEY_MAX_FAILURES"),
        window_minutes=param("FAZHI_PORTAL_LOOKUP_WINDOW_MINUTES"),
    )


# What each state means for the applicant (shown on the progress page).
STATUS_HELP = {
    "received": "申请已提交，等待行政复议机构登记审查。",
    "review": "行政复议机构正在审查申请是否符合受理条件（5个工作日内，《行政复议法》第三十条）。",
    "completing": "申请材料需要补正，请按补正通知书载明的事项和期限补正；无正当理由逾期不补正的，视为放弃行政复议申请（《行政复议法》第三十一条）。",
    "accepted": "申请已受理，正在审理中。",
    "answering": "申请已受理，正在等待被申请人答复。",
    "reviewing": "申请已受理，正在审理中。",
    "hearing": "申请已受理，正在依法组织听证（《行政复议法》第五十条）。",
    "suspended": "行政复议依法中止，中止原因消除后恢复审理（《行政复议法》第三十九条）。",
    "suspended_accepted": "行政复议依法中止，中止原因消除后恢复审理（《行政复议法》第三十九条）。",
    "suspended_answering": "行政复议依法中止，中止原因消除后恢复审理（《行政复议法》第三十九条）。",
    "decided": "已作出行政复议决定，将依法送达。",
    "terminated": "行政复议已终止（《行政复议法》第四十一条）。",
    "served": "行政复议决定书已送达，自送达之日起发生法律效力（《行政复议法》第七十五条）。",
    "rejected": "申请不符合受理条件，已决定不予受理。",
    "abandoned": "逾期未补正，视为放弃行政复议申请。",
    "archived": "案件已办结归档。",
}


def receiving_organisations():
    """行政复议机构 that take online applications: the 司法行政部门 acting for its government
    (《行政复议法》第二十四条、第四条), marked by their function, not guessed from their name."""
    return organisations_with(OrgFunction.RECONSIDERATION_BODY).order_by("region_id", "name")


def _req(label: str) -> dict:
    return {"required": f"请填写“{label}”。", "max_length": f"“{label}”不能超过%(limit_value)d个字。"}


def _text(label, max_length, required=True, rows=None, **kw):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return PlainTextField(  # no control, direction-changing or invisible characters (core validator)
        label=label,
        max_length=max_length,
        required=required,
        widget=widget,
        error_messages=_req(label),
        multiline=bool(rows),
        **kw,
    )


class ApplicationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="行政复议机构",
        queryset=Organisation.objects.none(),
        empty_label="请选择",
        error_messages={
            "required": "请选择“行政复议机构”。",
            "invalid_choice": "请选择列表中的行政复议机构。",
        },
    )
    applicant_kind = forms.ChoiceField(
        label="申请人类型",
        choices=PartyKind.choices,
        initial=PartyKind.PERSON,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择“申请人类型”。", "invalid_choice": "请选择申请人类型。"},
    )
    applicant_name = _text("申请人姓名或名称", 100)
    id_number = _text("公民身份号码", 18, required=False, help_text="申请人为自然人时填写，18位。")
    uscc = _text("统一社会信用代码", 18, required=False, help_text="申请人为法人或者其他组织时填写，18位。")
    phone = _text("联系电话", 30, help_text="11位手机号码或带区号的固定电话。")
    address = _text("住所或联系地址", 300)
    respondent_name = _text("被申请人", 200, help_text="作出行政行为的行政机关名称。")
    act_type = forms.ChoiceField(
        label="被申请行为类型",
        choices=[("", "请选择"), *ActType.choices],
        error_messages={"required": "请选择“被申请行为类型”。", "invalid_choice": "请选择列表中的行为类型。"},
    )
    act_document_number = _text(
        "行为文书文号", 100, required=False, help_text="如决定书的文号；没有的可不填。"
    )
    act_date = forms.DateField(
        label="行为作出日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "“行为作出日期”不是有效日期（格式：2026-01-31）。"},
    )
    act_description = _text("被申请的行政行为", 2000, rows=3, help_text="简要写明行政行为的内容。")
    requests = _text("行政复议请求", 1500, rows=3)
    facts = _text("事实和理由", 2000, rows=5)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = receiving_organisations()
        for name in ("id_number", "uscc"):
            self.fields[name].widget.attrs.update({"autocomplete": "off", "maxlength": 18})
        self.fields["phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "tel"})

    def _strip(self, name: str) -> str:
        return unicodedata.normalize("NFKC", self.cleaned_data.get(name) or "").strip()

    def clean_applicant_name(self):
        return " ".join(self._strip("applicant_name").split())

    def clean_id_number(self):
        value = self._strip("id_number").upper()
        if value:
            validate_id_number(value)
        return value

    def clean_uscc(self):
        value = self._strip("uscc").upper()
        if value:
            validate_uscc(value)
        return value

    def clean_phone(self):
        value = re.sub(r"\s", "", self._strip("phone"))
        validate_phone(value)
        return value

    def clean_act_date(self):
        value = self.cleaned_data.get("act_date")
        if value and value > timezone.localdate():
            raise ValidationError("“行为作出日期”不能晚于今天。")
        return value

    def clean(self):
        data = super().clean()
        kind = data.get("applicant_kind")
        if kind == PartyKind.PERSON:
            if not data.get("id_number") and "id_number" not in self.errors:
                self.add_error("id_number", "申请人为自然人的，请填写“公民身份号码”。")
            if data.get("uscc"):
                self.add_error("uscc", "自然人没有统一社会信用代码，请清空此项。")
        elif kind == PartyKind.ORGANISATION:
            if not data.get("uscc") and "uscc" not in self.errors:
                self.add_error("uscc", "申请人为法人或者其他组织的，请填写“统一社会信用代码”。")
            if data.get("id_number"):
                self.add_error("id_number", "法人或者其他组织请填写统一社会信用代码，不填公民身份号码。")
        return data

    def register(self) -> ReconsiderationCase:
        d = self.cleaned_data
        person = d["applicant_kind"] == PartyKind.PERSON
        party = {
            "role": PartyRole.APPLICANT,
            "kind": d["applicant_kind"],
            "name": d["applicant_name"],
            "id_number": d["id_number"] if person else "",
            "uscc": "" if person else d["uscc"],
            "phone": d["phone"],
            "address": d["address"],
        }
        return services.reconsideration_case_register(
            actor=None,  # an online application: the case waits in 已收件 for an officer
            organisation=d["organisation"],
            received_on=timezone.localdate(),
            channel=Channel.ONLINE,
            respondent_name=d["respondent_name"],
            act_type=d["act_type"],
            act_document_number=d["act_document_number"],
            act_date=d["act_date"],
            act_description=d["act_description"],
            requests=f"{d['requests']}\n事实和理由：{d['facts']}",
            parties=[party],
        )


class QueryForm(forms.Form):
    query_code = forms.CharField(
        label="查询码",
        max_length=40,
        error_messages={"required": "请填写“查询码”。", "max_length": NOT_FOUND},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    applicant_name = PlainTextField(
        label="申请人姓名或名称",
        max_length=100,
        error_messages={"required": "请填写“申请人姓名或名称”。", "max_length": NOT_FOUND},
        help_text="与提交申请时填写的一致。",
    )

    def clean_query_code(self):
        raw = unicodedata.normalize("NFKC", self.cleaned_data["query_code"]).upper()
        return re.sub(r"[\s\-]", "", raw)

    def clean_applicant_name(self):
        return " ".join(unicodedata.normalize("NFKC", self.cleaned_data["applicant_name"]).split())

    def find(self) -> ReconsiderationCase | None:
        code = self.cleaned_data["query_code"]
        name = self.cleaned_data["applicant_name"]
        if len(code) != QUERY_CODE_LENGTH or any(c not in QUERY_ALPHABET for c in code):
            return None
        case = ReconsiderationCase.objects.select_related("organisation").filter(query_code=code).first()
        if case is None:
            return None
        names = {p.name.strip() for p in case.parties.all() if p.role == PartyRole.APPLICANT}
        return case if name in names else None


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


# --- views ----------------------------------------------------------------------------------------


@require_GET
def index(request):
    latest = publication.public_decisions()[:5]
    return render(request, "reconsideration/portal/index.html", {"latest": latest})


@never_cache
@require_http_methods(["GET", "POST"])
def apply(request):
    if request.method == "POST":
        form = ApplicationForm(request.POST)
        if form.is_valid():
            limit, ip = apply_limit(), client_ip(request)
            key = form.cleaned_data.get("id_number") or form.cleaned_data.get("uscc") or ""
            why = throttle.admit(limit, ip, key)  # checked and counted at once (parallel spam)
            if why:
                throttle.note_refused(limit, ip, key, why)
                form.add_error(None, APPLY_THROTTLED.format(minutes=limit.window_minutes))
                return render(request, "reconsideration/portal/apply.html", {"form": form}, status=429)
            try:
                case = form.register()
            except ValidationError as exc:
                form.add_error(None, "；".join(exc.messages))
            else:
                # Shown once, on this response only: no redirect carrying the code, nothing cached.
                return _no_store(
                    render(
                        request,
                        "reconsideration/portal/applied.html",
                        {"case": case, "organisation": case.organisation},
                    )
                )
        status = 400
    else:
        form = ApplicationForm()
        status = 200
    return render(request, "reconsideration/portal/apply.html", {"form": form}, status=status)


def _progress(case: ReconsiderationCase) -> dict:
    applicants = [p for p in case.parties.all() if p.role == PartyRole.APPLICANT]
    clocks = {c.code: c for c in calendar.clocks_for(case).order_by("id")}
    deadline = None
    for code in ("decision", "completion", "acceptance_review"):
        clock = clocks.get(code)
        if clock is not None and clock.state != "stopped":
            deadline = clock
            break
    pub = Publication.objects.filter(
        subject_type__app_label="reconsideration",
        subject_type__model="reconsiderationcase",
        subject_id=case.pk,
        status=PublicationStatus.PUBLISHED,
    ).first()
    return {
        "case_number": case.case_number,
        "organisation": case.organisation.name,
        "applicant": "、".join(publication.public_party_name(p) for p in applicants),
        "respondent": case.respondent_name,
        "status": case.state.label,
        "status_colour": case.state.colour,
        "status_help": STATUS_HELP.get(case.status, ""),
        "received_on": case.received_on,
        "accepted_on": case.accepted_on,
        "deadline": deadline,
        "decided_on": case.decided_on,
        "decision": DecisionType(case.decision_type).label if case.decision_type else "",
        "served_on": case.served_on,
        "publication": pub,
    }


@never_cache
@require_http_methods(["GET", "POST"])
def query(request):
    progress, error, status = None, "", 200
    if request.method == "POST":
        form = QueryForm(request.POST)
        limit, ip = lookup_limit(), client_ip(request)
        code = form.cleaned_data["query_code"] if form.is_valid() else ""
        why = throttle.refusal(limit, ip, code)
        if why:
            # Checked before the answer: a guesser learns nothing, not even from a correct pair.
            # Audited at most once per address per window (the code only as a keyed digest).
            throttle.note_refused(limit, ip, code, why)
            error, status = THROTTLED.format(minutes=limit.window_minutes), 429
        elif form.is_valid():
            case = form.find()
            if case is None:
                error = NOT_FOUND
                throttle.failed(limit, ip, code)
            else:
                progress = _progress(case)
        elif any(NOT_FOUND in e for errs in form.errors.values() for e in errs):
            error = NOT_FOUND
            throttle.failed(limit, ip, "")
        else:
            error = "".join(e for errs in form.errors.values() for e in errs)
    # Never echo the code or the name back into the page (shared computers, screenshots).
    form = QueryForm()
    response = render(
        request,
        "reconsideration/portal/query.html",
        {"form": form, "progress": progress, "error": error},
        status=status,
    )
    return _no_store(response)


@require_GET
def decisions(request):
    q = " ".join((request.GET.get("q") or "").split())[:50]
    qs = publication.public_decisions()
    if q:
        qs = qs.filter(search_text__icontains=q)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    withdrawn = publication.public_withdrawals()[:20]
    return render(
        request, "reconsideration/portal/decisions.html", {"page": page, "q": q, "withdrawn": withdrawn}
    )


@require_GET
def decision(request, pk: int):
    pub = (
        Publication.objects.of_kind(publication.KIND)
        .filter(pk=pk, published_at__isnull=False)
        .exclude(status=PublicationStatus.PENDING_REVIEW)
        .first()
    )
    if pub is None:
        raise Http404("未找到该决定书。")
    return render(request, "reconsideration/portal/decision.html", {"pub": pub})
