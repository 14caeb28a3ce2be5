"""Page forms of enforcement cases. They parse what was typed or chosen (on a desk, or on a
phone at the customer's); the rules are the services' (a form never writes a case, nor its
state)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from utilicase.enforcement.models import CustomerResponse, Scope
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
    return forms.DateTimeField(label=label, required=required, input_formats=DATETIME_FORMATS,
                               widget=LocalDateTimeInput())


class WorklistFilter(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=100, widget=forms.TextInput(attrs={
        "type": "search", "placeholder": _("案件编号、户号或户名开头")}))


class NoFields(forms.Form):
    pass


class StopForm(forms.Form):
    """§2.6(3): the act is stopped at once; how and when."""

    stopped_at = _when(_("制止时间（不填为现在）"), required=False)
    method = forms.CharField(label=_("制止方式"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class CalculateForm(forms.Form):
    """The calculator's input (the contract of `POST /api/v1/calculations`); what is left empty is
    unknown to the calculator."""

    rule_set = forms.ChoiceField(label=_("适用规定"), choices=[("auto", _("按行为开始日自动选择")),
                                                               ("GB-1996", "GB-1996"), ("GB-2024", "GB-2024")])
    act_date = forms.DateField(label=_("行为开始日期"), widget=DateInput())
    customer_type = forms.ChoiceField(label=_("用户类别"), choices=[
        ("residential", _("居民")), ("lighting", _("照明")), ("power", _("动力"))])
    item = forms.TypedChoiceField(label=_("违约用电项目"), required=False, coerce=int, empty_value=None,
                                  choices=[("", "—"), *[(str(i), str(i)) for i in range(1, 7)]])
    two_part_tariff = forms.BooleanField(label=_("两部制电价用户"), required=False)
    stolen_kwh = forms.DecimalField(label=_("窃电量（千瓦时）"), required=False, min_value=0)
    energy_kwh = forms.DecimalField(label=_("电量（千瓦时）"), required=False, min_value=0)
    capacity_kw = forms.DecimalField(label=_("容量（千瓦）"), required=False, min_value=0)
    capacity_kva = forms.DecimalField(label=_("容量（千伏安）"), required=False, min_value=0)
    days = forms.IntegerField(label=_("天数"), required=False, min_value=0)
    hours_per_day = forms.DecimalField(label=_("每日小时数"), required=False, min_value=0)
    months = forms.IntegerField(label=_("月数"), required=False, min_value=0)
    times = forms.IntegerField(label=_("次数"), required=False, min_value=0)
    price_yuan_per_kwh = forms.DecimalField(label=_("电价（元/千瓦时）"), required=False, min_value=0)
    price_difference_yuan_per_kwh = forms.DecimalField(label=_("电价差额（元/千瓦时）"), required=False, min_value=0)
    basic_charge_yuan_per_kw_month = forms.DecimalField(label=_("基本电费（元/千瓦·月）"), required=False,
                                                        min_value=0)
    fee_multiple = forms.DecimalField(label=_("违约使用费倍数"), required=False, min_value=0)

    def calculation(self, kind: str) -> dict:
        """The calculator's input object from what was typed: numbers as numbers, empty = unknown."""
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        data["kind"] = "theft" if kind == "THEFT" else "violation"
        data["act_date"] = data["act_date"].isoformat()
        if data["kind"] == "theft":
            data.pop("item", None)
            data.pop("two_part_tariff", None)
        for key, value in list(data.items()):
            if not isinstance(value, str | bool | int):
                data[key] = float(value)  # Decimal typed by hand: a JSON number, as the contract takes
        return data


class ChargeForm(forms.Form):
    due_date = forms.DateField(label=_("缴费期限"), widget=DateInput())


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("意见"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class ApplyForm(forms.Form):
    """§1.2(2): the inspector's application to suspend an important customer's supply."""

    scope = forms.ChoiceField(label=_("停电方式"), choices=Scope.choices, widget=forms.RadioSelect, initial=Scope.FULL)
    reason = forms.CharField(label=_("申请理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class SuspendForm(forms.Form):
    """The suspension on site (§1.3): what was told, how the customer answered, and where it
    happened the police call and the report to the superior, with times."""

    scope = forms.ChoiceField(label=_("停电方式"), choices=Scope.choices, widget=forms.RadioSelect, initial=Scope.FULL)
    suspended_at = _when(_("停(限)电时间（不填为现在）"), required=False)
    legal_basis = forms.ChoiceField(label=_("告知客户的停电依据"), choices=())
    customer_response = forms.ChoiceField(label=_("客户的答复"), choices=CustomerResponse.choices,
                                          widget=forms.RadioSelect)
    response_note = forms.CharField(label=_("现场情况"), required=False, max_length=1000,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    police_called_at = _when(_("报警（110）时间"), required=False)
    superior_reported_at = _when(_("报告上级时间"), required=False)
    superior_name = forms.CharField(label=_("报告的上级领导"), required=False, max_length=100)

    def __init__(self, *args, legal_bases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legal_basis"].choices = [("", "—"), *legal_bases]


class NoteForm(forms.Form):
    note = forms.CharField(label=_("说明"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class ReportForm(forms.Form):
    """§1.2(1): the post-hoc report of an on-site suspension to the office head."""

    report = forms.CharField(label=_("事后报告内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ReferForm(forms.Form):
    reason = forms.ChoiceField(label=_("移送理由"), choices=())
    recipient = forms.ChoiceField(label=_("移送单位"), choices=())
    referred_on = forms.DateField(label=_("移送日期"), widget=DateInput())
    documents = forms.CharField(label=_("移送材料"), required=False, max_length=500)

    def __init__(self, *args, reasons=(), recipients=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = list(reasons)
        self.fields["recipient"].choices = list(recipients)


class OutcomeForm(forms.Form):
    outcome = forms.CharField(label=_("处理结果"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(ConfirmedForm):
    pass


class OpenForm(forms.Form):
    """A case opened by an inspector on site, without an inspection finding."""

    account_number = forms.CharField(label=_("户号"), max_length=50)
    kind = forms.ChoiceField(label=_("案件类别"), choices=[("THEFT", _("窃电")), ("VIOLATION", _("违约用电"))])
    description = forms.CharField(label=_("情况描述"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    discovered_at = _when(_("发现时间（不填为现在）"), required=False)
    stopped_at = _when(_("制止时间"), required=False)
    method = forms.CharField(label=_("制止方式"), required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))
