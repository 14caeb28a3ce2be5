"""The enforcement pages: every action of a case taken through its page, refusals kept in their
form beside the clause, the work lists of each role (the inspector's open cases, the deputies'
inbox of §1.2(2) applications, the office head's post-hoc reports), the fee breakdown with the
rule of each line and the receivables, and the on-site suspension page (§1.3)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.integration.customers.factories import CustomerFactory, ServicePointFactory
from tests.integration.documents.conftest import ink_png
from tests.integration.inspections.conftest import Flow
from utilicase.billing.selectors import receivables_for
from utilicase.billing.services import payment_record
from utilicase.core.cases import case_for
from utilicase.documents.services import document_create, document_issue, document_sign
from utilicase.documents.serving import service_record
from utilicase.enforcement.models import ApplicationStatus, EnforcementCase, Status, Supply
from utilicase.enforcement.selectors import TARGET_TYPE

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
THEFT_INPUT = {"rule_set": "auto", "act_date": "2026-09-01", "customer_type": "power", "capacity_kw": "10",
               "days": "30", "hours_per_day": "12", "price_yuan_per_kwh": "0.5"}


@pytest.fixture(autouse=True)
def clock(monkeypatch, now):
    """The pages' clock: an hour after the inspection's finding opened the case (10:20)."""
    monkeypatch.setattr("django.utils.timezone.now", lambda: now + timedelta(hours=1))


def _customer(org, *, important: bool, account: str):
    customer = CustomerFactory(office=org["tf-power-city"], account_number=account,
                               name="石河子化工厂" if important else "王建华")
    ServicePointFactory(customer=customer, voltage_level="HIGH" if important else "LOW",
                        customer_class="IMPORTANT" if important else "RESIDENTIAL")
    return customer


def _case_from_finding(org, example_user, now, customer) -> EnforcementCase:
    """A special inspection on suspicion, and its finding of suspected theft: the case it opens."""
    flow = Flow(org, example_user, now, customer)
    order = flow.inspecting(kind="SPECIAL")
    flow.finding(order, finding_type="SUSPECTED_THEFT", rectify=False, description="表前接线绕越计量装置。")
    return EnforcementCase.objects.get(inspection_order=order)


@pytest.fixture
def important_case(org, example_user, now):
    return _case_from_finding(org, example_user, now, _customer(org, important=True, account="1010000009"))


@pytest.fixture
def residential_case(org, example_user, now):
    return _case_from_finding(org, example_user, now, _customer(org, important=False, account="1010000008"))


def act(client, case, name, data=None, **extra):
    return client.post(reverse("enforcement:act", args=[case.pk, name]), data or {}, **extra)


def page_of(client, case, *, site=False) -> str:
    name = "enforcement:site" if site else "enforcement:detail"
    response = client.get(reverse(name, args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def block(page: str, block_id: str) -> str:
    """An action's own form, as htmx selects it (hx-select="#<block_id>")."""
    return page.split(f'id="{block_id}"')[1].split("</form>")[0]


def fresh(case) -> EnforcementCase:
    return EnforcementCase.objects.get(pk=case.pk)


def serve_violation_notice(case, user, now):
    _, info = case_for(user, TARGET_TYPE, str(case.pk))
    document = document_create(actor=user, case=info, doc_type_code="violation_notice", now=now, content={
        "act": "theft", "found_at": "2026-09-30 10:20", "facts": "Meter bypassed.", "legal_basis": "GB Art.102",
        "demands": "Pay and correct."})
    document_sign(actor=user, document=document, signer_role="INSPECTOR", signer_name="Inspector", png=ink_png(),
                  now=now)
    document = document_issue(actor=user, document=document, now=now)
    service_record(actor=user, document=document, method="SIGNED", signer_name="Customer",
                   customer_signature=ink_png(3), now=now)


def pay_all(case, user, now):
    for receivable in receivables_for(TARGET_TYPE, str(case.pk)):
        payment_record(actor=user, receivable=receivable, amount=receivable.amount,
                       receipt_number=f"R{receivable.pk:06d}", paid_at=now, source="MANUAL", now=now)


SUSPEND = {"scope": "FULL", "suspended_at": "2026-09-30T10:55", "legal_basis": "GB-1996 Art.102",
           "customer_response": "REFUSED_THEN_COOPERATED", "response_note": "Explained the rules twice."}


# -- an important customer's theft, every step through the pages ----------------------------------------

def test_an_important_customer_s_theft_from_finding_to_restoration_through_the_pages(
        as_user, important_case, example_user, now):
    case = important_case
    assert (case.kind, case.status, case.customer_class) == ("THEFT", Status.DISCOVERED, "IMPORTANT")
    inspector = as_user("inspector1")
    page = page_of(inspector, case)
    assert case.inspection_order.number in page and 'id="action-stop"' in page
    # the notice is not served yet: the step is listed as refused, with its clause
    assert 'id="refused-serve_notice"' in page

    assert act(inspector, case, "stop", {"stopped_at": "2026-09-30T10:25", "method": "Bypass removed."}
               ).status_code == 303
    serve_violation_notice(case, example_user("inspector1"), now)
    assert act(inspector, case, "serve_notice").status_code == 303
    assert fresh(case).status == Status.NOTICE_SERVED
    assert act(inspector, case, "calculate", THEFT_INPUT).status_code == 303
    case = fresh(case)
    assert (case.status, case.back_billing, case.violation_fee, case.total) == (
        Status.FEES_CALCULATED, Decimal("1800.00"), Decimal("5400.00"), Decimal("7200.00"))
    assert act(inspector, case, "charge", {"due_date": "2026-10-15"}).status_code == 303
    assert fresh(case).status == Status.FEES_DUE
    fees = page_of(inspector, case).split('id="fees"')[1].split("</section>")[0]
    assert "1996 Art.102" in fees and "5400.00" in fees and 'id="balance">7200.00<' in fees

    # §1.2(2): suspension refused before the approvals; the application goes to the deputies in order
    assert act(inspector, case, "suspend", SUSPEND).status_code == 409
    assert act(inspector, case, "apply", {"scope": "FULL", "reason": "Theft confirmed on site."}).status_code == 303
    company = as_user("company_deputy1")
    inbox = company.get(reverse("enforcement:worklist")).content.decode()
    assert case.number not in inbox  # not before the review
    enterprise = as_user("enterprise_deputy1")
    inbox = enterprise.get(reverse("enforcement:worklist")).content.decode()
    assert case.number in inbox
    assert act(enterprise, case, "review", {"comment": "Agreed."}).status_code == 303
    company = as_user("company_deputy1")
    assert case.number in company.get(reverse("enforcement:worklist")).content.decode()
    assert act(company, case, "approve", {"comment": "Approved."}).status_code == 303
    assert case.applications.get().status == ApplicationStatus.APPROVED

    inspector = as_user("inspector1")
    response = act(inspector, case, "suspend", {**SUSPEND, "police_called_at": "2026-09-30T10:50",
                                                "superior_reported_at": "2026-09-30T10:52",
                                                "superior_name": "Zhang"}, QUERY_STRING="from=site")
    assert response.status_code == 303 and response.url == reverse("enforcement:site", args=[case.pk])
    suspension = case.suspensions.get()
    assert (fresh(case).supply, suspension.path, suspension.legal_basis, suspension.superior_name) == (
        Supply.SUSPENDED, "APPROVED", "GB-1996 Art.102", "Zhang")

    # restoration refused while unpaid (§2.6(4)), kept in its form with the clause
    response = act(inspector, case, "restore", **HTMX)
    assert response.status_code == 409
    assert "§2.6(4)" in block(response.content.decode(), "action-restore")
    pay_all(case, example_user("inspector1"), now)
    assert fresh(case).status == Status.PAID
    assert act(inspector, case, "correct", {"note": "Meter replaced and sealed."}).status_code == 303
    assert act(inspector, case, "liability", {"note": "Paid and signed."}).status_code == 303
    assert act(inspector, case, "restore").status_code == 303
    case = fresh(case)
    assert (case.supply, case.restored_at) == (Supply.RESTORED, now + timedelta(hours=1))
    head = as_user("office_head1")
    assert act(head, case, "close", {"confirmed": "1"}).status_code == 303
    assert fresh(case).status == Status.CLOSED


def test_suspending_an_important_customer_before_approval_is_refused_in_its_form_s1_2_2(as_user, important_case):
    inspector = as_user("inspector1")
    page = page_of(inspector, important_case)
    assert "§1.2(2)" in page.split('id="refused-suspend"')[1].split("</li>")[0]
    response = act(inspector, important_case, "suspend", {**SUSPEND, "response_note": "Kept: XQ7"}, **HTMX)
    assert response.status_code == 409 and "HX-Redirect" not in response
    form = block(response.content.decode(), "action-suspend")
    assert "§1.2(2)" in form and "Kept: XQ7" in form
    assert fresh(important_case).supply == Supply.NORMAL


def test_the_company_deputy_cannot_approve_before_the_review_s1_2_2(as_user, important_case):
    inspector = as_user("inspector1")
    assert act(inspector, important_case, "apply", {"scope": "LIMITED", "reason": "Theft."}).status_code == 303
    company = as_user("company_deputy1")
    page = page_of(company, important_case)
    assert "§1.2(2)" in page.split('id="refused-approve"')[1].split("</li>")[0]
    response = act(company, important_case, "approve", {"comment": "Too early: KQ3"}, **HTMX)
    assert response.status_code == 409
    form = block(response.content.decode(), "action-approve")
    assert "§1.2(2)" in form and "Too early: KQ3" in form
    assert important_case.applications.get().status == ApplicationStatus.PENDING_REVIEW


def test_a_rejection_needs_its_reason_and_ends_the_application_s1_2_2(as_user, important_case):
    assert act(as_user("inspector1"), important_case, "apply", {"scope": "FULL", "reason": "Theft."}
               ).status_code == 303
    deputy = as_user("enterprise_deputy1")
    response = act(deputy, important_case, "reject", {"reason": ""}, **HTMX)
    assert response.status_code == 400
    assert act(deputy, important_case, "reject", {"reason": "Evidence incomplete."}).status_code == 303
    application = important_case.applications.get()
    assert (application.status, application.rejection_reason) == (ApplicationStatus.REJECTED, "Evidence incomplete.")


def test_a_residential_theft_is_suspended_on_site_at_once_and_reported_to_the_office_head_s1_2_1(
        as_user, residential_case):
    inspector = as_user("inspector1")
    page = page_of(inspector, residential_case, site=True)
    assert 'id="action-suspend"' in page and 'id="action-apply"' not in page
    assert "GB-1996 Art.102" in block(page, "action-suspend")  # the catalogue of legal bases
    assert act(inspector, residential_case, "suspend", {**SUSPEND, "scope": "LIMITED"}).status_code == 303
    assert fresh(residential_case).supply == Supply.LIMITED
    head = as_user("office_head1")
    reports = head.get(reverse("enforcement:worklist")).content.decode()
    assert residential_case.number in reports
    inspector = as_user("inspector1")
    assert act(inspector, residential_case, "report", {"report": "Limited supply at 11:00."}).status_code == 303
    assert residential_case.suspensions.get().report_text == "Limited supply at 11:00."
    head = as_user("office_head1")
    assert residential_case.number not in head.get(reverse("enforcement:worklist")).content.decode()


def test_a_call_to_110_without_the_report_to_the_superior_is_refused_s1_3(as_user, residential_case):
    inspector = as_user("inspector1")
    response = act(inspector, residential_case, "suspend", {**SUSPEND, "police_called_at": "2026-09-30T10:50"},
                   **HTMX)
    assert response.status_code == 409
    assert "§1.3" in block(response.content.decode(), "action-suspend")
    assert fresh(residential_case).supply == Supply.NORMAL


def test_a_legal_basis_not_in_the_catalogue_is_kept_in_the_form(as_user, residential_case):
    response = act(as_user("inspector1"), residential_case, "suspend", {**SUSPEND, "legal_basis": "made up"}, **HTMX)
    assert response.status_code == 400
    assert fresh(residential_case).supply == Supply.NORMAL


def test_serving_the_notice_before_the_act_is_stopped_is_refused_s2_6_3(as_user, residential_case):
    response = act(as_user("inspector1"), residential_case, "serve_notice", **HTMX)
    assert response.status_code == 409
    assert "§2.6(3)" in block(response.content.decode(), "action-serve_notice")
    assert fresh(residential_case).status == Status.DISCOVERED


def test_a_calculator_error_names_its_field(as_user, residential_case, example_user, now):
    inspector = as_user("inspector1")
    act(inspector, residential_case, "stop", {"stopped_at": "2026-09-30T10:25", "method": "Removed."})
    serve_violation_notice(residential_case, example_user("inspector1"), now)
    act(inspector, residential_case, "serve_notice")
    response = act(inspector, residential_case, "calculate", {**THEFT_INPUT, "capacity_kva": "5"}, **HTMX)
    assert response.status_code == 400
    form = block(response.content.decode(), "action-calculate")
    assert 'class="error"' in form
    assert fresh(residential_case).status == Status.NOTICE_SERVED


def test_the_inspector_s_open_cases_are_listed_by_due(as_user, residential_case, important_case):
    page = as_user("inspector1").get(reverse("enforcement:worklist")).content.decode()
    assert residential_case.number in page and important_case.number in page
    assert as_user("inspector1").get(reverse("enforcement:worklist") + "?q=nobody").status_code == 200


def test_a_case_out_of_scope_is_not_found(as_user, residential_case):
    assert as_user("hall_staff1").get(reverse("enforcement:detail", args=[residential_case.pk])).status_code == 404


def test_a_get_on_an_action_url_is_the_case_page(as_user, residential_case):
    response = as_user("inspector1").get(reverse("enforcement:act", args=[residential_case.pk, "stop"]))
    assert response.status_code == 302 and response.url == reverse("enforcement:detail", args=[residential_case.pk])


def test_a_case_is_opened_on_site_without_an_inspection(as_user, org):
    customer = _customer(org, important=False, account="1010000007")
    response = as_user("inspector1").post(reverse("enforcement:new"), {
        "account_number": customer.account_number, "kind": "THEFT", "description": "Hooked onto the line.",
        "discovered_at": "2026-09-30T09:30", "stopped_at": "2026-09-30T09:40", "method": "Hook removed."})
    assert response.status_code == 302
    case = EnforcementCase.objects.get(customer=customer)
    assert (case.source, case.act_stopped_how, case.inspection_order) == ("ON_SITE", "Hook removed.", None)
    assert response.url == reverse("enforcement:site", args=[case.pk])


def test_opening_for_an_unknown_account_is_kept_in_the_form(as_user):
    response = as_user("inspector1").post(reverse("enforcement:new"), {
        "account_number": "0000000000", "kind": "THEFT", "description": "X", "discovered_at": "2026-09-30T09:30"})
    assert response.status_code == 400
    assert not EnforcementCase.objects.exists()


def test_a_referral_and_its_outcome_through_the_page_s2_6_5(as_user, residential_case):
    inspector = as_user("inspector1")
    response = act(inspector, residential_case, "refer", {
        "reason": "REFUSED_TO_COOPERATE", "recipient": "PUBLIC_SECURITY", "referred_on": "2026-09-30",
        "documents": "Survey record, transcript."})
    assert response.status_code == 303
    referral = residential_case.referrals.get()
    assert (referral.recipient, referral.clause) == ("PUBLIC_SECURITY", "§2.6(5)")
    assert act(inspector, residential_case, "outcome", {"outcome": "Fined."}).status_code == 303
    assert residential_case.referrals.get().outcome == "Fined."


def test_a_referral_to_the_wrong_recipient_is_refused_in_its_form_s2_6_5(as_user, residential_case):
    response = act(as_user("inspector1"), residential_case, "refer", {
        "reason": "REFUSED_TO_COOPERATE", "recipient": "MANAGEMENT", "referred_on": "2026-09-30",
        "documents": "Kept: ZZ9"}, **HTMX)
    assert response.status_code == 409
    form = block(response.content.decode(), "action-refer")
    assert "§2.6(5)" in form and "Kept: ZZ9" in form


def test_a_case_is_dismissed_with_its_reason_s2_6_1(as_user, residential_case):
    head = as_user("office_head1")
    assert act(head, residential_case, "dismiss", {"reason": ""}).status_code == 400
    assert act(head, residential_case, "dismiss", {"reason": "Not theft: a meter fault."}).status_code == 303
    assert fresh(residential_case).status == Status.CLOSED



def test_the_fee_breakdown_names_each_line_s_rule_in_the_reader_s_language(as_user, residential_case, example_user,
                                                                            now):
    inspector = as_user("inspector1")
    act(inspector, residential_case, "stop", {"stopped_at": "2026-09-30T10:25", "method": "Removed."})
    serve_violation_notice(residential_case, example_user("inspector1"), now)
    act(inspector, residential_case, "serve_notice")
    assert act(inspector, residential_case, "calculate", THEFT_INPUT).status_code == 303
    zh = page_of(inspector, residential_case).split('id="fee-lines"')[1].split("</table>")[0]
    assert "追补电费 = 3600.00 kWh × 0.5 元/kWh = 1800.00 元" in zh and "GB-2024 (1996 Art.102)" in zh
    inspector.cookies["django_language"] = "en"
    en = page_of(inspector, residential_case)
    lines = en.split('id="fee-lines"')[1].split("</table>")[0]
    assert "追补电费" not in lines and "1800.00" in lines and "GB-2024 (1996 Art.102)" in lines
    assert "Notice of violation of use or theft of electricity" in en.split('id="documents"')[1]


def test_the_office_head_sees_a_post_hoc_report_overdue_s1_2_1(as_user, residential_case, monkeypatch, now):
    assert act(as_user("inspector1"), residential_case, "suspend", SUSPEND).status_code == 303
    due = residential_case.suspensions.get().report_due_at
    head = as_user("office_head1")
    row = head.get(reverse("enforcement:worklist") + "?list=reports").content.decode().split('id="worklist"')[1]
    assert residential_case.number in row and 'class="overdue"' not in row
    monkeypatch.setattr("django.utils.timezone.now", lambda: due + timedelta(hours=1))
    row = head.get(reverse("enforcement:worklist") + "?list=reports").content.decode().split('id="worklist"')[1]
    assert residential_case.number in row and 'class="overdue"' in row


def test_a_time_left_blank_on_site_is_now_and_one_of_this_minute_is_now_itself(as_user, residential_case, now):
    from utilicase.enforcement.views import moment

    clock = now + timedelta(hours=1, seconds=37)
    minute = clock.replace(second=0)
    assert (moment(None, clock), moment(None, clock, blank=None)) == (clock, None)
    assert (moment(minute, clock), moment(minute - timedelta(minutes=1), clock)) == (clock, minute - timedelta(minutes=1))
    assert act(as_user("inspector1"), residential_case, "stop", {"stopped_at": "", "method": "Removed."}
               ).status_code == 303
    assert fresh(residential_case).act_stopped_at == now + timedelta(hours=1)


def test_the_post_hoc_report_deadline_on_the_home_page_links_to_the_case_s1_2_1(as_user, residential_case):
    assert act(as_user("inspector1"), residential_case, "suspend", SUSPEND).status_code == 303
    deadline = residential_case.suspensions.get().report_deadline
    home = as_user(deadline.owner.username if deadline.owner_id else "office_head1").get(reverse("home")).content.decode()
    assert f'href="{reverse("enforcement:detail", args=[residential_case.pk])}"' in home
    nav = home.split('class="mainnav"')[1].split("</nav>")[0]
    assert f'href="{reverse("enforcement:worklist")}"' in nav


def test_the_demo_cases_and_lists_render_for_each_role(client, db):
    from django.utils import timezone

    from tests.integration.complaints.conftest import ensure_categories
    from utilicase.demo.data import load_demo
    from utilicase.org.models import User

    ensure_categories()
    load_demo(now=timezone.now(), customers=60)
    cases = list(EnforcementCase.objects.all())
    assert len(cases) >= 3
    for username in ("inspector1", "office_head1", "enterprise_deputy1", "company_deputy1"):
        client.force_login(User.objects.get(username=username))
        for name in ("mine", "approve", "reports", "all"):
            assert client.get(reverse("enforcement:worklist") + f"?list={name}").status_code == 200
        for case in cases:
            for view in ("enforcement:detail", "enforcement:site"):
                assert client.get(reverse(view, args=[case.pk])).status_code == 200, (username, case.number, view)
