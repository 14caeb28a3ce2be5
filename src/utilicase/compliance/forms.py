from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from utilicase.core.workdays import EARLIEST_YEAR, LATEST_YEAR

MAX_DAYS = 366


class PeriodForm(forms.Form):
    """A unit in the reader's scope and a period of Asia/Shanghai dates, both included."""

    unit = forms.ModelChoiceField(label=_("单位"), queryset=None, empty_label=None)
    first = forms.DateField(label=_("起始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    last = forms.DateField(label=_("结束日期"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data, *, units, today: date):
        first = today.replace(day=1)
        initial = {"unit": units.first(), "first": first, "last": today}
        bound = {**{k: (v.pk if hasattr(v, "pk") else v) for k, v in initial.items() if v is not None},
                 **{k: v for k, v in data.items() if k in ("unit", "first", "last") and v}}
        super().__init__(bound)
        self.fields["unit"].queryset = units

    def _supported(self, field: str) -> date:
        day = self.cleaned_data[field]
        if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            raise forms.ValidationError(_("请选择2000年至2100年之间的日期。"))
        return day

    def clean_first(self):
        return self._supported("first")

    def clean_last(self):
        return self._supported("last")

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first"), cleaned.get("last")
        if first and last:
            if last < first:
                self.add_error("last", _("结束日期不能早于起始日期。"))
            elif (last - first).days >= MAX_DAYS:
                self.add_error("last", _("期间不能超过一年。"))
        return cleaned


class MonthlyForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("企业"), queryset=None, empty_label=None, to_field_name="code")
    month = forms.RegexField(label=_("月份"), regex=r"^\d{4}-\d{2}$",
                             widget=forms.TextInput(attrs={"type": "month"}))

    def __init__(self, data, *, enterprises):
        super().__init__(data)
        self.fields["enterprise"].queryset = enterprises
