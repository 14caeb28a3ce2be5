"""Photos and recordings: judged by content, stored once by SHA-256, with the camera's EXIF time
beside the reported capture time; nothing is stored when a file is refused."""

import hashlib
import io
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from tests.integration.evidence.conftest import stored_files
from tests.integration.evidence.helpers import exe, exif_text, jpeg, wav
from utilicase.audit.models import AuditEvent
from utilicase.blobs.storage import blob_read
from utilicase.evidence import selectors, services
from utilicase.evidence.domain.uploads import PHOTO_MAX_BYTES
from utilicase.evidence.models import EvidenceFile

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def item(inspector, case, now):
    return services.item_register(actor=inspector, target_type="customers.customer", target_id=str(case.pk),
                                  kind="METER", description="电能表", location="计量箱", now=now)


def _add(actor, item, data, now, **kw):
    return services.evidence_file_add(actor=actor, item=item, data=data, now=now, **kw)


def test_a_photo_is_stored_by_hash_with_its_exif_time_and_a_thumbnail_s2_6_2(inspector, item, now):
    taken = now - timedelta(minutes=3)
    data = jpeg(taken=exif_text(taken.astimezone(SHANGHAI)))
    f = _add(inspector, item, data, now, original_name="IMG_0001.jpg", captured_at=taken)
    assert f.sha256 == hashlib.sha256(data).hexdigest()
    assert blob_read("evidence", f.sha256) == data
    assert (f.media, f.content_type, f.size, f.original_name) == ("PHOTO", "image/jpeg", len(data), "IMG_0001.jpg")
    assert f.exif_taken_at == taken and f.captured_at == taken and f.uploaded_at == now
    assert Image.open(io.BytesIO(blob_read("evidence", f.thumbnail_sha256))).format == "JPEG"
    event = AuditEvent.objects.get(action="evidence.file.added")
    assert event.after["sha256"] == f.sha256 and event.clause == "§2.6(2)"


def test_exif_time_far_from_the_capture_time_is_flagged(inspector, item, now):
    _add(inspector, item, jpeg(taken=exif_text((now - timedelta(minutes=25)).astimezone(SHANGHAI))), now,
         captured_at=now - timedelta(minutes=2))
    _add(inspector, item, jpeg(taken=exif_text((now - timedelta(minutes=9)).astimezone(SHANGHAI)), mark=5), now)
    files = selectors.item_get(user=inspector, id=item.pk)[0].files.all()
    assert [f.times_disagree for f in files] == [True, False]
    assert files[0].time_difference == timedelta(minutes=23)


def test_the_same_file_on_two_items_is_one_stored_file(inspector, item, case, now, media):
    second = services.item_register(actor=inspector, target_type="customers.customer", target_id=str(case.pk),
                                    kind="TOOL", description="短接线", location="计量箱", now=now)
    data = jpeg(taken="2026:09:30 09:58:00")
    a, b = _add(inspector, item, data, now), _add(inspector, second, data, now)
    assert a.sha256 == b.sha256 and a.pk != b.pk
    evidence_files = [p for p in stored_files(media) if p.parent.parent.name == "evidence"]
    assert sorted(p.name for p in evidence_files) == sorted({a.sha256, a.thumbnail_sha256})


def test_the_same_file_twice_on_one_item_is_refused(inspector, item, now):
    data = jpeg()
    _add(inspector, item, data, now)
    with pytest.raises(services.EvidenceInvalid) as exc:
        _add(inspector, item, data, now)
    assert exc.value.field == "file" and EvidenceFile.objects.count() == 1


@pytest.mark.parametrize(("data", "words"), [
    (exe(), "无法识别文件内容"),
    (b"%PDF-1.7\n" + b"0" * 100, "application/pdf"),
    (b"\xff\xd8\xff\xe0" + b"garbage" * 50, "损坏"),
    (b"", "文件为空"),
])
def test_a_refused_file_stores_nothing(inspector, item, now, media, data, words):
    before = stored_files(media)
    with pytest.raises(services.EvidenceInvalid) as exc:
        _add(inspector, item, data, now, original_name="photo.jpg")
    assert exc.value.field == "file" and words in exc.value.message
    assert stored_files(media) == before and not EvidenceFile.objects.exists()
    assert not AuditEvent.objects.filter(action="evidence.file.added").exists()


def test_a_photo_over_the_limit_stores_nothing(inspector, item, now, media):
    data = jpeg() + b"\x00" * (PHOTO_MAX_BYTES + 1 - len(jpeg()))
    with pytest.raises(services.EvidenceInvalid, match=str(PHOTO_MAX_BYTES)):
        _add(inspector, item, data, now)
    assert stored_files(media) == [] and not EvidenceFile.objects.exists()


def test_a_recording_goes_on_a_recording_item(inspector, item, case, now):
    recording = services.item_register(actor=inspector, target_type="customers.customer", target_id=str(case.pk),
                                       kind="RECORDING", description="现场询问录音", location="客户家中", now=now)
    f = _add(inspector, recording, wav(), now)
    assert (f.media, f.content_type, f.thumbnail_sha256, f.exif_taken_at) == ("RECORDING", "audio/wav", "", None)
    with pytest.raises(services.EvidenceInvalid, match="录音"):
        _add(inspector, item, wav(), now)


def test_a_capture_time_in_the_future_is_refused(inspector, item, now):
    with pytest.raises(services.EvidenceInvalid) as exc:
        _add(inspector, item, jpeg(), now, captured_at=now + timedelta(hours=2))
    assert exc.value.field == "captured_at" and not EvidenceFile.objects.exists()


def test_files_of_an_invisible_case_are_not_found(inspector, example_user, item, now):
    f = _add(inspector, item, jpeg(), now)
    assert selectors.file_get(user=inspector, id=f.pk) == f
    assert selectors.file_get(user=example_user("discipline1"), id=f.pk) is None
    with pytest.raises(services.CaseNotVisible):
        _add(example_user("discipline1"), item, jpeg(mark=3), now)
