import pytest

from utilicase.core import cases
from utilicase.evidence.demo import make_demo_evidence
from utilicase.evidence.models import EvidenceItem, Seal

pytestmark = pytest.mark.django_db


def test_demo_evidence_goes_on_the_first_case(case, now):
    assert make_demo_evidence(now=now) == 2
    items = EvidenceItem.objects.filter(target_type="customers.customer", target_id=str(case.pk)).order_by("number")
    assert [(i.number, i.kind, i.files.count()) for i in items] == [(1, "PHOTO", 1), (2, "METER", 1)]
    assert items[0].files.get().exif_taken_at is not None
    assert Seal.objects.get().item == items[1]
    assert make_demo_evidence(now=now) == 0  # once


def test_no_case_type_no_demo_evidence(case, now, monkeypatch):
    monkeypatch.setattr(cases, "CASE_TYPES", {})
    assert make_demo_evidence(now=now) == 0
    assert not EvidenceItem.objects.exists()
