from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from utilicase.notifications.domain.rules import MAX_LEAD_HOURS, MIN_LEAD_HOURS


class PreferenceForm(forms.Form):
    lead_hours = forms.IntegerField(
        label=_("期限提前提醒（小时）"), min_value=MIN_LEAD_HOURS, max_value=MAX_LEAD_HOURS, required=False,
        help_text=_("留空则使用系统默认值"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_hours"].widget.attrs["placeholder"] = str(settings.NOTIFY_LEAD_HOURS)
