"""The customer's confirmation of the record names its proof (§6.5(ii)(7)): a call is read back
and the customer's answer recorded; at a visit the customer signs on screen or leaves a phone."""

import hashlib
import io
from datetime import timedelta

import pytest
from PIL import Image

from tests.integration.evidence.helpers import data_url, signature_png
from utilicase.audit.models import AuditEvent
from utilicase.complaints import services
from utilicase.complaints.models import Channel, Complaint
from utilicase.core.rules import RuleViolation
from utilicase.documents.models import Signature

pytestmark = pytest.mark.django_db


def last_event(c: Complaint) -> AuditEvent:
    return AuditEvent.objects.filter(target_type="complaints.complaint", target_id=str(c.pk)).order_by("seq").last()


def blank_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (400, 150), (0, 0, 0, 0)).save(out, format="PNG")
    return out.getvalue()

def test_a_call_is_read_back_and_the_customer_s_answer_recorded_s6_5_ii_7(flow):
    c = flow.receive(channel=Channel.PHONE)
    done = flow.confirm(c, method="READ_BACK", answer="  客户说：记录无误，就是9月的电费。 ")
    done.refresh_from_db()
    assert (done.record_confirmation, done.record_answer, done.record_contact, done.record_signature_sha256) == (
        "READ_BACK", "客户说：记录无误，就是9月的电费。", "", "")
    assert done.record_confirmed_at == c.reception_ended_at + timedelta(minutes=6)
    assert last_event(c).after == {"record_confirmed_at": "2026-09-30T10:06:00+08:00", "method": "READ_BACK",
                                   "signature_sha256": "", "contact": "", "answer": "客户说：记录无误，就是9月的电费。"}


@pytest.mark.parametrize("proof", [{"method": "READ_BACK", "answer": "   "}, {"method": "SIGNATURE"},
                                   {"method": "CONTACT", "contact": "13899001122"}])
def test_a_call_needs_the_customer_s_answer_to_the_read_back_s6_5_ii_7(flow, proof):
    c = flow.receive(channel=Channel.PHONE)
    with pytest.raises(RuleViolation) as exc:
        flow.confirm(c, **proof)
    assert exc.value.clause == "§6.5(ii)(7)"
    c.refresh_from_db()
    assert (c.record_confirmed_at, c.record_confirmation, last_event(c).action) == (
        None, "", "complaints.complaint.received")


def test_a_visit_is_confirmed_by_the_customer_s_signature_s6_5_ii_7(flow):
    c = flow.receive(channel=Channel.VISIT)
    png = signature_png()
    done = flow.confirm(c, method="SIGNATURE", signer_name="李秀英", signature=data_url(png))
    done.refresh_from_db()
    sha256 = hashlib.sha256(png).hexdigest()
    assert (done.record_confirmation, done.record_signature_sha256, done.record_contact, done.record_answer) == (
        "SIGNATURE", sha256, "", "")
    signature = Signature.objects.get(target_type="complaints.complaint", target_id=str(c.pk))
    assert (signature.signer_name, signature.signer_role, signature.image_sha256) == ("李秀英", "CUSTOMER", sha256)
    assert (last_event(c).after["method"], last_event(c).after["signature_sha256"]) == ("SIGNATURE", sha256)


def test_a_visit_is_confirmed_by_the_phone_the_customer_leaves_s6_5_ii_7(flow):
    c = flow.receive(channel=Channel.VISIT)
    done = flow.confirm(c, method="CONTACT", contact=" 13912345678 ")
    done.refresh_from_db()
    assert (done.record_confirmation, done.record_contact, done.record_signature_sha256) == (
        "CONTACT", "13912345678", "")
    assert last_event(c).after["contact"] == "13912345678"


def test_a_contact_that_is_no_phone_is_refused_by_field_and_nothing_is_stored_s6_5_ii_7(flow):
    c = flow.receive(channel=Channel.VISIT)
    with pytest.raises(services.ComplaintInvalid) as exc:
        flow.confirm(c, method="CONTACT", contact="问前台")
    assert list(exc.value.errors) == ["contact"] and "问前台" in exc.value.errors["contact"]
    c.refresh_from_db()
    assert (c.record_confirmed_at, c.record_contact) == (None, "")


@pytest.mark.parametrize(("proof", "why"), [
    ({"method": "SIGNATURE", "signer_name": "李秀英"}, "签名"),
    ({"method": "CONTACT", "contact": ""}, "联系方式"),
    ({"method": "READ_BACK", "answer": "客户确认"}, "来人投诉"),
])
def test_a_visit_needs_a_signature_or_a_contact_s6_5_ii_7(flow, proof, why):
    c = flow.receive(channel=Channel.VISIT)
    with pytest.raises(RuleViolation) as exc:
        flow.confirm(c, **proof)
    assert exc.value.clause == "§6.5(ii)(7)" and why in exc.value.message
    assert not Signature.objects.exists()
    assert Complaint.objects.get(pk=c.pk).record_confirmed_at is None


def test_a_signature_without_ink_is_refused_and_nothing_is_stored_s6_5_ii_7(flow):
    c = flow.receive(channel=Channel.VISIT)
    with pytest.raises(services.ComplaintInvalid) as exc:
        flow.confirm(c, method="SIGNATURE", signer_name="李秀英", signature=data_url(blank_png()))
    assert list(exc.value.errors) == ["signature"]
    assert not Signature.objects.exists() and Complaint.objects.get(pk=c.pk).record_confirmed_at is None
