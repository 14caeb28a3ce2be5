"""Test material for the evidence register: photos with EXIF times built with Pillow, a
signature drawn on a transparent pad, a small WAV, and a test case type (a customer account
stands in for a case: the registry has no real case type yet)."""

import base64
import io
import struct
import wave
from datetime import datetime

from PIL import Image, ImageDraw

from utilicase.core.cases import CaseInfo, CaseType

EXIF_IFD, DATETIME_ORIGINAL, OFFSET_TIME_ORIGINAL = 0x8769, 0x9003, 0x9011
TARGET_TYPE = "customers.customer"


def jpeg(*, taken: str | None = None, offset: str | None = None, colour=(200, 210, 220), size=(640, 480),
         mark: int = 0) -> bytes:
    """A JPEG; `taken` is written as EXIF DateTimeOriginal ("YYYY:MM:DD HH:MM:SS"). `mark` makes
    the content (and so the hash) differ."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle([40 + mark, 40, 200 + mark, 200], outline=(0, 0, 0), width=5)
    exif = Image.Exif()
    if taken is not None:
        exif.get_ifd(EXIF_IFD)[DATETIME_ORIGINAL] = taken
    if offset is not None:
        exif.get_ifd(EXIF_IFD)[OFFSET_TIME_ORIGINAL] = offset
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85, exif=exif)
    return out.getvalue()


def png_photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (300, 200), (10, 120, 200, 128)).save(out, format="PNG")
    return out.getvalue()


def signature_png() -> bytes:
    image = Image.new("RGBA", (400, 150), (0, 0, 0, 0))
    ImageDraw.Draw(image).line([(20, 100), (120, 30), (220, 110), (380, 40)], fill=(0, 0, 0, 255), width=4)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


def wav(seconds: float = 0.2) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"".join(struct.pack("<h", (i * 300) % 20000) for i in range(int(8000 * seconds))))
    return out.getvalue()


def exe() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def exif_text(moment: datetime) -> str:
    return moment.strftime("%Y:%m:%d %H:%M:%S")


def _load(user, target_id: str):
    from utilicase.customers import selectors
    from utilicase.customers.models import Customer

    try:
        return selectors.customer_get(user=user, id=int(target_id))
    except Customer.DoesNotExist:
        return None


def _info(customer) -> CaseInfo:
    return CaseInfo(
        target_type=TARGET_TYPE, target_id=str(customer.pk), number=f"TC{customer.account_number}", title="测试用电检查案件",
        utility="POWER", issuer_code=customer.enterprise.code, issuer_short_name=customer.enterprise.short_name,
        customer_name=customer.name, customer_account=customer.account_number, customer_address=customer.address,
    )


TEST_CASE_TYPE = CaseType(TARGET_TYPE, _load, _info)


def make_customer(org, *, account: str = "1010000001", office: str = "tf-power-city", name: str = "熊超"):
    from utilicase.customers.models import Customer

    return Customer.objects.create(
        enterprise=org["tf-power"], office=org[office], account_number=account, name=name,
        address="石河子市北三路52小区3栋2单元401", contact_phone="13912345678", created_at=datetime(2026, 1, 1, 8, 0).astimezone(),
    )
