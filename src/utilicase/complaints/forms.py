"""Page forms of complaints. They parse what was typed; the rules are the services' (a form never
writes a complaint, and never its status)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from utilicase.complaints import selectors
from utilicase.complaints.domain import transitions as table
from utilicase.complaints.models import (
    Channel,
    Complaint,
    Impact,
    LinkType,
    RecordConfirmation,
    ReplyMethod,
    Satisfaction,
    Status,
    VisitMethod,
)
from utilicase.complaints.permissions import LEADERSHIP_KINDS
from utilicase.org.models import User
from utilicase.web.forms import ConfirmedForm

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
YES_NO = [("1", _("是")), ("0", _("否"))]


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs={"step": "60", **(attrs or {})}, format="%Y-%m-%dT%H:%M")


def _yes_no(label) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, choices=YES_NO, coerce=lambda v: v == "1", widget=forms.RadioSelect)


class IntakeForm(forms.Form):
    customer = forms.IntegerField(required=False, widget=forms.HiddenInput)
    contact_name = forms.CharField(label=_("联系人"), required=False, max_length=100)
    contact_phone = forms.CharField(label=_("联系电话"), required=False, max_length=30)
    no_contact = forms.BooleanField(label=_("客户未留联系方式（意见箱、意见簿的匿名投诉，以公告答复）"), required=False)
    channel = forms.ChoiceField(label=_("受理渠道"), choices=Channel.choices, initial=Channel.PHONE)
    content = forms.CharField(label=_("投诉内容"), widget=forms.Textarea(attrs={"rows": 4}))
    reception_started_at = forms.DateTimeField(label=_("接待开始"), input_formats=DATETIME_FORMATS,
                                               widget=LocalDateTimeInput)
    reception_ended_at = forms.DateTimeField(label=_("接待结束"), input_formats=DATETIME_FORMATS, required=False,
                                             widget=LocalDateTimeInput)
    end_now = forms.BooleanField(label=_("以提交时间为接待结束时间"), required=False, initial=True)

    def clean(self):
        data = super().clean()
        if not data.get("end_now") and not data.get("reception_ended_at") and "reception_ended_at" not in self.errors:
            self.add_error("reception_ended_at", _("请填写接待结束时间，或勾选以提交时间为结束时间。"))
        return data


class FormCompleteForm(forms.Form):
    content = forms.CharField(label=_("投诉内容（完整记录）"), widget=forms.Textarea(attrs={"rows": 5}))


class RecordConfirmForm(forms.Form):
    """How the customer confirmed the record (§6.5(ii)(7)): at a visit by signing on the pad (its
    data URL is posted as `signature`, read in clean) or leaving a phone; on a call by answering
    the read-back."""

    method = forms.ChoiceField(label=_("确认方式"), widget=forms.RadioSelect)
    signer_name = forms.CharField(label=_("签名人姓名"), required=False, max_length=50)
    contact = forms.CharField(label=_("客户留下的联系电话"), required=False, max_length=30)
    answer = forms.CharField(label=_("客户对复述笔录的答复"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, complaint: Complaint, **kwargs):
        super().__init__(*args, **kwargs)
        methods = table.CONFIRMATION_METHODS.get(complaint.channel, frozenset(RecordConfirmation.values))
        self.fields["method"].choices = [(v, label) for v, label in RecordConfirmation.choices if v in methods]
        self.fields["method"].initial = self.fields["method"].choices[0][0]
        self.signature_pad = RecordConfirmation.SIGNATURE in methods
        if not self.signature_pad:
            del self.fields["signer_name"]
        if RecordConfirmation.CONTACT not in methods:
            del self.fields["contact"]
        if RecordConfirmation.READ_BACK not in methods:
            del self.fields["answer"]

    def clean(self):
        data = super().clean()
        data["signature"] = self.data.get("signature", "") if self.signature_pad else ""
        return data


class AssessForm(forms.Form):
    category = forms.ModelChoiceField(label=_("投诉分类"), queryset=selectors.categories(), empty_label=None)
    impact = forms.ChoiceField(label=_("对客户的影响程度"), choices=Impact.choices)
    is_valid = _yes_no(_("投诉是否成立"))
    validity_reason = forms.CharField(label=_("判断理由"), widget=forms.Textarea(attrs={"rows": 2}))
    company_at_fault = _yes_no(_("是否属我方原因"))
    apology_text = forms.CharField(label=_("致歉内容（属我方原因时必填）"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))


class RouteForm(forms.Form):
    unit = forms.ChoiceField(label=_("转办单位"))
    handler = forms.ModelChoiceField(label=_("处理人（可不指定）"), queryset=User.objects.none(), required=False,
                                     empty_label=_("该单位任一处理人"))
    reason = forms.CharField(label=_("转办原因（意见簿投诉由营业厅负责人转出时必填）"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, complaint: Complaint, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = {str(u.pk): u for u in selectors.route_targets(complaint=complaint)}
        self.fields["unit"].choices = [(pk, self._label(u, complaint)) for pk, u in self.targets.items()]
        handlers = User.objects.none()
        for unit in self.targets.values():
            handlers = handlers | selectors.handlers_of(unit=unit)
        self.fields["handler"].queryset = handlers.select_related("unit").order_by("unit__path", "username")
        self.fields["handler"].label_from_instance = lambda u: _("%(name)s（%(detail)s）") % {"name": u.display_name,
                                                                                             "detail": u.unit.name}

    @staticmethod
    def _label(unit, complaint: Complaint) -> str:
        if unit.pk == complaint.hall_id:
            return _("%(name)s（营业厅负责人答复）") % {"name": unit.name}
        if unit.kind in LEADERSHIP_KINDS:
            return _("领导：%(name)s（主管副经理答复）") % {"name": unit.name}
        return unit.name

    def clean_unit(self):
        return self.targets[self.cleaned_data["unit"]]


class CounterRecordForm(forms.Form):
    """When the visitor was taken to the VIP room, or the hall head told (§6.5(ii)(2)-(3))."""

    at = forms.DateTimeField(label=_("时间（不填为现在）"), input_formats=DATETIME_FORMATS, required=False,
                             widget=LocalDateTimeInput)


class ReplyForm(forms.Form):
    method = forms.ChoiceField(label=_("答复方式"), choices=ReplyMethod.choices)
    content = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 4}))


class ReturnVisitForm(forms.Form):
    """The call back after the reply (回访): reached or not, and how satisfied."""

    method = forms.ChoiceField(label=_("回访方式"), choices=VisitMethod.choices)
    reached = forms.TypedChoiceField(label=_("是否联系到客户"), coerce=lambda v: v == "yes",
                                     choices=[("yes", _("已联系到客户")), ("no", _("未联系到客户"))])
    satisfaction = forms.ChoiceField(label=_("满意度"), required=False,
                                     choices=[("", _("（未联系到客户时不填）")), *Satisfaction.choices])
    comment = forms.CharField(label=_("客户意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReplyAgainForm(forms.Form):
    content = forms.CharField(label=_("再次答复内容"), widget=forms.Textarea(attrs={"rows": 4}))


class CloseForm(ConfirmedForm):
    """Closing is final (§6.6(8)): confirmed first."""


class HandOverForm(forms.Form):
    to_user = forms.ModelChoiceField(label=_("移交给"), queryset=User.objects.none(), empty_label=None)
    note = forms.CharField(label=_("移交说明"), required=False, max_length=200)

    def __init__(self, *args, complaint: Complaint, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = selectors.hand_over_targets(complaint=complaint)
        self.fields["to_user"].label_from_instance = lambda u: _("%(name)s（%(detail)s）") % {
            "name": u.display_name, "detail": u.get_role_display()}


class LinkForm(forms.Form):
    target_type = forms.ChoiceField(label=_("关联类型"), choices=LinkType.choices)
    target_id = forms.CharField(label=_("客户编号或事件编号"), max_length=64)
    label = forms.CharField(label=_("说明"), required=False, max_length=200)


class WorklistFilter(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=100, widget=forms.TextInput(attrs={
        "type": "search", "placeholder": _("投诉编号、户号、电话或姓名开头")}))
    status = forms.ChoiceField(label=_("状态"), required=False)
    overdue = forms.TypedChoiceField(label=_("超期"), required=False, coerce=lambda v: v == "1", empty_value=None,
                                     choices=[("", _("全部")), ("1", _("仅超期")), ("0", _("未超期"))])
    all = forms.BooleanField(label=_("显示我可见的全部投诉"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("全部未办结")), *Status.choices]


class MonthForm(forms.Form):
    month = forms.DateField(label=_("月份"), input_formats=["%Y-%m"], required=False,
                            widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"))

    def clean_month(self):
        month = self.cleaned_data["month"]
        if month is not None and not 2000 <= month.year <= 2100:
            raise forms.ValidationError(_("请选择2000年至2100年之间的月份。"))
        return month
