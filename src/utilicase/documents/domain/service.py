"""Service of a document on the customer (§2.5(2), §2.6(3)): the means and the proof each needs.

The customer signs for it; if the customer refuses (the refusal is recorded first, and does not
serve the document), the notice is served by another valid means, each with its proof:
left at the premises before witnesses (their names and signatures and a photo of the notice
there), registered post (tracking number and the receipt), notarised service (the notary office
and its certificate), or public notice (where, from and to which day, and a photo; service by
public notice is complete when the posting period has ended). Records that the customer only
confirms (field work order, complaint form) are signed or refused, nothing else."""

import re
from dataclasses import dataclass
from datetime import date

from utilicase.core.i18n import Message
from utilicase.core.rules import RuleViolation
from utilicase.documents.domain.catalogue import SERVE_BY_CONFIRMATION, SERVE_BY_NOTICE, gettext_noop, one_of

SIGNED = "SIGNED"
REFUSED = "REFUSED"
LEFT_WITH_WITNESSES = "LEFT_WITH_WITNESSES"
REGISTERED_POST = "REGISTERED_POST"
NOTARISED = "NOTARISED"
PUBLIC_NOTICE = "PUBLIC_NOTICE"

ALTERNATIVE_MEANS = (LEFT_WITH_WITNESSES, REGISTERED_POST, NOTARISED, PUBLIC_NOTICE)
METHODS = (SIGNED, REFUSED, *ALTERNATIVE_MEANS)
METHODS_BY_SERVE_MODE = {
    SERVE_BY_NOTICE: METHODS,
    SERVE_BY_CONFIRMATION: (SIGNED, REFUSED),
}

MAX_WITNESSES = 5
MAX_NAME = 50
MAX_TEXT = 200
MAX_FILES = 10
TRACKING_NUMBER = re.compile(r"^[A-Za-z0-9-]{8,30}$")

# The uploads (files and signatures) each means uses; any other upload is refused by name.
_UPLOADS = {
    SIGNED: {"customer_signature"},
    REFUSED: set(),
    LEFT_WITH_WITNESSES: {"witness_signatures", "photos"},
    REGISTERED_POST: {"receipts"},
    NOTARISED: {"certificates"},
    PUBLIC_NOTICE: {"photos"},
}


def serves(method: str) -> bool:
    """Whether a record made by this means serves the document (a refusal does not)."""
    return method in METHODS and method != REFUSED


def methods_for(serve_mode: str) -> tuple[str, ...]:
    return METHODS_BY_SERVE_MODE.get(serve_mode, ())


def needs_prior_refusal(method: str) -> bool:
    return method in ALTERNATIVE_MEANS


@dataclass(frozen=True)
class ServiceProof:
    """What was supplied for one service record: texts, and how many of each upload."""

    method: str
    signer_name: str = ""
    customer_signature: int = 0
    witness_names: tuple[str, ...] = ()
    witness_signatures: int = 0
    photos: int = 0
    tracking_number: str = ""
    receipts: int = 0
    notary_office: str = ""
    certificates: int = 0
    notice_place: str = ""
    notice_start_date: date | None = None
    notice_end_date: date | None = None
    note: str = ""


def proof_errors(proof: ServiceProof, *, serve_mode: str, today: date) -> dict[str, str]:
    """Errors by field name; empty when the proof is complete for its means."""
    allowed = methods_for(serve_mode)
    if not allowed:
        return {"method": gettext_noop("此类文书由企业留存，不需送达。")}
    if proof.method not in allowed:
        return {"method": one_of(allowed)}
    errors: dict[str, str] = {}
    texts = {"signer_name": proof.signer_name, "tracking_number": proof.tracking_number,
             "notary_office": proof.notary_office, "notice_place": proof.notice_place, "note": proof.note,
             "witness_names": "".join(proof.witness_names)}
    for name, value in texts.items():
        if "\x00" in value:
            errors[name] = gettext_noop("含有不允许的字符。")
    if errors:
        return errors
    for upload in ("customer_signature", "witness_signatures", "photos", "receipts", "certificates"):
        count = getattr(proof, upload)
        if count and upload not in _UPLOADS[proof.method]:
            errors[upload] = Message("送达方式 %(method)s 不使用此项。", method=proof.method)
        elif count > MAX_FILES:
            errors[upload] = Message("最多 %(n)s 个。", n=MAX_FILES)
    if len(proof.note) > 1000:
        errors["note"] = gettext_noop("不能超过 1000 个字。")
    method = proof.method
    if method == SIGNED:
        if not proof.customer_signature:
            errors["customer_signature"] = gettext_noop("须有客户签名。")
        elif proof.customer_signature > 1:
            errors["customer_signature"] = gettext_noop("只能有一个签名。")
        _name(errors, "signer_name", proof.signer_name, gettext_noop("须填写签收人姓名。"))
    elif method == LEFT_WITH_WITNESSES:
        errors.update(witness_errors(proof.witness_names, proof.witness_signatures))
        if not proof.photos:
            errors["photos"] = gettext_noop("须有文书留置于客户处的照片。")
    elif method == REGISTERED_POST:
        if not TRACKING_NUMBER.match(proof.tracking_number.strip()):
            errors["tracking_number"] = gettext_noop("须填写挂号邮件号码（8至30位字母或数字）。")
        if not proof.receipts:
            errors["receipts"] = gettext_noop("须有邮寄回执的扫描件或照片。")
    elif method == NOTARISED:
        _text(errors, "notary_office", proof.notary_office, gettext_noop("须填写公证机构。"))
        if not proof.certificates:
            errors["certificates"] = gettext_noop("须有公证书的扫描件或照片。")
    elif method == PUBLIC_NOTICE:
        _text(errors, "notice_place", proof.notice_place, gettext_noop("须填写公告地点。"))
        start, end = proof.notice_start_date, proof.notice_end_date
        if start is None:
            errors["notice_start_date"] = gettext_noop("须填写公告开始日期。")
        if end is None:
            errors["notice_end_date"] = gettext_noop("须填写公告结束日期。")
        if start and end:
            if end < start:
                errors["notice_end_date"] = gettext_noop("不能早于开始日期。")
            elif end > today:
                errors["notice_end_date"] = gettext_noop("公告期满方为送达，请在公告期满后登记。")
        if not proof.photos:
            errors["photos"] = gettext_noop("须有公告张贴的照片。")
    return errors


def witness_errors(witness_names: tuple[str, ...], signatures: int, *, minimum: int = 1) -> dict[str, str]:
    """Errors of the named witnesses (at least `minimum`, distinct, each signing), by field name."""
    names = [n.strip() for n in witness_names]
    if not names or not all(names):
        return {"witness_names": gettext_noop("须填写每位见证人的姓名。")}
    if len(names) < minimum:
        return {"witness_names": Message("须有至少 %(n)s 位见证人。", n=minimum)}
    if len(names) > MAX_WITNESSES:
        return {"witness_names": Message("见证人最多 %(n)s 位。", n=MAX_WITNESSES)}
    if len(set(names)) != len(names):
        return {"witness_names": gettext_noop("见证人姓名重复。")}
    if any(len(n) > MAX_NAME for n in names):
        return {"witness_names": Message("姓名不能超过 %(n)s 个字。", n=MAX_NAME)}
    if signatures != len(names):
        return {"witness_signatures": Message("每位见证人都须签名：见证人 %(names)s 位，签名 %(signatures)s 个。",
                                                     names=len(names), signatures=signatures)}
    return {}


# §2.6(2): the survey record and the transcript are signed by the party; a party who refuses has
# the refusal recorded before two witnesses, with a photo, as for service (§2.6(3)).
PARTY_SIGNS = frozenset({"survey_record", "transcript"})
REFUSAL_WITNESSES = 2


def party_refusal_errors(*, witness_names: tuple[str, ...], witness_signatures: int, photos: int,
                         note: str = "") -> dict[str, str]:
    """Errors of a recorded refusal to sign, by field name; empty when it is complete."""
    for field, value in (("witness_names", "".join(witness_names)), ("note", note)):
        if "\x00" in value:
            return {field: gettext_noop("含有不允许的字符。")}
    errors = witness_errors(witness_names, witness_signatures, minimum=REFUSAL_WITNESSES)
    if not photos:
        errors["photos"] = gettext_noop("须有当事人拒签现场的照片。")
    elif photos > MAX_FILES:
        errors["photos"] = Message("最多 %(n)s 个。", n=MAX_FILES)
    if len(note) > 1000:
        errors["note"] = gettext_noop("不能超过 1000 个字。")
    return errors


def party_signature_refusal(*, code: str, party_signed: bool, refusal_witnesses: int, refusal_photos: int) -> RuleViolation | None:
    """Why a draft of type `code` may not be issued yet (§2.6(2)): neither the party's signature
    nor a refusal recorded before two witnesses with a photo. None when it may."""
    if code not in PARTY_SIGNS or party_signed:
        return None
    if refusal_witnesses >= REFUSAL_WITNESSES and refusal_photos:
        return None
    return RuleViolation("§2.6(2)", gettext_noop(
        "现场勘查记录、调查笔录须由当事人签名；当事人拒签的，须登记拒签（两位见证人签名并附照片）后方可签发。"))


def _text(errors: dict[str, str], field: str, value: str, missing: str) -> None:
    if not value.strip():
        errors[field] = missing
    elif len(value) > MAX_TEXT:
        errors[field] = Message("不能超过 %(n)d 个字。", n=MAX_TEXT)


def _name(errors: dict[str, str], field: str, value: str, missing: str) -> None:
    if not value.strip():
        errors[field] = missing
    elif len(value) > MAX_NAME:
        errors[field] = Message("不能超过 %(n)d 个字。", n=MAX_NAME)
