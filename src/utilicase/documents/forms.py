"""Forms of the document pages. The content form is built from the type's field list; the pure
rules (domain/catalogue.py, domain/service.py) decide, the forms only carry the values."""

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from utilicase.documents.domain.catalogue import AMOUNT, CHOICE, DATE, DATETIME, TEXTAREA, DocType
from utilicase.documents.models import ServiceMethod, SignerRole


def is_english() -> bool:
    return (get_language() or "").startswith("en")


class ContentForm(forms.Form):
    """One input per field of the document type; values stay text (the domain cleans them)."""

    def __init__(self, spec: DocType, *args, **kwargs):
        super().__init__(*args, **kwargs)
        en = is_english()
        for f in spec.fields:
            label = f.label_en if en else f.label_zh
            if f.kind == CHOICE:
                field = forms.ChoiceField(label=label, required=f.required,
                                          choices=[("", "—")] + [(c, e if en else z) for c, z, e in f.choices])
            elif f.kind == TEXTAREA:
                field = forms.CharField(label=label, required=f.required, widget=forms.Textarea(attrs={"rows": 3}))
            elif f.kind == DATE:
                field = forms.CharField(label=label, required=f.required, widget=forms.DateInput(attrs={"type": "date"}))
            elif f.kind == DATETIME:
                field = forms.CharField(label=label, required=f.required,
                                        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
            elif f.kind == AMOUNT:
                field = forms.CharField(label=label, required=f.required,
                                        widget=forms.TextInput(attrs={"inputmode": "decimal"}))
            else:
                field = forms.CharField(label=label, required=f.required)
            field.strip = True
            self.fields[f.name] = field

    @staticmethod
    def initial_from(content: dict[str, str]) -> dict[str, str]:
        """Stored values as the inputs take them (datetime-local wants a T)."""
        return {k: v.replace(" ", "T") if len(v) == 16 and v[10] == " " else v for k, v in content.items()}

    def content(self) -> dict[str, str]:
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}


class SignForm(forms.Form):
    signer_role = forms.ChoiceField(label=_("签字人身份"), choices=[
        (SignerRole.CUSTOMER, SignerRole.CUSTOMER.label), (SignerRole.CUSTOMER_OPERATOR, SignerRole.CUSTOMER_OPERATOR.label),
        (SignerRole.INSPECTOR, SignerRole.INSPECTOR.label), (SignerRole.WITNESS, SignerRole.WITNESS.label),
        (SignerRole.STAFF, SignerRole.STAFF.label)])
    signer_name = forms.CharField(label=_("签字人姓名"), max_length=50)
    signature = forms.CharField(required=False, widget=forms.HiddenInput)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class ServiceForm(forms.Form):
    """The texts of a service record; files and signatures are read from the request by name."""

    method = forms.ChoiceField(choices=ServiceMethod.choices, widget=forms.HiddenInput)
    signer_name = forms.CharField(label=_("签收人姓名"), max_length=50, required=False)
    witness_name_1 = forms.CharField(label=_("见证人一姓名"), max_length=50, required=False)
    witness_name_2 = forms.CharField(label=_("见证人二姓名"), max_length=50, required=False)
    tracking_number = forms.CharField(label=_("挂号邮件号码"), max_length=30, required=False)
    notary_office = forms.CharField(label=_("公证机构"), max_length=200, required=False)
    notice_place = forms.CharField(label=_("公告地点"), max_length=200, required=False)
    notice_start_date = forms.DateField(label=_("公告开始日期"), required=False,
                                        widget=forms.DateInput(attrs={"type": "date"}))
    notice_end_date = forms.DateField(label=_("公告结束日期"), required=False,
                                      widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("说明"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RefusalForm(forms.Form):
    """The party's refusal to sign (§2.6(2)): the witnesses' names and a note; the signatures and
    the photos are read from the request by name."""

    witness_name_1 = forms.CharField(label=_("见证人一姓名"), max_length=50, required=False)
    witness_name_2 = forms.CharField(label=_("见证人二姓名"), max_length=50, required=False)
    note = forms.CharField(label=_("说明"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
