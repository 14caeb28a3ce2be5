"""Writers of the documents context."""

import io
from datetime import datetime

from django.db import models, transaction
from PIL import Image, UnidentifiedImageError

from utilicase.audit.services import audit_record
from utilicase.blobs.domain.sniff import sniff
from utilicase.blobs.storage import blob_write
from utilicase.documents.domain.signatures import (
    MAX_SIGNATURE_BYTES,
    MIN_INK_RATIO,
    SignatureRefused,
    ink_ratio,
)
from utilicase.documents.models import Signature, SignerRole

SIGNATURE_NAMESPACE = "signatures"


def _check_signature_png(png: bytes, *, field: str) -> None:
    if len(png) > MAX_SIGNATURE_BYTES:
        raise SignatureRefused(field, f"the image is {len(png)} bytes; at most {MAX_SIGNATURE_BYTES}")
    if sniff(png[:16]) != "image/png":
        raise SignatureRefused(field, "the signature must be a PNG image")
    try:
        image = Image.open(io.BytesIO(png))
        image.load()
    except (UnidentifiedImageError, OSError):
        raise SignatureRefused(field, "the signature image is damaged") from None
    if image.width * image.height > 4_000_000:
        raise SignatureRefused(field, "the signature image is too large")
    alpha = image.convert("RGBA").getchannel("A")
    if ink_ratio(alpha.histogram()) < MIN_INK_RATIO:
        raise SignatureRefused(field, "the signature pad is empty")


@transaction.atomic
def signature_capture(
    *, actor, target: models.Model, purpose: str, signer_role: str, signer_name: str, png: bytes,
    now: datetime, clause: str = "",
) -> Signature:
    """Store a signature drawn on screen for `target`. The image must be a PNG with ink on it."""
    if signer_role not in SignerRole.values:
        raise SignatureRefused("signer_role", f"unknown role {signer_role!r}")
    if not signer_name.strip():
        raise SignatureRefused("signer_name", "the signer's name is required")
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
