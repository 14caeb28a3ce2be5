"""Page forms of inspections. They parse what was typed or ticked (on a desk or on a phone on
site); the rules are the services' (a form never writes an order, and never its status)."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from utilicase.inspections.models import (
    AppointmentMethod,
    FindingType,
    Kind,
    Recipient,
    ReinspectionResult,
    SuspicionSource,
    Trigger,
)
from utilicase.org.models import Utility
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


def _people(field: forms.ModelMultipleChoiceField | forms.ModelChoiceField, users) -> None:
    field.queryset = users
    field.label_from_instance = lambda u: u.display_name


# -- work lists and plans ------------------------------------------------------------------------

class WorklistFilter(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=100, widget=forms.TextInput(attrs={
        "type": "search", "placeholder": _("工作单编号、户号或户名开头")}))


class MonthForm(forms.Form):
    month = forms.DateField(label=_("月份"), input_formats=["%Y-%m"], required=False,
                            widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"))

    def clean_month(self):
        month = self.cleaned_data["month"]
        if month is not None and not 2000 <= month.year <= 2100:
            raise forms.ValidationError(_("请选择2000年至2100年之间的月份。"))
        return month


class PlanForm(forms.Form):
    """A business office's monthly plan for one utility (§2.5(1)); its customers are added on
    the plan's page."""

    office = forms.ModelChoiceField(label=_("营业所"), queryset=None, empty_label=None)
    utility = forms.ChoiceField(label=_("专业"), choices=Utility.choices)
    month = forms.DateField(label=_("月份"), input_formats=["%Y-%m"],
                            widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"))

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices

    def clean_month(self):
        month = self.cleaned_data["month"]
        if not 2000 <= month.year <= 2100:
            raise forms.ValidationError(_("请选择2000年至2100年之间的月份。"))
        return month.replace(day=1)


class PlanEntryForm(forms.Form):
    """A customer on the plan: the day and the inspectors (two at least, §2.4(4))."""

    account_number = forms.CharField(label=_("客户户号"), max_length=40)
    planned_date = forms.DateField(label=_("计划检查日期"), widget=DateInput)
    inspectors = forms.ModelMultipleChoiceField(label=_("检查人员（至少两名）"), queryset=None, required=False,
                                                widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, inspectors, **kwargs):
        super().__init__(*args, **kwargs)
        _people(self.fields["inspectors"], inspectors)


class OrderForm(forms.Form):
    """A special inspection or an accident investigation, opened by its organiser (§2.4(3),
    §2.6(1)); routine orders come from the monthly plan."""

    kind = forms.ChoiceField(label=_("检查类别"), choices=[(k, label) for k, label in Kind.choices if k != Kind.ROUTINE])
    account_number = forms.CharField(label=_("客户户号"), max_length=40)
    purpose = forms.CharField(label=_("检查目的"), widget=forms.Textarea(attrs={"rows": 2}))
    items = forms.CharField(label=_("检查内容"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    planned_date = forms.DateField(label=_("计划检查日期"), widget=DateInput)
    inspectors = forms.ModelMultipleChoiceField(label=_("检查人员（至少两名）"), queryset=None, required=False,
                                                widget=forms.CheckboxSelectMultiple)
    trigger = forms.ChoiceField(label=_("启动原因（专项检查）"), required=False, choices=[("", "—"), *Trigger.choices])
    suspicion_source = forms.ChoiceField(label=_("嫌疑来源"), required=False,
                                         choices=[("", "—"), *SuspicionSource.choices])
    trigger_note = forms.CharField(label=_("启动说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    support_police = forms.BooleanField(label=_("请求公安配合"), required=False)
    support_technical = forms.BooleanField(label=_("请求技术监督配合"), required=False)
    support_note = forms.CharField(label=_("配合说明"), required=False, max_length=200)

    def __init__(self, *args, inspectors, **kwargs):
        super().__init__(*args, **kwargs)
        _people(self.fields["inspectors"], inspectors)


# -- the order's actions -------------------------------------------------------------------------

class NoFields(forms.Form):
    """A step with nothing to type: the button is the whole form."""


class EditForm(forms.Form):
    """What a draft says (§2.4(3)); the approval covers it once submitted."""

    purpose = forms.CharField(label=_("检查目的"), widget=forms.Textarea(attrs={"rows": 2}))
    items = forms.CharField(label=_("检查内容"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    planned_date = forms.DateField(label=_("计划检查日期"), widget=DateInput)
    support_police = forms.BooleanField(label=_("请求公安配合"), required=False)
    support_technical = forms.BooleanField(label=_("请求技术监督配合"), required=False)
    support_note = forms.CharField(label=_("配合说明"), required=False, max_length=200)
    trigger_note = forms.CharField(label=_("启动说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(forms.Form):
    """The inspectors of a draft (two at least to submit it, §2.4(4))."""

    inspectors = forms.ModelMultipleChoiceField(label=_("检查人员（至少两名）"), queryset=None, required=False,
                                                widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, inspectors, **kwargs):
        super().__init__(*args, **kwargs)
        _people(self.fields["inspectors"], inspectors)


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("退回原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class AppointForm(forms.Form):
    appointment_at = forms.DateTimeField(label=_("预约检查时间"), input_formats=DATETIME_FORMATS,
                                         widget=LocalDateTimeInput)
    contact = forms.CharField(label=_("预约对象（客户方联系人）"), max_length=100)
    method = forms.ChoiceField(label=_("预约方式"), choices=AppointmentMethod.choices)


class ArriveForm(forms.Form):
    """Who of the assigned inspectors is on site, and that they showed their certificates
    (§2.4(4))."""

    present = forms.ModelMultipleChoiceField(label=_("到场的检查人员"), queryset=None, required=False,
                                             widget=forms.CheckboxSelectMultiple)
    certificates_shown = forms.BooleanField(label=_("已向客户出示检查证"), required=False)

    def __init__(self, *args, assigned, **kwargs):
        super().__init__(*args, **kwargs)
        _people(self.fields["present"], assigned)


class OperationForm(forms.Form):
    """An operation of the customer's equipment (§2.4(4)): consented to, done by the customer's
    own operator."""

    equipment = forms.CharField(label=_("设备"), max_length=200)
    operation = forms.CharField(label=_("操作内容"), max_length=200)
    consent = forms.BooleanField(label=_("客户同意操作"), required=False)
    consent_by = forms.CharField(label=_("同意操作的客户方人员"), max_length=100, required=False)
    operator_name = forms.CharField(label=_("客户方操作人员"), max_length=100, required=False)


class FindingForm(forms.Form):
    finding_type = forms.ChoiceField(label=_("问题类别"), choices=FindingType.choices)
    description = forms.CharField(label=_("问题描述"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence_numbers = forms.CharField(label=_("证据登记序号（以逗号分隔，可不填）"), required=False, max_length=200)
    rectification_required = forms.BooleanField(label=_("须整改"), required=False)
    requirement = forms.CharField(label=_("整改要求"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    due_date = forms.DateField(label=_("整改期限"), required=False, widget=DateInput)

    def clean_evidence_numbers(self) -> list[int]:
        text = self.cleaned_data["evidence_numbers"]
        parts = [p for p in re.split(r"[\s,，、]+", text) if p]
        if any(not p.isdigit() for p in parts):
            raise forms.ValidationError(_("请填写证据登记序号（数字），以逗号分隔。"))
        return [int(p) for p in parts]


class CloseForm(ConfirmedForm):
    """Ending the inspection is final (§2.5(3)): confirmed first."""


# -- the rectification loop (§2.5(3)) ------------------------------------------------------------

class ReinspectForm(forms.Form):
    """A re-inspection (§2.5(3)): "rectified" accepts the rectification; "not yet" keeps it open."""

    result = forms.ChoiceField(label=_("复查结果"), choices=ReinspectionResult.choices, widget=forms.RadioSelect)
    inspected_on = forms.DateField(label=_("复查日期"), widget=DateInput)
    note = forms.CharField(label=_("复查说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RefuseForm(forms.Form):
    """The customer refuses to rectify: the referral to the authorities (§2.5(3))."""

    recipient = forms.ChoiceField(label=_("报送单位"), choices=Recipient.choices)
    referred_on = forms.DateField(label=_("报送日期"), widget=DateInput)
    documents = forms.CharField(label=_("报送材料"), widget=forms.Textarea(attrs={"rows": 2}))


class OutcomeForm(forms.Form):
    outcome = forms.CharField(label=_("处理结果"), widget=forms.Textarea(attrs={"rows": 2}))


class TipOffForm(forms.Form):
    """Link a special order started by a tip-off to its source (§2.6(1)), by whoever may see the
    source: discipline inspection a whistleblower report, the hall or department a complaint."""

    order_number = forms.CharField(label=_("检查工作单编号"), max_length=20)
    source_type = forms.ChoiceField(label=_("举报来源"), choices=[
        ("whistleblowing.report", _("举报")), ("complaints.complaint", _("投诉"))])
    source_number = forms.CharField(label=_("举报或投诉编号"), max_length=40)
