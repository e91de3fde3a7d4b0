"""The calendar in the admin: holidays, make-up workdays and confirmed years are editable data.

Saving or deleting a day or a year recomputes every open clock after commit (signals.py). Clocks
and their ledgers are read-only here: a due date is only ever recomputed from the ledger, and
ledger lines are added by the procedures that suspend, resume, restart, extend or stop them.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core.audit.admin import AuditedAdmin
from fazhi.core.calendar import services
from fazhi.core.calendar.models import CalendarDay, CalendarYear, Clock, ClockEntry


@admin.register(CalendarYear)
class CalendarYearAdmin(AuditedAdmin):
    audit_prefix = "calendar.year"
    list_display = ("year", "confirmed", "source", "holiday_count", "workday_count")
    list_display_links = ("year",)
    list_editable = ("confirmed",)
    list_filter = ("confirmed",)
    actions = ["confirm_selected"]

    def get_readonly_fields(self, request, obj=None):
        return ("year",) if obj else ()

    @admin.display(description="节假日天数")
    def holiday_count(self, obj):
        return CalendarDay.objects.filter(date__year=obj.year, kind="holiday").count()

    @admin.display(description="调休上班天数")
    def workday_count(self, obj):
        return CalendarDay.objects.filter(date__year=obj.year, kind="workday").count()

    @admin.action(description="确认所选年度", permissions=["change"])
    def confirm_selected(self, request, queryset):
        years = sorted(queryset.values_list("year", flat=True))
        try:
            with transaction.atomic():
                for year in years:
                    services.confirm_year(year, actor=request.user)
        except ValidationError as exc:
            self.message_user(request, "；".join(exc.messages) + "（所选年度均未确认）", messages.ERROR)
            return
        self.message_user(
            request,
            f"已确认{'、'.join(f'{y}年' for y in years)}节假日安排，未结束的期限将重新计算。",
            messages.SUCCESS,
        )


class YearFilter(admin.SimpleListFilter):
    title = "年度"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = {d.year for d in CalendarDay.objects.dates("date", "year")}
        years |= set(CalendarYear.objects.values_list("year", flat=True))
        return [(str(y), f"{y}年") for y in sorted(years, reverse=True)]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(date__year=int(self.value()))
        return queryset


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedAdmin):
    audit_prefix = "calendar.day"
    list_display = ("date", "weekday", "kind", "name")
    list_filter = (YearFilter, "kind")
    search_fields = ("name",)
    ordering = ("-date",)
    list_per_page = 100

    @admin.display(description="星期")
    def weekday(self, obj):
        return f"周{'一二三四五六日'[obj.date.weekday()]}"

    def get_readonly_fields(self, request, obj=None):
        # The date is the primary key: changing it in the form would copy the row, not move it.
        return ("date",) if obj else ()


class _ReadOnlyAdmin(admin.ModelAdmin):
    actions = None

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ClockEntryInline(admin.TabularInline):
    model = ClockEntry
    extra = 0
    can_delete = False
    fields = ("kind", "date", "days", "reason", "approver", "actor", "created_at")
    readonly_fields = fields
    ordering = ("id",)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Clock)
class ClockAdmin(_ReadOnlyAdmin):
    list_display = (
        "label",
        "code",
        "organisation",
        "start_date",
        "length",
        "unit",
        "state",
        "due_date",
        "provisional",
        "met",
    )
    list_filter = ("state", "unit", "provisional", "met")
    search_fields = ("label", "code", "article", "region_code")
    date_hierarchy = "due_date"
    inlines = [ClockEntryInline]
    readonly_fields = [f.name for f in Clock._meta.fields if f.name != "id"]
    list_select_related = ("organisation",)


@admin.register(ClockEntry)
class ClockEntryAdmin(_ReadOnlyAdmin):
    list_display = ("clock", "kind", "date", "days", "reason", "approver", "actor", "created_at")
    list_filter = ("kind",)
    search_fields = ("reason", "clock__label")
    readonly_fields = [f.name for f in ClockEntry._meta.fields if f.name != "id"]
    list_select_related = ("clock", "approver", "actor")
