"""Evidence register API under /api/v1/evidence (§2.6(2), §2.7(3)).

A case is named by `target_type` ("app_label.model") and `target_id`. Whoever sees the case reads
its register, files and package; a case one may not see answers 404 like a missing one, on every
route (items, files and reports included). Bad input: 422 naming the field and the reason; a
refused rule (custody order, sealing): 409 with the clause; an action that is not the caller's
work: 403. Coordinates are decimal strings. Uploads are multipart; types are judged by content."""

import io
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, File, Form, Router, Schema
from ninja import Status as Answer
from ninja.errors import HttpError, ValidationError
from ninja.files import UploadedFile
from ninja.pagination import paginate

from utilicase.blobs.storage import BlobMissing, blob_read
from utilicase.config.api_types import DbId, Pages
from utilicase.core.i18n import Message, translated
from utilicase.core.workdays import SHANGHAI
from utilicase.documents.domain.signatures import SignatureRefused, png_from_data_url
from utilicase.evidence import selectors, services
from utilicase.evidence.domain import custody as rules
from utilicase.evidence.domain.uploads import MAX_BYTES
from utilicase.evidence.models import EvidenceItem, ItemKind, SealState
from utilicase.org.models import User

router = Router(tags=["evidence"])

PAGE_SIZE = 50
REQUIRED_FILE = File(...)
TargetType = Annotated[str, Field(max_length=100, pattern=r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$",
                                  description='"app_label.model", e.g. "complaints.complaint"')]
TargetId = Annotated[str, Field(max_length=64, pattern=r"^[0-9A-Za-z_.:-]{1,64}$")]
KindIn = Literal[tuple(ItemKind.values)]  # type: ignore[valid-type]
StepIn = Literal[rules.MOVES]  # type: ignore[valid-type]
SealStateIn = Literal[("", *SealState.values)]  # type: ignore[valid-type]


class FileOut(Schema):
    id: int
    media: str
    sha256: str
    size: int
    content_type: str
    original_name: str
    uploaded_by: str
    uploaded_at: datetime
    captured_at: datetime | None
    exif_taken_at: datetime | None
    times_disagree: bool = Field(description="the camera's EXIF time is more than 10 minutes from the capture time")
    width: int | None
    height: int | None
    confirmed: bool = Field(description="shown to the customer when they signed the register")
    url: str
    thumbnail_url: str | None


class WitnessOut(Schema):
    name: str
    signature_sha256: str


class SealOut(Schema):
    id: int
    number: str
    sealed_by: str
    sealed_at: datetime
    signer_name: str
    signature_sha256: str
    customer_refused: bool = Field(description="the customer refused to confirm the seal (§2.6(2))")
    witnesses: list[WitnessOut] = Field(description="who witnessed the refusal and signed")
    refusal_photo_sha256: str
    intact: bool
    broken_at: datetime | None
    broken_note: str


class CustodyOut(Schema):
    id: int
    seq: int
    step: str
    moved_at: datetime
    moved_by: str
    location: str
    note: str
    seal: str
    seal_state: str
    seal_note: str
    result: str
    report_sha256: str
    report_url: str | None


class ItemOut(Schema):
    id: int
    number: int
    target_type: str
    target_id: str
    kind: str
    description: str
    location: str
    latitude: Decimal | None
    longitude: Decimal | None
    collected_at: datetime
    collectors: list[str]
    registered_by: str
    registered_at: datetime
    custody_state: str
    sealed: bool = Field(description="carries a seal not found broken")
    confirmed: bool = Field(description="covered by the customer's confirmation, with nothing added since")
    files: list[FileOut]
    seals: list[SealOut]
    custody: list[CustodyOut]


class ItemIn(Schema):
    target_type: TargetType
    target_id: TargetId
    kind: KindIn
    description: Annotated[str, Field(max_length=2000)]
    location: Annotated[str, Field(max_length=200)]
    latitude: Annotated[Decimal, Field(ge=-90, le=90, max_digits=9, decimal_places=6)] | None = None
    longitude: Annotated[Decimal, Field(ge=-180, le=180, max_digits=9, decimal_places=6)] | None = None
    collected_at: datetime | None = Field(None, description="default now; Asia/Shanghai without an offset")
    collectors: Annotated[list[Annotated[str, Field(max_length=150)]], Field(max_length=10)] = Field(
        default_factory=list, description="usernames of colleagues who collected it with you")


class SealIn(Schema):
    number: Annotated[str, Field(max_length=60)]
    signer_name: Annotated[str, Field(max_length=50)]
    signature: Annotated[str, Field(max_length=800_000, description="the customer's signature: data:image/png;base64,…")]


class SealRefusalIn(Schema):
    """A seal the customer refuses to confirm (§2.6(2)); multipart/form-data with the `photo`."""

    number: Annotated[str, Field(max_length=60)]
    witness_names: list[Annotated[str, Field(max_length=50)]] = []
    witness_signatures: list[Annotated[str, Field(max_length=800_000)]] = []


class CustodyIn(Schema):
    step: StepIn
    location: Annotated[str, Field(max_length=200)]
    note: Annotated[str, Field(max_length=1000)] = ""
    seal_state: SealStateIn = ""
    seal_note: Annotated[str, Field(max_length=500)] = ""
    result: Annotated[str, Field(max_length=10000)] = ""
    moved_at: datetime | None = None


class ConfirmIn(Schema):
    target_type: TargetType
    target_id: TargetId
    signer_name: Annotated[str, Field(max_length=50)]
    signature: Annotated[str, Field(max_length=800_000, description="the customer's signature: data:image/png;base64,…")]


class ConfirmationOut(Schema):
    id: int
    item_numbers: list[int]
    signer_name: str
    confirmed_at: datetime
    recorded_by: str
    signature_sha256: str


def _invalid(field: str, message: str, where: str = "body") -> ValidationError:
    loc = [where, "payload", field] if where == "body" else [where, field]
    return ValidationError([{"type": "value_error", "loc": loc, "msg": f"{field}: {message}"}])


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=SHANGHAI)


def _run(action, where: str = "body"):
    """Service errors as API answers (RuleViolation goes to the API's 409 handler)."""
    try:
        return action()
    except services.EvidenceInvalid as exc:
        raise _invalid(exc.field, exc.message, where) from None
    except services.NotPermitted:
        raise HttpError(403, "recording evidence is not your work") from None
    except services.CaseNotVisible:
        raise Http404("Not Found") from None


def _file_out(f) -> dict:
    return {
        "id": f.pk, "media": f.media, "sha256": f.sha256, "size": f.size, "content_type": f.content_type,
        "original_name": f.original_name, "uploaded_by": f.uploaded_by.username, "uploaded_at": f.uploaded_at,
        "captured_at": f.captured_at, "exif_taken_at": f.exif_taken_at, "times_disagree": f.times_disagree,
        "width": f.width, "height": f.height, "confirmed": f.confirmed,
        "url": f"/api/v1/evidence/files/{f.pk}",
        "thumbnail_url": f"/api/v1/evidence/files/{f.pk}/thumbnail" if f.thumbnail_sha256 else None,
    }


def _item_out(item: EvidenceItem) -> dict:
    return {
        "id": item.pk, "number": item.number, "target_type": item.target_type, "target_id": item.target_id,
        "kind": item.kind, "description": item.description, "location": item.location, "latitude": item.latitude,
        "longitude": item.longitude, "collected_at": item.collected_at,
        "collectors": sorted(u.username for u in item.collectors.all()),
        "registered_by": item.registered_by.username, "registered_at": item.registered_at,
        "custody_state": item.state, "sealed": item.current_seal is not None,
        "confirmed": item.confirmation is not None and not item.changed_since_confirmed,
        "files": [_file_out(f) for f in item.files.all()],
        "seals": [{
            "id": s.pk, "number": s.number, "sealed_by": s.sealed_by.username, "sealed_at": s.sealed_at,
            "signer_name": s.customer_signature.signer_name if s.customer_signature else "",
            "signature_sha256": s.customer_signature.image_sha256 if s.customer_signature else "",
            "intact": s.broken_at is None, "broken_at": s.broken_at, "broken_note": s.broken_note,
            "customer_refused": s.customer_refused,
            "witnesses": [{"name": w.signer_name, "signature_sha256": w.image_sha256}
                          for w in getattr(s, "witnesses", [])],
            "refusal_photo_sha256": s.refusal_photo.sha256 if s.refusal_photo_id else "",
        } for s in item.seals.all()],
        "custody": [{
            "id": e.pk, "seq": e.seq, "step": e.step, "moved_at": e.moved_at, "moved_by": e.moved_by.username,
            "location": e.location, "note": e.note, "seal": e.seal.number if e.seal else "", "seal_state": e.seal_state,
            "seal_note": e.seal_note, "result": e.result, "report_sha256": e.report_sha256,
            "report_url": f"/api/v1/evidence/custody/{e.pk}/report" if e.report_sha256 else None,
        } for e in item.custody.all()],
    }


def _confirmation_out(c) -> dict:
    return {"id": c.pk, "item_numbers": c.item_numbers, "signer_name": c.signer_name, "confirmed_at": c.confirmed_at,
            "recorded_by": c.recorded_by.username, "signature_sha256": c.signature.image_sha256 if c.signature else ""}


def _register(request: HttpRequest, target_type: str, target_id: str) -> selectors.Register:
    register = selectors.register_get(user=request.auth, target_type=target_type, target_id=target_id)
    if register is None:
        raise Http404("Not Found")
    return register


def _item(request: HttpRequest, item_id: int) -> EvidenceItem:
    found = selectors.item_get(user=request.auth, id=item_id)
    if found is None:
        raise Http404("Not Found")
    return found[0]


def _item_answer(request: HttpRequest, item_id: int, status: int = 200):
    item = _item(request, item_id)
    return Answer(status, _item_out(item)) if status != 200 else _item_out(item)


def _png(value: str) -> bytes:
    try:
        return png_from_data_url(value)
    except SignatureRefused as exc:
        raise _invalid(exc.field, translated(exc.message, gettext)) from None


def _collectors(usernames: list[str]) -> list[User]:
    if any(not n.isprintable() for n in usernames):
        raise _invalid("collectors", gettext("含有不允许的字符。"))
    users = {u.username: u for u in User.objects.filter(username__in=usernames, is_active=True)}
    missing = [n for n in usernames if n not in users]
    if missing:
        raise _invalid("collectors", translated(Message("未知或已离职的员工：%(usernames)s",
                                                        usernames=", ".join(missing[:5])), gettext))
    return list(users.values())


@router.get("/items", response=list[ItemOut], summary="A case's evidence register")
@paginate(Pages, page_size=PAGE_SIZE)
def list_items(request: HttpRequest, target_type: TargetType, target_id: TargetId):
    """Every item of the case, by register number, with files, seals and custody log."""
    return [_item_out(i) for i in _register(request, target_type, target_id).items]


@router.post("/items", response={201: ItemOut}, summary="Register an item (§2.6(2))")
def create_item(request: HttpRequest, payload: ItemIn):
    """Gets the case's next register number; its custody log starts with COLLECTED."""
    now = timezone.now()
    collectors = _collectors(payload.collectors)
    item = _run(lambda: services.item_register(
        actor=request.auth, target_type=payload.target_type, target_id=payload.target_id, kind=payload.kind,
        description=payload.description, location=payload.location, latitude=payload.latitude,
        longitude=payload.longitude, collected_at=_aware(payload.collected_at), collectors=collectors, now=now))
    return _item_answer(request, item.pk, 201)


@router.get("/items/{item_id}", response=ItemOut, summary="One item")
def get_item(request: HttpRequest, item_id: DbId):
    return _item_out(_item(request, item_id))


def _read(upload: UploadedFile, field: str) -> bytes:
    """The upload's bytes; a file beyond the largest limit is refused before it is read."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise _invalid(field, f"the file is {upload.size} bytes; at most {MAX_BYTES} are accepted", "form")
    return upload.read(MAX_BYTES + 1)


@router.post("/items/{item_id}/files", response={201: ItemOut}, summary="Add a photo or recording (multipart)")
def add_file(request: HttpRequest, item_id: DbId, file: UploadedFile = REQUIRED_FILE,
             captured_at: Form[datetime | None] = None):
    """`file`: a photo (JPEG, PNG, HEIC, WEBP; at most 15 MB) on any item, or a recording (AMR,
    MP3, M4A, WAV; at most 50 MB) on a RECORDING item — judged by content, not by name.
    `captured_at`: when the phone took it (optional). The photo's EXIF DateTimeOriginal is read
    and compared with it (or with the upload time)."""
    item = _item(request, item_id)
    data = _read(file, "file")
    _run(lambda: services.evidence_file_add(actor=request.auth, item=item, data=data, original_name=file.name or "",
                                            captured_at=_aware(captured_at), now=timezone.now()), "form")
    return _item_answer(request, item_id, 201)


@router.post("/items/{item_id}/seals", response={201: ItemOut}, summary="Seal an item; the customer signs (§2.6(2))")
def add_seal(request: HttpRequest, item_id: DbId, payload: SealIn):
    item = _item(request, item_id)
    png = _png(payload.signature)
    _run(lambda: services.seal_apply(actor=request.auth, item=item, number=payload.number,
                                     signer_name=payload.signer_name, png=png, now=timezone.now()))
    return _item_answer(request, item_id, 201)


@router.post("/items/{item_id}/seals/refused", response={201: ItemOut},
             summary="Seal an item the customer refuses to confirm: witnesses and a photo (§2.6(2)) (multipart)")
def add_seal_refused(request: HttpRequest, item_id: DbId, payload: Form[SealRefusalIn],
                     photo: File[UploadedFile | None] = None):
    """As for service (§2.6(3)): two or more `witness_names`, as many `witness_signatures` (the
    pad's data URLs, in the same order) and the `photo` of the refusal (JPEG, PNG, HEIC, WEBP;
    kept as a file of the item). The seal is recorded as refused by the customer."""
    item = _item(request, item_id)
    try:
        pngs = [png_from_data_url(v, field="witness_signatures") for v in payload.witness_signatures]
    except SignatureRefused as exc:
        raise _invalid(exc.field, translated(exc.message, gettext), "form") from None
    data = _read(photo, "photo") if photo is not None else None
    _run(lambda: services.seal_apply_refused(actor=request.auth, item=item, number=payload.number,
                                             witness_names=payload.witness_names, witness_pngs=pngs, photo=data,
                                             now=timezone.now()), "form")
    return _item_answer(request, item_id, 201)


@router.post("/items/{item_id}/custody", response={201: ItemOut}, summary="Record a custody move (multipart)")
def move_custody(request: HttpRequest, item_id: DbId, payload: Form[CustodyIn],
                 report: File[UploadedFile | None] = None):
    """Order: COLLECTED → STORED → SENT_FOR_APPRAISAL → APPRAISAL_RESULT → STORED, RETURNED or
    DISPOSED; nothing after RETURNED or DISPOSED (409 with §2.6(2) otherwise). A sealed item
    needs `seal_state` (BROKEN needs `seal_note`); APPRAISAL_RESULT needs `result` and may carry
    `report` (PDF, JPEG or PNG, at most 20 MB)."""
    item = _item(request, item_id)
    data = _read(report, "report") if report is not None else None
    _run(lambda: services.custody_move(
        actor=request.auth, item=item, step=payload.step, location=payload.location, note=payload.note,
        seal_state=payload.seal_state, seal_note=payload.seal_note, result=payload.result, report=data,
        moved_at=_aware(payload.moved_at), now=timezone.now()), "form")
    return _item_answer(request, item_id, 201)


@router.get("/confirmations", response=list[ConfirmationOut], summary="The customer's confirmations of a register")
def list_confirmations(request: HttpRequest, target_type: TargetType, target_id: TargetId):
    return [_confirmation_out(c) for c in _register(request, target_type, target_id).confirmations]


@router.post("/confirmations", response={201: ConfirmationOut}, summary="The customer signs the register (§2.6(2))")
def confirm_register(request: HttpRequest, payload: ConfirmIn):
    """Covers every item registered now; later items show as not yet confirmed."""
    png = _png(payload.signature)
    confirmation = _run(lambda: services.register_confirm(
        actor=request.auth, target_type=payload.target_type, target_id=payload.target_id,
        signer_name=payload.signer_name, png=png, now=timezone.now()))
    return Answer(201, _confirmation_out(confirmation))


def _blob_response(sha256: str, content_type: str, filename: str, *, attachment: bool = True) -> FileResponse:
    try:
        data = blob_read(services.BLOB_NAMESPACE, sha256)
    except BlobMissing:
        raise Http404("Not Found") from None
    return FileResponse(io.BytesIO(data), content_type=content_type, as_attachment=attachment, filename=filename)


@router.get("/files/{file_id}", summary="Download an original photo or recording")
def get_file(request: HttpRequest, file_id: DbId):
    f = selectors.file_get(user=request.auth, id=file_id)
    if f is None:
        raise Http404("Not Found")
    return _blob_response(f.sha256, f.content_type, f"{f.sha256}.{f.content_type.split('/')[-1]}")


@router.get("/files/{file_id}/thumbnail", summary="A photo's thumbnail (JPEG)")
def get_thumbnail(request: HttpRequest, file_id: DbId):
    f = selectors.file_get(user=request.auth, id=file_id)
    if f is None or not f.thumbnail_sha256:
        raise Http404("Not Found")
    return _blob_response(f.thumbnail_sha256, "image/jpeg", f"{f.thumbnail_sha256}.jpg", attachment=False)


@router.get("/custody/{entry_id}/report", summary="Download an appraisal report")
def get_report(request: HttpRequest, entry_id: DbId):
    entry = selectors.report_get(user=request.auth, id=entry_id)
    if entry is None:
        raise Http404("Not Found")
    return _blob_response(entry.report_sha256, entry.report_content_type, f"appraisal-{entry.pk}")


@router.get("/package.pdf", summary="The case's evidence package as PDF (audited)")
def package_pdf(request: HttpRequest, target_type: TargetType, target_id: TargetId):
    register = _register(request, target_type, target_id)
    pdf = services.package_pdf_build(actor=request.auth, register=register, now=timezone.now())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="evidence-{_safe(register.info.number)}.pdf"'
    return response


@router.get("/package.zip", summary="The case's original files with manifest.json (audited)")
def package_zip(request: HttpRequest, target_type: TargetType, target_id: TargetId):
    register = _register(request, target_type, target_id)
    out, _, _ = services.package_zip_build(actor=request.auth, register=register, now=timezone.now())
    return FileResponse(out, content_type="application/zip", as_attachment=True,
                        filename=f"evidence-{_safe(register.info.number)}.zip")


def _safe(text: str) -> str:
    return "".join(c for c in text if c.isascii() and (c.isalnum() or c in "-_")) or "case"
