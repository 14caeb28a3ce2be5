"""What a customer sees in the portal: their own complaints, notices (customer copies of issued
documents only), fees and field work; another customer's, guessed by number or id, answers 404
like a missing one. Filing a complaint online opens the same 5-working-day reply (§6.6(8))."""

import hashlib
import subprocess
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tests.integration.documents.conftest import ink_png
from tests.integration.fieldwork.test_pages import data_url
from utilicase.billing import services as billing
from utilicase.complaints import services as complaints
from utilicase.complaints.models import Channel, Complaint
from utilicase.core.cases import case_for
from utilicase.documents.models import Document
from utilicase.documents.services import document_create, document_issue, document_sign
from utilicase.enforcement import services as enforcement
from utilicase.enforcement.selectors import TARGET_TYPE
from utilicase.fieldwork import services as fieldwork
from utilicase.fieldwork.selectors import checklist_items
from utilicase.portal import selectors, services

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _records(customer, example_user, now, tag):
    """A complaint filed online, a theft case with its notice issued (and a second one left in
    draft), a fee partly paid, and a completed field work order."""
    inspector, worker, staff = example_user("inspector1"), example_user("field_worker1"), example_user("office_head1")
    complaint = services.complaint_file(customer=customer, content=f"Complaint of {tag}.", now=now)
    start = now - timedelta(hours=3)
    case = enforcement.case_open(actor=inspector, kind="THEFT", customer=customer, facts=f"Bypass at {tag}.",
                                 discovered_at=start, act_stopped_at=start, act_stopped_how="Removed.", now=start)
    _, info = case_for(inspector, TARGET_TYPE, str(case.pk))
    content = {"act": "theft", "found_at": "2026-09-30 07:00", "facts": f"Bypass at {tag}.",
               "legal_basis": "Art.102", "demands": "Pay."}
    notice = document_create(actor=inspector, case=info, doc_type_code="violation_notice", now=start, content=content)
    document_sign(actor=inspector, document=notice, signer_role="INSPECTOR", signer_name="Inspector", png=ink_png(),
                  now=start)
    notice = document_issue(actor=inspector, document=notice, now=start)
    draft = document_create(actor=inspector, case=info, doc_type_code="violation_notice", now=start, content=content)
    receivable = billing.receivable_create(
        actor=staff, target_type=TARGET_TYPE, target_id=str(case.pk), case_number=case.number,
        account_number=customer.account_number, fee_type="VIOLATION_FEE", amount=Decimal("1944.00"),
        due_date=now.date() + timedelta(days=15), document_number=notice.number, now=now)
    billing.payment_record(actor=staff, receivable=receivable, amount=Decimal("100.00"), receipt_number=f"R-{tag}",
                           paid_at=now, source="MANUAL", now=now)
    order = fieldwork.order_create(actor=worker, kind="METERING", customer=customer, description=f"Meter of {tag}.",
                                   workers=[worker], now=now - timedelta(days=1))
    order = fieldwork.order_appoint(actor=worker, order=order, reached="CUSTOMER", reached_name=tag,
                                    customer_contact=customer.contact_phone, slot_start=now,
                                    slot_end=now + timedelta(hours=1), address="1 Road", address_confirmed=True,
                                    preparation="", now=now - timedelta(hours=5))
    order = fieldwork.order_depart(actor=worker, order=order, now=now - timedelta(minutes=30),
                                   checked=checklist_items(stage="BEFORE_LEAVING", utility=order.utility))
    order = fieldwork.order_arrive(actor=worker, order=order, apology="", now=now)
    order = fieldwork.order_start_work(actor=worker, order=order, now=now,
                                       checked=checklist_items(stage="BEFORE_WORK", utility=order.utility))
    fieldwork.order_declare_meals(actor=worker, order=order, happened=False, now=now)
    fieldwork.order_record_finish(actor=worker, order=order, work_done="Calibrated.", borrowed_returned=True,
                                  safety_reminder="Keep it closed.", now=now)
    fieldwork.order_confirm(actor=worker, order=order, signer_name=tag, signature=data_url(), now=now)
    order = fieldwork.order_complete(actor=worker, order=order, now=now)
    return {"complaint": complaint, "case": case, "notice": notice, "draft": draft, "receivable": receivable,
            "order": order}


@pytest.fixture
def both(customers, example_user, now, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    a, b = customers
    return {"a": _records(a, example_user, now, "A-home"), "b": _records(b, example_user, now, "B-home")}


def test_a_complaint_filed_online_gets_the_five_working_day_reply_s6_6_8(customers, now):
    # Filed Wednesday 2026-09-30 10:00: the National Day holiday (10-01..10-08) does not count,
    # the day of filing is not counted; the 5th working day is Tuesday 10-13, due at its end.
    complaint = services.complaint_file(customer=customers[0], content="No heat since Monday.", now=now)
    complaint.refresh_from_db()
    assert complaint.channel == Channel.ONLINE and complaint.customer == customers[0]
    assert complaint.reply_deadline.due_at == datetime(2026, 10, 14, 0, 0, tzinfo=SHANGHAI)
    assert complaint.reply_due_at == datetime(2026, 10, 14, 0, 0, tzinfo=SHANGHAI)
    assert complaint.form_deadline is None and complaint.form_completed_at == now  # the customer's own words
    assert complaint.hall.code == "tf-hall" and complaint.first_contact_owner.username == "hall_head1"


def test_a_complaint_filed_on_the_page_is_the_customer_s_and_follows_to_its_reply(as_customer, customers,
                                                                                   example_user, org):
    client = as_customer(customers[0])
    response = client.post(reverse("portal:complaint_new"), {"content": "The meter box is broken."})
    complaint = Complaint.objects.get()
    assert response["Location"] == reverse("portal:complaint", args=[complaint.number])
    assert (complaint.channel, complaint.customer, complaint.content) == ("ONLINE", customers[0],
                                                                          "The meter box is broken.")
    page = client.get(response["Location"]).content.decode()
    assert "The meter box is broken." in page and "2026" in page
    head, handler = example_user("hall_head1"), example_user("handler1")
    from tests.integration.complaints.conftest import ensure_categories
    from utilicase.complaints.models import ComplaintCategory

    ensure_categories()
    at = complaint.created_at
    complaints.complaint_assess(actor=head, complaint=complaint, category=ComplaintCategory.objects.first(),
                                impact="MINOR", is_valid=True, validity_reason="Checked by the team internally.",
                                company_at_fault=False, apology_text="", now=at + timedelta(minutes=5))
    complaints.complaint_route(actor=head, complaint=complaint, unit=org["tf-power-marketing"], handler=handler,
                               now=at + timedelta(minutes=6))
    complaints.complaint_reply(actor=handler, complaint=complaint, method="PHONE", content="Box replaced on Friday.",
                               now=at + timedelta(minutes=30))
    page = client.get(response["Location"]).content.decode()
    assert "Box replaced on Friday." in page
    assert "Checked by the team internally." not in page  # the assessment is internal
    assert handler.display_name not in page and head.display_name not in page  # no staff names
    complaints.complaint_return_visit(actor=head, complaint=complaint, method="PHONE", reached=True,
                                      satisfaction="DISSATISFIED", comment="Still loose.",
                                      now=at + timedelta(hours=2))
    complaints.complaint_reply_again(actor=handler, complaint=complaint, content="Box fixed with new screws.",
                                     now=at + timedelta(hours=3))
    page = client.get(response["Location"]).content.decode()
    assert "Box replaced on Friday." in page and "Box fixed with new screws." in page


def test_an_empty_complaint_is_refused_and_nothing_is_stored(as_customer, customers):
    client = as_customer(customers[0])
    assert client.post(reverse("portal:complaint_new"), {"content": "  "}).status_code == 400
    assert not Complaint.objects.exists()


def test_a_customer_sees_their_own_records_and_none_of_the_other_s(client, sent, both, customers):
    from tests.integration.portal.conftest import portal_sign_in

    portal_sign_in(client, customers[0], sent)
    mine, theirs = both["a"], both["b"]
    home = client.get(reverse("portal:home")).content.decode()
    assert mine["complaint"].number in home and mine["case"].number in home
    assert theirs["complaint"].number not in home and theirs["case"].number not in home
    notices = client.get(reverse("portal:notices")).content.decode()
    assert mine["notice"].number in notices and theirs["notice"].number not in notices
    assert reverse("portal:notice_pdf", args=[mine["draft"].pk]) not in notices  # drafts never
    assert "1844.00" in notices and "R-A-home" in notices and "R-B-home" not in notices
    orders = client.get(reverse("portal:field_orders")).content.decode()
    assert mine["order"].number in orders and theirs["order"].number not in orders


def test_another_customer_s_records_answer_404_when_guessed(client, sent, both, customers):
    from tests.integration.portal.conftest import portal_sign_in

    portal_sign_in(client, customers[0], sent)
    theirs = both["b"]
    assert client.get(reverse("portal:complaint", args=[theirs["complaint"].number])).status_code == 404
    assert client.get(reverse("portal:notice_pdf", args=[theirs["notice"].pk])).status_code == 404
    assert client.get(reverse("portal:field_order", args=[theirs["order"].number])).status_code == 404
    response = client.post(reverse("portal:field_order", args=[theirs["order"].number]), {"rating": "1"})
    assert response.status_code == 404
    theirs["order"].refresh_from_db()
    assert theirs["order"].rated_at is None
    assert client.get(reverse("portal:notice_pdf", args=[both["a"]["draft"].pk])).status_code == 404
    assert all(r.account_number == customers[0].account_number for r in selectors.receivables_of(customers[0]))
    assert list(selectors.receivables_of(customers[0])) == [both["a"]["receivable"]]


def test_the_notice_is_the_customer_copy_as_issued(client, sent, both, customers, tmp_path):
    from tests.integration.portal.conftest import portal_sign_in

    portal_sign_in(client, customers[0], sent)
    notice = both["a"]["notice"]
    response = client.get(reverse("portal:notice_pdf", args=[notice.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "n.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert notice.number in text and "客户联" in text and "存根联" not in text
    stored = Document.objects.get(pk=notice.pk).copies.get(kind="CUSTOMER").pdf_sha256
    assert hashlib.sha256(response.content).hexdigest() == stored


def test_a_completed_order_is_rated_once_from_the_portal_s4_4_5(client, sent, both, customers):
    from tests.integration.portal.conftest import portal_sign_in

    portal_sign_in(client, customers[0], sent)
    order = both["a"]["order"]
    url = reverse("portal:field_order", args=[order.number])
    assert 'id="portal-rate"' in client.get(url).content.decode()
    assert client.post(url, {"rating": "4", "comment": "Quick and tidy."})["Location"] == url
    order.refresh_from_db()
    assert (order.rating, order.rating_comment, order.rating_via) == (4, "Quick and tidy.", "PORTAL")
    assert 'id="portal-rate"' not in client.get(url).content.decode()
    assert client.post(url, {"rating": "1"}).status_code == 403
    order.refresh_from_db()
    assert order.rating == 4


def test_an_inspection_shows_once_the_customer_was_told_with_inspectors_and_certificates_s2_4_2(
        customers, example_user, now):
    """A special inspection from a tip-off is not shown before the inspectors arrive (it would
    warn the customer); a routine one from its appointment; the inspectors by name with the
    certificate each showed, and no other member of staff."""
    from datetime import date

    from utilicase.inspections import services as inspections
    from utilicase.org.models import Certificate

    a, _ = customers
    head, one, two = (example_user(u) for u in ("office_head1", "inspector1", "inspector2"))
    tip_off = inspections.order_create(actor=head, kind="SPECIAL", customer=a, purpose="Tip-off.",
                                       planned_date=date(2026, 10, 3), inspectors=[one, two], trigger="TIP_OFF",
                                       now=now)
    routine = inspections.order_create(actor=head, kind="ROUTINE", customer=a, purpose="Routine.",
                                       planned_date=date(2026, 9, 30), inspectors=[one, two], now=now)
    assert list(selectors.inspections_of(a)) == []
    inspections.order_submit(actor=head, order=routine, now=now)
    inspections.order_approve(actor=head, order=routine, now=now)
    assert list(selectors.inspections_of(a)) == []  # approved, not yet told
    inspections.order_appoint(actor=one, order=routine, appointment_at=now, contact="A", method="PHONE", now=now)
    assert list(selectors.inspections_of(a)) == [routine]
    assert selectors.inspectors_shown(routine) == []
    inspections.order_prepare(actor=one, order=routine, now=now)
    inspections.order_arrive(actor=one, order=routine, present=[one, two], certificates_shown=True, now=now)
    shown = selectors.inspectors_shown(routine)
    numbers = {c.holder_id: c.number for c in Certificate.objects.filter(holder__in=[one, two], utility="POWER")}
    assert shown == [selectors.Inspector(one.display_name, numbers[one.pk]),
                     selectors.Inspector(two.display_name, numbers[two.pk])]
    assert tip_off not in list(selectors.inspections_of(a))


def test_the_hall_reads_an_online_complaint_as_filed_by_the_customer(client, customers, example_user, now):
    complaint = services.complaint_file(customer=customers[0], content="Online words.", now=now)
    client.force_login(example_user("hall_head1"))
    page = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    assert "Online words." in page and "网上" in page and complaint.number in page
