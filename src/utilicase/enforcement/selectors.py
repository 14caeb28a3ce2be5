"""Reads of enforcement cases, restricted at the source to what the user may see; a case out of
sight is answered exactly like a missing one.

Who sees a case:
- the inspectors assigned to it and whoever opened it;
- inspectors: every case of their business office (the customer's office);
- office heads, enterprise and company deputies: the cases of the offices in their scope;
- nobody else.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import BooleanField, Case, F, Q, QuerySet, Value, When
from django.utils import timezone

from utilicase.calendar.selectors import overdue_q
from utilicase.core.rules import RuleViolation
from utilicase.customers.models import Customer, ServicePoint
from utilicase.documents.models import Document, DocumentStatus
from utilicase.enforcement import permissions as perms
from utilicase.enforcement.domain import transitions as table
from utilicase.enforcement.models import (
    OPEN,
    ApplicationStatus,
    EnforcementCase,
    Referral,
    Suspension,
    SuspensionApplication,
)
from utilicase.org.models import Role, Unit, User
from utilicase.org.selectors import seen_by_unit, units_below

TARGET_TYPE = "enforcement.enforcementcase"


def _visible(*, user: User) -> QuerySet[EnforcementCase]:
    if not user.is_authenticated or not user.is_active:
        return EnforcementCase.objects.none()
    seen = Q(created_by=user) | Q(pk__in=EnforcementCase.inspectors.through.objects.filter(
        user_id=user.pk).values("enforcementcase_id"))
    return EnforcementCase.objects.filter(seen_by_unit(seen, user=user, staff_role=Role.INSPECTOR,
                                                  manager_roles=perms.MANAGER_ROLES))


def with_due(queryset: QuerySet[EnforcementCase], *, now: datetime) -> QuerySet[EnforcementCase]:
    """Each case with `is_overdue`: an open deadline of it (a post-hoc report's) has passed."""
    return queryset.annotate(is_overdue=Case(When(overdue_q("next_due_at", now), then=Value(True)),
                                             default=Value(False), output_field=BooleanField()))


def case_ids_visible(*, user: User, ids: list[int]) -> list[int]:
    """Of these ids, those of the cases the user may see (`case_get` finds each), in one query."""
    return list(_visible(user=user).filter(pk__in=ids).values_list("pk", flat=True))


def case_get(*, user: User, id: int, now: datetime | None = None) -> EnforcementCase:
    """One case the user may see; EnforcementCase.DoesNotExist when missing or out of sight."""
    return (with_due(_visible(user=user), now=now or timezone.now())
            .select_related("customer", "customer__enterprise", "office", "inspection_order", "finding",
                            "act_stopped_by", "created_by", "correction_accepted_by", "liability_borne_by",
                            "fees_calculated_by")
            .get(pk=id))


def case_by_number(*, user: User, number: str) -> EnforcementCase:
    return case_get(user=user, id=_visible(user=user).values_list("pk", flat=True).get(number=number))


@dataclass(frozen=True)
class Filters:
    status: str | None = None
    kind: str | None = None
    supply: str | None = None
    office: Unit | None = None


def case_list(*, user: User, now: datetime, filters: Filters = Filters()) -> QuerySet[EnforcementCase]:
    """Every case the user may see, latest discovered first."""
    queryset = with_due(_visible(user=user), now=now)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.supply:
        queryset = queryset.filter(supply=filters.supply)
    if filters.office is not None:
        queryset = queryset.filter(office_id__in=units_below(filters.office.path))
    return queryset.select_related("customer", "office").order_by("-discovered_at", "-id")


def open_cases(*, user: User, now: datetime) -> QuerySet[EnforcementCase]:
    """The open cases the user may see, soonest due first (none last), then oldest."""
    return (with_due(_visible(user=user).filter(OPEN), now=now).select_related("customer", "office")
            .order_by(F("next_due_at").asc(nulls_last=True), "discovered_at", "id"))


def customer_cases(*, user: User, customer: Customer) -> QuerySet[EnforcementCase]:
    return _visible(user=user).filter(customer=customer).order_by("-discovered_at", "-id")


def case_labels(ids: list[str]) -> dict[str, tuple[str, str]]:
    """Case number and customer name by id, in one query (web.targets describer)."""
    rows = (EnforcementCase.objects.filter(pk__in=[int(i) for i in ids if str(i).isdigit()])
            .select_related("customer").only("number", "customer__name"))
    return {str(c.pk): (c.number, c.customer.name) for c in rows}


def case_for_finding(*, finding_id: int) -> EnforcementCase | None:
    """The case opened from an inspection finding, if any (no scope: for the listener)."""
    return EnforcementCase.objects.filter(finding_id=finding_id).first()


def service_point(customer: Customer, utility: str) -> ServicePoint | None:
    return customer.service_points.filter(utility=utility).first()


def customers_for(*, user: User) -> QuerySet[Customer]:
    """The customers the user may open a case for on site: served by an office in the user's unit."""
    if not user.is_authenticated or not user.is_active or user.unit_id is None:
        return Customer.objects.none()
    if user.role not in perms.OPENER_ROLES:
        return Customer.objects.none()
    return Customer.objects.filter(office__path__startswith=user.unit.path).select_related("office", "enterprise")


def assignable_inspectors(*, case_or_unit) -> QuerySet[User]:
    unit = case_or_unit.office if isinstance(case_or_unit, EnforcementCase) else case_or_unit
    company_path = "/" + unit.path.strip("/").split("/")[0] + "/"
    return (User.objects.filter(role=Role.INSPECTOR, is_active=True, unit__path__startswith=company_path)
            .select_related("unit").order_by("username"))


# -- parts of a case ---------------------------------------------------------------------------------------

def inspectors(*, case: EnforcementCase) -> QuerySet[User]:
    return case.inspectors.order_by("username")


def applications(*, case: EnforcementCase) -> QuerySet[SuspensionApplication]:
    return case.applications.select_related("applied_by", "reviewed_by", "approved_by", "rejected_by").order_by(
        "applied_at", "id")


def suspensions(*, case: EnforcementCase) -> QuerySet[Suspension]:
    return case.suspensions.select_related("suspended_by", "restored_by", "reported_by", "report_deadline",
                                           "application").order_by("suspended_at", "id")


def active_suspension(*, case: EnforcementCase) -> Suspension | None:
    return case.suspensions.filter(restored_at__isnull=True).order_by("-suspended_at").first()


def referrals(*, case: EnforcementCase) -> QuerySet[Referral]:
    return case.referrals.select_related("recorded_by").order_by("recorded_at", "id")


def fee_lines(*, case: EnforcementCase) -> list[dict]:
    """The calculator's breakdown lines (text, amount_yuan, rule), as stored when calculated."""
    return list((case.fee_result or {}).get("lines", []))


def receivables(*, case: EnforcementCase):
    """The case's receivables in billing (fee lines charged), with their payments."""
    from utilicase.billing.selectors import receivables_for

    return receivables_for(TARGET_TYPE, str(case.pk))


def balance(case: EnforcementCase) -> Decimal | None:
    """What is still unpaid (billing), or None while nothing was charged."""
    if case.charged_at is None:
        return None
    from utilicase.billing.selectors import case_balance

    return Decimal(case_balance(TARGET_TYPE, str(case.pk)))


def fully_paid(case: EnforcementCase) -> bool:
    if case.charged_at is None:
        return False
    from utilicase.billing.selectors import case_fully_paid

    return bool(case_fully_paid(TARGET_TYPE, str(case.pk)))


def past_due(case: EnforcementCase, now: datetime) -> bool:
    """§1.1: fees charged, their due date passed, still unpaid."""
    if case.due_date is None or case.charged_at is None:
        return False
    if timezone.localtime(now).date() <= case.due_date:
        return False
    return not fully_paid(case)


def liability_threshold() -> Decimal:
    return Decimal(str(getattr(settings, "ENFORCEMENT_LIABILITY_THRESHOLD_YUAN", "50000")))


def report_working_days() -> int:
    return int(getattr(settings, "ENFORCEMENT_REPORT_WORKING_DAYS", 1))


def legal_basis_choices() -> list[tuple[str, str]]:
    """The catalogue of rule set + article a suspension rests on (§1.3), from fees."""
    from utilicase.fees.domain import rulesets

    choices = rulesets.legal_basis_choices
    return [(str(code), str(label)) for code, label in (choices() if callable(choices) else choices)]


# -- documents of the case ------------------------------------------------------------------------------

def _documents(case: EnforcementCase, doc_type: str) -> QuerySet[Document]:
    return Document.objects.filter(target_type=TARGET_TYPE, target_id=str(case.pk), doc_type=doc_type)


def served_document(case: EnforcementCase, doc_type: str) -> Document | None:
    """The latest document of this type of the case that was issued and served (its current
    version: a correction not yet served does not count)."""
    return (_documents(case, doc_type).filter(status=DocumentStatus.SERVED, superseded_at__isnull=True)
            .order_by("-served_at", "-id").first())


def violation_notice_served(case: EnforcementCase) -> bool:
    return served_document(case, "violation_notice") is not None


def suspension_notice_served(case: EnforcementCase, *, since: datetime | None = None) -> Document | None:
    """The served suspension notice (§1.1); with `since`, one issued after that time (a notice
    of an earlier suspension does not serve for the next one)."""
    docs = _documents(case, "suspension_notice").filter(status=DocumentStatus.SERVED, superseded_at__isnull=True)
    if since is not None:
        docs = docs.filter(issued_at__gt=since)
    return docs.order_by("-served_at", "-id").first()


# -- work lists ---------------------------------------------------------------------------------------------

def applications_to_decide(*, user: User) -> QuerySet[SuspensionApplication]:
    """The deputy's inbox (§1.2(2)): applications waiting for the review by the enterprise deputy
    of the customer's enterprise, or for the approval by the company deputy of its company; never
    one the user applied for or reviewed."""
    if not user.is_authenticated or not user.is_active or user.unit_id is None:
        return SuspensionApplication.objects.none()
    if user.role == Role.ENTERPRISE_DEPUTY:
        wanted = Q(status=ApplicationStatus.PENDING_REVIEW, case__customer__enterprise_id=user.unit_id)
    elif user.role == Role.COMPANY_DEPUTY:
        wanted = Q(status=ApplicationStatus.PENDING_APPROVAL, case__customer__enterprise__parent_id=user.unit_id)
    else:
        return SuspensionApplication.objects.none()
    return (SuspensionApplication.objects.filter(wanted).exclude(applied_by=user).exclude(reviewed_by=user)
            .select_related("case", "case__customer", "case__office", "applied_by", "reviewed_by")
            .order_by("applied_at", "id"))


def application_get(*, user: User, id: int) -> SuspensionApplication:
    """An application of a case the user may see, or one waiting for the user's decision."""
    visible = Q(case__in=_visible(user=user).values("pk")) | Q(pk__in=applications_to_decide(user=user).values("pk"))
    return (SuspensionApplication.objects.filter(visible)
            .select_related("case", "case__customer", "case__customer__enterprise", "case__office",
                            "applied_by", "reviewed_by").get(pk=id))


def overdue_reports(*, user: User, now: datetime) -> QuerySet[Suspension]:
    """On-site suspensions (§1.2(1)) whose post-hoc report to the office head is past its
    deadline and not filed, on cases the user may see; longest overdue first."""
    return (Suspension.objects.filter(report_deadline__isnull=False, reported_at__isnull=True, report_due_at__lte=now,
                                      case__in=_visible(user=user).values("pk"))
            .select_related("case", "case__customer", "suspended_by").order_by("report_due_at", "id"))


def reports_to_file(*, user: User) -> QuerySet[Suspension]:
    """On-site suspensions whose post-hoc report is not filed yet, soonest due first."""
    return (Suspension.objects.filter(report_deadline__isnull=False, reported_at__isnull=True,
                                      case__in=_visible(user=user).values("pk"))
            .select_related("case", "case__customer", "suspended_by").order_by("report_due_at", "id"))


def suspension_get(*, user: User, id: int) -> Suspension:
    return Suspension.objects.select_related("case", "report_deadline").get(
        pk=id, case__in=_visible(user=user).values("pk"))


def referral_get(*, user: User, id: int) -> Referral:
    return Referral.objects.select_related("case").get(pk=id, case__in=_visible(user=user).values("pk"))


def unpaid_past_due(*, user: User, now: datetime) -> QuerySet[EnforcementCase]:
    """Charged cases whose due date has passed (candidates for the §1.1 path; billing says
    whether a balance is left)."""
    today = timezone.localtime(now).date()
    return (_visible(user=user).filter(status__in=sorted(table.CHARGED), due_date__lt=today)
            .select_related("customer", "office").order_by("due_date", "id"))


# -- what may be done now ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Action:
    name: str
    clause: str
    refusal: RuleViolation | None
    permitted: bool

    @property
    def available(self) -> bool:
        return self.refusal is None and self.permitted


def case_facts(case: EnforcementCase, **asked) -> table.Facts:
    """The snapshot the case's guards read (see domain/transitions.py)."""
    return table.Facts(
        kind=case.kind, customer_class=case.customer_class, supply=case.supply,
        act_stopped=case.act_stopped_at is not None, notice_served=violation_notice_served(case),
        total=case.total, balance=balance(case), correction_accepted=case.correction_accepted_at is not None,
        liability_borne=case.liability_borne_at is not None,
        open_referrals=case.referrals.filter(outcome_at__isnull=True).count(), **asked,
    )


def approved_application(case: EnforcementCase) -> SuspensionApplication | None:
    return case.applications.filter(status=ApplicationStatus.APPROVED).order_by("-approved_at").first()


def suspension_path(case: EnforcementCase, now: datetime) -> str:
    """The path a suspension of this case follows now: §1.1 once charged fees are past due,
    else by kind and customer class (§1.2)."""
    if case.status in table.CHARGED and past_due(case, now):
        return table.UNPAID
    return table.path_for(kind=case.kind, customer_class=case.customer_class)


def suspension_facts(case: EnforcementCase, *, path: str, now: datetime, **asked) -> table.SuspensionFacts:
    last = case.suspensions.order_by("-suspended_at").values_list("suspended_at", flat=True).first()
    return table.SuspensionFacts(
        kind=case.kind, customer_class=case.customer_class, status=case.status, supply=case.supply, path=path,
        application_approved=approved_application(case) is not None, past_due=past_due(case, now),
        suspension_notice_served=suspension_notice_served(case, since=last) is not None, **asked)


_CASE_PERMISSION = {"close": perms.can_close_case, "dismiss": perms.can_close_case}
_SYSTEM = frozenset({"pay", "unpay"})  # moved by the payment listener, not by a user


def case_actions(*, user: User, case: EnforcementCase, now: datetime | None = None) -> list[Action]:
    """The case's transitions from its state (the fees' line) and the supply's, each allowed or
    refused with its clause, and whether this user may take it. `suspend` is offered on the path
    the case follows now; `apply` (§1.2(2)) for an important customer's theft."""
    now = now or timezone.now()
    facts = case_facts(case)
    actions = [Action(o.transition.name, o.transition.clause, o.refusal,
                      _CASE_PERMISSION.get(o.transition.name, perms.can_work_case)(user, case))
               for o in table.TABLE.options(case.status, facts) if o.transition.name not in _SYSTEM]
    path = suspension_path(case, now)
    refused = table.suspension_refusal(suspension_facts(case, path=path, now=now))
    actions.append(Action("suspend", table.PATH_CLAUSE[path], refused, perms.can_work_case(user, case)))
    if case.kind == table.THEFT and case.customer_class == table.IMPORTANT:
        refused = table.application_start_refusal(
            kind=case.kind, customer_class=case.customer_class, status=case.status, supply=case.supply,
            open_applications=case.applications.filter(status__in=sorted(table.APPLICATION_OPEN)).count())
        actions.append(Action("apply", "§1.2(2)", refused, perms.can_work_case(user, case)))
    if case.supply in table.CUT:
        refused = table.SUPPLY.refusal("restore", case.supply, facts)
        actions.append(Action("restore", "§2.6(4)", refused, perms.can_work_case(user, case)))
    return actions


def application_facts(application: SuspensionApplication, user: User, *, reason: str | None = None
                      ) -> table.ApplicationFacts:
    customer = application.case.customer
    enterprise = customer.enterprise
    if user.role == Role.ENTERPRISE_DEPUTY:
        in_place = user.unit_id == enterprise.pk
    elif user.role == Role.COMPANY_DEPUTY:
        in_place = user.unit_id is not None and user.unit_id == enterprise.parent_id
    else:
        in_place = False
    return table.ApplicationFacts(actor_role=user.role, actor_in_place=in_place,
                                  actor_is_applicant=application.applied_by_id == user.pk,
                                  actor_is_reviewer=application.reviewed_by_id == user.pk, reason=reason)


def application_actions(*, user: User, application: SuspensionApplication) -> list[Action]:
    """review / approve / reject on this application, each allowed or refused (§1.2(2))."""
    facts = application_facts(application, user, reason="-")
    return [Action(name, "§1.2(2)", table.application_refusal(name, application.status, facts), user.is_active)
            for name in ("review", "approve", "reject")]


def days_overdue(due: date, now: datetime) -> int:
    return max((timezone.localtime(now).date() - due).days, 0)


def case_id_by_number(user: User, number: str) -> str | None:
    """The id of the violation or theft case with this number when the user may see it, else None (missing and out
    of sight are not told apart): its core.cases reference, which the search page asks."""
    found = _visible(user=user).filter(number=number).values_list("pk", flat=True).first()
    return str(found) if found is not None else None
