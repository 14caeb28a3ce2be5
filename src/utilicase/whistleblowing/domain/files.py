"""Attachment checks, by content (never by the name or the type the browser claims; the
signatures are the shared ones of `blobs`): a scanned letter or opinion-box slip, or a photo,
as PDF, JPEG or PNG, at most MAX_BYTES each and MAX_FILES per upload."""

import hashlib
from dataclasses import dataclass

from utilicase.blobs.domain.sniff import HEAD_BYTES, sniff
from utilicase.core.i18n import gettext_noop

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
ALLOWED = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
# The mark each type ends with, and how near the end it must be: a PDF's "%%EOF" (readers allow
# up to 1,024 bytes after it), a PNG's IEND chunk, a JPEG's end-of-image marker. A file cut
# short in the upload has none.
ENDINGS = {"application/pdf": (b"%%EOF", 1024), "image/png": (b"IEND\xaeB`\x82", 64),
           "image/jpeg": (b"\xff\xd9", 64)}


class FileRefused(ValueError):
    """A file that may not be attached. The message names the rule, never the file's name or
    content (an attachment of a report is as confidential as the report). It is Chinese, marked
    with gettext_noop, with what varies in `params`, and translated when shown."""

    def __init__(self, message: str, params: dict[str, int] | None = None):
        self.msgid, self.params = message, params or {}
        super().__init__(message % self.params if self.params else message)


@dataclass(frozen=True)
class CheckedFile:
    sha256: str
    size: int
    content_type: str
    extension: str


def file_check(data: bytes) -> CheckedFile:
    if not data:
        raise FileRefused(gettext_noop("文件为空。"))
    if len(data) > MAX_BYTES:
        raise FileRefused(gettext_noop("文件超过 %(mb)d MB。"), {"mb": MAX_BYTES // (1024 * 1024)})
    content_type = sniff(data[:HEAD_BYTES])
    if content_type not in ALLOWED:
        raise FileRefused(gettext_noop("只接受 PDF、JPEG 或 PNG 文件。"))
    mark, within = ENDINGS[content_type]
    if mark not in data[-within:]:
        raise FileRefused(gettext_noop("文件不完整（可能上传中断或已损坏）。"))
    return CheckedFile(hashlib.sha256(data).hexdigest(), len(data), content_type, ALLOWED[content_type])


def files_count_check(count: int) -> None:
    if count > MAX_FILES:
        raise FileRefused(gettext_noop("一次最多上传 %(n)d 个文件。"), {"n": MAX_FILES})
