"""What Pillow reads from an evidence photo: its size, the camera's EXIF DateTimeOriginal, and a
small JPEG thumbnail. HEIC is accepted by content but Pillow cannot decode it here (no plugin):
such a photo has no thumbnail and no EXIF time, which the pages say."""

import io
import warnings
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext
from PIL import Image, ImageOps, UnidentifiedImageError

from utilicase.core.workdays import SHANGHAI
from utilicase.evidence.domain.times import parse_exif_datetime

THUMBNAIL_SIZE = (320, 320)
THUMBNAIL_QUALITY = 80
# Decoding a bigger image would take too much memory (a 15 MB file can declare any size).
MAX_PIXELS = 60_000_000

EXIF_IFD = 0x8769
DATETIME_ORIGINAL = 0x9003
OFFSET_TIME_ORIGINAL = 0x9011

DECODABLE = frozenset({"image/jpeg", "image/png", "image/webp"})


class ImageDamaged(ValueError):
    pass


@dataclass(frozen=True)
class PhotoFacts:
    width: int
    height: int
    exif_taken_at: datetime | None
    thumbnail: bytes


def _exif_time(image: Image.Image) -> datetime | None:
    try:
        exif = image.getexif()
        ifd = exif.get_ifd(EXIF_IFD)
    except Exception:  # a damaged EXIF block is not a damaged photo
        return None
    return parse_exif_datetime(ifd.get(DATETIME_ORIGINAL), ifd.get(OFFSET_TIME_ORIGINAL), SHANGHAI)


def photo_facts(data: bytes, content_type: str) -> PhotoFacts | None:
    """None for a type Pillow does not decode here; ImageDamaged when the content claims to be
    an image (by its first bytes) but is not one."""
    if content_type not in DECODABLE:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > MAX_PIXELS:
                raise ImageDamaged(gettext("图像过大（%(width)d×%(height)d像素）。") % {
                    "width": image.width, "height": image.height})
            taken_at = _exif_time(image)
            image.load()
            width, height = image.width, image.height
            thumb = ImageOps.exif_transpose(image)
            thumb.thumbnail(THUMBNAIL_SIZE)
            if thumb.mode not in ("RGB", "L"):
                background = Image.new("RGB", thumb.size, (255, 255, 255))
                rgba = thumb.convert("RGBA")
                background.paste(rgba, mask=rgba.getchannel("A"))
                thumb = background
            out = io.BytesIO()
            thumb.save(out, format="JPEG", quality=THUMBNAIL_QUALITY)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning) as exc:
        if isinstance(exc, ImageDamaged):
            raise
        raise ImageDamaged(gettext("图像已损坏，无法读取。")) from None
    return PhotoFacts(width, height, taken_at, out.getvalue())
