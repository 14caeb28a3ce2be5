from django import forms
from django.utils.translation import gettext_lazy as _

from utilicase.calendar.services import MAX_WORKING_DAYS
from utilicase.core.workdays import parse_start


class DueForm(forms.Form):
    start = forms.CharField(label=_("受理时间"), max_length=40, help_text=_("如 2026-09-30 10:00"))
    working_days = forms.IntegerField(label=_("工作日数"), min_value=0, max_value=MAX_WORKING_DAYS)

    def clean_start(self):
        try:
            return parse_start(self.cleaned_data["start"])
        except ValueError:
            raise forms.ValidationError(_("请输入有效的日期时间，如 2026-09-30 10:00")) from None
