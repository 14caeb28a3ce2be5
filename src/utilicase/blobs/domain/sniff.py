"""What a file is, judged by its content (its first bytes), never by its name."""

from utilicase.core.i18n import Message, gettext_noop

# (content type, test on the first bytes)
_SIGNATURES: list[tuple[str, object]] = [
    ("image/png", lambda b: b.startswith(b"\x89PNG\r\n\x1a\n")),
    ("image/jpeg", lambda b: b.startswith(b"\xff\xd8\xff")),
    ("image/webp", lambda b: b[:4] == b"RIFF" and b[8:12] == b"WEBP"),
    ("image/heic", lambda b: b[4:8] == b"ftyp" and b[8:12] in (b"heic", b"heix", b"mif1", b"msf1")),
    ("application/pdf", lambda b: b.startswith(b"%PDF-")),
    ("audio/wav", lambda b: b[:4] == b"RIFF" and b[8:12] == b"WAVE"),
    ("audio/amr", lambda b: b.startswith(b"#!AMR")),
    ("audio/mpeg", lambda b: b.startswith(b"ID3") or b[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")),
    ("audio/mp4", lambda b: b[4:8] == b"ftyp" and b[8:11] == b"M4A"),
    ("video/mp4", lambda b: b[4:8] == b"ftyp" and b[8:12] in (b"isom", b"mp41", b"mp42", b"avc1", b"iso2")),
]

HEAD_BYTES = 16


def sniff(head: bytes) -> str | None:
    """The content type of a file whose first bytes are `head`, or None when unknown."""
    for content_type, test in _SIGNATURES:
        if test(head[:HEAD_BYTES]):
            return content_type
    return None


class FileRefused(ValueError):
    """An upload that is not accepted: names the field and the reason (a marked Chinese message,
    shown with `core.i18n.translated`)."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


def check_upload(*, field: str, head: bytes, size: int, allowed: frozenset[str], max_bytes: int) -> str:
    """The sniffed content type when the file is allowed; FileRefused otherwise."""
    if size <= 0:
        raise FileRefused(field, gettext_noop("文件为空。"))
    if size > max_bytes:
        raise FileRefused(field, Message("文件大小为 %(size)s 字节，最多接受 %(max)s 字节。", size=size, max=max_bytes))
    content_type = sniff(head)
    if content_type is None or content_type not in allowed:
        kinds = ", ".join(sorted(allowed))
        if content_type is None:
            raise FileRefused(field, Message("无法识别文件内容；接受的类型：%(kinds)s。", kinds=kinds))
        raise FileRefused(field, Message("文件内容为 %(type)s；接受的类型：%(kinds)s。", type=content_type, kinds=kinds))
    return content_type
