"""Pillow reads the camera's EXIF DateTimeOriginal and makes a small JPEG thumbnail."""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from tests.integration.evidence.helpers import jpeg, png_photo
from utilicase.evidence.imaging import ImageDamaged, photo_facts

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_exif_datetime_original_is_read_from_a_jpeg():
    facts = photo_facts(jpeg(taken="2026:09:30 09:47:12"), "image/jpeg")
    assert facts.exif_taken_at == datetime(2026, 9, 30, 9, 47, 12, tzinfo=SHANGHAI)
    assert (facts.width, facts.height) == (640, 480)


def test_exif_offset_time_original_is_honoured():
    facts = photo_facts(jpeg(taken="2026:09:30 01:47:12", offset="+00:00"), "image/jpeg")
    assert facts.exif_taken_at.utcoffset() == timedelta(0)
    assert facts.exif_taken_at.astimezone(SHANGHAI).hour == 9


def test_a_photo_without_exif_has_no_exif_time():
    assert photo_facts(jpeg(), "image/jpeg").exif_taken_at is None


def test_the_thumbnail_is_a_small_jpeg():
    facts = photo_facts(jpeg(size=(1600, 1200)), "image/jpeg")
    thumb = Image.open(io.BytesIO(facts.thumbnail))
    assert thumb.format == "JPEG" and thumb.size == (320, 240)


def test_a_transparent_png_gets_a_jpeg_thumbnail():
    thumb = Image.open(io.BytesIO(photo_facts(png_photo(), "image/png").thumbnail))
    assert thumb.format == "JPEG" and thumb.mode == "RGB"


def test_a_damaged_jpeg_is_refused():
    with pytest.raises(ImageDamaged):
        photo_facts(b"\xff\xd8\xff\xe0" + b"not really a jpeg" * 20, "image/jpeg")


def test_heic_is_not_decoded_here():
    assert photo_facts(b"\x00\x00\x00\x18ftypheic" + b"\x00" * 100, "image/heic") is None
