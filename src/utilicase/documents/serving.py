"""Writer of the service of documents on customers (§2.5(2), §2.6(3)).

`service_record` records one of: the customer signed for the document (their signature is
captured on screen and kept with this record, shown on the service record page; the issued PDF
is not changed); the customer refused to sign (recorded, the document stays unserved); or, after
a recorded refusal, another valid means with its proof (see domain/service.py). Proof files are
judged by their content (a renamed program is not a photo) and stored by hash."""

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from utilicase.audit.services import audit_record
from utilicase.blobs.domain.sniff import HEAD_BYTES, FileRefused, check_upload
from utilicase.blobs.storage import blob_write
from utilicase.core.rules import RuleViolation
from utilicase.documents.domain import issuing
from utilicase.documents.domain import service as rules
from utilicase.documents.domain.catalogue import gettext_noop, one_of
from utilicase.documents.domain.lifecycle import DocumentFacts, lifecycle
from utilicase.documents.domain.signatures import SignatureRefused
from utilicase.documents.models import (
    Document,
    DocumentStatus,
    ProofKind,
    ServiceMethod,
    ServiceProof,
    ServiceRecord,
    SignerRole,
)
from utilicase.documents.services import _check_signature_png, require_writer, signature_capture

PROOF_NAMESPACE = "document_proofs"
CUSTOMER_PURPOSE = "documents.service.customer"
WITNESS_PURPOSE = "documents.service.witness"
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/heic"})
SCAN_TYPES = IMAGE_TYPES | {"application/pdf"}
MAX_PROOF_BYTES = 15 * 1024 * 1024

# field -> (kind, the content types accepted)
_PROOF_FIELDS = {
    "photos": (ProofKind.PHOTO, IMAGE_TYPES),
    "receipts": (ProofKind.RECEIPT, SCAN_TYPES),
    "certificates": (ProofKind.CERTIFICATE, SCAN_TYPES),
}


class ServiceInvalid(ValueError):
    """Bad or missing proof: the errors by field name; nothing was stored."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


def _read(field: str, upload: Any, allowed: frozenset[str]) -> tuple[bytes, str]:
    """The bytes of an upload (bytes, or a Django/ninja UploadedFile) once its size and content
    are accepted."""
    if isinstance(upload, bytes | bytearray):
        data = bytes(upload)
        kind = check_upload(field=field, head=data[:HEAD_BYTES], size=len(data), allowed=allowed,
                            max_bytes=MAX_PROOF_BYTES)
        return data, kind
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    kind = check_upload(field=field, head=head, size=upload.size or 0, allowed=allowed, max_bytes=MAX_PROOF_BYTES)
    upload.seek(0)
    return upload.read(), kind


@transaction.atomic
def service_record(
    *, actor, document: Document, method: str, signer_name: str = "", customer_signature: bytes | None = None,
    witness_names: Sequence[str] = (), witness_signatures: Sequence[bytes] = (), photos: Sequence[Any] = (),
    receipts: Sequence[Any] = (), certificates: Sequence[Any] = (), tracking_number: str = "",
    notary_office: str = "", notice_place: str = "", notice_start_date: date | None = None,
    notice_end_date: date | None = None, note: str = "", now: datetime,
) -> ServiceRecord:
    """Record the service of an issued document, or the customer's refusal to sign (§2.5(2),
    §2.6(3); the type's own clause is cited). Refused with RuleViolation: a draft, a superseded
    version, an already served document, a type that is not served, another means before a
    refusal is recorded. ServiceInvalid names the field of missing or bad proof."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    spec = document.type
    if method not in ServiceMethod.values:
        raise ServiceInvalid({"method": one_of(ServiceMethod.values)})
    refused_before = document.service_records.filter(method=ServiceMethod.REFUSED).exists()
    facts = DocumentFacts(clause=spec.clause, serve_mode=spec.serve, superseded=document.is_superseded,
                          refused_before=refused_before, method=method)
    lifecycle(spec.clause).check("refuse" if method == ServiceMethod.REFUSED else "serve", document.status, facts)

    names = tuple(n.strip() for n in witness_names if n is not None)
    proof = rules.ServiceProof(
        method=method, signer_name=signer_name or "", customer_signature=int(customer_signature is not None),
        witness_names=names, witness_signatures=len(witness_signatures), photos=len(photos),
        tracking_number=tracking_number or "", receipts=len(receipts), notary_office=notary_office or "",
        certificates=len(certificates), notice_place=notice_place or "", notice_start_date=notice_start_date,
        notice_end_date=notice_end_date, note=note or "",
    )
    errors = rules.proof_errors(proof, serve_mode=spec.serve, today=timezone.localtime(now).date())
    if errors:
        raise ServiceInvalid(errors)

    files: list[tuple[str, bytes, str]] = []
    try:
        for field, uploads in (("photos", photos), ("receipts", receipts), ("certificates", certificates)):
            kind, allowed = _PROOF_FIELDS[field]
            for upload in uploads:
                data, content_type = _read(field, upload, allowed)
                files.append((kind, data, content_type))
        if customer_signature is not None:
            _check_signature_png(customer_signature, field="customer_signature")
        for png in witness_signatures:
            _check_signature_png(png, field="witness_signatures")
    except (FileRefused, SignatureRefused) as exc:
        raise ServiceInvalid({exc.field: exc.message}) from None

    record = ServiceRecord.objects.create(
        document=document, method=method, recorded_at=now, recorded_by=actor,
        signer_name=proof.signer_name.strip() if method == ServiceMethod.SIGNED else "",
        witness_names=list(names) if method == ServiceMethod.LEFT_WITH_WITNESSES else [],
        tracking_number=proof.tracking_number.strip() if method == ServiceMethod.REGISTERED_POST else "",
        notary_office=proof.notary_office.strip() if method == ServiceMethod.NOTARISED else "",
        notice_place=proof.notice_place.strip() if method == ServiceMethod.PUBLIC_NOTICE else "",
        notice_start_date=notice_start_date if method == ServiceMethod.PUBLIC_NOTICE else None,
        notice_end_date=notice_end_date if method == ServiceMethod.PUBLIC_NOTICE else None,
        note=proof.note.strip(),
    )
    stored = _store(actor=actor, record=record, files=files, witness_names=names,
                    witness_signatures=witness_signatures, now=now, clause=spec.clause)
    if customer_signature is not None:
        signature_capture(actor=actor, target=record, purpose=CUSTOMER_PURPOSE, signer_role=SignerRole.CUSTOMER,
                          signer_name=record.signer_name, png=customer_signature, now=now, clause=spec.clause)
    if rules.serves(method):
        document.status = DocumentStatus.SERVED
        document.served_at = now
        document.save(update_fields=["status", "served_at"])
    audit_record(actor=actor, action="documents.document.served" if rules.serves(method) else
                 "documents.document.service_refused", target=document, clause=spec.clause, now=now,
                 after={"method": method, "service_record": record.pk, "proofs": stored})
    return record


def _store(*, actor, record: ServiceRecord, files: list[tuple[str, bytes, str]], witness_names: Sequence[str],
           witness_signatures: Sequence[bytes], now: datetime, clause: str) -> list[str]:
    """Store the proof files and the witnesses' signatures of a record; the files' hashes."""
    stored = []
    for kind, data, content_type in files:
        sha256 = blob_write(PROOF_NAMESPACE, data)
        ServiceProof.objects.create(service=record, kind=kind, sha256=sha256, content_type=content_type,
                                    size=len(data))
        stored.append(sha256)
    for name, png in zip(witness_names, witness_signatures, strict=True):
        signature_capture(actor=actor, target=record, purpose=WITNESS_PURPOSE, signer_role=SignerRole.WITNESS,
                          signer_name=name, png=png, now=now, clause=clause)
    return stored


@transaction.atomic
def party_refusal_record(*, actor, document: Document, witness_names: Sequence[str],
                         witness_signatures: Sequence[bytes], photos: Sequence[Any], note: str = "",
                         now: datetime) -> ServiceRecord:
    """Record that the party refused to sign a draft survey record or transcript (§2.6(2)): two
    or more named witnesses, each signing, and a photo, kept as a refusal record of the draft as
    for service (§2.6(3)). The draft may then be issued without the party's signature.
    RuleViolation (§2.6(2)) for another type, an issued document, or a role that does not sign it;
    ServiceInvalid names the field of missing or bad proof."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    require_writer(actor=actor, code=document.doc_type, action=issuing.SIGN, target_type=document.target_type)
    if document.doc_type not in rules.PARTY_SIGNS:
        raise RuleViolation("§2.6(2)", gettext_noop("只有现场勘查记录、调查笔录登记当事人拒签。"))
    lifecycle(document.type.clause).check("sign", document.status, DocumentFacts(
        clause=document.type.clause, serve_mode=document.type.serve, superseded=document.is_superseded))
    names = tuple(n.strip() for n in witness_names if n is not None)
    errors = rules.party_refusal_errors(witness_names=names, witness_signatures=len(witness_signatures),
                                        photos=len(photos), note=note or "")
    if errors:
        raise ServiceInvalid(errors)
    kind, allowed = _PROOF_FIELDS["photos"]
    try:
        files = [(kind, *_read("photos", upload, allowed)) for upload in photos]
        for png in witness_signatures:
            _check_signature_png(png, field="witness_signatures")
    except (FileRefused, SignatureRefused) as exc:
        raise ServiceInvalid({exc.field: exc.message}) from None
    record = ServiceRecord.objects.create(document=document, method=ServiceMethod.REFUSED, recorded_at=now,
                                          recorded_by=actor, witness_names=list(names), note=(note or "").strip())
    stored = _store(actor=actor, record=record, files=files, witness_names=names,
                    witness_signatures=witness_signatures, now=now, clause="§2.6(2)")
    audit_record(actor=actor, action="documents.document.signature_refused", target=document, clause="§2.6(2)",
                 now=now, after={"witnesses": list(names), "service_record": record.pk, "photos": stored})
    return record
