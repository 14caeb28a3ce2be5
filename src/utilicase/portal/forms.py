from django import forms
from django.utils.translation import gettext_lazy as _

from utilicase.complaints.services import CONTENT_MAX
from utilicase.org.models import Unit, UnitKind


class SignInForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("供应企业"), queryset=Unit.objects.none(), empty_label=None)
    account_number = forms.CharField(label=_("户号"), max_length=40,
                                     widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    phone = forms.CharField(label=_("预留的联系电话"), max_length=30,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Unit.objects.filter(kind=UnitKind.ENTERPRISE).order_by("path")


class CodeForm(forms.Form):
    code = forms.CharField(label=_("短信验证码"), min_length=6, max_length=6,
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code",
                                                         "autofocus": True}))


class ComplaintForm(forms.Form):
    content = forms.CharField(label=_("投诉内容"), max_length=CONTENT_MAX,
                              widget=forms.Textarea(attrs={"rows": 6, "autofocus": True}))
