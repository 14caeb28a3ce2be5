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


def test_the_complaint_page_links_its_documents_and_evidence(client, org, example_user, now):
    make_demo_complaints(now=now)
    complaint = Complaint.objects.order_by("pk").first()
    client.force_login(example_user("hall_staff1"))
    page = client.get(f"/complaints/{complaint.pk}/").content.decode()
    documents = f"/documents/case/complaints.complaint/{complaint.pk}/"
    evidence = f"/evidence/case/complaints.complaint/{complaint.pk}/"
    assert documents in page and evidence in page
    assert client.get(documents).status_code == 200
    assert client.get(evidence).status_code == 200
    client.force_login(example_user("inspector2"))
    assert client.get(documents).status_code == 404
    assert client.get(evidence).status_code == 404
