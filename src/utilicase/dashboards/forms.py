from django import forms
from django.utils.translation import gettext_lazy as _

from utilicase.dashboards.domain import period as periods


class PeriodForm(forms.Form):
    """The unit and the period of a dashboard: `period` ("2026-11", "2026-Q4", "2026"), or
    `from` and `to` (days, both included); without either, the current month."""

    unit = forms.IntegerField(label=_("单位"), required=False, min_value=1)
    period = forms.CharField(label=_("期间"), required=False, max_length=10,
                             help_text=_("月份 2026-11、季度 2026-Q4 或年份 2026"))
    start = forms.DateField(label=_("起始日期"), required=False)
    end = forms.DateField(label=_("截止日期"), required=False)

    def __init__(self, data=None, **kwargs):
        if data is not None:
            data = data.copy()
            for outside, inside in (("from", "start"), ("to", "end")):
                if outside in data and inside not in data:
                    data[inside] = data[outside]
        super().__init__(data, **kwargs)

    def clean(self):
        data = super().clean()
        text, start, end = data.get("period"), data.get("start"), data.get("end")
        chosen = None
        if text:
            chosen = periods.parse(text)
            if chosen is None:
                self.add_error("period", _("期间格式应为 2026-11、2026-Q4 或 2026。"))
        elif start or end:
            if not (start and end):
                self.add_error("end" if start else "start", _("请同时填写起始日期和截止日期。"))
            else:
                chosen = periods.between(start, end)
                if chosen is None:
                    self.add_error("end", _("截止日期不能早于起始日期。"))
        data["chosen"] = chosen
        return data
