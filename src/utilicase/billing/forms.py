"""Forms of the billing pages. They check the shape of what is typed; the services apply the rules."""

from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from utilicase.web.forms import ConfirmedForm


class PaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("收款金额（元）"), min_value=0.01, max_digits=14, decimal_places=2)
    receipt_number = forms.CharField(label=_("收据号"), max_length=60)
    paid_on = forms.DateField(label=_("缴费日期"), widget=forms.DateInput(attrs={"type": "date"}))
    paid_time = forms.TimeField(label=_("缴费时间"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("paid_on")
        if day is not None:
            moment = timezone.make_aware(datetime.combine(day, cleaned.get("paid_time") or time(0, 0)))
            if moment > timezone.now():
                self.add_error("paid_on", _("缴费时间不能晚于现在。"))
            cleaned["paid_at"] = moment
        return cleaned


class ReversalForm(ConfirmedForm):
    reason = forms.CharField(label=_("冲正原因"), max_length=200)


class ExportForm(ConfirmedForm):
    enterprise = forms.ChoiceField(label=_("企业"))

    def __init__(self, *args, enterprises=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].choices = [(u.code, u.name) for u in enterprises]
