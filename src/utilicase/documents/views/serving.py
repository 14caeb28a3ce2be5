"""Recording service on the customer (signed; or refused, then another valid means) and a party's
refusal to sign a survey record or transcript (§2.6(2)), with witnesses' signatures and photos."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from utilicase.core.i18n import translated
from utilicase.core.rules import RuleViolation
from utilicase.documents import forms, selectors, serving
from utilicase.documents.domain.service import PARTY_SIGNS, methods_for
from utilicase.documents.domain.signatures import SignatureRefused, png_from_data_url
from utilicase.documents.models import ServiceMethod
from utilicase.documents.views.common import document_or_404, page_lang, tell_refused, writers_only


@login_required
def service(request, pk: int):
    """Record service: the customer signs; or the refusal, then another valid means."""
    writers_only(request)
    document, info = document_or_404(request, pk)
    allowed = list(methods_for(document.type.serve))
    method = request.POST.get("method") or request.GET.get("method") or ServiceMethod.SIGNED
    if method not in allowed:
        raise Http404
    records = selectors.service_records(document)
    refused_before = any(r.method == ServiceMethod.REFUSED for r in records)
    status = 200
    if request.method == "POST":
        form = forms.ServiceForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            customer, errors = _pngs(request, ["customer_signature"])
            witness_names, witness_pngs = _witnesses(request, data, errors)
            if not errors:
                try:
                    record = serving.service_record(
                        actor=request.user, document=document, method=data["method"],
                        signer_name=data["signer_name"], customer_signature=customer[0] if customer else None,
                        witness_names=witness_names, witness_signatures=witness_pngs,
                        photos=request.FILES.getlist("photos"), receipts=request.FILES.getlist("receipts"),
                        certificates=request.FILES.getlist("certificates"), tracking_number=data["tracking_number"],
                        notary_office=data["notary_office"], notice_place=data["notice_place"],
                        notice_start_date=data["notice_start_date"], notice_end_date=data["notice_end_date"],
                        note=data["note"], now=timezone.now())
                except RuleViolation as exc:
                    tell_refused(request, exc)
                    return redirect("documents:detail", document.pk)
                except serving.ServiceInvalid as exc:
                    errors = exc.errors
                else:
                    if record.serves:
                        messages.success(request, _("已登记送达。"))
                    else:
                        messages.success(request, _("已登记客户拒签，请以其他有效方式送达。"))
                    return redirect("documents:detail", document.pk)
            _form_errors(form, errors)
        status = 400
    else:
        form = forms.ServiceForm(initial={"method": method, "signer_name": info.customer_name})
    methods = [(m, ServiceMethod(m).label) for m in allowed]
    return render(request, "documents/service.html", {
        "document": document, "info": info, "title": document.title(page_lang()), "form": form, "method": method,
        "method_label": ServiceMethod(method).label, "methods": methods, "refused_before": refused_before,
    }, status=status)


def _pngs(request, names: list[str]) -> tuple[list[bytes], dict[str, str]]:
    pngs, errors = [], {}
    for name in names:
        value = request.POST.get(name, "")
        if not value:
            continue
        try:
            pngs.append(png_from_data_url(value, field=name))
        except SignatureRefused as exc:
            errors[name] = exc.message
    return pngs, errors


def _witnesses(request, data: dict, errors: dict[str, str]) -> tuple[list[str], list[bytes]]:
    """The two witnesses' names and signatures of a form; a bad signature goes into `errors`."""
    given = [(data["witness_name_1"], "witness_signature_1"), (data["witness_name_2"], "witness_signature_2")]
    pngs, witness_errors = _pngs(request, [f for n, f in given if n or request.POST.get(f)])
    if witness_errors:
        errors["witness_signatures"] = next(iter(witness_errors.values()))
    return [n for n, _field in given if n], pngs


def _form_errors(form, errors: dict[str, str]) -> None:
    for name, message in errors.items():
        if name in form.fields:
            form.add_error(name, translated(message, _))
        else:
            form.add_error(None, f"{_field_label(name)}{_('：')}{translated(message, _)}")


@login_required
def refusal(request, pk: int):
    """Record the party's refusal to sign a draft survey record or transcript (§2.6(2)): two
    witnesses sign, with a photo."""
    writers_only(request)
    document, info = document_or_404(request, pk)
    if document.doc_type not in PARTY_SIGNS or not document.is_draft:
        raise Http404
    status = 200
    if request.method == "POST":
        form = forms.RefusalForm(request.POST)
        if form.is_valid():
            errors: dict[str, str] = {}
            witness_names, witness_pngs = _witnesses(request, form.cleaned_data, errors)
            if not errors:
                try:
                    serving.party_refusal_record(actor=request.user, document=document, witness_names=witness_names,
                                                 witness_signatures=witness_pngs,
                                                 photos=request.FILES.getlist("photos"),
                                                 note=form.cleaned_data["note"], now=timezone.now())
                except RuleViolation as exc:
                    tell_refused(request, exc)
                    return redirect("documents:detail", document.pk)
                except serving.ServiceInvalid as exc:
                    errors = exc.errors
                else:
                    messages.success(request, _("已登记当事人拒签，可以签发。"))
                    return redirect("documents:detail", document.pk)
            _form_errors(form, errors)
        status = 400
    else:
        form = forms.RefusalForm()
    return render(request, "documents/refusal.html", {"document": document, "info": info,
                                                      "title": document.title(page_lang()), "form": form},
                  status=status)


def _field_label(name: str) -> str:
    return {
        "customer_signature": _("客户签名"), "witness_signatures": _("见证人签名"), "photos": _("照片"),
        "receipts": _("邮寄回执"), "certificates": _("公证书"), "witness_names": _("见证人"),
    }.get(name, name)
