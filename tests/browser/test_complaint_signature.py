"""§6.5(ii)(7) in a real browser: at a visit the customer signs the complaint form on the
signature pad; the confirmation stores the signature as its proof and the page shows its hash."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.test_complaints import sign_in
from tests.integration.complaints.conftest import ensure_categories
from utilicase.blobs.storage import blob_read
from utilicase.complaints import services
from utilicase.complaints.models import Complaint
from utilicase.documents.models import Signature
from utilicase.org.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_visitor_signs_the_complaint_form_on_the_pad_s6_5_ii_7(page, org):
    ensure_categories()
    now = timezone.now()
    complaint = services.complaint_receive(
        actor=User.objects.get(username="hall_staff1"), channel="VISIT", contact_name="李秀英",
        contact_phone="13899001122", content="营业厅排队时间过长，工作人员态度冷淡。",
        reception_started_at=now - timedelta(minutes=10), reception_ended_at=now - timedelta(minutes=1), now=now)

    sign_in(page, "hall_staff1")
    page.goto(f"/complaints/{complaint.pk}/")
    page.wait_for_selector("#pad-signature[data-ready]")  # the pad's deferred script has bound it
    assert page.locator("#id_confirm_record_method_0").is_checked()  # a visit: signing comes first
    page.fill("#id_confirm_record_signer_name", "李秀英")
    page.locator("#pad-signature").scroll_into_view_if_needed()
    box = page.locator("#pad-signature").bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] * 0.7)
    page.mouse.down()
    for i, (dx, dy) in enumerate([(0.2, 0.2), (0.35, 0.8), (0.5, 0.25), (0.7, 0.75), (0.9, 0.3)]):
        page.mouse.move(box["x"] + box["width"] * dx, box["y"] + box["height"] * dy, steps=8 + i)
    page.mouse.up()
    drawn = page.locator("#input-signature").input_value()
    assert drawn.startswith("data:image/png;base64,")
    page.locator("#action-confirm_record button[type=submit]").click()
    page.wait_for_selector("#action-confirm_record", state="detached")

    stored = Complaint.objects.get(pk=complaint.pk)
    signature = Signature.objects.get(target_type="complaints.complaint", target_id=str(complaint.pk))
    assert (stored.record_confirmation, signature.signer_name, signature.signer_role) == (
        "SIGNATURE", "李秀英", "CUSTOMER")
    assert stored.record_signature_sha256 == signature.image_sha256
    assert hashlib.sha256(blob_read("signatures", signature.image_sha256)).hexdigest() == signature.image_sha256
    facts = page.locator(".facts").inner_text()
    assert "客户在工作单上签名确认" in facts
    assert re.search(r"签名 " + signature.image_sha256[:14], facts)  # the hash, shortened
