from datetime import date

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from utilicase.calendar.models import Deadline, HolidayNotice
from utilicase.calendar.services import holiday_notice_load
from utilicase.core.i18n import translated
from utilicase.core.workdays import NoticeParseError, parse_notice
from utilicase.org.permissions import CONFIDENTIAL_TARGET_TYPES, can_see_confidential

_WEEKDAYS = "一二三四五六日"


class HolidayNoticeForm(forms.ModelForm):
    class Meta:
        model = HolidayNotice
        fields = ["year", "notice_text"]
        help_texts = {"notice_text": _("粘贴国务院办公厅关于该年度部分节假日安排的通知全文。")}

    def validate_unique(self):
        """Loading a year that is already loaded replaces it: no uniqueness error here."""

    def clean(self):
        data = super().clean()
        if data.get("year") and data.get("notice_text"):
            try:
                parse_notice(data["year"], data["notice_text"])
            except NoticeParseError as exc:
                raise forms.ValidationError({"notice_text": translated(exc.message, gettext)}) from None
        return data


def _days(values) -> str:
    return format_html_join(", ", "{} (周{})", (
        (d, _WEEKDAYS[date.fromisoformat(d).weekday()]) for d in values
    )) or "—"


@admin.register(HolidayNotice)
class HolidayNoticeAdmin(admin.ModelAdmin):
    """Adding pastes a notice (a year already loaded is replaced); the parsed days are shown
    read-only afterwards. Saving goes through holiday_notice_load, which audits and recomputes
    deadlines. Notices are not edited or deleted here: load the corrected text instead."""

    form = HolidayNoticeForm
    list_display = ["year", "loaded_at", "loaded_by"]
    readonly_fields = ["year", "rest_days_display", "working_days_display", "notice_text", "loaded_by", "loaded_at"]

    @admin.display(description=_("放假日期"))
    def rest_days_display(self, obj):
        return _days(obj.rest_days)

    @admin.display(description=_("调休上班日期"))
    def working_days_display(self, obj):
        return _days(obj.working_days)

    def get_fields(self, request, obj=None):
        return ["year", "notice_text"] if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        notice = holiday_notice_load(actor=request.user, year=form.cleaned_data["year"],
                                     notice_text=form.cleaned_data["notice_text"], now=timezone.now())
        # The admin goes on with `obj` (log entry, redirect): make it the row the service wrote.
        for field in HolidayNotice._meta.concrete_fields:
            setattr(obj, field.attname, getattr(notice, field.attname))
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        """Nothing related to save; the service wrote everything."""


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    """Read-only: deadlines are opened and met by the case services."""

    list_display = ["kind", "clause", "target_type", "target_id", "owner", "owner_unit", "due_at", "due_date",
                    "provisional", "met_at"]
    list_filter = ["kind", "provisional"]
    search_fields = ["kind", "target_id"]
    date_hierarchy = "due_at"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if can_see_confidential(request.user):
            return queryset
        return queryset.exclude(target_type__in=CONFIDENTIAL_TARGET_TYPES)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
