"""Documents API under /api/v1/documents.

Answers: 201/200 with the document; 422 `{"detail": [{"loc": [...], "msg": ...}]}` naming the
field and the reason for bad input (nothing is stored; content fields are named
`content.<field>`); 403 for a caller without a staff role; 409 `{"clause", "detail"}` for an
action the regulation refuses now (a type the case does not issue, a role that does not write
it, the case's precondition unmet, editing an issued document, serving a draft, another means
of service before a refusal is recorded…); 404 for a document or case that is missing or out of
the caller's sight (not told apart)."""

from typing import Literal

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router
from ninja.errors import HttpError, ValidationError
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status as Answer

from utilicase.blobs.storage import blob_read
from utilicase.config.api_types import DbId, Pages
from utilicase.core.cases import case_for, declared_documents
from utilicase.core.i18n import translated
from utilicase.documents import selectors, services, serving
from utilicase.documents.domain.catalogue import CATALOGUE
from utilicase.documents.domain.signatures import SignatureRefused, png_from_data_url
from utilicase.documents.models import CopyKind, Document
from utilicase.documents.permissions import can_write_documents, creatable_types
from utilicase.documents.rendering import document_pdf
from utilicase.documents.schemas import (
    ContentIn,
    CopyCode,
    DiscardIn,
    DocumentIn,
    DocumentOut,
    DocumentSummary,
    DraftableOut,
    ReasonIn,
    RefusalIn,
    ServiceIn,
    ServiceRecordOut,
    SignatureIn,
    SignatureOut,
    TargetId,
    TargetType,
)

router = Router(tags=["documents"])

PAGE_SIZE = 50
COPY_QUERY = Query(None, alias="copy")


def _invalid(errors: dict[str, str], where: str = "body") -> ValidationError:
    return ValidationError([{"type": "value_error", "loc": [where, *name.split(".")], "msg": translated(message, _)}
                            for name, message in errors.items()])


def _get(request: HttpRequest, document_id: int) -> Document:
    try:
        return selectors.document_get(user=request.auth, id=document_id)[0]
    except Document.DoesNotExist:
        raise Http404("document not found") from None


def _writer(request: HttpRequest) -> None:
    if not can_write_documents(request.auth):
        raise HttpError(403, "only members of staff with a role write documents")


@router.get("", response=list[DocumentSummary], summary="A case's documents")
@paginate(Pages, page_size=PAGE_SIZE)
def list_documents(request: HttpRequest, target_type: TargetType, target_id: TargetId):
    """Newest first, discarded drafts left out. 404 when the case is missing or not visible."""
    found = selectors.case_documents(user=request.auth, target_type=target_type, target_id=target_id)
    if found is None:
        raise Http404("case not found")
    return found.documents


@router.get("/types", response=list[DraftableOut], summary="What the caller may draft on a case now")
def draftable(request: HttpRequest, target_type: TargetType, target_id: TargetId):
    """The document types the caller may draft on this case now (its case type issues them, the
    caller's role drafts them, the case's precondition holds), in catalogue order, each with the
    content the case fills in, to be edited and sent as a draft. 404 when the case is missing or
    not visible."""
    found = case_for(request.auth, target_type, target_id)
    if found is None:
        raise Http404("case not found")
    case, info = found
    declared = declared_documents(info.target_type)
    return [{"doc_type": code, "title": CATALOGUE[code].title(info.utility), "content": declared[code].content(case)}
            for code in creatable_types(request.auth, target_type=info.target_type, case=case)]


@router.post("", response={201: DocumentOut}, summary="Draft a document of a case")
def create(request: HttpRequest, payload: DocumentIn):
    """`content` holds the type's fields (see the type catalogue); missing required fields and
    unknown ones are named in the 422 answer. Only a type the case's type issues, by a role that
    drafts it, when the case's precondition holds: otherwise 409 with the clause."""
    _writer(request)
    found = case_for(request.auth, payload.target_type, payload.target_id)
    if found is None:
        raise Http404("case not found")
    try:
        document = services.document_create(actor=request.auth, case=found[1], doc_type_code=payload.doc_type,
                                            content=payload.content, now=timezone.now())
    except services.DocumentInvalid as exc:
        raise _invalid(exc.errors) from None
    return Answer(201, document)


@router.get("/{document_id}", response=DocumentOut, summary="One document with its versions and service")
def get(request: HttpRequest, document_id: DbId):
    return _get(request, document_id)


@router.patch("/{document_id}", response=DocumentOut, summary="Change a draft's content")
def edit(request: HttpRequest, document_id: DbId, payload: ContentIn):
    """409 once issued: an issued document is corrected by a new version, never changed."""
    _writer(request)
    document = _get(request, document_id)
    try:
        return services.document_edit(actor=request.auth, document=document, content=payload.content,
                                      now=timezone.now())
    except services.DocumentInvalid as exc:
        raise _invalid(exc.errors) from None


@router.post("/{document_id}/signatures", response={201: SignatureOut}, summary="Sign a draft")
def sign(request: HttpRequest, document_id: DbId, payload: SignatureIn):
    """A signature placed on a draft; it is printed on the PDF at issue."""
    _writer(request)
    document = _get(request, document_id)
    try:
        png = png_from_data_url(payload.image, field="image")
        signature = services.document_sign(actor=request.auth, document=document, signer_role=payload.signer_role,
                                           signer_name=payload.signer_name, png=png, now=timezone.now())
    except SignatureRefused as exc:
        raise _invalid({"image" if exc.field == "signature" else exc.field: exc.message}) from None
    return Answer(201, signature)


@router.post("/{document_id}/issue", response=DocumentOut, summary="Issue a draft")
def issue(request: HttpRequest, document_id: DbId):
    """Gives the number, freezes and hashes the content, renders and stores each copy's PDF."""
    _writer(request)
    document = _get(request, document_id)
    try:
        return services.document_issue(actor=request.auth, document=document, now=timezone.now())
    except services.DocumentInvalid as exc:
        raise _invalid(exc.errors) from None


@router.post("/{document_id}/discard", response=DocumentOut, summary="Discard a draft")
def discard(request: HttpRequest, document_id: DbId, payload: DiscardIn):
    _writer(request)
    document = _get(request, document_id)
    return services.document_discard(actor=request.auth, document=document, reason=payload.reason,
                                     now=timezone.now())


@router.post("/{document_id}/correction", response={201: DocumentOut},
             summary="Correct an issued document: a new draft version")
def correction(request: HttpRequest, document_id: DbId, payload: ReasonIn):
    """The new version starts as a draft with the same content; edit it, then issue it (it keeps
    the number, with its version). The corrected document is superseded when it is issued."""
    _writer(request)
    document = _get(request, document_id)
    try:
        new = services.document_correct(actor=request.auth, document=document, reason=payload.reason,
                                        now=timezone.now())
    except services.DocumentInvalid as exc:
        raise _invalid(exc.errors) from None
    return Answer(201, new)


@router.post("/{document_id}/service", response={201: ServiceRecordOut},
             summary="Record service on the customer, or the refusal to sign (§2.5(2), §2.6(3))")
def service(
    request: HttpRequest, document_id: DbId, payload: Form[ServiceIn],
    photos: File[list[UploadedFile]] = None, receipts: File[list[UploadedFile]] = None,
    certificates: File[list[UploadedFile]] = None,
):
    """multipart/form-data. SIGNED: `signer_name` and `customer_signature` (the pad's data URL).
    REFUSED: the customer refused to sign (the document stays unserved). After a refusal:
    LEFT_WITH_WITNESSES (`witness_names` and as many `witness_signatures`, `photos`),
    REGISTERED_POST (`tracking_number`, `receipts`), NOTARISED (`notary_office`,
    `certificates`), PUBLIC_NOTICE (`notice_place`, `notice_start_date`, `notice_end_date` not
    after today, `photos`). Files are judged by content: images (JPEG, PNG, WebP, HEIC); receipts
    and certificates may also be PDF; 15 MB each."""
    _writer(request)
    document = _get(request, document_id)
    try:
        customer = (png_from_data_url(payload.customer_signature, field="customer_signature")
                    if payload.customer_signature else None)
        witnesses = [png_from_data_url(v, field="witness_signatures") for v in payload.witness_signatures]
    except SignatureRefused as exc:
        raise _invalid({exc.field: exc.message}) from None
    try:
        record = serving.service_record(
            actor=request.auth, document=document, method=payload.method, signer_name=payload.signer_name,
            customer_signature=customer, witness_names=payload.witness_names, witness_signatures=witnesses,
            photos=photos or [], receipts=receipts or [], certificates=certificates or [],
            tracking_number=payload.tracking_number, notary_office=payload.notary_office,
            notice_place=payload.notice_place, notice_start_date=payload.notice_start_date,
            notice_end_date=payload.notice_end_date, note=payload.note, now=timezone.now())
    except serving.ServiceInvalid as exc:
        raise _invalid(exc.errors) from None
    return Answer(201, selectors.service_record_get(document=document, id=record.pk))


@router.post("/{document_id}/refusal", response={201: ServiceRecordOut},
             summary="Record the party's refusal to sign a survey record or transcript (§2.6(2))")
def refusal(request: HttpRequest, document_id: DbId, payload: Form[RefusalIn],
            photos: File[list[UploadedFile]] = None):
    """multipart/form-data on a draft: two or more `witness_names`, as many `witness_signatures`
    (the pad's data URLs) and `photos`. The draft may then be issued without the party's
    signature."""
    _writer(request)
    document = _get(request, document_id)
    try:
        witnesses = [png_from_data_url(v, field="witness_signatures") for v in payload.witness_signatures]
    except SignatureRefused as exc:
        raise _invalid({exc.field: exc.message}) from None
    try:
        record = serving.party_refusal_record(actor=request.auth, document=document,
                                              witness_names=payload.witness_names, witness_signatures=witnesses,
                                              photos=photos or [], note=payload.note, now=timezone.now())
    except serving.ServiceInvalid as exc:
        raise _invalid(exc.errors) from None
    return Answer(201, selectors.service_record_get(document=document, id=record.pk))


@router.get("/{document_id}/pdf", response={200: None}, summary="The PDF of one copy of an issued document",
            openapi_extra={"responses": {200: {"description": "the PDF",
                                               "content": {"application/pdf": {"schema": {"type": "string",
                                                                                          "format": "binary"}}}}}})
def pdf(request: HttpRequest, document_id: DbId, copy_kind: CopyCode | None = COPY_QUERY,
        lang: Literal["zh", "en"] = "zh"):
    """`copy`: KEPT (存根联) or CUSTOMER (客户联) for two-copy types, SINGLE otherwise (the first
    copy if left out). The stored PDF as issued; `lang=en` gives its English rendering, made on
    request and not stored. 409 when the stored file no longer matches its recorded hash."""
    document = _get(request, document_id)
    copies = {c.kind: c for c in document.copies.all()}
    if not copies:
        raise HttpError(409, "the document is not issued: preview the draft instead")
    kind = copy_kind or next(iter(copies))
    if kind not in copies:
        raise _invalid({"copy": f"this document has the copies {', '.join(copies)}"}, where="query")
    stored = copies[kind]
    if lang == "en":
        data = document_pdf(document, copy=kind, lang="en")
    else:
        try:
            data = blob_read(services.DOCUMENT_NAMESPACE, stored.pdf_sha256)
        except (OSError, ValueError):
            raise HttpError(409, "the stored PDF does not match the hash recorded at issue") from None
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (f'inline; filename="{document.doc_type}-{document.pk}-v{document.version}-'
                                       f'{CopyKind(kind).value.lower()}.pdf"')
    return response
