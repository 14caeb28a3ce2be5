"""Every page in English: each named page is rendered, with sample data, as every demo user with
English chosen, and no CJK character (nor full-width punctuation) may be left but those of the
data. The data made here is ASCII; the Chinese of the reference data (units, staff names,
complaint categories, document numbers) is taken off the page by its exact strings in the
database. A failure lists each remaining run with the page it is on."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.views.defaults import server_error

from tests.integration.complaints.conftest import ensure_categories
from tests.integration.customers.factories import CustomerFactory
from tests.integration.documents.conftest import ink_png
from tests.integration.evidence.helpers import jpeg
from utilicase.complaints import services as complaints
from utilicase.complaints.models import Channel, ComplaintCategory, Impact, ReplyMethod
from utilicase.core.cases import case_for
from utilicase.demo.data import STAFF
from utilicase.documents.domain.catalogue import CATALOGUE
from utilicase.documents.models import Document
from utilicase.documents.services import document_create, document_issue, document_sign
from utilicase.documents.serving import service_record
from utilicase.evidence import services as evidence
from utilicase.evidence.models import ItemKind
from utilicase.evidence.permissions import can_record_evidence
from utilicase.fieldwork.models import ChecklistItem
from utilicase.org.models import User
from utilicase.whistleblowing import services as reports

pytestmark = pytest.mark.django_db

# CJK ideographs, kana, CJK symbols and punctuation (、。「」), full-width forms (，：（）).
CJK = re.compile(r"[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                 r"\ufe30-\ufe4f\uff00-\uffef]+")
# The language switch names Chinese in Chinese, on purpose.
LANGUAGE_SWITCH = re.compile(r'<form [^>]*class="lang".*?</form>', re.S)
USERS = [username for username, *_ in STAFF]
NOT_PAGES = {
    # actions (POST only), files, PDFs and archives: not pages to read
    "logout", "complaints:act", "documents:issue", "documents:discard", "documents:correct", "documents:pdf",
    "documents:signature", "documents:proof", "evidence:package_pdf", "evidence:package_zip", "evidence:file",
    "evidence:thumbnail", "evidence:report", "evidence:file_add", "evidence:custody",
    "whistleblowing:confirm", "whistleblowing:not_a_report", "whistleblowing:investigate", "whistleblowing:note",
    "whistleblowing:attach", "whistleblowing:attachment", "whistleblowing:claim_secret_reset", "org:grant_action",
    "enforcement:act",
    "billing:pay", "billing:reverse", "billing:export_new", "billing:export_download",
    "inspections:act", "inspections:finding_act", "inspections:plan_entry_add", "inspections:plan_generate",
    "accidents:act",
    "fieldwork:act", "fieldwork:rating_link",
    "compliance:report_pdf", "compliance:monthly",
    "portal:sign_out", "portal:notice_pdf",
    "notifications:read", "notifications:read_all", "notifications:preferences",
}
OUT_OF_SCOPE = ("admin", "api")


def _named_urls() -> set[str]:
    names: set[str] = set()

    def walk(patterns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace in OUT_OF_SCOPE or p.app_name in OUT_OF_SCOPE:
                    continue
                walk(p.url_patterns, f"{prefix}{p.namespace}:" if p.namespace else prefix)
            elif isinstance(p, URLPattern) and p.name:
                names.add(prefix + p.name)

    walk(get_resolver().url_patterns, "")
    return names - {"set_language"}


def _data_strings() -> list[str]:
    """Every CJK-bearing text value in the database, longest first (so that a name is taken off
    before a shorter name inside it)."""
    found: set[str] = set()
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)]
        for row in model._default_manager.values_list(*fields) if fields else ():
            found.update(v for v in row if isinstance(v, str) and CJK.search(v))
    return sorted(found, key=len, reverse=True)


def leftover_cjk(html: str, data: list[str]) -> list[str]:
    """Each CJK run left once the data is taken off, with some text around it."""
    text = LANGUAGE_SWITCH.sub("", html)
    for value in data:
        text = text.replace(escape(value), "").replace(value, "")
    return [" ".join(text[max(m.start() - 40, 0):m.end() + 20].split()) for m in CJK.finditer(text)]


@pytest.fixture
def sample(org, example_user, now, settings, tmp_path):
    """One of each kind of record, with ASCII text: open and closed complaints, their documents
    and evidence, a customer, and whistleblower reports (one confirmed and answered, one new)."""
    settings.MEDIA_ROOT = tmp_path
    ensure_categories()
    staff, head, handler = (example_user(u) for u in ("hall_staff1", "hall_head1", "handler1"))
    customer = CustomerFactory(office=org["tf-power-city"], account_number="1010000001", name="Alice Example",
                               address="12 North Road", contact_phone="13912345678")
    start = now - timedelta(hours=2)

    def receive(content):
        return complaints.complaint_receive(actor=staff, channel=Channel.PHONE, customer=customer,
                                            contact_name="Alice Example", contact_phone="13912345678",
                                            content=content, reception_started_at=start,
                                            reception_ended_at=start + timedelta(minutes=10), now=start + timedelta(minutes=10))

    open_complaint = receive("The meter runs fast.")
    done = receive("The bill doubled.")
    complaints.complaint_form_complete(actor=staff, complaint=done, now=start + timedelta(minutes=15))
    complaints.complaint_record_confirm(actor=staff, complaint=done, method="READ_BACK", answer="Yes, that is right.",
                                        now=start + timedelta(minutes=16))
    complaints.complaint_assess(actor=staff, complaint=done, category=ComplaintCategory.objects.get(code="metering-billing"),
                                impact=Impact.MODERATE, is_valid=True, validity_reason="Meter fault found.",
                                company_at_fault=True, apology_text="We are sorry.", now=start + timedelta(minutes=20))
    complaints.complaint_route(actor=staff, complaint=done, unit=org["tf-power-marketing"], handler=handler,
                               now=start + timedelta(minutes=25))
    complaints.complaint_reply(actor=handler, complaint=done, method=ReplyMethod.PHONE, content="Meter replaced.",
                               now=start + timedelta(minutes=40))
    complaints.complaint_close(actor=staff, complaint=done, now=start + timedelta(minutes=50))

    case = ("complaints.complaint", str(done.pk))
    _, info = case_for(staff, *case)
    content = {"received_at": "2026-09-30 08:00", "channel": "PHONE", "complainant": "Alice Example",
               "complaint": "The bill doubled.", "handling": "Meter replaced."}
    draft = document_create(actor=staff, case=info, doc_type_code="complaint_form", now=now, content=content)
    issued = document_create(actor=staff, case=info, doc_type_code="complaint_form", now=now, content=content)
    document_sign(actor=staff, document=issued, signer_role="STAFF", signer_name="Staff Member", png=ink_png(), now=now)
    issued = document_issue(actor=staff, document=issued, now=now)
    record = service_record(actor=staff, document=issued, method="SIGNED", signer_name="Alice Example",
                            customer_signature=ink_png(3), now=now)
    # a transcript drafted on the case before its type was declared per case type (still readable)
    transcript = Document.objects.create(target_type=case[0], target_id=case[1], doc_type="transcript",
                                         issuer_code=draft.issuer_code, created_at=now, created_by=staff, updated_at=now)

    recorder = next(u for u in User.objects.order_by("pk") if can_record_evidence(u) and case_for(u, *case))
    item = evidence.item_register(actor=recorder, target_type=case[0], target_id=case[1], kind=ItemKind.METER,
                                  description="Single-phase meter", location="12 North Road",
                                  collected_at=now - timedelta(minutes=30), now=now)
    evidence.evidence_file_add(actor=recorder, item=item, data=jpeg(), original_name="meter.jpg", now=now)
    evidence.seal_apply(actor=recorder, item=item, number="S-0001", signer_name="Alice Example", png=ink_png(), now=now)
    unsealed = evidence.item_register(actor=recorder, target_type=case[0], target_id=case[1], kind=ItemKind.TOOL,
                                      description="A bypass cable", location="12 North Road", now=now)

    discipline = example_user("discipline1")
    answered, _ = reports.report_receive(actor=staff, channel="PHONE", received_at=now, content="A bribe was paid.",
                                         reporter_name="Bob Reporter", reporter_contact="13955554444",
                                         files=[reports.IncomingFile("letter.pdf", b"%PDF-1.4\n%%EOF\n")],
                                         confirm=True, now=now)
    reports.report_investigate(actor=discipline, report=answered, now=now)
    reports.report_note_add(actor=discipline, report=answered, text="Talked to the manager.", now=now)
    reports.report_reply(actor=discipline, report=answered, outcome="Confirmed and handled.", feedback_method="PHONE",
                         feedback_content="Handled.", feedback_at=now, now=now)
    # a claim secret is set, so the page shows discipline inspection the form to reset it
    type(answered).objects.filter(pk=answered.pk).update(claim_secret_hash="pbkdf2_sha256$1$x$y")
    fresh, _ = reports.report_receive(actor=head, channel="LETTER", received_at=now, content="Overcharging.", now=now)
    _billing_sample(staff, case, customer, org, now)
    inspection = _inspection_sample(example_user, customer, now)
    accident = _accident_sample(example_user, customer, now)
    fieldwork = _fieldwork_sample(example_user, customer, now)
    return {
        "enforcement": _enforcement_sample(org, example_user, now),
        **inspection, **accident, **fieldwork,
        "customer": customer, "open": open_complaint, "done": done, "case": case, "draft": Document.objects.get(pk=draft.pk),
        "transcript": transcript,
        "issued": issued, "record": record, "item": item, "unsealed": unsealed, "report": answered, "fresh": fresh,
    }


def _enforcement_sample(org, example_user, now) -> dict:
    """An important customer's theft with its fees charged, an approved application and the
    suspension with the police call (§1.3), and a residential theft suspended on site whose
    report to the office head is due (§1.2(1))."""
    from tests.integration.customers.factories import ServicePointFactory
    from utilicase.enforcement import services as enforcement
    from utilicase.enforcement.selectors import TARGET_TYPE

    inspector, start = example_user("inspector1"), now - timedelta(hours=3)
    cases = {}
    for key, important, account in (("theft", True, "1010000101"), ("residential", False, "1010000102")):
        customer = CustomerFactory(office=org["tf-power-city"], account_number=account, name=f"Works {key}",
                                   address="3 Mill Road", contact_phone="13912340000")
        ServicePointFactory(customer=customer, voltage_level="HIGH" if important else "LOW",
                            customer_class="IMPORTANT" if important else "RESIDENTIAL", tariff_category="Power")
        cases[key] = enforcement.case_open(actor=inspector, kind="THEFT", customer=customer, facts="Meter bypassed.",
                                           discovered_at=start, act_stopped_at=start + timedelta(minutes=5),
                                           act_stopped_how="Bypass removed.", now=start + timedelta(minutes=5))
    case = cases["theft"]
    _, info = case_for(inspector, TARGET_TYPE, str(case.pk))
    notice = document_create(actor=inspector, case=info, doc_type_code="violation_notice", now=start, content={
        "act": "theft", "found_at": "2026-09-30 07:00", "facts": "Meter bypassed.", "legal_basis": "Art.102",
        "demands": "Pay."})
    document_sign(actor=inspector, document=notice, signer_role="INSPECTOR", signer_name="Inspector", png=ink_png(),
                  now=start)
    notice = document_issue(actor=inspector, document=notice, now=start + timedelta(minutes=10))
    service_record(actor=inspector, document=notice, method="SIGNED", signer_name="Works", customer_signature=ink_png(2),
                   now=start + timedelta(minutes=10))
    at = start + timedelta(minutes=20)
    enforcement.case_serve_notice(actor=inspector, case=case, now=at)
    enforcement.case_calculate_fees(actor=inspector, case=case, now=at, data={
        "kind": "theft", "utility": "electricity", "rule_set": "auto", "act_date": "2026-09-01",
        "customer_type": "power", "capacity_kw": 10, "price_yuan_per_kwh": 0.5})
    enforcement.case_charge(actor=inspector, case=case, due_date=now.date() + timedelta(days=15), now=at)
    application = enforcement.application_submit(actor=inspector, case=case, reason="Theft.", now=at)
    enforcement.application_review(actor=example_user("enterprise_deputy1"), application=application, comment="Yes.",
                                   now=at)
    enforcement.application_approve(actor=example_user("company_deputy1"), application=application, comment="Yes.",
                                    now=at)
    enforcement.case_suspend(actor=inspector, case=case, legal_basis="GB-1996 Art.102", customer_response="OBSTRUCTED",
                             response_note="Blocked the door.", police_called_at=at, superior_reported_at=at,
                             superior_name="Zhang", suspended_at=at, now=at)
    enforcement.referral_record(actor=inspector, case=case, reason="REFUSED_TO_COOPERATE", recipient="PUBLIC_SECURITY",
                                referred_on=now.date(), documents="Survey record.", now=at)
    enforcement.case_suspend(actor=inspector, case=cases["residential"], scope="LIMITED",
                             legal_basis="GB-1996 Art.102", customer_response="COOPERATED", suspended_at=at, now=at)
    application = enforcement.application_submit(actor=inspector, case=enforcement.case_open(
        actor=inspector, kind="THEFT", customer=case.customer, facts="Again.", discovered_at=at, now=at),
        reason="Theft again.", now=at)
    return {**cases, "pending": application.case}


def _billing_sample(actor, case, customer, org, now) -> None:
    """A receivable of the case, partly paid, and an export batch."""
    from decimal import Decimal

    from utilicase.billing import services as billing

    receivable = billing.receivable_create(
        actor=actor, target_type=case[0], target_id=case[1], case_number="CASE-1", account_number=customer.account_number,
        fee_type="VIOLATION_FEE", amount=Decimal("1944.00"), due_date=(now - timedelta(days=1)).date(),
        document_number="DOC-1", breakdown=[{"text": "3 x 648.00", "amount_yuan": "1944.00", "rule": "GB-1996 Art.100"}],
        now=now)
    billing.payment_record(actor=actor, receivable=receivable, amount=Decimal("100.00"), receipt_number="R-1",
                           paid_at=now, source="MANUAL", now=now)
    billing.export_create(actor=None, enterprise=org["tf-power"], now=now)


def _inspection_sample(example_user, customer, now) -> dict:
    """A monthly plan with its customer, a routine order on site with a finding to rectify (its
    rectification overdue is not needed: the lists are read empty and full), a submitted order,
    and a special order from a tip-off."""
    from datetime import date

    from utilicase.inspections import services as inspections

    head, one, two = (example_user(u) for u in ("office_head1", "inspector1", "inspector2"))
    plan = inspections.plan_create(actor=head, office=customer.office, utility="POWER", month_date=date(2026, 9, 1),
                                   now=now)
    inspections.plan_entry_add(actor=head, plan=plan, customer=customer, planned_date=date(2026, 9, 30),
                               inspectors=[one, two], now=now)
    order = inspections.plan_generate_orders(actor=head, plan=plan, now=now)[0]
    inspections.order_submit(actor=head, order=order, now=now)
    inspections.order_approve(actor=head, order=order, now=now)
    inspections.order_appoint(actor=one, order=order, appointment_at=now, contact="Alice Example", method="PHONE",
                              now=now)
    inspections.order_prepare(actor=one, order=order, now=now)
    inspections.order_arrive(actor=one, order=order, present=[one, two], certificates_shown=True, now=now)
    inspections.order_start_inspection(actor=one, order=order, now=now)
    inspections.order_record_operation(actor=one, order=order, equipment="Main switch", operation="Off", consent=True,
                                       consent_by="Alice Example", operator_name="Bob Electrician", now=now)
    inspections.finding_record(actor=one, order=order, finding_type="SAFETY_DEFECT", description="Rusty earth wire.",
                               rectification_required=True, requirement="Replace it.", due_date=date(2026, 10, 15),
                               now=now)
    inspections.finding_record(actor=one, order=order, finding_type="NATIONAL_RULES", description="No fuse.",
                               rectification_required=True, requirement="Fit one.", due_date=date(2026, 10, 15),
                               now=now)
    first, second = order.rectifications.order_by("id")
    inspections.rectification_reinspect(actor=two, rectification=first, result="NOT_YET", note="Not yet.", now=now)
    inspections.rectification_refuse(actor=two, rectification=second, recipient="WORK_SAFETY_BUREAU",
                                     referred_on=date(2026, 9, 30), documents="Notice.", now=now)
    submitted = inspections.order_create(actor=one, kind="ACCIDENT", customer=customer, purpose="Accident.",
                                         planned_date=date(2026, 10, 2), inspectors=[one, two], now=now)
    inspections.order_submit(actor=one, order=submitted, now=now)
    tip_off = inspections.order_create(actor=head, kind="SPECIAL", customer=customer, purpose="Tip-off.",
                                       planned_date=date(2026, 10, 3), inspectors=[one, two], trigger="TIP_OFF",
                                       support_police=True, now=now)
    return {"plan": plan, "order": order, "submitted": submitted, "tip_off": tip_off}


def _accident_sample(example_user, customer, now) -> dict:
    """An accident case just reported, and one investigated with its items, an entry and other
    damage recorded (its report deadline open)."""
    from datetime import date
    from decimal import Decimal

    from utilicase.accidents import services as accidents
    from utilicase.customers.models import MonthlyAveragePrice

    one, two = example_user("inspector1"), example_user("inspector2")

    def report(text):
        return accidents.case_open(actor=one, customer=customer, description=text, reported_at=now - timedelta(hours=3),
                                   reported_by_name="Bob Electrician", inspectors=[one, two],
                                   now=now - timedelta(hours=3))

    reported = report("Switchgear tripped.")
    case = report("Cable burnt.")
    accidents.case_arrive(actor=one, case=case, dispatched_at=now - timedelta(hours=3),
                          arrived_at=now - timedelta(hours=2), identity_shown=True, witness_name="Alice Example",
                          now=now - timedelta(hours=2))
    accidents.entry_add(actor=one, case=case, at=now - timedelta(hours=2), text="Main switch opened.",
                        operated_by="Bob Electrician", now=now - timedelta(hours=2))
    accidents.case_record_cause(actor=one, case=case, cause="Old cable.", now=now - timedelta(hours=1))
    accidents.case_end_investigation(actor=one, case=case, now=now - timedelta(minutes=50))
    accidents.case_confirm_cause_removed(actor=one, case=case, note="Cable replaced.", now=now - timedelta(minutes=40))
    accidents.item_record(actor=one, case=case, item="CAUSE_FOUND", record="Old cable.", now=now)
    accidents.damage_record(actor=one, case=case, description="A fridge.", assessment="Repair quote.",
                            assessed_amount=Decimal("120.00"), now=now)
    MonthlyAveragePrice.objects.get_or_create(enterprise=customer.enterprise, month_date=date(2026, 8, 1),
                                              defaults={"price": Decimal("0.5500")})
    accidents.case_calculate_compensation(actor=one, case=case, now=now, data={
        "outage_minutes": 90, "interrupted_rate_per_hour": 100, "month": "2026-09"})
    return {"accident_reported": reported, "accident": case}


def _fieldwork_sample(example_user, customer, now) -> dict:
    """A metering order just opened (the appointment form with its phone script), one arrived late
    after a delay told beforehand, with a damage and meals paid for, and one completed with its
    one-time rating link (the public page reads it, then an unknown token)."""
    from utilicase.fieldwork import services as fieldwork
    from utilicase.fieldwork.selectors import checklist_items

    worker = example_user("field_worker1")

    def opened(description):
        return fieldwork.order_create(actor=worker, kind="METERING", customer=customer, description=description,
                                      workers=[worker], now=now - timedelta(days=1))

    def working(order, *, late=False):
        start = now - timedelta(hours=3) if late else now
        order = fieldwork.order_appoint(actor=worker, order=order, reached="OTHER", reached_name="A. Neighbour",
                                        customer_contact="13900001111", slot_start=start,
                                        slot_end=start + timedelta(hours=1), address="12 North Road",
                                        address_confirmed=True, preparation="Clear the meter box.",
                                        now=start - timedelta(hours=5))
        if late:
            fieldwork.order_announce_delay(actor=worker, order=order, reason="Traffic.", now=start - timedelta(hours=1))
            fieldwork.order_notify_delay(actor=worker, order=order, now=start - timedelta(minutes=50))
        order = fieldwork.order_depart(actor=worker, order=order, now=start - timedelta(minutes=30),
                                       checked=checklist_items(stage="BEFORE_LEAVING", utility=order.utility))
        order = fieldwork.order_arrive(actor=worker, order=order, apology="Said sorry." if late else "", now=now)
        return fieldwork.order_start_work(actor=worker, order=order, now=now,
                                          checked=checklist_items(stage="BEFORE_WORK", utility=order.utility))

    fresh = opened("Replace the meter.")
    late = working(opened("Repair the meter."), late=True)
    fieldwork.damage_record(actor=worker, order=late, description="A scratched door.", remedy="COMPENSATION",
                            amount="50.00", now=now)
    fieldwork.order_declare_meals(actor=worker, order=late, happened=True, amount="20.00", paid_to="Alice Example",
                                  now=now)
    done = working(opened("Calibrate the meter."))
    fieldwork.order_declare_meals(actor=worker, order=done, happened=False, now=now)
    fieldwork.order_record_finish(actor=worker, order=done, work_done="Calibrated.", borrowed_returned=True,
                                  safety_reminder="Keep it closed.", now=now)
    from tests.integration.fieldwork.test_pages import data_url

    fieldwork.order_confirm(actor=worker, order=done, signer_name="Alice Example", signature=data_url(), now=now)
    done = fieldwork.order_complete(actor=worker, order=done, now=now)
    token = fieldwork.rating_link_create(actor=worker, order=done, now=timezone.now())  # the page reads it now
    return {"field_new": fresh, "field_late": late, "field_done": done, "field_token": token}


def _pages(s) -> dict[str, list[str]]:
    """The pages to read under each URL name."""
    case_type, case_id = s["case"]
    return {
        "home": [reverse("home")],
        "login": [reverse("login")],
        "calendar:due": [reverse("calendar:due"), reverse("calendar:due") + "?start=2026-09-30T10:00&working_days=5"],
        "customers:list": [reverse("customers:list"), reverse("customers:list") + "?q=Alice",
                           reverse("customers:list") + "?q=nobody"],
        "search": [reverse("search"), reverse("search") + "?q=Alice", reverse("search") + "?q=nobody",
                   reverse("search") + "?q=13912345678"],
        "customers:detail": [reverse("customers:detail", args=[s["customer"].pk])],
        "complaints:worklist": [reverse("complaints:worklist"), reverse("complaints:worklist") + "?all=1"],
        "complaints:new": [reverse("complaints:new")],
        "complaints:customer_lookup": [reverse("complaints:customer_lookup") + "?q=1010",
                                       reverse("complaints:customer_lookup") + "?q=99999"],
        "complaints:customer_pick": [reverse("complaints:customer_pick") + f"?customer={s['customer'].pk}",
                                     reverse("complaints:customer_pick") + "?contact_name=A.+Person"],
        "complaints:kpis": [reverse("complaints:kpis")],
        "password_change": [reverse("password_change")],
        "complaints:detail": [reverse("complaints:detail", args=[s["open"].pk]),
                              reverse("complaints:detail", args=[s["done"].pk])],
        "documents:case": [reverse("documents:case", args=[case_type, case_id])],
        "documents:new": [reverse("documents:new", args=[case_type, case_id]) + "?type=complaint_form"],
        "documents:detail": [reverse("documents:detail", args=[s["draft"].pk]),
                             reverse("documents:detail", args=[s["issued"].pk])],
        "documents:edit": [reverse("documents:edit", args=[s["draft"].pk])],
        "documents:preview": [reverse("documents:preview", args=[s["draft"].pk]) + "?lang=en"],
        "documents:sign": [reverse("documents:sign", args=[s["draft"].pk])],
        "documents:service": [reverse("documents:service", args=[s["issued"].pk])],
        "documents:refusal": [reverse("documents:refusal", args=[s["transcript"].pk])],
        "documents:service_record": [reverse("documents:service_record", args=[s["issued"].pk, s["record"].pk])],
        "documents:verify": [reverse("documents:verify", args=[s["issued"].verify_token]),
                             reverse("documents:verify", args=["no-such-token"])],
        "evidence:register": [reverse("evidence:register", args=[case_type, case_id])],
        "evidence:item_new": [reverse("evidence:item_new", args=[case_type, case_id])],
        "evidence:confirm": [reverse("evidence:confirm", args=[case_type, case_id])],
        "evidence:item": [reverse("evidence:item", args=[s["item"].pk]), reverse("evidence:item", args=[s["unsealed"].pk])],
        "evidence:seal": [reverse("evidence:seal", args=[s["unsealed"].pk])],
        "whistleblowing:list": [reverse("whistleblowing:list")],
        "whistleblowing:new": [reverse("whistleblowing:new")],
        "whistleblowing:export": [reverse("whistleblowing:export")],
        "whistleblowing:kpis": [reverse("whistleblowing:kpis")],
        "whistleblowing:claim": [reverse("whistleblowing:claim")],
        "whistleblowing:detail": [reverse("whistleblowing:detail", args=[s["report"].number]),
                                  reverse("whistleblowing:detail", args=[s["fresh"].number])],
        "whistleblowing:reply": [reverse("whistleblowing:reply", args=[s["fresh"].number])],
        "enforcement:worklist": [reverse("enforcement:worklist") + f"?list={name}"
                                 for name in ("mine", "approve", "reports", "all")]
        + [reverse("enforcement:worklist"), reverse("enforcement:worklist") + "?q=nobody"],
        "enforcement:new": [reverse("enforcement:new")],
        "enforcement:detail": [reverse("enforcement:detail", args=[c.pk]) for c in s["enforcement"].values()],
        "enforcement:site": [reverse("enforcement:site", args=[c.pk]) for c in s["enforcement"].values()],
        "billing:list": [reverse("billing:list"), reverse("billing:list") + "?show=overdue"],
        "billing:case": [reverse("billing:case", args=[case_type, case_id])],
        "billing:exports": [reverse("billing:exports")],
        "inspections:worklist": [reverse("inspections:worklist") + f"?list={name}"
                                 for name in ("today", "upcoming", "approve", "overdue", "all")]
        + [reverse("inspections:worklist") + "?q=nobody", reverse("inspections:worklist")],
        "inspections:plans": [reverse("inspections:plans"), reverse("inspections:plans") + "?month=2026-01"],
        "inspections:plan_new": [reverse("inspections:plan_new")],
        "inspections:plan": [reverse("inspections:plan", args=[s["plan"].pk])],
        "inspections:order_new": [reverse("inspections:order_new")],
        "inspections:detail": [reverse("inspections:detail", args=[s[k].pk]) for k in ("order", "submitted", "tip_off")],
        "inspections:site": [reverse("inspections:site", args=[s["order"].pk])],
        "inspections:tip_off": [reverse("inspections:tip_off")],
        "accidents:worklist": [reverse("accidents:worklist"), reverse("accidents:worklist") + "?q=nobody",
                               reverse("accidents:worklist") + "?all=on"],
        "accidents:new": [reverse("accidents:new")],
        "accidents:detail": [reverse("accidents:detail", args=[s[k].pk]) for k in ("accident_reported", "accident")],
        "fieldwork:worklist": [reverse("fieldwork:worklist") + f"?list={name}" for name in ("today", "open", "all")]
        + [reverse("fieldwork:worklist") + "?q=nobody"],
        "fieldwork:order_new": [reverse("fieldwork:order_new")],
        "fieldwork:detail": [reverse("fieldwork:detail", args=[s[k].pk]) for k in ("field_new", "field_late",
                                                                                  "field_done")],
        "fieldwork:checklists": [reverse("fieldwork:checklists")],
        "fieldwork:checklist_edit": [reverse("fieldwork:checklist_edit", args=[
            ChecklistItem.objects.order_by("id").values_list("pk", flat=True).first()])],
        "fieldwork:rate": [reverse("fieldwork:rate", args=[s["field_token"]]),
                           reverse("fieldwork:rate", args=["no-such-token"])],
        "compliance:table": [reverse("compliance:table"), reverse("compliance:table") + "?first=2026-09-30&last=2026-09-01"],
        "compliance:exceptions": [reverse("compliance:exceptions", args=[key]) + "?first=2026-09-01&last=2026-10-31"
                                  for key in ("fieldwork.punctuality", "deadline:complaint.form",
                                              "whistleblowing.reply_rate")],
        "compliance:monthly_pick": [reverse("compliance:monthly_pick") + "?enterprise=tf-power&month=2026-09"],
        "notifications:inbox": [reverse("notifications:inbox")],
        "dashboards:index": [reverse("dashboards:index")],
        "dashboards:section": [reverse("dashboards:section", args=[key]) + "?period=2026-09"
                               for key in ("complaints", "inspections", "enforcement", "accidents", "fieldwork",
                                           "deadlines")] + [reverse("dashboards:section", args=["complaints"])
                                                            + "?period=bad"],
        "dashboards:figure": [reverse("dashboards:figure", args=["complaints", key]) + "?period=2026-09"
                              for key in ("received", "by_channel", "reports_received")]
        + [reverse("dashboards:figure", args=["deadlines", "overdue"])],
        "portal:sign_in": [reverse("portal:sign_in")],
        "portal:code": [reverse("portal:code")],
        "portal:home": [reverse("portal:home")],
        "portal:complaint": [reverse("portal:complaint", args=[s[k].number]) for k in ("open", "done")],
        "portal:complaint_new": [reverse("portal:complaint_new")],
        "portal:notices": [reverse("portal:notices")],
        "portal:field_orders": [reverse("portal:field_orders")],
        "portal:field_order": [reverse("portal:field_order", args=[s[k].number]) for k in ("field_new", "field_late",
                                                                                          "field_done")],
        "error:404": ["/no-such-page/"],
    }


def test_every_named_page_is_read_in_english(sample):
    assert _named_urls() - NOT_PAGES <= set(_pages(sample))


def _english(client):
    client.cookies["django_language"] = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.mark.parametrize("username", USERS)
def test_pages_show_no_chinese_but_data_in_english(client, example_user, sample, username):
    _english(client)
    client.force_login(example_user(username))
    data = _data_strings()
    found, read = [], 0
    for url in [u for urls in _pages(sample).values() for u in urls]:
        response = client.get(url)
        if response.status_code in (302, 405) or response.get("Content-Type", "").startswith("application/"):
            continue
        read += 1
        found += [f"{url} {response.status_code}: {run!r}" for run in leftover_cjk(response.content.decode(), data)]
    assert read > 10
    assert not found, "\n".join(found)


def test_portal_pages_show_no_chinese_but_data_in_english(client, sample, settings):
    """The customer portal, signed in as the sample's customer through its pages (the code page
    read on the way); staff sessions are sent to the portal's sign-in above."""
    from tests.integration.portal.conftest import SENT

    settings.UTILICASE_OTP_SENDER = "tests.integration.portal.conftest.CapturingSender"
    SENT.clear()
    _english(client)
    customer = sample["customer"]
    client.post(reverse("portal:sign_in"), {"enterprise": customer.enterprise_id,
                                            "account_number": customer.account_number, "phone": customer.contact_phone})
    pages = {"portal:code": client.get(reverse("portal:code"))}
    assert client.post(reverse("portal:code"), {"code": SENT[-1]["code"]}).status_code == 302
    for name, urls in _pages(sample).items():
        if name.startswith("portal:") and name not in ("portal:sign_in", "portal:code"):
            pages.update({url: client.get(url) for url in urls})
    data = _data_strings()
    found = []
    for url, response in pages.items():
        assert response.status_code == 200, url
        found += [f"{url}: {run!r}" for run in leftover_cjk(response.content.decode(), data)]
    assert "Calibrate the meter." in pages[reverse("portal:field_order", args=[sample["field_done"].number])].content.decode()
    assert not found, "\n".join(found)


def test_login_and_error_pages_show_no_chinese_in_english(client, rf: RequestFactory):
    _english(client)
    found = []
    for url in (reverse("login"), "/no-such-page/", reverse("documents:verify", args=["no-such-token"]),
                reverse("portal:sign_in")):
        response = client.get(url)
        found += [f"{url}: {run}" for run in leftover_cjk(response.content.decode(), [])]
    with translation.override("en"):
        found += [f"500: {run}" for run in leftover_cjk(server_error(rf.get("/")).content.decode(), [])]
    assert not found, "\n".join(found)


SRC = Path(__file__).resolve().parents[3] / "src" / "utilicase"
# What is not text of the page: template tags (a translated string is inside one), variables,
# comments, and the body of a blocktranslate (a message of the catalogue).
NOT_TEXT = re.compile(r"\{% *blocktranslate.*?endblocktranslate *%\}|\{% *comment *%\}.*?\{% *endcomment *%\}"
                      r"|\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.S)


def test_templates_have_no_chinese_outside_translated_strings():
    """What the page reading misses (branches its data does not reach): Chinese or full-width
    punctuation written in a template outside a translate tag. Official documents (pdf/) choose
    their language with their own `en` switch."""
    found = []
    for path in sorted(SRC.glob("*/templates/**/*.html")):
        if "pdf" in path.parts:
            continue
        text = LANGUAGE_SWITCH.sub("", path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(SRC)}: {run}" for run in CJK.findall(NOT_TEXT.sub("", text))]
    assert not found, "\n".join(found)


def test_one_chinese_word_reads_as_a_command_a_label_or_a_section_as_it_is_used(client, example_user, sample):
    from utilicase.audit.labels import action_label
    from utilicase.complaints.views import ACTION_LABELS

    with translation.override("en"):
        assert (str(ACTION_LABELS["route"]), action_label("complaints.complaint.routed")) == ("Route", "Complaint routed")
        assert (str(ACTION_LABELS["close"]), action_label("complaints.complaint.closed")) == ("Close", "Complaint closed")
        assert action_label("complaints.complaint.received") == "Complaint received"
    _english(client)
    client.force_login(example_user("hall_staff1"))
    intake = client.get(reverse("complaints:new")).content.decode()
    assert 'id="intake-submit">Accept</button>' in intake
    assert '<a href="/complaints/">Complaints</a><a href="/customers/">Customers</a>' in intake
    detail = client.get(reverse("complaints:detail", args=[sample["done"].pk])).content.decode()
    assert f"<h1>Complaint {sample['done'].number}" in detail and "<dt>Customer</dt>" in detail
    assert "<title>Complaints · utilicase</title>" in client.get(reverse("complaints:worklist")).content.decode()
    documents = client.get(reverse("documents:case", args=sample["case"])).content.decode()
    verify = client.get(reverse("documents:verify", args=[sample["issued"].verify_token])).content.decode()
    assert "<h1>Documents · " in documents and "<dt>Document</dt>" in verify


def _answers(client, posts):
    """Each (url, data) posted, and the page it ends on (a refusal is shown after the redirect)."""
    for url, data in posts:
        response = client.post(url, data, follow=True)
        yield url, response


def test_refusals_and_input_errors_show_no_chinese_in_english(client, example_user, sample):
    """Refusals (RuleViolation, translated when shown) and the services' input errors, as the
    pages show them after a bad or refused submission."""
    item, case_type, case_id = sample["item"], *sample["case"]
    recorder = item.registered_by
    posts = [
        ("hall_staff1", [
            (reverse("complaints:new"), {"channel": "PHONE", "content": "Too loud.", "contact_name": "A. Person",
                                         "contact_phone": "abc", "reception_started_at": "2026-09-30T08:00",
                                         "end_now": "on"}),
            (reverse("complaints:act", args=[sample["open"].pk, "close"]), {}),
            (reverse("complaints:act", args=[sample["open"].pk, "hand_over"]), {"to_user": "", "note": ""}),
            (reverse("whistleblowing:new"), {"channel": "PHONE", "received_at": "2099-01-01T10:00", "content": "x"}),
            (reverse("whistleblowing:new"), {"channel": "PHONE", "received_at": "2026-09-30T09:00", "content": "x",
                                             "attachments": SimpleUploadedFile("note.txt", b"plain text")}),
        ]),
        (recorder.username, [
            (reverse("evidence:item_new", args=[case_type, case_id]),
             {"kind": "METER", "description": "A meter", "location": "Here", "latitude": "43.8"}),
            (reverse("evidence:seal", args=[item.pk]), {"number": "S-0002", "signer_name": "Alice Example"}),
            (reverse("evidence:custody", args=[item.pk]), {"step": "APPRAISAL_RESULT", "location": "Lab", "result": "ok"}),
            (reverse("evidence:custody", args=[item.pk]), {"step": "STORED", "location": "Store", "seal_state": ""}),
            (reverse("evidence:confirm", args=[case_type, case_id]), {"signer_name": "Alice Example"}),
        ]),
        ("discipline1", [
            (reverse("whistleblowing:reply", args=[sample["report"].number]), {"outcome": "", "feedback_method": "PHONE"}),
        ]),
        ("hall_head1", [(reverse("whistleblowing:not_a_report", args=[sample["fresh"].number]), {"reason": ""})]),
        ("inspector1", [
            (reverse("enforcement:act", args=[sample["enforcement"]["pending"].pk, "suspend"]),
             {"scope": "FULL", "suspended_at": "2026-09-30T09:00", "legal_basis": "GB-1996 Art.102",
              "customer_response": "COOPERATED"}),
            (reverse("enforcement:act", args=[sample["enforcement"]["residential"].pk, "refer"]),
             {"reason": "REFUSED_TO_PAY", "recipient": "MANAGEMENT", "referred_on": "2026-09-30", "documents": "X"}),
            (reverse("enforcement:act", args=[sample["enforcement"]["residential"].pk, "serve_notice"]), {}),
            (reverse("enforcement:act", args=[sample["enforcement"]["theft"].pk, "restore"]), {}),
            (reverse("inspections:act", args=[sample["order"].pk, "operation"]),
             {"equipment": "Main switch", "operation": "Off", "consent": "on", "consent_by": "Alice Example",
              "operator_name": "inspector2"}),
            (reverse("inspections:finding_act", args=[sample["order"].pk, 1, "reinspect"]),
             {"result": "ACCEPTED", "inspected_on": "2099-01-01"}),
            (reverse("accidents:act", args=[sample["accident"].pk, "entry"]),
             {"at": "2026-09-30T09:00", "text": "Switch opened.", "inspector_operated_equipment": "on"}),
        ]),
    ]
    _english(client)
    data, found, shown = _data_strings(), [], 0
    for username, submissions in posts:
        client.force_login(example_user(username))
        for url, response in _answers(client, submissions):
            page = response.content.decode()
            shown += 'class="error' in page or "errorlist" in page
            found += [f"{username} {url} {response.status_code}: {run!r}" for run in leftover_cjk(page, data)]
    client.logout()
    response = client.post(reverse("whistleblowing:claim"), {"code": "ABCD-EFGH-JKLM"})
    found += [f"claim {response.status_code}: {run!r}" for run in leftover_cjk(response.content.decode(), data)]
    assert shown == sum(len(submissions) for _, submissions in posts)
    assert not found, "\n".join(found)


# (language, the messages the answers must show, the messages they must not)
VALIDATION = {
    "en": (["Use the time format YYYY-MM-DD HH:MM.", "No more than 200 characters.",
            "The content is of an unknown kind; accepted:", "Must be one of: VISIT, PHONE, "],
           ["须为以下之一", "无法识别文件内容"]),
    "zh": (["时间格式应为 YYYY-MM-DD HH:MM。", "不能超过 200 个字。", "无法识别文件内容；接受的类型：",
            "须为以下之一：VISIT, PHONE, "],
           ["unknown kind", "Must be one of", "No more than"]),
}


@pytest.mark.parametrize("lang", VALIDATION)
def test_validation_messages_of_documents_and_uploads_follow_the_language(client, example_user, sample, lang, now):
    """A document draft's bad fields (a page and the API), a bad document type, and an upload
    refused by its content: each message in the chosen language, with its values."""
    from utilicase.org.services import token_create

    expected, unexpected = VALIDATION[lang]
    client.cookies["django_language"] = lang
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = lang
    staff = example_user("hall_staff1")
    client.force_login(staff)
    edit = client.post(reverse("documents:edit", args=[sample["draft"].pk]), {
        "received_at": "yesterday", "channel": "PHONE", "complainant": "A" * 201, "complaint": "The bill doubled."})
    _, token = token_create(actor=None, user=staff, now=now)
    api = {"HTTP_AUTHORIZATION": f"Bearer {token}", "content_type": "application/json"}
    case_type, case_id = sample["case"]
    bad_type = client.post("/api/v1/documents", {"target_type": case_type, "target_id": case_id,
                                                 "doc_type": "no_such_type", "content": {}}, **api)
    bad_choice = client.post("/api/v1/documents", {"target_type": case_type, "target_id": case_id,
                                                   "doc_type": "complaint_form", "content": {
                                                       "received_at": "2026-09-30 08:00", "channel": "PIGEON",
                                                       "complainant": "A", "complaint": "B"}}, **api)
    client.force_login(sample["item"].registered_by)
    exe = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00" + b"\x00" * 300, content_type="image/jpeg")
    upload = client.post(reverse("evidence:item_new", args=[case_type, case_id]), {
        "kind": "TOOL", "description": "A cable", "location": "Here", "photo": exe})
    answers = [edit, bad_type, bad_choice, upload]
    assert [r.status_code for r in answers] == [400, 422, 422, 200]
    text = "\n".join([edit.content.decode(), upload.content.decode(), str(bad_type.json()), str(bad_choice.json())])
    text = text.replace("&#x27;", "'")
    assert [m for m in expected if m not in text] == []
    assert [m for m in unexpected if m in text] == []
    if lang == "en":
        data = _data_strings()
        assert [run for r in answers for run in leftover_cjk(r.content.decode(), data)] == []


NOTICE_ERROR = {
    "en": "Line 2 cannot be read (2027-01-01 is a Friday, the notice says Thursday): 一、元旦：1月1日（周四）放假。",
    "zh": "第2行无法识别（2027-01-01是周五，通知写的是周四）：一、元旦：1月1日（周四）放假。",
}


@pytest.mark.parametrize("lang", NOTICE_ERROR)
def test_a_bad_holiday_notice_is_refused_in_the_chosen_language(client, example_user, sample, lang):
    """The admin's form shows why a pasted notice cannot be read, with its line, in the language
    of the page; the pasted line itself is data and stays as pasted."""
    client.cookies["django_language"] = lang
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = lang
    client.force_login(example_user("admin"))
    response = client.post("/admin/workcalendar/holidaynotice/add/",
                           {"year": 2027, "notice_text": "通知\n一、元旦：1月1日（周四）放假。"})
    assert response.status_code == 200
    assert escape(NOTICE_ERROR[lang]) in response.content.decode()


EVIDENCE_ERROR = {
    "en": ["longitude: Enter both latitude and longitude.", "collectors: Unknown or former staff: nobody1, nobody2",
           "collectors: Contains characters that are not allowed."],
    "zh": ["longitude: 经纬度须同时填写。", "collectors: 未知或已离职的员工：nobody1, nobody2", "collectors: 含有不允许的字符。"],
}


@pytest.mark.parametrize("lang", EVIDENCE_ERROR)
def test_an_evidence_api_input_error_follows_the_language(client, sample, lang, now):
    """An API client asking for English (Accept-Language) reads the evidence services' input
    errors in English; nothing is stored."""
    from utilicase.org.services import token_create

    item, case_type, case_id = sample["item"], *sample["case"]
    _, token = token_create(actor=None, user=item.registered_by, now=now)
    before = type(item).objects.count()
    item_in = {"target_type": case_type, "target_id": case_id, "kind": "METER", "description": "A meter",
               "location": "Here"}
    answers = [client.post("/api/v1/evidence/items", item_in | bad, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE=lang)
               for bad in ({"latitude": "43.8"}, {"collectors": ["nobody1", "nobody2"]}, {"collectors": ["a\x07"]})]
    assert [r.status_code for r in answers] == [422, 422, 422]
    assert [e["msg"] for r in answers for e in r.json()["detail"]] == EVIDENCE_ERROR[lang]
    assert type(item).objects.count() == before


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_document_title_reads_in_english_as_the_catalogue_writes_it(code):
    """A document's title quoted in a message is translated with it: each Chinese title (each
    utility's and the any-utility one) is a catalogue entry whose English is the type's title_en."""
    with translation.override("en"):
        assert [(zh, translation.gettext(zh)) for zh, _ in CATALOGUE[code].titles()] == CATALOGUE[code].titles()
    assert len(CATALOGUE[code].titles()) == (4 if "{u}" in CATALOGUE[code].title_zh else 1)


@pytest.mark.parametrize("lang, expected", [
    ("en", ["Issue the Complaint form and serve it on the customer first.",
            "The Complaint form has not been served on the customer: record its service first.",
            "The Notice of suspension (or limitation) of gas supply has not been served on the customer: "
            "record its service first."]),
    ("zh-hans", ["须先签发客户投诉受理单并送达客户。", "客户投诉受理单尚未送达客户，须先登记送达。",
                 "停(限)气通知单尚未送达客户，须先登记送达。"]),
])
def test_the_must_be_served_refusal_names_the_document_in_the_page_s_language(sample, example_user, now, lang,
                                                                               expected):
    """A later step that needs a served document is refused naming the document type by its title:
    from the type catalogue, shown in the reader's language like the rest of the refusal."""
    from utilicase.core.rules import RuleViolation
    from utilicase.documents.domain.lifecycle import served_refusal
    from utilicase.documents.services import require_served_document

    staff, case = example_user("hall_staff1"), sample["open"]
    clause = CATALOGUE["complaint_form"].clause
    refusals = []
    with pytest.raises(RuleViolation) as none_issued:
        require_served_document(target=case, doc_type="complaint_form", clause=clause)
    refusals.append(none_issued.value)
    _, info = case_for(staff, "complaints.complaint", str(case.pk))
    document = document_create(actor=staff, case=info, doc_type_code="complaint_form", now=now, content={
        "received_at": "2026-09-30 08:00", "channel": "PHONE", "complainant": "Alice Example",
        "complaint": "The meter runs fast."})
    document_sign(actor=staff, document=document, signer_role="STAFF", signer_name="Staff Member", png=ink_png(),
                  now=now)
    document_issue(actor=staff, document=document, now=now)
    with pytest.raises(RuleViolation) as not_served:
        require_served_document(target=case, doc_type="complaint_form", clause=clause)
    refusals.append(not_served.value)
    refusals.append(served_refusal(state="ISSUED", superseded=False, clause="§1.1",
                                   title=CATALOGUE["suspension_notice"].title("GAS")))
    with translation.override(lang):
        assert [r.text(translation.gettext) for r in refusals] == expected
    assert {r.clause for r in refusals} == {clause, "§1.1"}
