"""What may be uploaded to the evidence register, judged by content (the shared signatures of
`blobs`), never by the file's name or the type the browser claims.

The limits are constants of this module (not settings): they are part of the rule set, the same
on every installation, and a test pins them. A phone photo is 2-8 MB; 15 MB leaves room for a
large sensor. A recording of an interview at AMR/M4A bitrates is well under 50 MB per hour."""

from dataclasses import dataclass

from utilicase.blobs.domain.sniff import HEAD_BYTES, FileRefused, check_upload, sniff
from utilicase.core.i18n import gettext_noop

MB = 1024 * 1024

PHOTO_TYPES = frozenset({"image/jpeg", "image/png", "image/heic", "image/webp"})
RECORDING_TYPES = frozenset({"audio/amr", "audio/mpeg", "audio/mp4", "audio/wav"})
REPORT_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})

PHOTO_MAX_BYTES = 15 * MB
RECORDING_MAX_BYTES = 50 * MB
REPORT_MAX_BYTES = 20 * MB
# Nothing larger is read into memory at all.
MAX_BYTES = max(PHOTO_MAX_BYTES, RECORDING_MAX_BYTES, REPORT_MAX_BYTES)

PHOTO = "PHOTO"
RECORDING = "RECORDING"

EXTENSIONS = {
    "image/jpeg": "jpg", "image/png": "png", "image/heic": "heic", "image/webp": "webp",
    "audio/amr": "amr", "audio/mpeg": "mp3", "audio/mp4": "m4a", "audio/wav": "wav", "application/pdf": "pdf",
}


@dataclass(frozen=True)
class Accepted:
    content_type: str
    media: str  # PHOTO or RECORDING


def check_evidence_file(*, field: str, head: bytes, size: int, item_kind: str) -> Accepted:
    """A photo (any item) or a recording (items of kind RECORDING only), within its size limit.
    FileRefused names the field and the reason."""
    head = head[:HEAD_BYTES]
    kind = sniff(head)
    if kind in RECORDING_TYPES:
        if item_kind != RECORDING:
            raise FileRefused(field, gettext_noop("录音只能附在“录音”类证据上。"))
        return Accepted(check_upload(field=field, head=head, size=size, allowed=RECORDING_TYPES,
                                     max_bytes=RECORDING_MAX_BYTES), RECORDING)
    allowed = PHOTO_TYPES | RECORDING_TYPES if item_kind == RECORDING else PHOTO_TYPES
    content_type = check_upload(field=field, head=head, size=size, allowed=allowed, max_bytes=PHOTO_MAX_BYTES)
    return Accepted(content_type, PHOTO)


def check_report_file(*, field: str, head: bytes, size: int) -> str:
    """An appraisal report: PDF, or a photo or scan of it."""
    return check_upload(field=field, head=head, size=size, allowed=REPORT_TYPES, max_bytes=REPORT_MAX_BYTES)
