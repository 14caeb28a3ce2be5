"""Request and answer schemas of the documents API (see api.py)."""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.utils import timezone
from ninja import Field, Schema
from pydantic import PlainSerializer

from utilicase.config.api_types import Day, Text
from utilicase.documents.domain.catalogue import CATALOGUE
from utilicase.documents.models import CopyKind, Document, DocumentStatus, ServiceMethod, SignerRole

DocTypeCode = Literal[tuple(CATALOGUE)]
MethodCode = Literal[tuple(ServiceMethod.values)]
RoleCode = Literal[tuple(SignerRole.values)]
CopyCode = Literal[tuple(CopyKind.values)]


TargetType = Annotated[Text, Field(min_length=3, max_length=100)]
TargetId = Annotated[Text, Field(min_length=1, max_length=64)]
LocalTime = Annotated[datetime, PlainSerializer(lambda v: timezone.localtime(v).isoformat(), return_type=str)]


class DocumentIn(Schema):
    target_type: TargetType
    target_id: TargetId
    doc_type: DocTypeCode
    content: dict[str, Any]


class DraftableOut(Schema):
    """A document type the caller may draft on the case now, with the content the case fills in."""

    doc_type: str
    title: str
    content: dict[str, str]


class ContentIn(Schema):
    content: dict[str, Any]


class ReasonIn(Schema):
    reason: Annotated[Text, Field(max_length=1000)]


class DiscardIn(Schema):
    reason: Annotated[Text, Field(max_length=1000)] = ""


class SignatureIn(Schema):
    signer_role: RoleCode
    signer_name: Annotated[Text, Field(max_length=50)]
    image: Annotated[Text, Field(description="the pad's value: data:image/png;base64,…", max_length=800_000)]


class ServiceIn(Schema):
    """Sent as multipart/form-data with the proof files (`photos`, `receipts`, `certificates`)."""

    method: MethodCode
    signer_name: Annotated[Text, Field(max_length=50)] = ""
    customer_signature: Annotated[Text, Field(max_length=800_000)] = ""
    witness_names: list[Annotated[Text, Field(max_length=50)]] = []
    witness_signatures: list[Annotated[Text, Field(max_length=800_000)]] = []
    tracking_number: Annotated[Text, Field(max_length=30)] = ""
    notary_office: Annotated[Text, Field(max_length=200)] = ""
    notice_place: Annotated[Text, Field(max_length=200)] = ""
    notice_start_date: Day | None = None
    notice_end_date: Day | None = None
    note: Annotated[Text, Field(max_length=1000)] = ""


class RefusalIn(Schema):
    """The party's refusal to sign a survey record or transcript (§2.6(2)); multipart/form-data
    with the `photos`."""

    witness_names: list[Annotated[Text, Field(max_length=50)]] = []
    witness_signatures: list[Annotated[Text, Field(max_length=800_000)]] = []
    note: Annotated[Text, Field(max_length=1000)] = ""


class CopyOut(Schema):
    kind: str
    pdf_sha256: str
    pdf_size: int
    url: str

    @staticmethod
    def resolve_url(obj) -> str:
        return f"/api/v1/documents/{obj.document_id}/pdf?copy={obj.kind}"


class SignatureOut(Schema):
    id: int
    signer_role: str
    signer_name: str
    signed_at: LocalTime
    image_sha256: str


class ProofOut(Schema):
    kind: str
    sha256: str
    content_type: str
    size: int


class ServiceRecordOut(Schema):
    id: int
    method: str
    serves: bool
    recorded_at: LocalTime
    recorded_by: str
    signer_name: str
    witness_names: list[str]
    tracking_number: str
    notary_office: str
    notice_place: str
    notice_start_date: date | None
    notice_end_date: date | None
    note: str
    signatures: list[SignatureOut]
    proofs: list[ProofOut]

    @staticmethod
    def resolve_recorded_by(obj) -> str:
        return obj.recorded_by.display_name

    @staticmethod
    def resolve_signatures(obj) -> list:
        return getattr(obj, "signatures", [])

    @staticmethod
    def resolve_proofs(obj) -> list:
        return list(obj.proofs.all())


class DocumentSummary(Schema):
    id: int
    doc_type: str
    title: str
    status: Literal[tuple(DocumentStatus.values)]
    version: int
    number: str
    superseded: bool
    target_type: str
    target_id: str
    created_at: LocalTime
    issued_at: LocalTime | None
    served_at: LocalTime | None

    @staticmethod
    def resolve_title(obj: Document) -> str:
        return obj.title()

    @staticmethod
    def resolve_number(obj: Document) -> str:
        return obj.number_display

    @staticmethod
    def resolve_superseded(obj: Document) -> bool:
        return obj.is_superseded


class VersionRef(Schema):
    id: int
    version: int
    number: str
    status: str
    superseded: bool

    @staticmethod
    def resolve_number(obj: Document) -> str:
        return obj.number_display

    @staticmethod
    def resolve_superseded(obj: Document) -> bool:
        return obj.is_superseded


class DocumentOut(DocumentSummary):
    content: dict[str, str]
    case_number: str
    utility: str
    issuer_code: str
    issuer_name: str
    customer_name: str
    customer_account: str
    customer_address: str
    two_copies: bool
    served_type: bool
    replaces_id: int | None
    correction_reason: str
    content_sha256: str
    verify_url: str
    copies: list[CopyOut]
    signatures: list[SignatureOut]
    versions: list[VersionRef]
    superseded_by: VersionRef | None
    service_records: list[ServiceRecordOut]

    @staticmethod
    def resolve_superseded_by(obj: Document) -> Document | None:
        from utilicase.documents.selectors import superseded_by

        return superseded_by(obj)

    @staticmethod
    def resolve_two_copies(obj: Document) -> bool:
        return obj.type.two_copies

    @staticmethod
    def resolve_served_type(obj: Document) -> bool:
        return obj.type.served

    @staticmethod
    def resolve_verify_url(obj: Document) -> str:
        from utilicase.documents.rendering import verify_url

        return verify_url(obj.verify_token) if obj.verify_token else ""

    @staticmethod
    def resolve_copies(obj: Document) -> list:
        return list(obj.copies.all())

    @staticmethod
    def resolve_signatures(obj: Document) -> list:
        from utilicase.documents.rendering import document_signatures

        return document_signatures(obj)

    @staticmethod
    def resolve_versions(obj: Document) -> list:
        from utilicase.documents.selectors import document_versions

        return document_versions(obj)

    @staticmethod
    def resolve_service_records(obj: Document) -> list:
        from utilicase.documents.selectors import service_records

        return service_records(obj)
