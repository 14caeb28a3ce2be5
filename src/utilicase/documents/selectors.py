"""Reads of the documents context, restricted by the case the user may see (core.cases.case_for),
and the public verification of a document by its token."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from utilicase.blobs.storage import blob_stored_sha256
from utilicase.core.cases import CaseInfo, case_for
from utilicase.documents.domain.digest import record_sha256
from utilicase.documents.models import (
    CopyKind,
    Document,
    DocumentStatus,
    ServiceRecord,
    Signature,
)
from utilicase.documents.rendering import document_signatures
from utilicase.documents.services import DOCUMENT_NAMESPACE, issued_record


@dataclass(frozen=True)
class CaseDocuments:
    case: Any
    info: CaseInfo
    documents: QuerySet[Document]


def case_documents(*, user, target_type: str, target_id: str) -> CaseDocuments | None:
    """A case's documents (discarded drafts left out), newest first; None when the user may not
    see the case."""
    found = case_for(user, target_type, str(target_id))
    if found is None:
        return None
    case, info = found
    documents = (Document.objects.filter(target_type=info.target_type, target_id=info.target_id)
                 .exclude(status=DocumentStatus.DISCARDED).select_related("replaces").order_by("-created_at", "-id"))
    return CaseDocuments(case, info, documents)


def document_get(*, user, id: int) -> tuple[Document, CaseInfo]:
    """The document and its case; Document.DoesNotExist when it is missing or its case is out of
    the user's sight (the two are not told apart)."""
    document = Document.objects.select_related("replaces", "issued_by", "created_by").filter(pk=id).first()
    if document is None:
        raise Document.DoesNotExist
    found = case_for(user, document.target_type, document.target_id)
    if found is None:
        raise Document.DoesNotExist
    return document, found[1]


def document_versions(document: Document) -> list[Document]:
    """Every version of the document, first to latest (discarded correction drafts left out)."""
    root = document
    while root.replaces_id:
        root = Document.objects.select_related("replaces").get(pk=root.replaces_id)
    chain = [root]
    while True:
        nxt = (Document.objects.filter(replaces=chain[-1]).exclude(status=DocumentStatus.DISCARDED)
               .order_by("id").first())
        if nxt is None:
            return chain
        chain.append(nxt)


def superseded_by(document: Document) -> Document | None:
    """The issued version that replaces this one, the latest of them; None while it is not
    superseded. A document is superseded when its correction is issued (`superseded_at`, set
    then), never by a correction still in draft. The verification page and the API both say
    this."""
    if not document.is_superseded:
        return None
    issued = [v for v in document_versions(document) if v.status in (DocumentStatus.ISSUED, DocumentStatus.SERVED)]
    return issued[-1]


def service_records(document: Document) -> list[ServiceRecord]:
    records = list(document.service_records.select_related("recorded_by").prefetch_related("proofs"))
    signatures = Signature.objects.filter(target_type="documents.servicerecord",
                                          target_id__in=[str(r.pk) for r in records]).order_by("id")
    by_record: dict[str, list[Signature]] = {}
    for s in signatures:
        by_record.setdefault(s.target_id, []).append(s)
    for r in records:
        r.signatures = by_record.get(str(r.pk), [])
    return records


def service_record_get(*, document: Document, id: int) -> ServiceRecord:
    for record in service_records(document):
        if record.pk == id:
            return record
    raise ServiceRecord.DoesNotExist


@dataclass
class CopyCheck:
    kind: str
    label: str
    stored_sha256: str
    ok: bool
    missing: bool = False


@dataclass
class Verification:
    """What the public verification page says. No personal data: no customer, no content."""

    found: bool
    document: Document | None = None
    superseded_by: Document | None = None
    content_ok: bool = False
    copies: list[CopyCheck] = field(default_factory=list)

    @property
    def files_ok(self) -> bool:
        return bool(self.copies) and all(c.ok for c in self.copies)

    @property
    def intact(self) -> bool:
        return self.content_ok and self.files_ok


def _file_sha256(sha256: str) -> str | None:
    return blob_stored_sha256(DOCUMENT_NAMESPACE, sha256)


# Tokens are secrets.token_urlsafe (services.document_issue): URL-safe base64 letters only.
_TOKEN_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def verification(*, token: str) -> Verification:
    """Verify a document version by its token: whether it exists (issued, with that token),
    which issued version supersedes it, if any (`superseded_by`), whether its recorded content
    hash still matches its record, and whether each stored PDF's hash matches the hash recorded
    at issue."""
    if not token or len(token) > 64 or not _TOKEN_CHARACTERS.issuperset(token):
        return Verification(found=False)  # not of a token's form: never sent to the database
    document = (Document.objects.select_related("replaces", "issued_by")
                .filter(verify_token=token).exclude(status__in=[DocumentStatus.DRAFT, DocumentStatus.DISCARDED])
                .first())
    if document is None:
        return Verification(found=False)
    content_ok = record_sha256(issued_record(document, document_signatures(document))) == document.content_sha256
    copies = []
    for copy in document.copies.order_by("id"):
        actual = _file_sha256(copy.pdf_sha256)
        copies.append(CopyCheck(kind=copy.kind, label=CopyKind(copy.kind).label, stored_sha256=copy.pdf_sha256,
                                ok=actual == copy.pdf_sha256, missing=actual is None))
    return Verification(found=True, document=document, superseded_by=superseded_by(document), content_ok=content_ok,
                        copies=copies)
