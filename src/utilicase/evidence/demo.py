"""Demo evidence: two items with generated photos on the first case of the first registered case
type that has one (the lead calls this after the case types' own demo data)."""

import io
from datetime import datetime, timedelta

from django.apps import apps
from PIL import Image, ImageDraw

from utilicase.core import cases
from utilicase.core.workdays import SHANGHAI
from utilicase.evidence import selectors, services
from utilicase.evidence.imaging import DATETIME_ORIGINAL, EXIF_IFD, OFFSET_TIME_ORIGINAL
from utilicase.evidence.models import EvidenceItem, ItemKind
from utilicase.evidence.permissions import can_record_evidence
from utilicase.org.models import User


def demo_photo(*, taken_at: datetime, colour: tuple[int, int, int], label: str, size=(1024, 768)) -> bytes:
    """A JPEG with a drawing and an EXIF DateTimeOriginal (and its offset)."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    w, h = size
    draw.rectangle([w // 4, h // 4, 3 * w // 4, 3 * h // 4], outline=(30, 30, 30), width=8)
    draw.line([(w // 4, h // 4), (3 * w // 4, 3 * h // 4)], fill=(200, 30, 30), width=6)
    draw.text((20, 20), label, fill=(0, 0, 0))
    exif = Image.Exif()
    local = taken_at.astimezone(SHANGHAI)
    exif.get_ifd(EXIF_IFD)[DATETIME_ORIGINAL] = local.strftime("%Y:%m:%d %H:%M:%S")
    exif.get_ifd(EXIF_IFD)[OFFSET_TIME_ORIGINAL] = "+08:00"
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85, exif=exif)
    return out.getvalue()


def demo_signature() -> bytes:
    image = Image.new("RGBA", (400, 150), (0, 0, 0, 0))
    ImageDraw.Draw(image).line([(30, 110), (110, 40), (190, 120), (260, 50), (370, 90)], fill=(0, 0, 0, 255), width=5)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _first_case():
    for target_type in list(cases.CASE_TYPES):
        try:
            model = apps.get_model(target_type)
        except (LookupError, ValueError):
            continue
        for case in model.objects.order_by("pk")[:1]:
            return target_type, str(case.pk)
    return None


def make_demo_evidence(*, now: datetime) -> int:
    """The number of items added: 2, or 0 when no case type has a case, nobody who records
    evidence sees it, or it has evidence already."""
    found = _first_case()
    if found is None:
        return 0
    target_type, target_id = found
    actor = next((u for u in User.objects.filter(is_active=True).select_related("unit").order_by("id")
                  if can_record_evidence(u) and selectors.safe_case_for(u, target_type, target_id) is not None), None)
    if actor is None or EvidenceItem.objects.filter(target_type=target_type, target_id=target_id).exists():
        return 0
    _, info = selectors.safe_case_for(actor, target_type, target_id)
    collected_at = now - timedelta(minutes=30)
    scene = services.item_register(
        actor=actor, target_type=target_type, target_id=target_id, kind=ItemKind.PHOTO,
        description="计量箱封印被破坏，进线端有私接跨越线（现场拍照，不可移动）", location=info.customer_address or "客户计量箱处",
        latitude="43.825600", longitude="87.616800", collected_at=collected_at, now=now)
    services.evidence_file_add(actor=actor, item=scene, data=demo_photo(taken_at=collected_at, colour=(210, 220, 235),
                                                                         label="scene"),
                               original_name="IMG_0001.jpg", captured_at=collected_at, now=now)
    meter = services.item_register(
        actor=actor, target_type=target_type, target_id=target_id, kind=ItemKind.METER,
        description="单相电能表一只，表号 3100123456，表盖螺丝有撬动痕迹", location=info.customer_address or "客户计量箱处",
        collected_at=collected_at + timedelta(minutes=5), now=now)
    services.evidence_file_add(actor=actor, item=meter, data=demo_photo(taken_at=collected_at + timedelta(minutes=6),
                                                                         colour=(235, 225, 200), label="meter"),
                               original_name="IMG_0002.jpg", captured_at=collected_at + timedelta(minutes=6), now=now)
    services.seal_apply(actor=actor, item=meter, number=f"FT{now:%Y}-{meter.pk:06d}",
                        signer_name=info.customer_name or "客户", png=demo_signature(), now=now)
    services.custody_move(actor=actor, item=meter, step="STORED", location="城区供电营业所证据保管室",
                          seal_state="INTACT", now=now)
    return 2
