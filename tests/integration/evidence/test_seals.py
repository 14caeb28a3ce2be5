"""Seals (§2.6(2): tools, traces and meters needing appraisal are sealed and the customer
confirms): number, item, who and when, the customer's signature, and the seal's state at every
later handling."""

import io
from datetime import timedelta

import pytest
from PIL import Image

from tests.integration.evidence.helpers import signature_png
from utilicase.audit.models import AuditEvent
from utilicase.blobs.storage import blob_read
from utilicase.core.rules import RuleViolation
from utilicase.documents.models import Signature
from utilicase.evidence import selectors, services
from utilicase.evidence.models import CustodyEntry, Seal

pytestmark = pytest.mark.django_db


@pytest.fixture
def meter(inspector, case, now):
    return services.item_register(actor=inspector, target_type="customers.customer", target_id=str(case.pk),
                                  kind="METER", description="电能表 3100123456", location="计量箱", now=now)


def _seal(actor, item, now, number="FT2026-0001", png=None, signer="熊超"):
    return services.seal_apply(actor=actor, item=item, number=number, signer_name=signer,
                               png=png if png is not None else signature_png(), now=now)


def test_a_seal_carries_the_customers_signature_s2_6_2(inspector, meter, now):
    seal = _seal(inspector, meter, now, number=" ft2026-0001 ")
    assert (seal.number, seal.item, seal.sealed_by, seal.sealed_at, seal.broken_at) == (
        "FT2026-0001", meter, inspector, now, None)
    signature = Signature.objects.get()
    assert seal.customer_signature == signature
    assert (signature.purpose, signature.signer_role, signature.signer_name) == ("evidence.seal.confirm", "CUSTOMER", "熊超")
    assert (signature.target_type, signature.target_id) == ("evidence.seal", str(seal.pk))
    assert blob_read("signatures", signature.image_sha256) == signature_png()
    assert AuditEvent.objects.get(action="evidence.seal.applied").after["seal"] == "FT2026-0001"


def test_seal_numbers_are_unique_across_the_company(inspector, meter, case, now):
    other = services.item_register(actor=inspector, target_type="customers.customer", target_id=str(case.pk),
                                   kind="TOOL", description="短接线", location="计量箱", now=now)
    _seal(inspector, meter, now)
    with pytest.raises(services.EvidenceInvalid) as exc:
        _seal(inspector, other, now, number="FT2026-0001")
    assert exc.value.field == "number" and Seal.objects.count() == 1


@pytest.mark.parametrize("number", ["", "A", "封条一号", "FT 2026/1"])
def test_a_malformed_seal_number_is_refused(inspector, meter, now, number):
    with pytest.raises(services.EvidenceInvalid) as exc:
        _seal(inspector, meter, now, number=number)
    assert exc.value.field == "number" and not Seal.objects.exists()


def test_without_the_customers_signature_nothing_is_sealed_s2_6_2(inspector, meter, now):
    out = io.BytesIO()
    Image.new("RGBA", (400, 150), (0, 0, 0, 0)).save(out, format="PNG")  # an empty pad
    with pytest.raises(services.EvidenceInvalid) as exc:
        _seal(inspector, meter, now, png=out.getvalue())
    assert exc.value.field == "signature"
    with pytest.raises(services.EvidenceInvalid) as exc:
        _seal(inspector, meter, now, signer="  ")
    assert exc.value.field == "signer_name"
    assert not Seal.objects.exists() and not Signature.objects.exists()


def test_a_photographed_immovable_thing_is_not_sealed_s2_6_2(inspector, case, now):
    photo = services.item_register(actor=inspector, target_type="customers.customer", target_id=str(case.pk),
                                   kind="PHOTO", description="计量箱封印被破坏", location="计量箱", now=now)
    with pytest.raises(RuleViolation) as exc:
        _seal(inspector, photo, now)
    assert exc.value.clause == "§2.6(2)" and not Seal.objects.exists()


def test_one_intact_seal_at_a_time_s2_6_2(inspector, meter, now):
    _seal(inspector, meter, now)
    with pytest.raises(RuleViolation) as exc:
        _seal(inspector, meter, now, number="FT2026-0002")
    assert "FT2026-0001" in exc.value.message


def test_a_sealed_items_move_records_the_seal_state_s2_6_2(inspector, meter, now):
    seal = _seal(inspector, meter, now)
    with pytest.raises(services.EvidenceInvalid) as exc:
        services.custody_move(actor=inspector, item=meter, step="STORED", location="保管室", now=now)
    assert exc.value.field == "seal_state" and "FT2026-0001" in exc.value.message
    entry = services.custody_move(actor=inspector, item=meter, step="STORED", location="保管室", seal_state="INTACT",
                                  now=now + timedelta(minutes=30))
    assert (entry.seal, entry.seal_state) == (seal, "INTACT")
    seal.refresh_from_db()
    assert seal.broken_at is None


def test_a_broken_seal_needs_a_note_and_is_recorded_broken_s2_6_2(inspector, meter, now):
    seal = _seal(inspector, meter, now)
    services.custody_move(actor=inspector, item=meter, step="SENT_FOR_APPRAISAL", location="市计量检定所",
                          seal_state="INTACT", now=now)
    with pytest.raises(services.EvidenceInvalid) as exc:
        services.custody_move(actor=inspector, item=meter, step="APPRAISAL_RESULT", location="市计量检定所",
                              seal_state="BROKEN", result="表内加装分流电阻", now=now)
    assert exc.value.field == "seal_note"
    later = now + timedelta(days=3)
    entry = services.custody_move(actor=inspector, item=meter, step="APPRAISAL_RESULT", location="市计量检定所",
                                  seal_state="BROKEN", seal_note="鉴定时启封", result="表内加装分流电阻",
                                  now=later)
    seal.refresh_from_db()
    assert (seal.broken_at, seal.broken_note, entry.seal_state) == (later, "鉴定时启封", "BROKEN")
    item = selectors.item_get(user=inspector, id=meter.pk)[0]
    assert item.current_seal is None and item.state == "APPRAISAL_RESULT"
    # Unsealed again: the next move records no seal, and a new seal may go on.
    services.custody_move(actor=inspector, item=meter, step="STORED", location="保管室", now=later)
    assert CustodyEntry.objects.filter(item=meter).last().seal is None
    assert _seal(inspector, meter, later, number="FT2026-0002").number == "FT2026-0002"


def test_a_seal_state_on_an_unsealed_item_is_refused(inspector, meter, now):
    with pytest.raises(services.EvidenceInvalid) as exc:
        services.custody_move(actor=inspector, item=meter, step="STORED", location="保管室", seal_state="INTACT", now=now)
    assert exc.value.field == "seal_state"


def _seal_refused(actor, item, now, names=("李海燕", "张伟"), signatures=2, photo=True):
    from tests.integration.evidence.helpers import jpeg

    return services.seal_apply_refused(actor=actor, item=item, number="FT2026-0002", witness_names=names,
                                       witness_pngs=[signature_png()] * signatures,
                                       photo=jpeg() if photo else None, now=now)


def test_a_customer_who_refuses_to_sign_is_recorded_before_two_witnesses_with_a_photo_s2_6_2(inspector, meter, now):
    seal = _seal_refused(inspector, meter, now)
    assert (seal.number, seal.customer_refused, seal.customer_signature) == ("FT2026-0002", True, None)
    witnesses = Signature.objects.filter(target_type="evidence.seal", target_id=str(seal.pk))
    assert sorted(witnesses.values_list("signer_name", "signer_role", "purpose")) == [
        ("张伟", "WITNESS", "evidence.seal.witness"), ("李海燕", "WITNESS", "evidence.seal.witness")]
    assert seal.refusal_photo.item == meter and meter.files.get() == seal.refusal_photo
    event = AuditEvent.objects.get(action="evidence.seal.applied_refused")
    assert event.after["witnesses"] == ["李海燕", "张伟"]
    assert event.after["photo_sha256"] == seal.refusal_photo.sha256


@pytest.mark.parametrize(("names", "signatures", "photo", "field"), [
    (("李海燕",), 1, True, "witness_names"),
    (("李海燕", "李海燕"), 2, True, "witness_names"),
    (("李海燕", "张伟"), 1, True, "witness_signatures"),
    (("李海燕", "张伟"), 2, False, "photos"),
])
def test_an_incomplete_refusal_seals_nothing_s2_6_2(inspector, meter, now, names, signatures, photo, field):
    with pytest.raises(services.EvidenceInvalid) as exc:
        _seal_refused(inspector, meter, now, names=names, signatures=signatures, photo=photo)
    assert exc.value.field == field
    assert not Seal.objects.exists() and not Signature.objects.exists() and not meter.files.exists()
