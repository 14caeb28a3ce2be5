"""Writers of the documents context: signatures captured on screen, and a document's life from
draft to issue (number, frozen content, PDF stored by hash), correction and discard. The
service of a document on the customer is written in documents/serving.py; the guards later
case steps call (`require_served`, `require_served_document`) are here.

Signatures captured while a document is a draft are part of the issued PDF; an issued document
takes no more (its service records carry the signatures of its service)."""

import fcntl
import hashlib
import io
import secrets
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count
from django.utils import timezone
from PIL import Image, UnidentifiedImageError

from utilicase.audit.services import audit_record
from utilicase.blobs.domain.sniff import sniff
from utilicase.blobs.storage import blob_write
from utilicase.config.retry import retried_on_deadlock
from utilicase.core.cases import CaseInfo, case_for, declared_documents
from utilicase.core.i18n import Message
from utilicase.core.rules import RuleViolation
from utilicase.documents.domain import issuing
from utilicase.documents.domain import service as service_rules
from utilicase.documents.domain.catalogue import CATALOGUE, clean_content, doc_type, gettext_noop, one_of
from utilicase.documents.domain.digest import record_sha256
from utilicase.documents.domain.lifecycle import DocumentFacts, correction_refusal, lifecycle, served_refusal
from utilicase.documents.domain.numbers import DEFAULT_NUMBER_FORMAT, format_number
from utilicase.documents.domain.signatures import (
    MAX_SIGNATURE_BYTES,
    MIN_INK_RATIO,
    SignatureRefused,
    ink_ratio,
)
from utilicase.documents.models import (
    Document,
    DocumentCopy,
    DocumentStatus,
    ServiceMethod,
    Signature,
    SignerRole,
)
from utilicase.documents.rendering import (
    DOCUMENT_SIGN_PURPOSE,
    SIGNATURE_NAMESPACE,
    copies_of,
    document_pdf,
    document_signatures,
)
from utilicase.numbering.services import last_number, next_number

DOCUMENT_NAMESPACE = "documents"


def _check_signature_png(png: bytes, *, field: str) -> None:
    if len(png) > MAX_SIGNATURE_BYTES:
        raise SignatureRefused(field, Message("签名图像为 %(size)s 字节，最多 %(max)s 字节。", size=len(png), max=MAX_SIGNATURE_BYTES))
    if sniff(png[:16]) != "image/png":
        raise SignatureRefused(field, gettext_noop("签名须为 PNG 图像。"))
    try:
        image = Image.open(io.BytesIO(png))
        image.load()
    except (UnidentifiedImageError, OSError):
        raise SignatureRefused(field, gettext_noop("签名图像已损坏。")) from None
    if image.width * image.height > 4_000_000:
        raise SignatureRefused(field, gettext_noop("签名图像过大。"))
    alpha = image.convert("RGBA").getchannel("A")
    if ink_ratio(alpha.histogram()) < MIN_INK_RATIO:
        raise SignatureRefused(field, gettext_noop("签名板为空。"))


@transaction.atomic
def signature_capture(
    *, actor, target: models.Model, purpose: str, signer_role: str, signer_name: str, png: bytes,
    now: datetime, clause: str = "",
) -> Signature:
    """Store a signature drawn on screen for `target`. The image must be a PNG with ink on it."""
    if signer_role not in SignerRole.values:
        raise SignatureRefused("signer_role", Message("未知的签名人角色：%(role)s。", role=signer_role))
    if not signer_name.strip():
        raise SignatureRefused("signer_name", gettext_noop("须填写签名人姓名。"))
    if "\x00" in signer_name or len(signer_name.strip()) > 50:
        raise SignatureRefused("signer_name", gettext_noop("签名人姓名最多 50 个字，不能含控制字符。"))
    _check_signature_png(png, field="signature")
    sha256 = blob_write(SIGNATURE_NAMESPACE, png)
    signature = Signature.objects.create(
        target_type=target._meta.label_lower, target_id=str(target.pk), purpose=purpose, signer_role=signer_role,
        signer_name=signer_name.strip(), image_sha256=sha256, image_size=len(png), signed_at=now, captured_by=actor,
    )
    audit_record(actor=actor, action="documents.signature.captured", target=signature, clause=clause, now=now,
                 after={"purpose": purpose, "signer_role": signer_role, "signer_name": signature.signer_name,
                        "on": f"{signature.target_type}#{signature.target_id}", "image_sha256": sha256})
    return signature


# -- documents -----------------------------------------------------------------------------------

class DocumentInvalid(ValueError):
    """Bad input for a document: the errors by field name; nothing was stored."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


def number_format(code: str) -> str:
    """The number format of a type: settings.DOCUMENT_NUMBER_FORMATS[code], else the catalogue's,
    else the default."""
    configured = getattr(settings, "DOCUMENT_NUMBER_FORMATS", {}) or {}
    return configured.get(code) or doc_type(code).number_format or DEFAULT_NUMBER_FORMAT


def _issuer_name(code: str) -> str:
    from utilicase.org.models import Unit

    return Unit.objects.filter(code=code).values_list("name", flat=True).first() or ""


def _case_fields(case: CaseInfo) -> dict[str, str]:
    return {
        "case_number": case.number[:60], "utility": case.utility, "issuer_code": case.issuer_code,
        "issuer_short_name": case.issuer_short_name, "issuer_name": _issuer_name(case.issuer_code),
        "customer_name": case.customer_name[:100], "customer_account": case.customer_account[:40],
        "customer_address": case.customer_address[:200],
    }


def _facts(document: Document, **extra) -> DocumentFacts:
    spec = document.type
    return DocumentFacts(clause=spec.clause, serve_mode=spec.serve, superseded=document.is_superseded, **extra)


def _case(actor, target_type: str, target_id: str) -> tuple[object, CaseInfo]:
    """The case as the actor sees it; Document.DoesNotExist when it is missing or out of sight
    (the pages and the API answer 404 before a service is called)."""
    found = case_for(actor, target_type, target_id)
    if found is None:
        raise Document.DoesNotExist("the case is missing or out of the actor's sight")
    return found


def require_writer(*, actor, code: str, action: str, target_type: str, case=None, correction: bool = False) -> None:
    """RuleViolation unless the actor's role may take `action` on a document of type `code` of
    this case, its case type declares the type, and (new drafts, issue) the case's precondition
    holds (documents/domain/issuing.py)."""
    refused = issuing.refusal(code=code, action=action, role=actor.role or "", declared=declared_documents(target_type),
                              case=case, correction=correction)
    if refused is not None:
        raise refused


def _locked(document: Document) -> Document:
    return Document.objects.select_for_update().get(pk=document.pk)


def _content(code: str, content) -> dict[str, str]:
    cleaned, errors = clean_content(code, content)
    if errors:
        raise DocumentInvalid({f"content.{k}" if k != "content" else k: v for k, v in errors.items()})
    return cleaned


@transaction.atomic
def document_create(*, actor, case: CaseInfo, doc_type_code: str, content: dict, now: datetime) -> Document:
    """A draft of a document of `case`. Only a type the case type declares, by a role that drafts
    it, when the case's precondition holds (RuleViolation with the clause). Its content is checked
    against the type's fields (errors name the field, e.g. `content.findings`); it has no number
    until it is issued."""
    if doc_type_code not in CATALOGUE:
        raise DocumentInvalid({"doc_type": one_of(CATALOGUE)})
    subject, case = _case(actor, case.target_type, case.target_id)
    require_writer(actor=actor, code=doc_type_code, action=issuing.CREATE, target_type=case.target_type, case=subject)
    cleaned = _content(doc_type_code, content)
    document = Document.objects.create(
        target_type=case.target_type, target_id=case.target_id, doc_type=doc_type_code, content=cleaned,
        created_at=now, created_by=actor, updated_at=now, **_case_fields(case),
    )
    audit_record(actor=actor, action="documents.document.drafted", target=document, clause=document.type.clause,
                 now=now, after={"doc_type": doc_type_code, "on": f"{case.target_type}#{case.target_id}"})
    return document


@transaction.atomic
def document_edit(*, actor, document: Document, content: dict, now: datetime) -> Document:
    """Change a draft's content. An issued document is never changed (RuleViolation citing the
    type's clause): correct it with a new version."""
    document = _locked(document)
    require_writer(actor=actor, code=document.doc_type, action=issuing.EDIT, target_type=document.target_type)
    lifecycle(document.type.clause).check("edit", document.status, _facts(document))
    cleaned = _content(document.doc_type, content)
    changed = sorted(k for k in set(cleaned) | set(document.content) if cleaned.get(k) != document.content.get(k))
    document.content = cleaned
    document.updated_at = now
    document.save(update_fields=["content", "updated_at"])
    audit_record(actor=actor, action="documents.document.edited", target=document, clause=document.type.clause,
                 now=now, after={"changed": changed})
    return document


@transaction.atomic
def document_sign(*, actor, document: Document, signer_role: str, signer_name: str, png: bytes,
                  now: datetime) -> Signature:
    """A signature placed on a draft (the customer's, an inspector's, a witness's, the customer's
    operator's); it is printed on the PDF when the document is issued."""
    document = _locked(document)
    require_writer(actor=actor, code=document.doc_type, action=issuing.SIGN, target_type=document.target_type)
    lifecycle(document.type.clause).check("sign", document.status, _facts(document))
    return signature_capture(actor=actor, target=document, purpose=DOCUMENT_SIGN_PURPOSE, signer_role=signer_role,
                             signer_name=signer_name, png=png, now=now, clause=document.type.clause)


def issued_record(document: Document, signatures: list[Signature]) -> dict:
    """What the content hash of an issued document covers (see domain/digest.py)."""
    return {
        "doc_type": document.doc_type, "number": document.number, "version": document.version,
        "target": {"type": document.target_type, "id": document.target_id},
        "case_number": document.case_number, "utility": document.utility,
        "issuer": {"code": document.issuer_code, "short_name": document.issuer_short_name,
                   "name": document.issuer_name},
        "customer": {"name": document.customer_name, "account": document.customer_account,
                     "address": document.customer_address},
        "content": document.content,
        "signatures": [{"role": s.signer_role, "name": s.signer_name, "image_sha256": s.image_sha256,
                        "signed_at": s.signed_at.astimezone(UTC).isoformat(timespec="microseconds")}
                       for s in signatures],
        "issued_at": document.issued_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "replaces": document.replaces.number_display if document.replaces_id else None,
        "correction_reason": document.correction_reason,
    }


def _require_party_signature(document: Document) -> None:
    """RuleViolation (§2.6(2)) unless a survey record or transcript has the party's signature or
    a recorded refusal with its witnesses and photo."""
    if document.doc_type not in service_rules.PARTY_SIGNS:
        return
    party_signed = Signature.objects.filter(target_type="documents.document", target_id=str(document.pk),
                                            signer_role=SignerRole.CUSTOMER).exists()
    refusal = (document.service_records.filter(method=ServiceMethod.REFUSED).annotate(photos=Count("proofs"))
               .order_by("-photos").first())
    refused = service_rules.party_signature_refusal(
        code=document.doc_type, party_signed=party_signed,
        refusal_witnesses=len(refusal.witness_names) if refusal else 0, refusal_photos=refusal.photos if refusal else 0)
    if refused is not None:
        raise refused


def document_issue(*, actor, document: Document, now: datetime) -> Document:
    """Issue a draft, by a role that issues its type, when its case type declares the type and
    (for a first version) the case's precondition holds (RuleViolation with the clause): refresh
    the case facts printed on it, give it its number (the next of its type, issuer and year; a
    correction keeps the number of the document it corrects and adds its version), hash its
    content, render each copy's PDF once and store it by hash. The document is immutable from
    then on. Issuing a correction supersedes the version it replaces.

    Rendering takes most of the time, so it happens first, without the write lock (which on
    SQLite stops every other writer), for the number the document will most likely get. Under
    the lock the PDFs are kept if nothing printed on them changed meanwhile (the content hash
    covers it: another issue of the series may have taken that number), else rendered again."""
    token = secrets.token_urlsafe(24)
    with _series_lock(document):
        planned, _replaced, signatures = _issuable(actor, document, now=now, token=token, lock=False)
        rendered = {kind: document_pdf(planned, copy=kind, signatures=signatures) for kind in copies_of(planned)}

        @retried_on_deadlock
        def store() -> Document:
            issued, replaced, signatures = _issuable(actor, document, now=now, token=token, lock=True)
            pdfs = rendered
            if issued.content_sha256 != planned.content_sha256:
                pdfs = {kind: document_pdf(issued, copy=kind, signatures=signatures) for kind in copies_of(issued)}
            return _store_issued(actor, issued, replaced, pdfs, now=now)

        return store()


@contextmanager
def _series_lock(document: Document):
    """Issues of one number series on this machine take turns, from planning to commit, so the
    number planned is the number taken and the PDFs are rendered once, outside the database's
    write lock; other writers go on meanwhile. (Servers on several machines stay correct: the
    content hash check renders again under the lock.)"""
    key = hashlib.sha256(f"doc:{document.doc_type}:{document.issuer_code}".encode()).hexdigest()[:16]
    path = Path(settings.MEDIA_ROOT) / "locks" / f"issue-{key}.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _issuable(actor, document: Document, *, now: datetime, token: str, lock: bool):
    """The document with everything an issue prints on it set, not saved, after the checks; with
    the document it replaces and its signatures. With lock, inside the transaction: rows locked
    and the number taken; without, the number it would take now."""
    objects = Document.objects.select_for_update() if lock else Document.objects
    document = objects.get(pk=document.pk)
    spec = document.type
    subject, case = _case(actor, document.target_type, document.target_id)
    require_writer(actor=actor, code=document.doc_type, action=issuing.ISSUE, target_type=document.target_type,
                   case=subject, correction=document.replaces_id is not None)
    _require_party_signature(document)
    replaced = objects.get(pk=document.replaces_id) if document.replaces_id else None
    lifecycle(spec.clause).check("issue", document.status, _facts(
        document, replaced_is_superseded=bool(replaced and replaced.is_superseded)))
    document.content = _content(document.doc_type, document.content)
    for field, value in _case_fields(case).items():
        setattr(document, field, value)
    if replaced is not None:
        document.number, document.sequence_year, document.sequence_no = (
            replaced.number, replaced.sequence_year, replaced.sequence_no)
    else:
        year = timezone.localtime(now).year
        key = f"doc:{document.doc_type}:{document.issuer_code}"
        seq = next_number(key=key, year=year) if lock else last_number(key=key, year=year) + 1
        document.number = format_number(number_format(document.doc_type), issuer=document.issuer_short_name,
                                        word=spec.number_word, year=year, seq=seq)
        document.sequence_year, document.sequence_no = year, seq
    document.status = DocumentStatus.ISSUED
    document.issued_at, document.issued_by = now, actor
    document.verify_token = token
    document.updated_at = now
    signatures = document_signatures(document)
    document.content_sha256 = record_sha256(issued_record(document, signatures))
    return document, replaced, signatures


def _store_issued(actor, document: Document, replaced: Document | None, rendered: dict[str, bytes], *,
                  now: datetime) -> Document:
    document.save(update_fields=[
        "content", "case_number", "utility", "issuer_code", "issuer_short_name", "issuer_name", "customer_name",
        "customer_account", "customer_address", "number", "sequence_year", "sequence_no", "status", "issued_at",
        "issued_by", "verify_token", "content_sha256", "updated_at",
    ])
    copies = {}
    for kind, pdf in rendered.items():
        copy = DocumentCopy.objects.create(document=document, kind=kind, pdf_sha256=blob_write(DOCUMENT_NAMESPACE, pdf),
                                           pdf_size=len(pdf))
        copies[kind] = copy.pdf_sha256
    if replaced is not None:
        replaced.superseded_at = now
        replaced.save(update_fields=["superseded_at"])
        audit_record(actor=actor, action="documents.document.superseded", target=replaced, clause=document.type.clause,
                     now=now, after={"by": document.number_display, "version": document.version})
    audit_record(actor=actor, action="documents.document.issued", target=document, clause=document.type.clause,
                 now=now, after={"number": document.number_display, "version": document.version,
                                 "content_sha256": document.content_sha256, "copies": copies})
    return document


@transaction.atomic
def document_discard(*, actor, document: Document, reason: str = "", now: datetime) -> Document:
    """Discard a draft (it never had a number, so no number is lost)."""
    document = _locked(document)
    require_writer(actor=actor, code=document.doc_type, action=issuing.DISCARD, target_type=document.target_type)
    lifecycle(document.type.clause).check("discard", document.status, _facts(document))
    document.status = DocumentStatus.DISCARDED
    document.discarded_at = now
    document.updated_at = now
    document.save(update_fields=["status", "discarded_at", "updated_at"])
    audit_record(actor=actor, action="documents.document.discarded", target=document, clause=document.type.clause,
                 now=now, after={"reason": reason.replace("\x00", "")[:500]})
    return document


@transaction.atomic
def document_correct(*, actor, document: Document, reason: str, now: datetime) -> Document:
    """Start a correction of an issued document: a new draft version (version + 1) with the same
    content, to be edited and issued. The document it corrects stays as it is, readable, until
    the correction is issued; then it is marked superseded."""
    document = _locked(document)
    require_writer(actor=actor, code=document.doc_type, action=issuing.CORRECT, target_type=document.target_type)
    has_open = Document.objects.filter(replaces=document).exclude(status=DocumentStatus.DISCARDED).exists()
    refused = correction_refusal(state=document.status, facts=_facts(document), has_open_correction=has_open)
    if refused is not None:
        raise refused
    reason = (reason or "").strip()
    if "\x00" in reason:
        raise DocumentInvalid({"reason": gettext_noop("含有不允许的字符。")})
    if not reason:
        raise DocumentInvalid({"reason": gettext_noop("须说明更正原因。")})
    if len(reason) > 1000:
        raise DocumentInvalid({"reason": gettext_noop("不能超过 1000 个字。")})
    correction = Document.objects.create(
        target_type=document.target_type, target_id=document.target_id, doc_type=document.doc_type,
        version=document.version + 1, replaces=document, correction_reason=reason, content=dict(document.content),
        case_number=document.case_number, utility=document.utility, issuer_code=document.issuer_code,
        issuer_short_name=document.issuer_short_name, issuer_name=document.issuer_name,
        customer_name=document.customer_name, customer_account=document.customer_account,
        customer_address=document.customer_address, created_at=now, created_by=actor, updated_at=now,
    )
    audit_record(actor=actor, action="documents.document.correction_started", target=correction,
                 clause=document.type.clause, now=now,
                 after={"corrects": document.number_display, "version": correction.version, "reason": reason})
    return correction


# -- guards for later case steps ------------------------------------------------------------------

def require_served(*, document: Document, clause: str) -> None:
    """RuleViolation citing `clause` (the later step's) unless the document is served and is the
    latest version."""
    refused = served_refusal(state=document.status, superseded=document.is_superseded, clause=clause,
                             title=document.title())
    if refused is not None:
        raise refused


def require_served_document(*, target: models.Model, doc_type: str, clause: str) -> None:
    """RuleViolation citing `clause` unless the case `target` has an issued document of this type
    and every current (not superseded) one is served. A case cannot proceed past a step that
    needs a served document until service is recorded."""
    spec = CATALOGUE[doc_type]
    current = list(Document.objects.filter(
        target_type=target._meta.label_lower, target_id=str(target.pk), doc_type=doc_type,
        status__in=[DocumentStatus.ISSUED, DocumentStatus.SERVED], superseded_at__isnull=True,
    ).order_by("issued_at", "id"))
    if not current:
        raise RuleViolation(clause, gettext_noop("须先签发%(title)s并送达客户。"), {"title": spec.title("")})
    for document in current:
        require_served(document=document, clause=clause)
