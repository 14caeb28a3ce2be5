import hashlib

import pytest

from utilicase.whistleblowing.domain.files import MAX_BYTES, FileRefused, file_check, files_count_check

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20 + b"\x00\x00\x00\x00IEND\xaeB`\x82"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 20 + b"\xff\xd9"


@pytest.mark.parametrize(("data", "content_type", "extension"), [
    (PDF, "application/pdf", "pdf"), (PNG, "image/png", "png"), (JPEG, "image/jpeg", "jpg"),
])
def test_type_is_read_from_the_content(data, content_type, extension):
    checked = file_check(data)
    assert (checked.content_type, checked.extension, checked.size) == (content_type, extension, len(data))
    assert checked.sha256 == hashlib.sha256(data).hexdigest()


def test_other_content_is_refused_whatever_it_is_called():
    with pytest.raises(FileRefused, match="PDF、JPEG 或 PNG"):
        file_check(b"MZ\x90\x00 this is an executable")


def test_empty_and_oversized_files_are_refused():
    with pytest.raises(FileRefused, match="为空"):
        file_check(b"")
    with pytest.raises(FileRefused, match="10 MB"):
        file_check(PDF + b"\x00" * MAX_BYTES)


def test_at_most_five_files_at_once():
    files_count_check(5)
    with pytest.raises(FileRefused, match="5"):
        files_count_check(6)


@pytest.mark.parametrize("data", [
    PDF[:-7], PDF[: len(PDF) // 2], b"%PDF-1.4\n" + b"x" * 2000 + b"%%EOF\n" + b"y" * 1100,
    PNG[:-8], b"\x89PNG\r\n\x1a\n", JPEG[:-2], b"\xff\xd8\xff\xe0",
])
def test_a_file_cut_short_is_refused_as_incomplete(data):
    with pytest.raises(FileRefused, match="不完整"):
        file_check(data)


def test_a_pdf_may_end_with_up_to_1024_bytes_after_its_eof_mark():
    assert file_check(PDF + b"\n" * 1000).content_type == "application/pdf"
