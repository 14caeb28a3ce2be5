"""Page forms of field service (chapter 4). They parse what the field worker typed or ticked on a
phone, and what the customer gave on the public rating page; the rules are the services' (a form
never writes an order, nor its status)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from utilicase.fieldwork.domain import transitions as table
from utilicase.fieldwork.models import ChecklistStage, Kind
from utilicase.org.models import Utility
from utilicase.web.forms import ConfirmedForm

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs={"step": "60", **(attrs or {})}, format="%Y-%m-%dT%H:%M")


def _when(label, required=True):
    return forms.DateTimeField(label=label, input_formats=DATETIME_FORMATS, widget=LocalDateTimeInput,
                               required=required)


class NoFields(forms.Form):
    pass


class WorklistFilter(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=100, widget=forms.TextInput(attrs={
        "type": "search", "placeholder": _("工单编号、户号或户名开头")}))


class AssignForm(forms.Form):
    workers = forms.ModelMultipleChoiceField(label=_("现场服务人员"), queryset=None,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workers"].queryset = workers
        self.fields["workers"].label_from_instance = lambda u: u.display_name


class AppointForm(forms.Form):
    """The appointment by phone (§4.4(1)): who answered (the customer, or someone else who gave the
    customer's contact), the agreed slot, the address confirmed, what the customer prepares."""

    reached = forms.ChoiceField(label=_("接听人"), widget=forms.RadioSelect, initial="CUSTOMER",
                                choices=[("CUSTOMER", _("客户本人")), ("OTHER", _("其他人（请询问客户本人的联系方式）"))])
    reached_name = forms.CharField(label=_("接听人姓名"), max_length=50)
    customer_contact = forms.CharField(label=_("客户联系方式（他人接听时必填）"), max_length=50, required=False)
    slot_start = _when(_("约定时段开始"))
    slot_end = _when(_("约定时段结束"))
    address = forms.CharField(label=_("确认的地址"), max_length=200)
    address_confirmed = forms.BooleanField(label=_("已与客户确认地址"), required=False)
    preparation = forms.CharField(label=_("请客户准备的事项"), required=False, max_length=1000,
                                  widget=forms.Textarea(attrs={"rows": 2}))


class ChecklistForm(forms.Form):
    """A checklist (§4.4(2) before leaving, §4.4(4) before work): each configured item ticked."""

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for code, label in self.items:
            self.fields[f"item_{code}"] = forms.BooleanField(label=label, required=False)

    def ticked(self) -> list[str]:
        return [code for code, _label in self.items if self.cleaned_data.get(f"item_{code}")]


class DelayNoticeForm(forms.Form):
    """A delay known beforehand: the customer told before the slot, with the reason (§4.4(3))."""

    reason = forms.CharField(label=_("不能按时到达的原因"), max_length=500)


class ArriveForm(forms.Form):
    """Arrival (§4.4(3)): late arrivals record the apology made to the customer."""

    apology = forms.CharField(label=_("迟到时向客户致歉的情况"), max_length=500, required=False)


class DamageForm(forms.Form):
    """Damage to the customer's property and how it is made good (§4.4(5))."""

    description = forms.CharField(label=_("损坏情况"), max_length=500)
    remedy = forms.ChoiceField(label=_("处理方式"), choices=[("REPAIR", _("修复")), ("COMPENSATION", _("赔偿"))])
    amount = forms.DecimalField(label=_("赔偿金额（元）"), required=False, min_value=0, decimal_places=2,
                                max_digits=10)
    note = forms.CharField(label=_("修复或赔偿情况"), max_length=500, required=False)


class FinishFactsForm(forms.Form):
    """The finish (§4.4(5)): the work done, borrowed items returned, the safety reminder given."""

    work_done = forms.CharField(label=_("完成的工作"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    borrowed_items = forms.CharField(label=_("借用客户的物品（没有则不填）"), max_length=200, required=False)
    borrowed_returned = forms.BooleanField(label=_("借用的物品已清洁归还"), required=False)
    safety_reminder = forms.CharField(label=_("向客户所作的安全提示"), max_length=1000,
                                      widget=forms.Textarea(attrs={"rows": 2}))


class ConfirmForm(forms.Form):
    """The customer's confirmation of the work order, signed on the pad (§4.4(5))."""

    signer_name = forms.CharField(label=_("客户签字人姓名"), max_length=50)
    signature = forms.CharField(widget=forms.HiddenInput, required=False)


class OnSiteRatingForm(forms.Form):
    """The customer's rating given on site (§4.4(5)); otherwise from the link or QR code."""

    rating = forms.TypedChoiceField(label=_("客户评价（1-5分）"), coerce=int, widget=forms.RadioSelect,
                                    choices=[(str(n), str(n)) for n in range(5, 0, -1)])
    comment = forms.CharField(label=_("客户意见"), max_length=1000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class FinishForm(ConfirmedForm):
    """Completing the order is final (§4.4(5)): confirmed first."""


class CancelForm(ConfirmedForm):
    reason = forms.CharField(label=_("取消原因"), max_length=200)


class MealsForm(forms.Form):
    """Meals and lodging at the customer's (§4.4(6)): a declaration; where it happened, the payment."""

    happened = forms.TypedChoiceField(label=_("是否在客户处食宿"), coerce=lambda v: v == "1", widget=forms.RadioSelect,
                                      choices=[("0", _("未在客户处食宿")), ("1", _("因故在客户处食宿"))], initial="0")
    amount = forms.DecimalField(label=_("已付费用（元）"), required=False, min_value=0, decimal_places=2,
                                max_digits=10)
    paid_to = forms.CharField(label=_("收款人"), max_length=100, required=False)


class RatingForm(forms.Form):
    """The customer's rating from the link or QR code (§4.4(5))."""

    rating = forms.TypedChoiceField(label=_("您对本次服务的评价"), coerce=int, widget=forms.RadioSelect,
                                    choices=[(str(n), str(n)) for n in range(5, 0, -1)])
    comment = forms.CharField(label=_("意见或建议（可不填）"), max_length=1000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class OrderForm(forms.Form):
    """A new field work order (§4.3): the kind, the customer by account number, what to do, the
    workers; a suspension or restoration may, an inspection must, name its case."""

    kind = forms.ChoiceField(label=_("服务类别"), choices=Kind.choices)
    account_number = forms.CharField(label=_("户号"), max_length=30)
    description = forms.CharField(label=_("服务内容"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    workers = forms.ModelMultipleChoiceField(label=_("现场服务人员"), queryset=None, required=False,
                                             widget=forms.CheckboxSelectMultiple)
    link_type = forms.ChoiceField(label=_("关联案件类型"), required=False, choices=[
        ("", "—"), (table.ENFORCEMENT_TYPE, _("停电案件（第一章）")), (table.INSPECTION_TYPE, _("检查工作单（第二章）"))])
    link_id = forms.CharField(label=_("关联案件编号（系统内序号）"), max_length=64, required=False)

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workers"].queryset = workers
        self.fields["workers"].label_from_instance = lambda u: u.display_name


class ChecklistItemForm(forms.Form):
    """A configurable checklist item (§4.4(2), (4)); a blank utility applies to every utility."""

    stage = forms.ChoiceField(label=_("环节"), choices=ChecklistStage.choices)
    utility = forms.ChoiceField(label=_("专业"), required=False,
                                choices=[("", _("全部专业")), *Utility.choices])
    text = forms.CharField(label=_("检查项"), max_length=200)
    position = forms.IntegerField(label=_("顺序"), min_value=0, max_value=32767, initial=0)
    active = forms.BooleanField(label=_("启用"), required=False, initial=True)
