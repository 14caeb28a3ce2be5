import pytest

from utilicase.blobs.domain.sniff import FileRefused, check_upload, sniff

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
PDF = b"%PDF-1.7\n%\xe2\xe3"
PHOTOS = frozenset({"image/png", "image/jpeg"})


@pytest.mark.parametrize(("head", "kind"), [
    (PNG, "image/png"), (JPEG, "image/jpeg"), (PDF, "application/pdf"),
    (b"RIFF\x00\x00\x00\x00WAVEfmt ", "audio/wav"), (b"#!AMR\n", "audio/amr"), (b"ID3\x04\x00", "audio/mpeg"),
    (b"\x00\x00\x00\x20ftypM4A ", "audio/mp4"), (b"\x00\x00\x00\x18ftypisom", "video/mp4"),
    (b"\x00\x00\x00\x18ftypheic", "image/heic"), (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
    (b"MZ\x90\x00", None), (b"<html>", None), (b"", None),
])
def test_sniff_reads_the_content_not_the_name(head, kind):
    assert sniff(head) == kind


def test_a_program_named_like_a_photo_is_refused():
    with pytest.raises(FileRefused) as exc:
        check_upload(field="photo", head=b"MZ\x90\x00\x03", size=1000, allowed=PHOTOS, max_bytes=10_000)
    assert exc.value.field == "photo"
    assert exc.value.message == "无法识别文件内容；接受的类型：image/jpeg, image/png。"
    assert exc.value.message.params == {"kinds": "image/jpeg, image/png"}


def test_a_pdf_is_refused_where_photos_are_expected():
    with pytest.raises(FileRefused) as exc:
        check_upload(field="photo", head=PDF, size=1000, allowed=PHOTOS, max_bytes=10_000)
    assert exc.value.message == "文件内容为 application/pdf；接受的类型：image/jpeg, image/png。"


def test_size_limits():
    with pytest.raises(FileRefused) as exc:
        check_upload(field="photo", head=PNG, size=10_001, allowed=PHOTOS, max_bytes=10_000)
    assert exc.value.message == "文件大小为 10001 字节，最多接受 10000 字节。"
    with pytest.raises(FileRefused) as exc:
        check_upload(field="photo", head=b"", size=0, allowed=PHOTOS, max_bytes=10_000)
    assert exc.value.message == "文件为空。"
    assert check_upload(field="photo", head=PNG, size=10_000, allowed=PHOTOS, max_bytes=10_000) == "image/png"
