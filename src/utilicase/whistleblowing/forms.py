"""Forms of the report pages. They only parse and check the shape of what was typed; the
services decide. Error messages name the rule, never echo the input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from utilicase.web.forms import ConfirmedForm
from utilicase.whistleblowing.claims import SECRET_MAX, SECRET_MIN
from utilicase.whistleblowing.models import Channel, FeedbackMethod, Status
from utilicase.whistleblowing.services import MAX_LENGTH

DATETIME_LOCAL = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def _errors(message) -> dict:
    return {"required": message, "max_length": message, "invalid": message}


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class IntakeForm(forms.Form):
    channel = forms.ChoiceField(label=_("来源"), choices=Channel.choices, widget=forms.RadioSelect)
    received_at = forms.DateTimeField(label=_("受理时间"), input_formats=DATETIME_LOCAL, widget=DateTimeLocalInput())
    reporter_name = forms.CharField(
        label=_("举报人姓名（可不填，匿名举报）"), required=False, max_length=MAX_LENGTH["reporter_name"],
        widget=forms.TextInput(attrs={"autocomplete": "off"}))
    reporter_contact = forms.CharField(
        label=_("联系方式（可不填；意见箱举报按此答复）"), required=False, max_length=MAX_LENGTH["reporter_contact"],
        widget=forms.TextInput(attrs={"autocomplete": "off"}))
    content = forms.CharField(
        label=_("举报内容摘要（确认为举报后不再详细询问，§6.7(iii)(5)）"), required=False,
        max_length=MAX_LENGTH["content"], widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}))
    claim_code_wanted = forms.BooleanField(label=_("发给举报人查询码（凭码查询处理结果，无需留姓名）"), required=False,
                                           initial=True)
    attachments = MultipleFileField(label=_("附件（来函、意见箱纸条的扫描件：PDF、JPEG、PNG，每个不超过 10 MB，最多 5 个）"),
                                    required=False)


EXISTING, OPEN = "EXISTING", "OPEN"


class NotAReportForm(ConfirmedForm):
    """Not a report: the reason, and the complaint it is handled as (§6.7(i-ii)): one already
    taken, by its number (then required), or, for discipline inspection, one opened from the
    report's content (`way`; the page drops it for the front line, `without_opening`)."""

    reason = forms.CharField(label=_("不属于举报的理由"), max_length=MAX_LENGTH["reason"],
                             widget=forms.Textarea(attrs={"rows": 2}), error_messages=_errors(
                                 _("请说明不属于举报的理由（不超过500字）。")))
    way = forms.ChoiceField(label=_("按投诉处理"), required=False, initial=EXISTING, widget=forms.RadioSelect,
                            choices=[(EXISTING, _("已按投诉受理：填投诉编号")),
                                     (OPEN, _("按举报内容开立投诉（受理营业厅、举报人的姓名和电话）"))])
    complaint_number = forms.CharField(
        label=_("投诉编号（必填）"), required=False, max_length=MAX_LENGTH["complaint_number"],
        widget=forms.TextInput(attrs={"required": True, "aria-required": "true",
                                      "data-required-unless": f"way={OPEN}"}))

    def without_opening(self) -> "NotAReportForm":
        del self.fields["way"]
        self.fields["complaint_number"].widget.attrs.pop("data-required-unless")
        return self

    def clean(self):
        data = super().clean()
        data["open_complaint"] = data.get("way") == OPEN
        if not data["open_complaint"] and not (data.get("complaint_number") or "").strip() \
                and "complaint_number" not in self.errors:
            self.add_error("complaint_number", _("请填写已按投诉受理的投诉编号。"))
        return data


class ClaimSecretResetForm(ConfirmedForm):
    reason = forms.CharField(label=_("重置理由"), max_length=MAX_LENGTH["reason"],
                             widget=forms.Textarea(attrs={"rows": 2}), error_messages=_errors(
                                 _("请说明重置查询密码的理由（不超过500字）。")))


class NoteForm(forms.Form):
    text = forms.CharField(label=_("调查记录"), max_length=MAX_LENGTH["text"], widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages=_errors(_("调查记录不能为空（不超过10000字）。")))


class ReplyForm(ConfirmedForm):
    outcome = forms.CharField(label=_("调查处理结果（内部）"), max_length=MAX_LENGTH["outcome"],
                              widget=forms.Textarea(attrs={"rows": 4}))
    feedback_method = forms.ChoiceField(label=_("反馈方式"), choices=FeedbackMethod.choices)
    feedback_content = forms.CharField(
        label=_("向举报人反馈的内容（持查询码者可在查询页看到）"), max_length=MAX_LENGTH["feedback_content"],
        widget=forms.Textarea(attrs={"rows": 4}))
    feedback_at = forms.DateTimeField(label=_("反馈时间"), input_formats=DATETIME_LOCAL, widget=DateTimeLocalInput())


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("附件（PDF、JPEG、PNG，不超过 10 MB）"), error_messages=_errors(_("请选择一个文件。")))


class FilterForm(forms.Form):
    q = forms.CharField(label=_("查找（编号、内容、举报人）"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部"))] + list(Status.choices))
    overdue = forms.ChoiceField(label=_("是否超期"), required=False,
                                choices=[("", _("全部")), ("1", _("已超期")), ("0", _("未超期"))])
    received_from = forms.DateField(label=_("受理日期从"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))
    received_to = forms.DateField(label=_("至"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ClaimForm(forms.Form):
    code = forms.CharField(label=_("查询码"), max_length=40,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                                         "spellcheck": "false"}))
    secret = forms.CharField(label=_("查询密码（设置过才需填写）"), required=False, max_length=SECRET_MAX, strip=False,
                             widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class ClaimSecretForm(forms.Form):
    """The reporter's own claim secret, set at a claim of a report that has none yet."""

    code = forms.CharField(max_length=40, widget=forms.HiddenInput)
    new_secret = forms.CharField(
        label=_("查询密码"), min_length=SECRET_MIN, max_length=SECRET_MAX, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("请输入查询密码。"), "min_length": _("查询密码至少 8 个字符。"),
                        "max_length": _("查询密码不能超过 128 个字符。")})
    new_secret_again = forms.CharField(label=_("再输入一次"), max_length=SECRET_MAX, strip=False,
                                       widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("new_secret") and data.get("new_secret") != data.get("new_secret_again"):
            self.add_error("new_secret_again", _("两次输入的查询密码不一致。"))
        return data


class MonthForm(forms.Form):
    month = forms.DateField(label=_("月份"), input_formats=["%Y-%m"], widget=forms.DateInput(attrs={"type": "month"},
                                                                                            format="%Y-%m"))

    def clean_month(self):
        month = self.cleaned_data["month"]
        if not 2000 <= month.year <= 2100:
            raise forms.ValidationError(_("年份须在 2000 到 2100 之间。"))
        return month
