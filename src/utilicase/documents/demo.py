"""Demo documents: on the first case of a registered case type that issues a complaint form
(complaints first), a member of staff who may write it drafts it from the case, signs it, issues
it, and the customer confirms it by signature (§6.5(ii)(7)). Does nothing when no case type
issues it or none has a case yet."""

import io
from datetime import datetime

from django.apps import apps
from django.db import transaction
from PIL import Image, ImageDraw

from utilicase.core import cases
from utilicase.documents.models import Document
from utilicase.documents.permissions import creatable_types
from utilicase.documents.services import document_create, document_issue, document_sign
from utilicase.documents.serving import service_record
from utilicase.org.models import User

CODE = "complaint_form"
PREFERRED = ("complaints.complaint",)
ACTORS = ("hall_staff1", "hall_head1")


def _signature_png(strokes: list[tuple[int, int]]) -> bytes:
    image = Image.new("RGBA", (360, 120), (0, 0, 0, 0))
    ImageDraw.Draw(image).line(strokes, fill=(20, 20, 60, 255), width=4, joint="curve")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _first_case():
    """(actor, case, case info) of the first case of a type that issues the form, with a demo
    user who may draft it there."""
    issuing = [t for t, case_type in cases.CASE_TYPES.items() if CODE in case_type.documents]
    order = [t for t in PREFERRED if t in issuing] + sorted(set(issuing) - set(PREFERRED))
    for target_type in order:
        try:
            model = apps.get_model(target_type)
        except (LookupError, ValueError):
            continue
        first = model._default_manager.order_by("pk").first()
        if first is None:
            continue
        users = {u.username: u for u in User.objects.filter(username__in=ACTORS)}
        for user in (users[name] for name in ACTORS if name in users):
            found = cases.case_for(user, target_type, str(first.pk))
            if found is not None and CODE in creatable_types(user, target_type=target_type, case=found[0]):
                return user, *found
    return None


@transaction.atomic
def make_demo_documents(*, now: datetime) -> int:
    """The number of documents made (0 or 1)."""
    found = _first_case()
    if found is None:
        return 0
    actor, case, info = found
    if Document.objects.filter(target_type=info.target_type, target_id=info.target_id, doc_type=CODE).exists():
        return 0
    content = {**cases.declared_documents(info.target_type)[CODE].content(case),
               "handling": "已记录并转相关部门调查处理，5个工作日内答复。"}
    document = document_create(actor=actor, case=info, doc_type_code=CODE, now=now, content=content)
    document_sign(actor=actor, document=document, signer_role="STAFF", signer_name=actor.display_name,
                  png=_signature_png([(20, 80), (90, 30), (160, 90), (230, 35), (330, 70)]), now=now)
    document = document_issue(actor=actor, document=document, now=now)
    service_record(actor=actor, document=document, method="SIGNED", signer_name=info.customer_name or "客户",
                   customer_signature=_signature_png([(30, 60), (100, 95), (170, 25), (250, 90), (320, 40)]), now=now)
    return 1
