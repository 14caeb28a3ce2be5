"""Pages that read documents: a case's documents, a document with its actions, its preview and
PDFs, its service records, signatures and proof files, and the public verification page its QR
code opens."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from utilicase.audit.selectors import events_for
from utilicase.blobs.storage import blob_read
from utilicase.documents import forms, selectors, services, serving
from utilicase.documents.domain import issuing
from utilicase.documents.domain.catalogue import CATALOGUE, display_value
from utilicase.documents.domain.lifecycle import correction_refusal
from utilicase.documents.domain.service import PARTY_SIGNS
from utilicase.documents.models import DocumentStatus, ServiceMethod, ServiceProof, ServiceRecord, Signature
from utilicase.documents.permissions import (
    can_act_on_document,
    can_view_verification_details,
    can_write_documents,
    creatable_types,
)
from utilicase.documents.rendering import SIGNATURE_NAMESPACE, copies_of, document_html, document_pdf
from utilicase.documents.views.common import document_or_404, page_lang
from utilicase.web.exports import Column, export_format, table_response
from utilicase.web.targets import target_url


def _superseded(d) -> str:
    return f"{d.get_status_display()} {_('已被更正')}" if d.is_superseded else d.get_status_display()


# A case's documents as its page lists them (case.html).
CASE_DOCUMENT_COLUMNS = (
    Column(gettext_lazy("文书"), lambda d: d.display_title), Column(gettext_lazy("文号"), lambda d: d.number_display),
    Column(gettext_lazy("状态"), _superseded), Column(gettext_lazy("时间"), lambda d: d.issued_at or d.created_at),
)


@login_required
def case_documents(request, target_type: str, target_id: str):
    found = selectors.case_documents(user=request.user, target_type=target_type, target_id=target_id)
    if found is None:
        raise Http404
    lang = page_lang()
    documents = list(found.documents)
    for d in documents:
        d.display_title = d.title(lang)
    fmt = export_format(request)
    if fmt:
        return table_response(fmt=fmt, name=f"documents-{found.info.number}", title=_("文书"),
                              columns=CASE_DOCUMENT_COLUMNS, rows=documents)
    types = [(code, CATALOGUE[code].title(found.info.utility, lang))
             for code in creatable_types(request.user, target_type=found.info.target_type, case=found.case)]
    return render(request, "documents/case.html", {
        "info": found.info, "documents": documents, "types": types, "can_write": can_write_documents(request.user),
        "case_url": target_url(found.info.target_type, found.info.target_id),
    })


@login_required
def detail(request, pk: int):
    document, info = document_or_404(request, pk)
    lang = page_lang()
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
    document, _info = document_or_404(request, pk)
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
    document, _info = document_or_404(request, pk)
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
def service_detail(request, pk: int, record_id: int):
    """A service record: how, when, by whom, with the signatures and proof files."""
    document, info = document_or_404(request, pk)
    try:
        record = selectors.service_record_get(document=document, id=record_id)
    except ServiceRecord.DoesNotExist:
        raise Http404 from None
    return render(request, "documents/service_record.html", {
        "document": document, "info": info, "title": document.title(page_lang()), "record": record,
    })


@login_required
def signature_image(request, pk: int, signature_id: int):
    """A signature image of this document or of one of its service records."""
    document, _info = document_or_404(request, pk)
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
    document, _info = document_or_404(request, pk)
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
        "result": result, "title": result.document.title(page_lang()) if result.found else "", "link": link,
    }, status=200 if result.found else 404)
