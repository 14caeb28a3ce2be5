import hashlib

import pytest

from utilicase.whistleblowing.domain.files import MAX_BYTES, FileRefused, file_check, files_count_check

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 20


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
