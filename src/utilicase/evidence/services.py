"""Writers of the evidence register (§2.6(2); accident cases §2.7(3), which says "as in §2.6(2)",
so every event and refusal cites §2.6(2)). Each runs in one transaction: it checks that the
actor sees the case and records evidence, locks the item, asks the pure rules, validates the
input (nothing is stored when anything is refused), writes, and appends one audit event."""

import hashlib
import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext, gettext_noop

from utilicase.audit.services import audit_record
from utilicase.blobs.domain.sniff import HEAD_BYTES, FileRefused
from utilicase.blobs.storage import blob_write
from utilicase.core.cases import CaseInfo
from utilicase.core.i18n import translated
from utilicase.core.inputs import given_time_refusal
from utilicase.core.rules import RuleViolation
from utilicase.core.workdays import SHANGHAI
from utilicase.documents.domain.service import party_refusal_errors
from utilicase.documents.domain.signatures import SignatureRefused
from utilicase.documents.models import SignerRole
from utilicase.documents.services import signature_capture
from utilicase.evidence import package, selectors
from utilicase.evidence.domain import custody as rules
from utilicase.evidence.domain.uploads import PHOTO, check_evidence_file, check_report_file
from utilicase.evidence.imaging import ImageDamaged, photo_facts
from utilicase.evidence.models import (
    SEAL_WITNESS_PURPOSE,
    CustodyEntry,
    EvidenceFile,
    EvidenceItem,
    ItemKind,
    RegisterConfirmation,
    Seal,
    SealState,
)
from utilicase.evidence.permissions import can_record_evidence
from utilicase.numbering.services import next_number
from utilicase.org.models import User

CLAUSE = rules.CLAUSE
BLOB_NAMESPACE = "evidence"
SEAL_PURPOSE = "evidence.seal.confirm"
REGISTER_PURPOSE = "evidence.register.confirm"
# A phone's clock may run a little ahead of the server's.
CLOCK_SKEW = timedelta(minutes=5)
MAX_LENGTH = {"description": 2000, "location": 200, "note": 1000, "seal_note": 500, "result": 10000,
              "original_name": 200, "signer_name": 50}
SEAL_NUMBER = re.compile(r"^[A-Z0-9][A-Z0-9-]{2,39}$")


class EvidenceInvalid(ValueError):
    """Input that cannot be recorded: names the field and the reason."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class CaseNotVisible(LookupError):
    """The case is missing or not visible to the actor (the two are not told apart)."""


class NotPermitted(PermissionError):
    """The actor sees the case but does not record evidence."""


def _case(actor: User, target_type: str, target_id: str) -> tuple[Any, CaseInfo]:
    found = selectors.safe_case_for(actor, target_type, target_id)
    if found is None:
        raise CaseNotVisible(f"{target_type}#{target_id}")
    if not can_record_evidence(actor):
        raise NotPermitted("recording evidence is not this user's work")
    return found


def _locked(actor: User, item: EvidenceItem) -> EvidenceItem:
    _case(actor, item.target_type, item.target_id)
    return EvidenceItem.objects.select_for_update().get(pk=item.pk)


def _text(field: str, value: str | None, *, required: bool = False) -> str:
    text = (value or "").strip()
    if "\x00" in text:
        raise EvidenceInvalid(field, gettext("含有不允许的字符。"))
    if required and not text:
        raise EvidenceInvalid(field, gettext("不能为空。"))
    if len(text) > MAX_LENGTH[field]:
        raise EvidenceInvalid(field, gettext("不能超过 %(n)d 个字。") % {"n": MAX_LENGTH[field]})
    return text


def _time(field: str, value: datetime | None, *, now: datetime, not_before: datetime | None = None) -> datetime:
    if value is None:
        return now
    refusal = given_time_refusal(value, now=now, tolerance=CLOCK_SKEW)
    if refusal is not None:
        raise EvidenceInvalid(field, translated(refusal, gettext))
    if not_before is not None and value < not_before:
        raise EvidenceInvalid(field, gettext("不能早于上一环节的时间（%(time)s）。") % {
            "time": f"{not_before.astimezone(SHANGHAI):%Y-%m-%d %H:%M}"})
    return value


def _coordinate(field: str, value, limit: int) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise EvidenceInvalid(field, gettext("须为数字。")) from None
    if not number.is_finite() or abs(number) > limit:
        raise EvidenceInvalid(field, gettext("须在 -%(limit)s 到 %(limit)s 之间。") % {"limit": limit})
    return number.quantize(Decimal("0.000001"))


def _sequence_key(target_type: str, target_id: str) -> str:
    key = f"evidence:{target_type}#{target_id}"
    if len(key) <= 100:
        return key
    return "evidence:" + hashlib.sha256(key.encode()).hexdigest()


def _ref(info: CaseInfo) -> str:
    return f"{info.target_type}#{info.target_id}"


def _audit(*, actor, action: str, target, now: datetime, before: dict | None = None, after: dict | None = None):
    audit_record(actor=actor, action=f"evidence.{action}", target=target, before=before, after=after, clause=CLAUSE,
                 now=now)


@transaction.atomic
def item_register(
    *, actor: User, target_type: str, target_id: str, kind: str, description: str, location: str,
    latitude=None, longitude=None, collected_at: datetime | None = None, collectors: Iterable[User] = (),
    now: datetime,
) -> EvidenceItem:
    """Register an item on a case's evidence register (§2.6(2): collect the physical evidence,
    photograph what cannot be moved, register it in detail). It gets the case's next register
    number and its custody log starts with COLLECTED, by the actor, where and when it was
    collected. `collectors` are the colleagues who collected it with the actor."""
    _, info = _case(actor, target_type, target_id)
    if kind not in ItemKind.values:
        raise EvidenceInvalid("kind", gettext("须为 %(values)s 之一。") % {"values": ", ".join(ItemKind.values)})
    description = _text("description", description, required=True)
    location = _text("location", location, required=True)
    lat = _coordinate("latitude", latitude, 90)
    lon = _coordinate("longitude", longitude, 180)
    if (lat is None) != (lon is None):
        raise EvidenceInvalid("longitude" if lon is None else "latitude", gettext("经纬度须同时填写。"))
    collected_at = _time("collected_at", collected_at, now=now)
    others = list(collectors)
    for other in others:
        if not isinstance(other, User) or not other.is_active:
            raise EvidenceInvalid("collectors", gettext("提取人须为在职员工。"))
    number = next_number(key=_sequence_key(info.target_type, info.target_id), year=0)
    item = EvidenceItem.objects.create(
        target_type=info.target_type, target_id=info.target_id, number=number, kind=kind, description=description,
        location=location, latitude=lat, longitude=lon, collected_at=collected_at, registered_by=actor,
        registered_at=now,
    )
    item.collectors.set({actor.pk, *(o.pk for o in others)})
    CustodyEntry.objects.create(item=item, seq=1, step=rules.COLLECTED, moved_at=collected_at, moved_by=actor,
                                location=location, recorded_at=now)
    _audit(actor=actor, action="item.registered", target=item, now=now, after={
        "case": _ref(info), "number": number, "kind": kind, "description": description, "location": location,
        "latitude": lat, "longitude": lon, "collected_at": collected_at,
        "collectors": sorted(u.username for u in item.collectors.all()),
    })
    return item


@transaction.atomic
def evidence_file_add(
    *, actor: User, item: EvidenceItem, data: bytes, original_name: str = "", captured_at: datetime | None = None,
    now: datetime,
) -> EvidenceFile:
    """Attach a photo (or, to a RECORDING item, a recording) judged by its content, within the
    size limits of `domain.uploads`. Stored once by SHA-256; a photo's EXIF DateTimeOriginal
    and a thumbnail are read with Pillow. `captured_at` is the time the phone reports."""
    item = _locked(actor, item)
    try:
        accepted = check_evidence_file(field="file", head=data[:HEAD_BYTES], size=len(data), item_kind=item.kind)
    except FileRefused as exc:
        raise EvidenceInvalid(exc.field, translated(exc.message, gettext)) from None
    facts = None
    if accepted.media == PHOTO:
        try:
            facts = photo_facts(data, accepted.content_type)
        except ImageDamaged as exc:
            raise EvidenceInvalid("file", str(exc)) from None
    captured_at = None if captured_at is None else _time("captured_at", captured_at, now=now)
    name = (original_name or "").replace("\x00", "").strip()[: MAX_LENGTH["original_name"]]
    sha256 = hashlib.sha256(data).hexdigest()
    if EvidenceFile.objects.filter(item=item, sha256=sha256).exists():
        raise EvidenceInvalid("file", gettext("该文件已附在本证据上。"))
    blob_write(BLOB_NAMESPACE, data)
    thumbnail = blob_write(BLOB_NAMESPACE, facts.thumbnail) if facts is not None else ""
    evidence_file = EvidenceFile.objects.create(
        item=item, media=accepted.media, sha256=sha256, size=len(data), content_type=accepted.content_type,
        original_name=name, uploaded_by=actor, uploaded_at=now, captured_at=captured_at,
        exif_taken_at=facts.exif_taken_at if facts else None, width=facts.width if facts else None,
        height=facts.height if facts else None, thumbnail_sha256=thumbnail,
    )
    _audit(actor=actor, action="file.added", target=evidence_file, now=now, after={
        "item": item.pk, "number": item.number, "media": accepted.media, "sha256": sha256, "size": len(data),
        "content_type": accepted.content_type, "captured_at": captured_at,
        "exif_taken_at": evidence_file.exif_taken_at,
    })
    return evidence_file


def _current_seal(item: EvidenceItem) -> Seal | None:
    return Seal.objects.filter(item=item, broken_at__isnull=True).first()


def _signature_error(exc: SignatureRefused) -> EvidenceInvalid:
    return EvidenceInvalid(exc.field, translated(exc.message, gettext))


def _seal_create(*, actor: User, item: EvidenceItem, number: str, now: datetime, **fields) -> Seal:
    """A new seal with a checked, unused number on an item that may be sealed now."""
    current = _current_seal(item)
    refused = rules.seal_refusal(kind=item.kind, state=selectors.item_state(item), sealed=current is not None,
                                 seal_number=current.number if current else "")
    if refused is not None:
        raise refused
    number = "".join((number or "").split()).upper()
    if not number:
        raise EvidenceInvalid("number", gettext("不能为空。"))
    if not SEAL_NUMBER.match(number):
        raise EvidenceInvalid("number", gettext("须为3到40位字母、数字或连字符。"))
    if Seal.objects.filter(number=number).exists():
        raise EvidenceInvalid("number", gettext("封条编号 %(number)s 已使用过。") % {"number": number})
    try:
        with transaction.atomic():
            return Seal.objects.create(number=number, item=item, sealed_by=actor, sealed_at=now, **fields)
    except IntegrityError:
        raise EvidenceInvalid("number", gettext("封条编号 %(number)s 已使用过。") % {"number": number}) from None


@transaction.atomic
def seal_apply(
    *, actor: User, item: EvidenceItem, number: str, signer_name: str, png: bytes, now: datetime,
) -> Seal:
    """Seal an item taken away (§2.6(2): theft tools, traces and meters that need technical
    appraisal are sealed and the customer confirms): the seal number, who sealed it and when,
    and the customer's signature confirming it."""
    item = _locked(actor, item)
    signer_name = _text("signer_name", signer_name, required=True)
    seal = _seal_create(actor=actor, item=item, number=number, now=now)
    try:
        signature = signature_capture(actor=actor, target=seal, purpose=SEAL_PURPOSE, signer_role=SignerRole.CUSTOMER,
                                      signer_name=signer_name, png=png, now=now, clause=CLAUSE)
    except SignatureRefused as exc:
        raise _signature_error(exc) from None
    seal.customer_signature = signature
    seal.save(update_fields=["customer_signature"])
    _audit(actor=actor, action="seal.applied", target=seal, now=now, after={
        "item": item.pk, "number": item.number, "seal": seal.number, "signer_name": signature.signer_name,
        "signature_sha256": signature.image_sha256,
    })
    return seal


@transaction.atomic
def seal_apply_refused(
    *, actor: User, item: EvidenceItem, number: str, witness_names: Iterable[str], witness_pngs: list[bytes],
    photo: bytes | None, now: datetime,
) -> Seal:
    """Seal an item whose customer refuses to confirm the seal (§2.6(2)): the refusal is recorded
    as for service (§2.6(3)), before two named witnesses who sign, with a photo (kept as a file
    of the item); the seal is recorded as refused by the customer."""
    item = _locked(actor, item)
    names = tuple((n or "").strip() for n in witness_names)
    errors = party_refusal_errors(witness_names=names, witness_signatures=len(witness_pngs),
                                  photos=int(photo is not None))
    if errors:
        field, message = next(iter(errors.items()))
        raise EvidenceInvalid(field, translated(message, gettext))
    seal = _seal_create(actor=actor, item=item, number=number, now=now, customer_refused=True)
    try:
        signatures = [signature_capture(actor=actor, target=seal, purpose=SEAL_WITNESS_PURPOSE,
                                        signer_role=SignerRole.WITNESS, signer_name=name, png=png, now=now,
                                        clause=CLAUSE)
                      for name, png in zip(names, witness_pngs, strict=True)]
    except SignatureRefused as exc:
        raise EvidenceInvalid("witness_signatures", translated(exc.message, gettext)) from None
    try:
        seal.refusal_photo = evidence_file_add(actor=actor, item=item, data=photo, original_name="refusal.jpg",
                                               now=now)
    except EvidenceInvalid as exc:
        raise EvidenceInvalid("photo", exc.message) from None
    seal.save(update_fields=["refusal_photo"])
    _audit(actor=actor, action="seal.applied_refused", target=seal, now=now, after={
        "item": item.pk, "number": item.number, "seal": seal.number, "witnesses": list(names),
        "witness_signatures": [s.image_sha256 for s in signatures], "photo_sha256": seal.refusal_photo.sha256,
    })
    return seal


@transaction.atomic
def custody_move(
    *, actor: User, item: EvidenceItem, step: str, location: str, note: str = "", seal_state: str = "",
    seal_note: str = "", result: str = "", report: bytes | None = None, moved_at: datetime | None = None,
    now: datetime,
) -> CustodyEntry:
    """Append a move to the item's custody log (§2.6(2)) in the order of `domain.custody`.
    Where the item is sealed, the seal's state found at this move is required (a BROKEN seal
    needs a note, and the seal is then recorded as broken); an appraisal result needs the
    result, and may carry the report (PDF, or a photo or scan)."""
    item = _locked(actor, item)
    if step not in rules.MOVES:
        raise EvidenceInvalid("step", gettext("须为 %(values)s 之一。") % {"values": ", ".join(rules.MOVES)})
    if seal_state not in ("", *SealState.values):
        raise EvidenceInvalid("seal_state", gettext("须为 %(values)s 之一。") % {"values": ", ".join(SealState.values)})
    last = CustodyEntry.objects.filter(item=item).order_by("-seq").first()
    state = last.step if last is not None else rules.COLLECTED
    seal = _current_seal(item)
    rules.custody_check(step, state, rules.CustodyFacts(kind=item.kind, sealed=seal is not None, seal_state=seal_state))
    location = _text("location", location, required=True)
    note = _text("note", note)
    seal_note = _text("seal_note", seal_note)
    if seal is None and seal_state:
        raise EvidenceInvalid("seal_state", gettext("该证据没有未拆封的封条。"))
    if seal is not None and not seal_state:
        raise EvidenceInvalid("seal_state", gettext("证据已封存（封条 %(number)s），须记录封条状态。") % {"number": seal.number})
    if seal_state == rules.BROKEN and not seal_note:
        raise EvidenceInvalid("seal_note", gettext("封条损坏或启封时须说明情况。"))
    result = _text("result", result, required=step == rules.APPRAISAL_RESULT)
    if result and step != rules.APPRAISAL_RESULT:
        raise EvidenceInvalid("result", gettext("鉴定结论只在“鉴定结果”环节填写。"))
    report_type = ""
    if report:
        if step != rules.APPRAISAL_RESULT:
            raise EvidenceInvalid("report", gettext("鉴定报告只在“鉴定结果”环节上传。"))
        try:
            report_type = check_report_file(field="report", head=report[:HEAD_BYTES], size=len(report))
        except FileRefused as exc:
            raise EvidenceInvalid(exc.field, translated(exc.message, gettext)) from None
    moved_at = _time("moved_at", moved_at, now=now, not_before=last.moved_at if last is not None else None)
    report_sha256 = blob_write(BLOB_NAMESPACE, report) if report else ""
    entry = CustodyEntry.objects.create(
        item=item, seq=(last.seq if last is not None else 0) + 1, step=step, moved_at=moved_at, moved_by=actor,
        location=location, note=note, seal=seal, seal_state=seal_state, seal_note=seal_note, result=result,
        report_sha256=report_sha256, report_size=len(report) if report else None, report_content_type=report_type,
        recorded_at=now,
    )
    if seal is not None and seal_state == rules.BROKEN:
        seal.broken_at = moved_at
        seal.broken_note = seal_note
        seal.save(update_fields=["broken_at", "broken_note"])
    _audit(actor=actor, action="custody.moved", target=entry, now=now, before={"step": state}, after={
        "item": item.pk, "number": item.number, "step": step, "moved_at": moved_at, "location": location,
        "seal": seal.number if seal else "", "seal_state": seal_state, "report_sha256": report_sha256,
    })
    return entry


@transaction.atomic
def register_confirm(
    *, actor: User, target_type: str, target_id: str, signer_name: str, png: bytes, now: datetime,
) -> RegisterConfirmation:
    """The customer signs the register as it stands (§2.6(2): "register it in detail and have
    the customer sign"). The confirmation records which item numbers it covered and what they
    were; items registered later, or given more photos or seals later, show as not (yet)
    confirmed. Refused when the register is empty or has not changed since the last signature."""
    _, info = _case(actor, target_type, target_id)
    signer_name = _text("signer_name", signer_name, required=True)
    items = list(EvidenceItem.objects.select_for_update().filter(target_type=info.target_type,
                                                                 target_id=info.target_id).order_by("number"))
    if not items:
        raise RuleViolation(CLAUSE, gettext_noop("证据登记表中还没有证据，无需客户确认。"))
    items = list(selectors.register_items(info.target_type, info.target_id))
    snapshot = [selectors.item_snapshot(i) for i in items]
    previous = selectors.confirmations_for(info.target_type, info.target_id)
    if previous and previous[-1].snapshot == snapshot:
        when = previous[-1].confirmed_at.astimezone(SHANGHAI)
        raise RuleViolation(CLAUSE, gettext_noop("客户已于 %(when)s 确认过当前登记内容，登记表此后没有变化。"),
                            {"when": f"{when:%Y-%m-%d %H:%M}"})
    numbers = [i.number for i in items]
    confirmation = RegisterConfirmation.objects.create(
        target_type=info.target_type, target_id=info.target_id, item_numbers=numbers, snapshot=snapshot,
        signer_name=signer_name, confirmed_at=now, recorded_by=actor,
    )
    try:
        signature = signature_capture(actor=actor, target=confirmation, purpose=REGISTER_PURPOSE,
                                      signer_role=SignerRole.CUSTOMER, signer_name=signer_name, png=png, now=now,
                                      clause=CLAUSE)
    except SignatureRefused as exc:
        raise _signature_error(exc) from None
    confirmation.signature = signature
    confirmation.save(update_fields=["signature"])
    _audit(actor=actor, action="register.confirmed", target=confirmation, now=now, after={
        "case": _ref(info), "item_numbers": numbers, "signer_name": signature.signer_name,
        "signature_sha256": signature.image_sha256,
    })
    return confirmation


def _package_audit(*, actor: User, register: selectors.Register, kind: str, sha256: str, size: int,
                   now: datetime) -> None:
    case = register.case
    with transaction.atomic():
        _audit(actor=actor, action="package.pdf_built" if kind == "pdf" else "package.zip_built",
               target=case if hasattr(case, "_meta") else None, now=now,
               after={"case": _ref(register.info), "format": kind, "sha256": sha256, "size": size,
                      "item_numbers": [i.number for i in register.items]})


def package_pdf_build(*, actor: User, register: selectors.Register, now: datetime) -> bytes:
    """The evidence package PDF of a case (from `selectors.register_get`, which checked that the
    actor sees the case); its building is audited with the PDF's hash. Rendered before the
    audit transaction opens, so no lock is held while WeasyPrint works."""
    pdf = package.package_pdf(register, generated_by=actor.display_name, now=now)
    _package_audit(actor=actor, register=register, kind="pdf", sha256=hashlib.sha256(pdf).hexdigest(), size=len(pdf),
                   now=now)
    return pdf


def package_zip_build(*, actor: User, register: selectors.Register, now: datetime):
    """The ZIP of the case's original files with manifest.json, as (open temporary file,
    SHA-256, size); audited with the ZIP's hash."""
    out, sha256, size = package.package_zip(register, generated_by=actor.display_name, now=now)
    _package_audit(actor=actor, register=register, kind="zip", sha256=sha256, size=size, now=now)
    return out, sha256, size
