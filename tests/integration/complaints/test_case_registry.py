"""Complaints register as cases, so documents and evidence can attach to them."""

import pytest

from utilicase.complaints.demo import make_demo_complaints
from utilicase.complaints.models import Complaint
from utilicase.core.cases import case_for
from utilicase.customers.demo import make_demo_customers

pytestmark = pytest.mark.django_db


def test_a_complaint_is_a_case_its_hall_staff_can_see(org, example_user, now):
    power = org["tf-power"]
    make_demo_customers(enterprises=[power], offices_by_enterprise={power: [org["tf-power-city"]]}, count=5,
                        seed=1, now=now)
    make_demo_complaints(now=now)
    complaint = Complaint.objects.filter(customer__isnull=False).order_by("pk").first()
    found = case_for(example_user("hall_staff1"), "complaints.complaint", str(complaint.pk))
    assert found is not None
    case, info = found
    assert case.pk == complaint.pk
    assert info.number == complaint.number and info.issuer_short_name == "天富"
    assert info.customer_name == complaint.customer.name
    assert info.utility == complaint.customer.enterprise.utility


def test_a_complaint_is_not_a_case_for_someone_who_cannot_see_it(org, example_user, now):
    make_demo_complaints(now=now)
    complaint = Complaint.objects.order_by("pk").first()
    assert case_for(example_user("inspector2"), "complaints.complaint", str(complaint.pk)) is None
    assert case_for(example_user("hall_staff1"), "complaints.complaint", "999999") is None
    assert case_for(example_user("hall_staff1"), "complaints.complaint", "abc") is None
