"""Staff pages of 行政执法's published lists — 权责清单, 裁量基准, 免罚清单 — declared and served by the
generic pages of fazhi.web. A published 权责清单 item changes only by a dynamic adjustment: its edit
page asks for the reason and the 合法性审查 (date and opinion), refuses the change without them, and
writes the adjustment row with the changed fields, before and after, in the same transaction; the
item's detail page lists its adjustments."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from fazhi.enforcement.models_lists import (
    AdjustmentKind,
    DiscretionStandard,
    ExemptionListItem,
    ListStatus,
    PowerItem,
    PowerItemAdjustment,
)
from fazhi.enforcement.views import KEEPERS
from fazhi.web.formspec import ANY_STATE, FormSection, FormSpec, date_input
from fazhi.web.registry import ChoiceFilter, Column, DetailPanel, ListSpec, OrgFilter, register

REVIEW_REQUIRED = "清单公布后的调整须先经合法性审查，请填写“{label}”。"
FIELDS = (
    "power_type",
    "code",
    "name",
    "legal_basis",
    "level",
    "duties",
    "validity",
    "published_on",
    "cancelled_on",
)


def _text_input(label: str, max_length: int, *, rows: int | None = None):
    def make():
        widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput
        return forms.CharField(
            label=label,
            required=False,
            max_length=max_length,
            widget=widget,
            error_messages={"max_length": f"“{label}”不能超过{max_length}个字。"},
        )

    return make


ADJUSTMENT_INPUTS = {
    "adjustment_reason": _text_input("调整事由", 500, rows=2),
    "reviewed_on": date_input("合法性审查日期", help="清单调整前合法性审查的日期。"),
    "review_opinion": _text_input("合法性审查意见", 500, rows=2),
}


def _published_before(form) -> bool:
    record = form.record
    return record is not None and record.published_on is not None


def _is_addition(form, data: dict) -> bool:
    """A new item published after its unit's list was first published: a 新增 adjustment (items
    published on the list's own day are the list itself)."""
    organisation, published_on = data.get("organisation"), data.get("published_on")
    if form.record is not None or organisation is None or published_on is None:
        return False
    return PowerItem.objects.filter(organisation=organisation, published_on__lt=published_on).exists()


def _require_review(form, data: dict) -> None:
    for name in ADJUSTMENT_INPUTS:
        if not data.get(name):
            form.add_error(name, REVIEW_REQUIRED.format(label=form.fields[name].label))
    reviewed = data.get("reviewed_on")
    if reviewed and reviewed > timezone.localdate():
        form.add_error("reviewed_on", "合法性审查日期不能晚于今天。")


def check_adjustment(form, data: dict) -> None:
    """A change of a published item, or an item added to a published list, is an adjustment: reason
    and 合法性审查 required; a cancelled item is not changed again."""
    if _is_addition(form, data):
        _require_review(form, data)
        return
    if not _published_before(form):
        return
    if form.record.validity == ListStatus.CANCELLED:
        form.add_error(None, "已取消的事项不能再调整；需要恢复的，请以“新增”登记。")
        return
    if not form.has_changed() or set(form.changed_data) <= set(ADJUSTMENT_INPUTS):
        form.add_error(None, "没有修改任何清单内容。")
        return
    _require_review(form, data)


def _shown(form, name: str, value) -> str:
    if value in (None, ""):
        return ""
    field = PowerItem._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def _adjustment(record: PowerItem, form, actor, kind: str, changes: list) -> None:
    data = form.cleaned_data
    PowerItemAdjustment.objects.create(
        item=record,
        kind=kind,
        reason=data["adjustment_reason"],
        reviewed_on=data["reviewed_on"],
        review_opinion=data["review_opinion"],
        changes=changes,
        by=actor,
    )


def write_adjustment(record: PowerItem, form, actor) -> None:
    """``on_update``: the adjustment row of a published item's change, same transaction."""
    if not _published_before(form):
        return
    changed = [n for n in form.changed_data if n in FIELDS]
    changes = [
        {
            "field": name,
            "label": str(PowerItem._meta.get_field(name).verbose_name),
            "before": _shown(form, name, form.initial.get(name)),
            "after": _shown(form, name, getattr(record, name)),
        }
        for name in changed
    ]
    kind = AdjustmentKind.CANCELLED if record.validity == ListStatus.CANCELLED else AdjustmentKind.CHANGED
    _adjustment(record, form, actor, kind, changes)


def write_addition(record: PowerItem, form, actor) -> None:
    """``on_create``: the 新增 adjustment of an item added to a published list, same transaction."""
    if not _is_addition(form, {**form.cleaned_data, "organisation": record.organisation}):
        return
    _adjustment(record, form, actor, AdjustmentKind.ADDED, [])


def adjustments_panel(request, record) -> DetailPanel | None:
    if record.published_on is None:
        return None
    rows = list(record.adjustments.select_related("by"))
    return DetailPanel(
        title="动态调整记录",
        template="enforcement/_adjustments.html",
        key="adjustments",
        context={"rows": rows},
    )


POWERS = register(
    ListSpec(
        model=PowerItem,
        slug="enforcement-powers",
        title="权责清单",
        columns=(
            "name",
            "power_type",
            "code",
            Column("organisation__name", "实施主体"),
            "level",
            "validity",
            "published_on",
        ),
        filters=(
            ChoiceFilter("power_type"),
            ChoiceFilter("validity"),
            ChoiceFilter("level"),
            OrgFilter("organisation", "实施主体"),
        ),
        search_fields=("name", "code", "legal_basis"),
        ordering=("region_code", "organisation_id", "power_type", "name"),
        select_related=("organisation",),
        attachments=False,
        nav_order=320,
        nav_group="行政执法",
        detail_panels=(adjustments_panel,),
        form=FormSpec(
            fields=(
                FormSection("事项", ("power_type", "code", "name", "level", "legal_basis", "duties")),
                FormSection("公布和状态", ("published_on", "validity", "cancelled_on")),
            ),
            extra=ADJUSTMENT_INPUTS,  # 新增 to a published list
            edit_extra=ADJUSTMENT_INPUTS,
            extra_title="动态调整（已公布的清单新增、修改或者取消事项时填写）",
            clean=check_adjustment,
            on_create=write_addition,
            on_update=write_adjustment,
            create_roles=KEEPERS,
            editable=dict.fromkeys(KEEPERS, ANY_STATE),
            organisation_label="实施主体",
            create_label="登记权责事项",
            help={
                "duties": "受理、审查、决定、送达、事后监管等环节的责任。",
                "published_on": "清单公布后新增的事项，须填写调整事由和合法性审查，记为“新增”调整。",
            },
            success=lambda item: f"已登记权责清单事项“{item.name}”。",
        ),
    )
)

STANDARDS = register(
    ListSpec(
        model=DiscretionStandard,
        slug="enforcement-discretion",
        title="行政处罚裁量基准",
        columns=(
            "violation",
            "circumstance",
            "penalty_kind",
            Column("amount_range", "罚款幅度", value=lambda s: s.amount_range),
            Column("organisation__name", "制定单位"),
            "effective_on",
            "expires_on",
        ),
        filters=(
            ChoiceFilter("circumstance"),
            ChoiceFilter("penalty_kind"),
            OrgFilter("organisation", "制定单位"),
        ),
        search_fields=("violation", "violated_provision", "penalty_provision"),
        ordering=("region_code", "organisation_id", "violation", "circumstance"),
        select_related=("organisation",),
        attachments=False,
        nav_order=330,
        nav_group="行政执法",
        form=FormSpec(
            fields=(
                FormSection("违法行为", ("violation", "violated_provision", "penalty_provision")),
                FormSection(
                    "裁量",
                    (
                        "circumstance",
                        "circumstance_detail",
                        "penalty_kind",
                        "min_amount",
                        "max_amount",
                        "measure",
                    ),
                ),
                FormSection("施行", ("effective_on", "expires_on")),
            ),
            create_roles=KEEPERS,
            editable=dict.fromkeys(KEEPERS, ANY_STATE),
            organisation_label="制定单位",
            create_label="登记裁量基准",
            success=lambda s: f"已登记裁量基准“{s}”。",
        ),
    )
)

EXEMPTIONS = register(
    ListSpec(
        model=ExemptionListItem,
        slug="enforcement-exemptions",
        title="免罚清单",
        columns=(
            "violation",
            "kind",
            Column("organisation__name", "制定单位"),
            "effective_on",
            "expires_on",
        ),
        filters=(ChoiceFilter("kind"), OrgFilter("organisation", "制定单位")),
        search_fields=("violation", "legal_basis", "conditions"),
        ordering=("region_code", "organisation_id", "kind", "violation"),
        select_related=("organisation",),
        attachments=False,
        nav_order=340,
        nav_group="行政执法",
        form=FormSpec(
            fields=(
                FormSection("事项", ("kind", "violation", "legal_basis", "conditions")),
                FormSection("施行", ("effective_on", "expires_on")),
            ),
            create_roles=KEEPERS,
            editable=dict.fromkeys(KEEPERS, ANY_STATE),
            organisation_label="制定单位",
            create_label="登记免罚清单事项",
            success=lambda s: f"已登记免罚清单事项“{s.violation}”。",
        ),
    )
)
