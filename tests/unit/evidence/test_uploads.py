"""Upload checks by content, never by name, with the limits pinned."""

import pytest

from tests.integration.evidence.helpers import exe, jpeg, png_photo, wav
from utilicase.blobs.domain.sniff import FileRefused
from utilicase.evidence.domain import uploads as u


def test_the_limits_are_15_mb_for_photos_50_mb_for_recordings_20_mb_for_reports():
    assert (u.PHOTO_MAX_BYTES, u.RECORDING_MAX_BYTES, u.REPORT_MAX_BYTES) == (15 * 2**20, 50 * 2**20, 20 * 2**20)
    assert u.MAX_BYTES == 50 * 2**20


@pytest.mark.parametrize(("data", "content_type"), [(jpeg(), "image/jpeg"), (png_photo(), "image/png"),
                                                    (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
                                                    (b"\x00\x00\x00\x18ftypheic\x00\x00", "image/heic")])
def test_photos_are_accepted_by_content(data, content_type):
    accepted = u.check_evidence_file(field="file", head=data[:16], size=len(data), item_kind="METER")
    assert (accepted.content_type, accepted.media) == (content_type, "PHOTO")


def test_a_renamed_program_is_not_a_photo():
    with pytest.raises(FileRefused) as exc:
        u.check_evidence_file(field="file", head=exe()[:16], size=len(exe()), item_kind="PHOTO")
    assert exc.value.field == "file" and exc.value.message.startswith("无法识别文件内容；接受的类型：")


def test_a_pdf_is_not_a_photo():
    with pytest.raises(FileRefused, match="application/pdf"):
        u.check_evidence_file(field="file", head=b"%PDF-1.7\n", size=1000, item_kind="METER")


def test_photo_size_limit_is_inclusive():
    head = jpeg()[:16]
    u.check_evidence_file(field="file", head=head, size=u.PHOTO_MAX_BYTES, item_kind="METER")
    with pytest.raises(FileRefused, match=str(u.PHOTO_MAX_BYTES)):
        u.check_evidence_file(field="file", head=head, size=u.PHOTO_MAX_BYTES + 1, item_kind="METER")


def test_recordings_belong_to_recording_items_only():
    data = wav()
    accepted = u.check_evidence_file(field="file", head=data[:16], size=len(data), item_kind="RECORDING")
    assert (accepted.content_type, accepted.media) == ("audio/wav", "RECORDING")
    with pytest.raises(FileRefused, match="录音"):
        u.check_evidence_file(field="file", head=data[:16], size=len(data), item_kind="METER")


def test_recording_size_limit():
    head = b"#!AMR\n" + b"\x00" * 10
    assert u.check_evidence_file(field="file", head=head, size=u.RECORDING_MAX_BYTES,
                                 item_kind="RECORDING").content_type == "audio/amr"
    with pytest.raises(FileRefused):
        u.check_evidence_file(field="file", head=head, size=u.RECORDING_MAX_BYTES + 1, item_kind="RECORDING")


def test_an_empty_file_is_refused():
    with pytest.raises(FileRefused, match="文件为空"):
        u.check_evidence_file(field="file", head=b"", size=0, item_kind="METER")


def test_appraisal_reports_are_pdf_or_images():
    assert u.check_report_file(field="report", head=b"%PDF-1.7\n", size=10) == "application/pdf"
    with pytest.raises(FileRefused) as exc:
        u.check_report_file(field="report", head=wav()[:16], size=100)
    assert exc.value.field == "report"
