"""Document pages: a case's documents, a draft's form and preview, a document with its actions
(sign, issue, discard, correct, record service), its PDFs, its service records, and the public
verification page its QR code opens. Each view reads the clock, parses a form, and calls one
selector or one service; a document of a case the user may not see answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from utilicase.audit.selectors import events_for
from utilicase.blobs.storage import blob_read
from utilicase.core.cases import declared_documents
from utilicase.core.i18n import translated
from utilicase.core.rules import RuleViolation
from utilicase.documents import forms, selectors, services, serving
from utilicase.documents.domain import issuing
from utilicase.documents.domain.catalogue import CATALOGUE, display_value
from utilicase.documents.domain.lifecycle import correction_refusal
from utilicase.documents.domain.service import PARTY_SIGNS, methods_for
from utilicase.documents.domain.signatures import SignatureRefused, png_from_data_url
from utilicase.documents.models import (
    Document,
    DocumentStatus,
    ServiceMethod,
    ServiceProof,
    ServiceRecord,
    Signature,
)
from utilicase.documents.permissions import (
    can_act_on_document,
    can_view_verification_details,
    can_write_documents,
    creatable_types,
)
from utilicase.documents.rendering import SIGNATURE_NAMESPACE, copies_of, document_html, document_pdf
from utilicase.web.targets import target_url


def _lang() -> str:
    return "en" if forms.is_english() else "zh"


def _document(request, pk: int):
    try:
        return selectors.document_get(user=request.user, id=pk)
    except Document.DoesNotExist:
        raise Http404 from None


def _writer(request) -> None:
    if not can_write_documents(request.user):
        raise PermissionDenied


def _refused(request, exc: RuleViolation) -> None:
    messages.error(request, _("%(message)s（%(clause)s）") % {"message": exc.text(_), "clause": exc.clause})


def _allowed(request, document: Document, action: str) -> bool:
    """Whether the user's role may take `action` on this document; if not, the refusal (with its
    clause) is told."""
    try:
        services.require_writer(actor=request.user, code=document.doc_type, action=action,
                                target_type=document.target_type)
    except RuleViolation as exc:
        _refused(request, exc)
        return False
    return True


def _add_errors(form, errors: dict[str, str]) -> None:
    for name, message in errors.items():
        field = name.removeprefix("content.")
        form.add_error(field if field in form.fields else None, translated(message, _))


@login_required
def case_documents(request, target_type: str, target_id: str):
    found = selectors.case_documents(user=request.user, target_type=target_type, target_id=target_id)
    if found is None:
        raise Http404
    lang = _lang()
    documents = list(found.documents)
    for d in documents:
        d.display_title = d.title(lang)
    types = [(code, CATALOGUE[code].title(found.info.utility, lang))
             for code in creatable_types(request.user, target_type=found.info.target_type, case=found.case)]
    return render(request, "documents/case.html", {
        "info": found.info, "documents": documents, "types": types, "can_write": can_write_documents(request.user),
        "case_url": target_url(found.info.target_type, found.info.target_id),
    })


@login_required
def new(request, target_type: str, target_id: str):
    _writer(request)
    found = selectors.case_documents(user=request.user, target_type=target_type, target_id=target_id)
    if found is None:
        raise Http404
    code = request.POST.get("doc_type") or request.GET.get("type", "")
    spec = CATALOGUE.get(code)
    if spec is None:
        raise Http404
    info = found.info
    try:
        services.require_writer(actor=request.user, code=code, action=issuing.CREATE, target_type=info.target_type,
                                case=found.case)
    except RuleViolation as exc:
        _refused(request, exc)
        return redirect("documents:case", info.target_type, info.target_id)
    status = 200
    if request.method == "POST":
        form = forms.ContentForm(spec, request.POST)
        if form.is_valid():
            try:
                document = services.document_create(actor=request.user, case=info, doc_type_code=code,
                                                    content=form.content(), now=timezone.now())
            except services.DocumentInvalid as exc:
                _add_errors(form, exc.errors)
            except RuleViolation as exc:
                _refused(request, exc)
                return redirect("documents:case", info.target_type, info.target_id)
            else:
                messages.success(request, _("已保存草稿。"))
                return redirect("documents:detail", document.pk)
        status = 400
    else:
        prefill = declared_documents(info.target_type)[code].content(found.case)
        form = forms.ContentForm(spec, initial=forms.ContentForm.initial_from(prefill))
    return render(request, "documents/form.html", {
        "form": form, "info": found.info, "title": spec.title(found.info.utility, _lang()), "doc_type": code,
        "document": None,
    }, status=status)


@login_required
def edit(request, pk: int):
    _writer(request)
    document, info = _document(request, pk)
    spec = document.type
    status = 200
    if request.method == "POST":
        form = forms.ContentForm(spec, request.POST)
        if form.is_valid():
            try:
                services.document_edit(actor=request.user, document=document, content=form.content(),
                                       now=timezone.now())
            except services.DocumentInvalid as exc:
                _add_errors(form, exc.errors)
            except RuleViolation as exc:
                _refused(request, exc)
                return redirect("documents:detail", document.pk)
            else:
                messages.success(request, _("已保存草稿。"))
                return redirect("documents:detail", document.pk)
        status = 400
    else:
        if not document.is_draft:
            messages.error(request, _("已签发的文书不能修改；如有错误，请更正（签发新版本）。"))
            return redirect("documents:detail", document.pk)
        if not _allowed(request, document, issuing.EDIT):
            return redirect("documents:detail", document.pk)
        form = forms.ContentForm(spec, initial=forms.ContentForm.initial_from(document.content))
    return render(request, "documents/form.html", {
        "form": form, "info": info, "title": document.title(_lang()), "doc_type": document.doc_type,
        "document": document,
    }, status=status)


@login_required
def detail(request, pk: int):
    document, info = _document(request, pk)
    lang = _lang()
    spec = document.type
    content = [(f.label_en if lang == "en" else f.label_zh, display_value(f, document.content.get(f.name, ""), lang))
               for f in spec.fields if document.content.get(f.name)]
    versions = selectors.document_versions(document)
    for v in versions:
        v.display_title = v.title(lang)
    records = selectors.service_records(document)
    refused_before = any(r.method == ServiceMethod.REFUSED for r in records)
    has_open = any(v.replaces_id == document.pk and v.is_draft for v in versions)
    can_write = can_write_documents(request.user)
    may = {action: can_act_on_document(request.user, document, action)
           for action in (issuing.EDIT, issuing.SIGN, issuing.ISSUE, issuing.DISCARD, issuing.CORRECT)}
    correction_blocked = correction_refusal(state=document.status, facts=services._facts(document),
                                            has_open_correction=has_open)
    return render(request, "documents/detail.html", {
        "document": document, "info": info, "title": document.title(lang), "content": content,
        "copies": list(document.copies.all()), "versions": versions, "records": records,
        "signatures": Signature.objects.filter(target_type="documents.document", target_id=str(document.pk))
        .order_by("signed_at", "id"),
        "can_write": can_write, "may": may, "served_type": spec.served,
        "can_serve": can_write and document.status == DocumentStatus.ISSUED and spec.served
        and not document.is_superseded,
        "refused_before": refused_before, "party_signs": document.doc_type in PARTY_SIGNS,
        "can_correct": may[issuing.CORRECT] and correction_blocked is None,
        "preview_copies": copies_of(document),
        "case_url": target_url(document.target_type, document.target_id),
        "events": events_for(target_type="documents.document", target_id=str(document.pk)),
        "reason_form": forms.ReasonForm(),
    })


@login_required
def preview(request, pk: int):
    """The document as it will print (HTML). A draft is marked 草稿 and has no number yet."""
    document, _info = _document(request, pk)
    copy = request.GET.get("copy") or copies_of(document)[0]
    if copy not in copies_of(document):
        raise Http404
    lang = "en" if request.GET.get("lang") == "en" else "zh"
    response = HttpResponse(document_html(document, copy=copy, lang=lang), content_type="text/html; charset=utf-8")
    # The printed page's own style sheet and embedded images (signatures, QR code); it runs no script.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    return response


@login_required
def pdf(request, pk: int, copy: str):
    """The stored PDF of one copy of an issued document, as issued; with ?lang=en its English
    rendering, made on request and not stored (the issued document is the Chinese one)."""
    document, _info = _document(request, pk)
    stored = document.copies.filter(kind=copy.upper()).first()
    if stored is None:
        raise Http404
    if request.GET.get("lang") == "en":
        data = document_pdf(document, copy=stored.kind, lang="en")
        suffix = "-en"
    else:
        try:
            data = blob_read(services.DOCUMENT_NAMESPACE, stored.pdf_sha256)
        except (OSError, ValueError):
            return HttpResponse(_("存档的文件与签发时记录的哈希值不符，或已丢失。"), status=409,
                                content_type="text/plain; charset=utf-8")
        suffix = ""
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (f'inline; filename="{document.doc_type}-{document.pk}-v{document.version}-'
                                       f'{stored.kind.lower()}{suffix}.pdf"')
    return response


@login_required
def sign(request, pk: int):
    _writer(request)
    document, info = _document(request, pk)
    if not document.is_draft:
        messages.error(request, _("已签发的文书不能再加签名。"))
        return redirect("documents:detail", document.pk)
    if request.method != "POST" and not _allowed(request, document, issuing.SIGN):
        return redirect("documents:detail", document.pk)
    status = 200
    if request.method == "POST":
        form = forms.SignForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                png = png_from_data_url(data["signature"])
                services.document_sign(actor=request.user, document=document, signer_role=data["signer_role"],
                                       signer_name=data["signer_name"], png=png, now=timezone.now())
            except SignatureRefused as exc:
                form.add_error(exc.field if exc.field in form.fields else None, translated(exc.message, _))
            except RuleViolation as exc:
                _refused(request, exc)
                return redirect("documents:detail", document.pk)
            else:
                messages.success(request, _("已签名。"))
                return redirect("documents:detail", document.pk)
        status = 400
    else:
        form = forms.SignForm()
    return render(request, "documents/sign.html", {"form": form, "document": document, "info": info,
                                                   "title": document.title(_lang())}, status=status)


@login_required
@require_POST
def issue(request, pk: int):
    """Issue a draft. The page's button posts with htmx (a confirmation first, progress while the
    PDFs are made); htmx is then sent to the document page in full."""
    _writer(request)
    document, _info = _document(request, pk)
    try:
        document = services.document_issue(actor=request.user, document=document, now=timezone.now())
    except RuleViolation as exc:
        _refused(request, exc)
    except services.DocumentInvalid as exc:
        messages.error(request, "; ".join(f"{k}: {translated(v, _)}" for k, v in exc.errors.items()))
    else:
        messages.success(request, _("已签发，文号 %(number)s。") % {"number": document.number_display})
    url = reverse("documents:detail", args=[document.pk])
    if request.headers.get("HX-Request"):
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    return redirect(url)


@login_required
@require_POST
def discard(request, pk: int):
    _writer(request)
    document, _info = _document(request, pk)
    try:
        services.document_discard(actor=request.user, document=document, reason=request.POST.get("reason", ""),
                                  now=timezone.now())
    except RuleViolation as exc:
        _refused(request, exc)
        return redirect("documents:detail", document.pk)
    messages.success(request, _("草稿已作废。"))
    return redirect("documents:case", document.target_type, document.target_id)


@login_required
@require_POST
def correct(request, pk: int):
    _writer(request)
    document, _info = _document(request, pk)
    form = forms.ReasonForm(request.POST)
    try:
        correction = services.document_correct(actor=request.user, document=document,
                                               reason=form.data.get("reason", ""), now=timezone.now())
    except RuleViolation as exc:
        _refused(request, exc)
        return redirect("documents:detail", document.pk)
    except services.DocumentInvalid as exc:
        messages.error(request, "; ".join(translated(v, _) for v in exc.errors.values()))
        return redirect("documents:detail", document.pk)
    messages.success(request, _("已建立更正稿（第 %(version)s 版），修改后签发。") % {"version": correction.version})
    return redirect("documents:edit", correction.pk)


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


@login_required
def service(request, pk: int):
    """Record service: the customer signs; or the refusal, then another valid means."""
    _writer(request)
    document, info = _document(request, pk)
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
                    _refused(request, exc)
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
        "document": document, "info": info, "title": document.title(_lang()), "form": form, "method": method,
        "method_label": ServiceMethod(method).label, "methods": methods, "refused_before": refused_before,
    }, status=status)


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
    _writer(request)
    document, info = _document(request, pk)
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
                    _refused(request, exc)
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
                                                      "title": document.title(_lang()), "form": form},
                  status=status)


def _field_label(name: str) -> str:
    return {
        "customer_signature": _("客户签名"), "witness_signatures": _("见证人签名"), "photos": _("照片"),
        "receipts": _("邮寄回执"), "certificates": _("公证书"), "witness_names": _("见证人"),
    }.get(name, name)


@login_required
def service_detail(request, pk: int, record_id: int):
    """A service record: how, when, by whom, with the signatures and proof files."""
    document, info = _document(request, pk)
    try:
        record = selectors.service_record_get(document=document, id=record_id)
    except ServiceRecord.DoesNotExist:
        raise Http404 from None
    return render(request, "documents/service_record.html", {
        "document": document, "info": info, "title": document.title(_lang()), "record": record,
    })


@login_required
def signature_image(request, pk: int, signature_id: int):
    """A signature image of this document or of one of its service records."""
    document, _info = _document(request, pk)
    record_ids = [str(i) for i in document.service_records.values_list("pk", flat=True)]
    signature = Signature.objects.filter(pk=signature_id).first()
    if signature is None or not (
        (signature.target_type == "documents.document" and signature.target_id == str(document.pk))
        or (signature.target_type == "documents.servicerecord" and signature.target_id in record_ids)
    ):
        raise Http404
    return HttpResponse(blob_read(SIGNATURE_NAMESPACE, signature.image_sha256), content_type="image/png")


@login_required
def proof_file(request, pk: int, proof_id: int):
    document, _info = _document(request, pk)
    proof = ServiceProof.objects.filter(pk=proof_id, service__document=document).first()
    if proof is None:
        raise Http404
    response = HttpResponse(blob_read(serving.PROOF_NAMESPACE, proof.sha256), content_type=proof.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def verify(request, token: str):
    """Public: does this document exist, is it the latest version, do its hashes match. No
    personal data (no customer, no content) unless the visitor is signed in and sees the case."""
    from utilicase.core.cases import case_for

    result = selectors.verification(token=token)
    link = ""
    if result.found and can_view_verification_details(
            request.user, case_visible=case_for(request.user, result.document.target_type,
                                                result.document.target_id) is not None):
        link = reverse("documents:detail", args=[result.document.pk])
    return render(request, "documents/verify.html", {
        "result": result, "title": result.document.title(_lang()) if result.found else "", "link": link,
    }, status=200 if result.found else 404)

