"""Page forms of accident cases. They parse what was typed or ticked; the rules are the
services' (a form never writes a case, and never its status)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from utilicase.accidents.models import Item
from utilicase.web.forms import ConfirmedForm

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs={"step": "60", **(attrs or {})}, format="%Y-%m-%dT%H:%M")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _when(label, required=True):
    return forms.DateTimeField(label=label, input_formats=DATETIME_FORMATS, widget=LocalDateTimeInput,
                               required=required)


def _text(label, required=True, rows=2):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}))


class WorklistFilter(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=100, widget=forms.TextInput(attrs={
        "type": "search", "placeholder": _("案件编号、户号或户名开头")}))
    all = forms.BooleanField(label=_("含已结案"), required=False)


class CaseForm(forms.Form):
    """A customer's report of an equipment accident (§2.7(2)): taken at once, the inspectors sent."""

    account_number = forms.CharField(label=_("客户户号"), max_length=40)
    reported_at = _when(_("报告时间"))
    reported_by_name = forms.CharField(label=_("报告人"), max_length=100, required=False)
    accident_at = _when(_("事故发生时间"), required=False)
    description = _text(_("事故情况"), rows=3)
    supply_interrupted = forms.BooleanField(label=_("客户已停电"), required=False, initial=True)
    inspectors = forms.ModelMultipleChoiceField(label=_("调查人员"), queryset=None, required=False,
                                                widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, inspectors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspectors"].queryset = inspectors
        self.fields["inspectors"].label_from_instance = lambda u: u.display_name


# -- the case's actions --------------------------------------------------------------------------

class NoFields(forms.Form):
    """A step with nothing to type: the button is the whole form."""


class ArriveForm(forms.Form):
    """On site (§2.7(2)): the time, identity shown; the customer's witness (§2.7(1))."""

    dispatched_at = _when(pgettext_lazy("accident dispatch", "出发时间"))
    arrived_at = _when(_("到达时间"))
    identity_shown = forms.BooleanField(label=_("已向客户出示证件"), required=False)
    witness_name = forms.CharField(label=_("客户方见证人"), max_length=100, required=False)


class EntryForm(forms.Form):
    """What was done or asked on site (§2.7(1)): the customer's people operate their equipment."""

    at = _when(_("时间"))
    text = _text(_("内容"))
    operated_by = forms.CharField(label=_("操作人（客户方）"), max_length=100, required=False)
    inspector_operated_equipment = forms.BooleanField(label=_("由检查人员操作客户设备"), required=False)


class CauseForm(forms.Form):
    cause = _text(_("事故原因"), rows=3)


class CauseRemovedForm(forms.Form):
    note = _text(_("原因消除情况"))


class RestoreForm(forms.Form):
    restored_at = _when(_("恢复供电时间"), required=False)


class ItemForm(forms.Form):
    """One of the four don't-let-go items with its record (§2.7(4))."""

    item = forms.ChoiceField(label=_("事项"), choices=Item.choices)
    record = _text(_("落实情况"))


class CompensationForm(forms.Form):
    """§2.7(5): lost supply = interrupted rate × outage duration (under 1 hour counts as 1 hour)
    × last month's average unit price."""

    outage_minutes = forms.IntegerField(label=_("停电时长（分钟）"), min_value=1)
    interrupted_rate_per_hour = forms.DecimalField(label=_("中断供应速率（每小时）"), min_value=0, max_digits=14,
                                                   decimal_places=3)
    month = forms.RegexField(label=_("停电月份"), regex=r"^\d{4}-(0[1-9]|1[0-2])$", max_length=7,
                             widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
                             error_messages={"invalid": _("请按 YYYY-MM 填写月份。")})

    def clean(self):
        data = super().clean()
        rate = data.get("interrupted_rate_per_hour")
        if rate is not None:  # the calculator's contract takes JSON numbers
            data["interrupted_rate_per_hour"] = int(rate) if rate == rate.to_integral_value() else float(rate)
        return data


class ChargeForm(ConfirmedForm):
    due_date = forms.DateField(label=_("缴费期限"), widget=DateInput)


class DamageForm(forms.Form):
    description = _text(_("损失情况"))
    assessment = _text(_("评估情况"))
    assessed_amount = forms.DecimalField(label=_("评估金额（元）"), min_value=0, max_digits=14, decimal_places=2)
    claim = _text(_("索赔情况"), required=False)


class ReportForm(forms.Form):
    """The accident investigation report (§2.7(4)): two copies signed by the customer (the served
    document), with the countermeasures proposed."""

    countermeasures = _text(_("反事故措施"), required=False, rows=3)


class NoticeForm(forms.Form):
    """The accident result notice with its rectification deadline (§2.7(6))."""

    rectification_date = forms.DateField(label=_("整改期限"), required=False, widget=DateInput)


class ReinspectForm(forms.Form):
    note = _text(_("复查情况"))


class RefusalForm(forms.Form):
    note = _text(_("拒不整改情况"))


class ReferForm(forms.Form):
    note = _text(_("报告内容"))


class CloseForm(ConfirmedForm):
    note = _text(_("结案说明"), required=False)
