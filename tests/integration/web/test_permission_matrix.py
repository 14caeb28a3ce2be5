"""The permission matrix: every named page and every API operation, asked by every role (one demo
user each), by an anonymous visitor and by a customer signed in to the portal, answers as the
table below says. The table is the design: a URL name or an operation without an entry fails
the suite, so a new page or endpoint is given its answers deliberately.

Pages and read operations are asked with GET by everyone; actions and write operations
(POST/PUT/PATCH/DELETE) only by the anonymous visitor and by one role without the permission,
with an empty body: a refusal, never a write (the audit chain does not grow) and never a 5xx.

Answers: OK (2xx, or a redirect that is not to a sign-in page), LOGIN (to the staff sign-in),
PORTAL (to the portal's sign-in), 401 (API without credentials), 403, 404, 405."""

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from tests.integration.web.permission_samples import api_paths, page_urls
from tests.integration.web.test_english import _named_urls, sample  # noqa: F401 (the fixture)
from utilicase.org.models import Role

pytestmark = pytest.mark.django_db

OK, LOGIN, PORTAL = "ok", "login", "portal"
ANON, CUSTOMER = "anonymous", "customer"
ROLES = [r.value for r in Role]
PRINCIPALS = [*ROLES, ANON, CUSTOMER]
REFUSED = {403, 404, 422}
USER_OF_ROLE = {"inspector": "inspector1", "office_head": "office_head1", "enterprise_deputy": "enterprise_deputy1",
                "company_deputy": "company_deputy1", "field_worker": "field_worker1", "hall_staff": "hall_staff1",
                "hall_head": "hall_head1", "handler": "handler1", "discipline": "discipline1", "admin": "admin"}
MANAGERS = ("office_head", "enterprise_deputy", "company_deputy")


def row(default, *, anonymous=LOGIN, customer=None, **roles) -> dict[str, object]:
    """The answers of one page: `default` for every role not named, LOGIN for the anonymous
    visitor and (unless said) the customer, whose portal session is no staff sign-in."""
    answers = {role: roles.get(role, default) for role in ROLES}
    unknown = set(roles) - set(ROLES)
    assert not unknown, unknown
    return answers | {ANON: anonymous, CUSTOMER: anonymous if customer is None else customer}


def only(roles, default=403, allowed=OK, **more) -> dict[str, object]:
    """Allowed to the named roles, `default` to every other role."""
    return row(default, **{r: allowed for r in roles}, **more)


# Who sees the sample's records (tests/integration/web/test_english.py `sample`), by the scope rules
# of each case type's selectors: the complaint `done` was taken at the service hall (under the
# company) and routed to the power marketing department (handler1); the enforcement, accident and
# inspection cases are of the city power office, whose inspectors and the managers above it see
# them; the field orders are the city office's field worker's and their heads'.
CASE_WORK = ("inspector", *MANAGERS)
FIELD = ("field_worker", *MANAGERS)
COMPLAINT = ("hall_staff", "hall_head", "handler", "enterprise_deputy", "company_deputy")
# evidence is recorded by case-working roles on a case they see (approvers and admins read only)
COMPLAINT_RECORDERS = ("hall_staff", "hall_head", "handler")
# compliance and dashboards: the managers, the hall head (the complaints audience), discipline
# inspection (the whistleblower reports' rows)
OVERSIGHT = (*MANAGERS, "hall_head", "discipline")
EXPORTERS = ("enterprise_deputy", "company_deputy", "admin")
PUBLIC = row(OK, anonymous=OK)
STAFF = row(OK)
PORTAL_ONLY = row(PORTAL, anonymous=PORTAL, customer=OK)

# --- pages (GET) --------------------------------------------------------------------------------
PAGES: dict[str, dict] = {
    # open to everyone
    "login": PUBLIC, "documents:verify": PUBLIC, "whistleblowing:claim": PUBLIC, "fieldwork:rate": PUBLIC,
    "portal:sign_in": PUBLIC, "error:404": row(404, anonymous=404),
    # every member of staff; what a list shows is scoped to the reader
    **dict.fromkeys(["home", "calendar:due", "customers:list", "search", "complaints:worklist", "complaints:kpis",
                     "password_change", "whistleblowing:list", "enforcement:worklist", "inspections:worklist",
                     "inspections:plans", "inspections:tip_off", "accidents:worklist", "fieldwork:worklist",
                     "notifications:inbox"], STAFF),
    # customers: hall staff serve the whole company; others their scope; admins maintain them
    "customers:detail": row(OK, handler=404, discipline=404),
    # complaints: intake is the service hall's (§6.5)
    **dict.fromkeys(["complaints:new", "complaints:customer_lookup", "complaints:customer_pick"],
                    only(["hall_staff", "hall_head"])),
    "complaints:detail": only(COMPLAINT, 404),
    # documents and evidence of a case follow seeing the case
    **dict.fromkeys(["documents:case", "documents:new", "documents:detail", "documents:edit", "documents:preview",
                     "documents:sign", "documents:service", "documents:refusal", "documents:service_record",
                     "documents:pdf", "documents:signature", "evidence:register", "evidence:item",
                     "evidence:package_pdf", "evidence:package_zip", "evidence:file", "evidence:thumbnail"],
                    only(COMPLAINT, 404)),
    # no service proof and no appraisal report in the sample: missing alike for everyone
    "documents:proof": row(404), "evidence:report": row(404),
    **dict.fromkeys(["evidence:item_new", "evidence:confirm", "evidence:seal"], only(COMPLAINT_RECORDERS, 404)),
    # whistleblower reports (§6.7(iii)): the front line takes them, discipline inspection alone reads
    # them; to anyone else they do not exist
    "whistleblowing:new": only(["hall_staff", "hall_head"], 404),
    **dict.fromkeys(["whistleblowing:export", "whistleblowing:kpis", "whistleblowing:detail",
                     "whistleblowing:attachment"], only(["discipline"], 404)),
    # the fresh report's receiver sees it before confirmation, but only discipline inspection replies
    "whistleblowing:reply": only(["discipline"], 404, hall_head=403),
    # enforcement, accidents, inspections: opened by inspectors and managers of the office
    **dict.fromkeys(["enforcement:new", "accidents:new", "inspections:order_new"], only(CASE_WORK)),
    **dict.fromkeys(["enforcement:detail", "enforcement:site", "accidents:detail", "inspections:detail",
                     "inspections:site", "inspections:plan"], only(CASE_WORK, 404)),
    "inspections:plan_new": only(MANAGERS),
    # field work
    "fieldwork:order_new": only(FIELD),
    "fieldwork:detail": only(FIELD, 404),
    **dict.fromkeys(["fieldwork:checklists", "fieldwork:checklist_edit"], only([*MANAGERS, "admin"])),
    # billing: receivables are read by every role but discipline inspection; a case's by who sees it
    "billing:list": row(OK, discipline=403),
    "billing:case": only(COMPLAINT, 404, discipline=403),
    "billing:exports": only(EXPORTERS),
    "billing:export_download": only(EXPORTERS, 403, allowed=404),  # no batch in the sample
    # compliance by clause and dashboards: the administrator reads none
    **dict.fromkeys(["compliance:table", "compliance:monthly_pick", "compliance:report_pdf"], only(OVERSIGHT, 404)),
    "compliance:exceptions": only(MANAGERS, 404),  # a field-work clause: the managers' audience
    "compliance:monthly": only(["enterprise_deputy", "company_deputy"], 404),  # the power enterprise's
    **dict.fromkeys(["dashboards:index", "dashboards:section"], only(OVERSIGHT)),
    "dashboards:figure": only([*MANAGERS, "hall_head"], 404),  # a complaints figure
    # the customer portal: the signed-in customer's alone; staff sessions are no customer's
    **dict.fromkeys(["portal:home", "portal:complaint", "portal:complaint_new", "portal:notices",
                     "portal:field_orders", "portal:field_order"], PORTAL_ONLY),
    "portal:code": row(PORTAL, anonymous=PORTAL, customer=PORTAL),  # no code asked for
    "portal:notice_pdf": row(PORTAL, anonymous=PORTAL, customer=404),  # another customer's notice
}

# --- actions (POST only), asked with an empty form by the anonymous visitor and by a role without
# the permission (None: an action of one's own session, asked by the anonymous visitor alone)
ACTIONS: dict[str, str | None] = {
    "logout": None, "portal:sign_out": None, "notifications:read_all": None, "notifications:preferences": None,
    "notifications:read": "hall_staff",  # nobody's notification
    "complaints:act": "inspector",
    **dict.fromkeys(["documents:issue", "documents:discard", "documents:correct"], "field_worker"),
    **dict.fromkeys(["evidence:file_add", "evidence:custody"], "inspector"),
    **dict.fromkeys(["whistleblowing:confirm", "whistleblowing:not_a_report", "whistleblowing:investigate",
                     "whistleblowing:note", "whistleblowing:attach", "whistleblowing:claim_secret_reset"], "admin"),
    "org:grant_action": "admin",
    "enforcement:act": "field_worker",
    **dict.fromkeys(["billing:pay", "billing:reverse", "billing:export_new"], "discipline"),
    **dict.fromkeys(["inspections:act", "inspections:finding_act", "inspections:plan_entry_add",
                     "inspections:plan_generate"], "hall_staff"),
    "accidents:act": "handler",
    **dict.fromkeys(["fieldwork:act", "fieldwork:rating_link"], "inspector"),
}

# --- API operations ---------------------------------------------------------------------------------
API_STAFF = row(200, anonymous=401)
API_READS: dict[str, dict] = {
    **dict.fromkeys(["org_api_me", "org_api_units", "calendar_api_due", "calendar_api_year",
                     "customers_api_list_customers", "complaints_api_kpis", "complaints_api_list_complaints",
                     "whistleblowing_api_list_reports", "inspections_api_plan_completion",
                     "inspections_api_list_plans", "inspections_api_list_orders", "inspections_api_work_today",
                     "inspections_api_work_to_approve", "inspections_api_work_overdue",
                     "enforcement_api_list_cases", "enforcement_api_work_applications",
                     "enforcement_api_work_overdue_reports", "enforcement_api_work_unpaid",
                     "enforcement_api_legal_basis", "accidents_api_list_cases", "fieldwork_api_list_orders",
                     "fieldwork_api_list_items", "notifications_api_inbox"], API_STAFF),
    # the power enterprise's prices: its own staff and offices, and those above it
    "customers_api_list_prices": only(["inspector", *MANAGERS, "field_worker", "handler", "admin"], 404,
                                      allowed=200, anonymous=401),
    "customers_api_get_customer": row(200, handler=404, discipline=404, anonymous=401),
    **dict.fromkeys(["complaints_api_get", "documents_api_list_documents", "documents_api_draftable",
                     "documents_api_get", "documents_api_pdf", "evidence_api_list_items", "evidence_api_get_item",
                     "evidence_api_list_confirmations", "evidence_api_get_file", "evidence_api_get_thumbnail",
                     "evidence_api_package_pdf", "evidence_api_package_zip"],
                    only(COMPLAINT, 404, allowed=200, anonymous=401)),
    "evidence_api_get_report": row(404, anonymous=401),  # no appraisal report in the sample
    **dict.fromkeys(["whistleblowing_api_kpis", "whistleblowing_api_get_report",
                     "whistleblowing_api_get_attachment"], only(["discipline"], 404, allowed=200, anonymous=401)),
    **dict.fromkeys(["inspections_api_get_plan", "inspections_api_get_order", "enforcement_api_get_case",
                     "enforcement_api_get_application", "accidents_api_get_case"],
                    only(CASE_WORK, 404, allowed=200, anonymous=401)),
    "fieldwork_api_get_order": only(FIELD, 404, allowed=200, anonymous=401),
    "billing_api_receivable_list": row(200, discipline=403, anonymous=401),
    **dict.fromkeys(["billing_api_case_receivables", "billing_api_receivable_get"],
                    only(COMPLAINT, 404, allowed=200, discipline=403, anonymous=401)),
    "billing_api_export_list": only(EXPORTERS, allowed=200, anonymous=401),
    **dict.fromkeys(["billing_api_export_get", "billing_api_export_csv"],
                    only(EXPORTERS, 403, allowed=404, anonymous=401)),  # no batch in the sample
    "fieldwork_api_public_rating": row(200, anonymous=200),
}



def _writes(context: str, role: str | None, names: list[str]) -> dict[str, str | None]:
    return {f"{context}_api_{name}": role for name in names}


# Writes: the role without the permission that asks (None: only the anonymous caller asks). Its
# answer must be a refusal or a rejected body (403, 404, 422), with nothing written.
API_WRITES: dict[str, str | None] = {
    **_writes("complaints", "inspector", [
        "create", "form_complete", "record_confirm", "vip_room", "hall_head_told", "hand_over", "assess",
        "route", "reply", "close", "return_visit", "reply_again", "link"]),
    **_writes("whistleblowing", "admin", [
        "create_report", "confirm", "not_a_report", "investigate", "add_note", "reply", "add_attachment",
        "claim_secret_reset"]),
    **_writes("documents", "field_worker", [
        "create", "edit", "sign", "issue", "discard", "correction", "service", "refusal"]),
    **_writes("evidence", "inspector", [
        "create_item", "add_file", "add_seal", "add_seal_refused", "move_custody", "confirm_register"]),
    **_writes("inspections", "hall_staff", [
        "create_plan", "add_entry", "generate", "create_order", "change", "assign", "link_tip_off",
        "submit", "approve", "return_order", "appoint", "arrive", "order_prepare", "order_inspect",
        "order_leave", "order_archive", "order_close", "operation", "finding", "reinspect", "refuse",
        "referral_outcome"]),
    **_writes("enforcement", "field_worker", [
        "create_case", "act_stopped", "assign", "serve_notice", "calculate_fees", "charge", "correction",
        "liability", "suspend", "restore", "apply", "refer", "close", "dismiss", "review", "approve",
        "reject", "report", "referral_outcome"]),
    **_writes("accidents", "handler", [
        "create_case", "arrive", "add_entry", "cause", "end", "cause_removed", "restore", "item", "report",
        "notice", "reinspect", "refusal", "refer", "close", "compensation", "charge", "damage", "claim"]),
    **_writes("billing", "discipline", ["payment_create", "payment_reverse", "export_create"]),
    **_writes("fieldwork", "inspector", [
        "create_order", "assign", "cancel", "appoint", "announce_delay", "notify_delay", "depart", "arrive",
        "start_work", "record_damage", "record_finish", "confirm", "declare_meals", "complete", "rate",
        "rating_link", "add_item"]),
    **_writes("fees", None, ["calculations"]),  # the calculator is every member of staff's
    **_writes("notifications", "hall_staff", ["read"]),  # nobody's notification
}
# Public operations: asked by the anonymous caller, with an empty body (rejected, nothing written).
PUBLIC_WRITES = {"fieldwork_api_public_rate"}


def _operations() -> dict[str, tuple[str, str]]:
    from utilicase.config.urls import api

    found = {}
    for path, ops in api.get_openapi_schema()["paths"].items():
        for method, op in ops.items():
            found[op["operationId"].removeprefix("utilicase_")] = (method.upper(), path)
    return found


def test_every_page_and_operation_has_its_answers_in_the_table():
    """A new page or operation must be given its answers: none may be missing, none left over."""
    pages = _named_urls() | {"set_language"}
    assert sorted(pages - set(PAGES) - set(ACTIONS) - {"set_language", "error:404"}) == []
    assert sorted(set(PAGES) | set(ACTIONS)) == sorted(pages - {"set_language"} | {"error:404"})
    assert not set(PAGES) & set(ACTIONS)
    operations = _operations()
    reads = {op for op, (method, _) in operations.items() if method == "GET"}
    assert sorted(reads ^ set(API_READS)) == []
    assert sorted((set(operations) - reads) ^ (set(API_WRITES) | PUBLIC_WRITES)) == []
    for answers in [*PAGES.values(), *API_READS.values()]:
        assert sorted(answers) == sorted(PRINCIPALS)


def answer(response) -> object:
    code = response.status_code
    if 300 <= code < 400:
        location = response["Location"]
        if location.startswith(django_settings.LOGIN_URL) or location.startswith(reverse("login")):
            return LOGIN
        if location.startswith(reverse("portal:sign_in")):
            return PORTAL
        return OK
    return OK if 200 <= code < 300 else code


@pytest.fixture
def sign_in(client, example_user, sample, settings):  # noqa: F811
    """Signs the client in as a principal: a demo user, nobody, or the sample's customer through
    the portal's pages."""
    from tests.integration.portal.conftest import SENT, portal_sign_in

    settings.UTILICASE_OTP_SENDER = "tests.integration.portal.conftest.CapturingSender"

    def to(principal):
        client.logout()
        if principal == CUSTOMER:
            portal_sign_in(client, sample["customer"], SENT)
        elif principal != ANON:
            client.force_login(example_user(USER_OF_ROLE[principal]))
        return client

    return to


def _differences(expected: dict, actual: dict) -> list[str]:
    return [f"{key}: expected {expected.get(key)!r}, answered {actual[key]!r}"
            for key in sorted(actual) if expected.get(key) != actual[key]]


@pytest.mark.parametrize("half", [0, 1])
def test_pages_answer_every_role_as_designed(sample, sign_in, half):  # noqa: F811
    """In two halves of the principals, so that two processes share the work."""
    urls = page_urls(sample)
    actual = {}
    for principal in PRINCIPALS[half::2]:
        client = sign_in(principal)
        for name in PAGES:
            actual[(name, principal)] = answer(client.get(urls[name]))
    expected = {(name, p): a for name, answers in PAGES.items() for p, a in answers.items()}
    assert len(actual) == len(PAGES) * len(PRINCIPALS[half::2])
    assert _differences(expected, actual) == []


def _tokens(example_user, now) -> dict[str, dict]:
    from utilicase.org.services import token_create

    return {role: {"HTTP_AUTHORIZATION": f"Bearer {token_create(actor=None, user=example_user(user), now=now)[1]}"}
            for role, user in USER_OF_ROLE.items()}


def test_api_reads_answer_every_role_as_designed(sample, sign_in, example_user, now):  # noqa: F811
    operations = _operations()
    paths = api_paths(sample, operations)
    tokens = _tokens(example_user, now)
    actual = {}
    for principal in PRINCIPALS:
        client = sign_in(principal)
        if principal in tokens:
            client.logout()  # the token alone
        for op in API_READS:
            actual[(op, principal)] = client.get(paths[op], **tokens.get(principal, {})).status_code
    expected = {(op, p): a for op, answers in API_READS.items() for p, a in answers.items()}
    assert _differences(expected, actual) == []


def _events() -> int:
    from utilicase.audit.models import AuditEvent

    return AuditEvent.objects.count()


def test_writes_are_refused_to_the_anonymous_and_to_a_role_without_the_permission(sample, sign_in, example_user,  # noqa: F811
                                                                                  now):
    """Every action and write operation, with an empty body: the anonymous visitor is sent to sign
    in (pages) or answered 401 (API); the role without the permission is refused (403, 404) or its
    empty body rejected (422); never a 5xx, and no audit event is written."""
    urls = page_urls(sample)
    operations = _operations()
    paths = api_paths(sample, operations)
    tokens = _tokens(example_user, now)
    before, wrong = _events(), []
    client = sign_in(ANON)
    for name in ACTIONS:
        if name in ("logout", "portal:sign_out"):
            continue  # signing out of no session is no write, and no refusal either
        if (got := answer(client.post(urls[name]))) != LOGIN:
            wrong.append(f"{name} anonymous: {got!r}")
    for op in [*API_WRITES, *PUBLIC_WRITES]:
        method, _ = operations[op]
        got = client.generic(method, paths[op], "{}", content_type="application/json").status_code
        if got != (422 if op in PUBLIC_WRITES else 401):
            wrong.append(f"{op} anonymous: {got}")
    for name, role in ACTIONS.items():
        if role is not None:
            got = answer(sign_in(role).post(urls[name]))
            if got not in (403, 404):
                wrong.append(f"{name} {role}: {got!r}")
    client = sign_in(ANON)
    for op, role in API_WRITES.items():
        if role is not None:
            method, _ = operations[op]
            got = client.generic(method, paths[op], "{}", content_type="application/json", **tokens[role]).status_code
            if got not in REFUSED:
                wrong.append(f"{op} {role}: {got}")
    assert wrong == []
    assert _events() == before


def test_pages_open_to_all_staff_show_the_administrator_no_case_and_the_front_line_no_report(sample, sign_in):  # noqa: F811
    """Where the matrix lets everyone in, the content is the reader's: the administrator
    (reference data, not cases) finds the sample customer but none of their complaints; the service
    hall's clerk, who took the answered report, no longer sees its content once confirmed."""
    complaint, report = sample["done"], sample["report"]
    customer = sample["customer"]
    admin = sign_in("admin")
    pages = [admin.get(reverse("customers:detail", args=[customer.pk])), admin.get(reverse("search") + "?q=Alice"),
             admin.get(reverse("complaints:worklist") + "?all=1"), admin.get(reverse("home"))]
    assert [r.status_code for r in pages] == [200] * 4
    assert customer.account_number in pages[0].content.decode()
    assert [r.request["PATH_INFO"] for r in pages if complaint.number in r.content.decode()] == []
    clerk = sign_in("hall_staff")
    pages = [clerk.get(reverse("whistleblowing:list")), clerk.get(reverse("search") + "?q=bribe"),
             clerk.get(reverse("home"))]
    assert [r.status_code for r in pages] == [200] * 3
    assert [r.request["PATH_INFO"] for r in pages
            if report.number in r.content.decode() or "A bribe was paid." in r.content.decode()] == []
    # the same pages show what is the reader's: the clerk's complaint, the head's report not yet confirmed
    assert complaint.number in clerk.get(reverse("customers:detail", args=[customer.pk])).content.decode()
    assert sample["fresh"].number in sign_in("hall_head").get(reverse("whistleblowing:list")).content.decode()
