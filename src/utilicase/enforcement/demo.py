"""Demo enforcement cases, written through the services (numbers, documents, receivables,
deadlines, audit events), one per path of chapter 1:

- §1.2(1): a residential customer's theft found on site ten days ago, stopped, suspended on site
  at once (post-hoc report filed), the theft notice served, fees calculated and charged, paid in
  full, corrected, liability borne and supply restored;
- §1.2(2): an important (high-voltage) customer's theft whose suspension application was reviewed
  by enterprise_deputy1 and waits for company_deputy1's approval;
- §1.1: a general customer's violation whose fees are past their due date, unpaid (the next step
  is the suspension notice).

Needs the demo organisation and demo customers of 城区供电营业所 (residential, general and
important power customers); without them it makes nothing."""

import io
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from utilicase.billing import selectors as billing_selectors
from utilicase.billing import services as billing
from utilicase.customers.models import Customer
from utilicase.documents import services as documents
from utilicase.documents.serving import service_record
from utilicase.enforcement import cases, services
from utilicase.enforcement.models import EnforcementCase
from utilicase.enforcement.selectors import TARGET_TYPE
from utilicase.org.models import User


def _ink(points) -> bytes:
    image = Image.new("RGBA", (400, 150), (0, 0, 0, 0))
    ImageDraw.Draw(image).line(points, fill=(0, 0, 0, 255), width=4)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _customer(customer_class: str) -> Customer | None:
    return (Customer.objects.filter(office__code="tf-power-city", enterprise__utility="POWER",
                                    service_points__customer_class=customer_class)
            .exclude(enforcement_cases__isnull=False).select_related("office", "enterprise")
            .order_by("account_number").first())


def _document(case: EnforcementCase, code: str, *, writer: User, issuer: User, at: datetime, **content) -> None:
    fresh = EnforcementCase.objects.get(pk=case.pk)
    draft = documents.document_create(actor=writer, case=cases.info(fresh), doc_type_code=code,
                                      content={**cases.DOCUMENTS[code].content(fresh), **content}, now=at)
    documents.document_sign(actor=writer, document=draft, signer_role="INSPECTOR", signer_name=writer.display_name,
                            png=_ink([(20, 80), (90, 30), (160, 90), (230, 35), (330, 70)]), now=at)
    issued = documents.document_issue(actor=issuer, document=draft, now=at)
    if issued.type.served:
        service_record(actor=writer, document=issued, method="SIGNED", signer_name=fresh.customer.name,
                       customer_signature=_ink([(30, 60), (100, 95), (170, 25), (250, 90), (320, 40)]),
                       now=at + timedelta(minutes=5))


def _theft_data(act_day, customer_type: str, kwh: int, price: str) -> dict:
    return {"kind": "theft", "utility": "electricity", "rule_set": "auto", "act_date": act_day.isoformat(),
            "customer_type": customer_type, "stolen_kwh": kwh, "price_yuan_per_kwh": float(price)}


@transaction.atomic
def make_demo_enforcement(*, now: datetime) -> list[EnforcementCase]:
    users = {u.username: u for u in User.objects.filter(username__in=[
        "inspector1", "inspector2", "office_head1", "enterprise_deputy1"]).select_related("unit")}
    residential, important, general = _customer("RESIDENTIAL"), _customer("IMPORTANT"), _customer("GENERAL")
    if len(users) < 4 or None in (residential, important, general):
        return []
    inspector, head = users["inspector1"], users["office_head1"]
    pair = [users["inspector1"], users["inspector2"]]
    made = []

    # §1.2(1): residential theft, suspended on site, restored after payment.
    at = now - timedelta(days=10)
    case = services.case_open(actor=inspector, kind="THEFT", customer=residential, inspectors=pair,
                              facts="表箱内电能表进线端私接跨越线，绕越计量装置用电。", discovered_at=at,
                              act_stopped_at=at + timedelta(minutes=10), act_stopped_how="当场拆除跨越线，封存表箱。",
                              now=at + timedelta(minutes=15))
    suspension = services.case_suspend(
        actor=inspector, case=case, legal_basis="GB-1996 Art.102", customer_response="REFUSED_THEN_COOPERATED",
        response_note="客户起初不同意停电，经解释依据后配合。", suspended_at=at + timedelta(minutes=30),
        now=at + timedelta(minutes=35))
    services.suspension_report(actor=inspector, suspension=suspension, now=at + timedelta(hours=3),
                               text="已现场停电，客户经解释后配合，现场已拍照取证。")
    _document(case, "violation_notice", writer=inspector, issuer=inspector, at=at + timedelta(hours=1, minutes=20),
              legal_basis="《供电营业规则》第一百零二条、第一百零三条")
    services.case_serve_notice(actor=inspector, case=case, now=at + timedelta(hours=2))
    case = services.case_calculate_fees(actor=inspector, case=case, now=at + timedelta(hours=2, minutes=10),
                                        data=_theft_data(timezone.localtime(at).date() - timedelta(days=60),
                                                         "residential", 1200, "0.5100"))
    due = timezone.localtime(at).date() + timedelta(days=7)
    case = services.case_charge(actor=inspector, case=case, due_date=due, now=at + timedelta(hours=2, minutes=20))
    paid = at + timedelta(days=2)
    for i, receivable in enumerate(billing_selectors.receivables_for(TARGET_TYPE, str(case.pk))):
        billing.payment_record(actor=head, receivable=receivable, amount=receivable.amount,
                               receipt_number=f"DEMO-SJ-{case.number}-{i + 1}", paid_at=paid, source="MANUAL",
                               now=paid)
    services.case_accept_correction(actor=inspector, case=case, note="跨越线已拆除，计量装置已恢复并加封。",
                                    now=paid + timedelta(hours=2))
    services.case_record_liability(actor=inspector, case=case, note="客户在调查笔录上签字承认窃电，交清全部费用。",
                                   now=paid + timedelta(hours=2))
    made.append(services.case_restore(actor=inspector, case=case, now=paid + timedelta(hours=3)))
    _document(case, "restoration_notice", writer=inspector, issuer=head, at=paid + timedelta(hours=3, minutes=5))

    # §1.2(2): important customer's theft, waiting for the company deputy's approval.
    at = now - timedelta(days=1)
    case = services.case_open(actor=inspector, kind="THEFT", customer=important, inspectors=pair,
                              facts="高压计量柜电流互感器二次回路被短接，少计电量。", discovered_at=at,
                              act_stopped_at=at + timedelta(minutes=20), act_stopped_how="拆除短接线，计量柜加封。",
                              now=at + timedelta(minutes=30))
    application = services.application_submit(actor=inspector, case=case, now=at + timedelta(hours=1),
                                              reason="重要客户（高压）窃电，证据已固定，申请停电。")
    services.application_review(actor=users["enterprise_deputy1"], application=application,
                                comment="情况属实，同意上报股份公司批准。", now=at + timedelta(hours=3))
    made.append(case)

    # §1.1: a general customer's violation, fees past their due date and unpaid.
    at = now - timedelta(days=20)
    case = services.case_open(actor=inspector, kind="VIOLATION", customer=general, inspectors=pair,
                              facts="未经同意擅自引入自备发电机电源并网。", discovered_at=at,
                              act_stopped_at=at + timedelta(minutes=15), act_stopped_how="断开自备电源并网点。",
                              now=at + timedelta(minutes=20))
    _document(case, "violation_notice", writer=inspector, issuer=inspector, at=at + timedelta(hours=1),
              legal_basis="《供电营业规则》第一百条第6项")
    services.case_serve_notice(actor=inspector, case=case, now=at + timedelta(hours=2))
    services.case_calculate_fees(actor=inspector, case=case, now=at + timedelta(hours=3), data={
        "kind": "violation", "item": 6, "rule_set": "auto", "act_date": timezone.localtime(at).date().isoformat(),
        "customer_type": "power", "two_part_tariff": False, "capacity_kw": 30})
    made.append(services.case_charge(actor=inspector, case=case, due_date=timezone.localtime(at).date()
                                     + timedelta(days=10), now=at + timedelta(hours=4)))
    return made
