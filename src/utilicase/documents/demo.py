"""Demo documents: on the first case of a registered case type (complaints first), a complaint
form is drafted, signed by the receiving member of staff, issued, and confirmed by the customer's
signature (§6.5(ii)(7)). Does nothing when no case type is registered or it has no case yet."""

import io
from datetime import datetime, timedelta

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from utilicase.core import cases
from utilicase.documents.models import Document
from utilicase.documents.services import document_create, document_issue, document_sign
from utilicase.documents.serving import service_record
from utilicase.org.models import User

PREFERRED = ("complaints.complaint",)
ACTORS = ("hall_staff1", "hall_head1", "inspector1", "admin")


def _signature_png(strokes: list[tuple[int, int]]) -> bytes:
    image = Image.new("RGBA", (360, 120), (0, 0, 0, 0))
    ImageDraw.Draw(image).line(strokes, fill=(20, 20, 60, 255), width=4, joint="curve")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _first_case():
    """(actor, case info) of the first case of a registered type that a demo user may see."""
    order = [t for t in PREFERRED if t in cases.CASE_TYPES] + sorted(set(cases.CASE_TYPES) - set(PREFERRED))
    for target_type in order:
        try:
            model = apps.get_model(target_type)
        except (LookupError, ValueError):
            continue
        first = model._default_manager.order_by("pk").first()
        if first is None:
            continue
        for username in ACTORS:
            user = User.objects.filter(username=username).first()
            found = cases.case_for(user, target_type, str(first.pk)) if user else None
            if found is not None:
                return user, found[1]
    return None


@transaction.atomic
def make_demo_documents(*, now: datetime) -> int:
    """The number of documents made (0 or 1)."""
    found = _first_case()
    if found is None:
        return 0
    actor, info = found
    if Document.objects.filter(target_type=info.target_type, target_id=info.target_id,
                               doc_type="complaint_form").exists():
        return 0
    received = now - timedelta(minutes=20)
    document = document_create(actor=actor, case=info, doc_type_code="complaint_form", now=now, content={
        "received_at": f"{timezone.localtime(received):%Y-%m-%d %H:%M}",
        "channel": "来电",
        "complainant": info.customer_name or "客户",
        "complaint": info.title or "客户反映的问题",
        "handling": "已记录并转相关部门调查处理，5个工作日内答复。",
    })
    document_sign(actor=actor, document=document, signer_role="STAFF", signer_name=actor.display_name,
                  png=_signature_png([(20, 80), (90, 30), (160, 90), (230, 35), (330, 70)]), now=now)
    document = document_issue(actor=actor, document=document, case=info, now=now)
    service_record(actor=actor, document=document, method="SIGNED", signer_name=info.customer_name or "客户",
                   customer_signature=_signature_png([(30, 60), (100, 95), (170, 25), (250, 90), (320, 40)]), now=now)
    return 1
