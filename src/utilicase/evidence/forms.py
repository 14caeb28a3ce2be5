"""Page forms of the evidence register. They parse what was typed or chosen on the phone; the
rules are the services' (a form never writes evidence)."""

from datetime import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from utilicase.core.workdays import SHANGHAI
from utilicase.evidence.models import CustodyStep, ItemKind, SealState
from utilicase.org.models import User

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
PHOTO_ACCEPT = "image/jpeg,image/png,image/heic,image/webp,image/*"
FILE_ACCEPT = PHOTO_ACCEPT + ",audio/*,.amr,.m4a"


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs={"step": "60", **(attrs or {})}, format="%Y-%m-%dT%H:%M")


def client_time(value: str) -> datetime | None:
    """The capture time the page's script took from the chosen file (ISO 8601); None when the
    browser sent none or something else."""
    try:
        parsed = datetime.fromisoformat((value or "").strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=SHANGHAI)


class ItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("证据类别"), choices=ItemKind.choices)
    description = forms.CharField(label=_("名称、数量及特征"), max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    location = forms.CharField(label=_("提取地点"), max_length=200)
    latitude = forms.DecimalField(label=_("纬度"), required=False, max_digits=9, decimal_places=6,
                                  min_value=-90, max_value=90)
    longitude = forms.DecimalField(label=_("经度"), required=False, max_digits=9, decimal_places=6,
                                   min_value=-180, max_value=180)
    collected_at = forms.DateTimeField(label=_("提取时间（不填为现在）"), required=False, input_formats=DATETIME_FORMATS,
                                       widget=LocalDateTimeInput)
    collectors = forms.ModelMultipleChoiceField(label=_("共同提取人"), required=False, queryset=User.objects.none(),
                                                widget=forms.CheckboxSelectMultiple)
    photo = forms.FileField(label=_("拍照（可稍后补充）"), required=False, widget=forms.ClearableFileInput(
        attrs={"accept": PHOTO_ACCEPT, "capture": "environment", "data-captured-at": "id_captured_at"}))
    captured_at = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, colleagues=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collectors"].queryset = colleagues if colleagues is not None else User.objects.none()

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None) and not self.errors:
            self.add_error("longitude", _("经纬度须同时填写。"))
        return data


class FileForm(forms.Form):
    file = forms.FileField(label=_("照片或录音"), widget=forms.ClearableFileInput(
        attrs={"accept": FILE_ACCEPT, "capture": "environment", "data-captured-at": "id_file_captured_at"}))
    captured_at = forms.CharField(required=False, widget=forms.HiddenInput(attrs={"id": "id_file_captured_at"}))


class SealForm(forms.Form):
    """The seal and the customer's confirmation; or the customer's refusal (§2.6(2)) before two
    witnesses, with a photo. The signature pads post their data URLs under their own names."""

    number = forms.CharField(label=_("封条编号"), max_length=60)
    signer_name = forms.CharField(label=_("客户签字人姓名"), max_length=50, required=False)
    signature = forms.CharField(required=False, widget=forms.HiddenInput)
    customer_refused = forms.BooleanField(label=_("客户拒绝签字确认（两位见证人签字并拍照）"), required=False)
    witness_name_1 = forms.CharField(label=_("见证人一姓名"), max_length=50, required=False)
    witness_name_2 = forms.CharField(label=_("见证人二姓名"), max_length=50, required=False)
    witness_signature_1 = forms.CharField(required=False, widget=forms.HiddenInput)
    witness_signature_2 = forms.CharField(required=False, widget=forms.HiddenInput)
    photo = forms.FileField(label=_("当事人拒签现场的照片"), required=False)


class CustodyForm(forms.Form):
    step = forms.ChoiceField(label=_("环节"), choices=[])
    location = forms.CharField(label=_("地点或去向"), max_length=200)
    seal_state = forms.ChoiceField(label=_("封条状态"), required=False, choices=[("", "—"), *SealState.choices],
                                   widget=forms.RadioSelect)
    seal_note = forms.CharField(label=_("封条情况说明（损坏或启封时必填）"), required=False, max_length=500)
    result = forms.CharField(label=_("鉴定结论（鉴定结果环节必填）"), required=False, max_length=10000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    report = forms.FileField(label=_("鉴定报告（PDF或照片，可选）"), required=False,
                             widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/*"}))
    note = forms.CharField(label=_("说明"), required=False, max_length=1000)

    def __init__(self, *args, steps=(), sealed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(CustodyStep.choices)
        self.fields["step"].choices = [(s, labels[s]) for s in steps]
        if not sealed:
            del self.fields["seal_state"]
            del self.fields["seal_note"]
        else:
            self.fields["seal_state"].choices = SealState.choices


class ConfirmForm(forms.Form):
    signer_name = forms.CharField(label=_("客户签字人姓名"), max_length=50)
    signature = forms.CharField(required=False, widget=forms.HiddenInput)
