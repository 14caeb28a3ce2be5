"""Reads of accident cases, restricted at the source to what the user may see; a case out of
sight is answered exactly like a missing one.

Who sees a case: its inspectors and whoever opened it; inspectors: every case of their business
office; office heads, enterprise and company deputies: the cases of the offices in their scope.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import BooleanField, Case, F, Q, QuerySet, Value, When
from django.utils import timezone

from utilicase.accidents import permissions as perms
from utilicase.accidents.domain import transitions as table
from utilicase.accidents.models import OPEN, AccidentCase, Damage, DontLetGo, Entry
from utilicase.calendar.selectors import overdue_q
from utilicase.customers.models import Customer
from utilicase.documents.models import Document, DocumentStatus
from utilicase.org.models import Role, Unit, User
from utilicase.org.selectors import seen_by_unit, units_below

TARGET_TYPE = "accidents.accidentcase"


def _visible(*, user: User) -> QuerySet[AccidentCase]:
    if not user.is_authenticated or not user.is_active:
        return AccidentCase.objects.none()
    seen = Q(created_by=user) | Q(pk__in=AccidentCase.inspectors.through.objects.filter(
        user_id=user.pk).values("accidentcase_id"))
    return AccidentCase.objects.filter(seen_by_unit(seen, user=user, staff_role=Role.INSPECTOR,
                                                  manager_roles=perms.MANAGER_ROLES))


def with_due(queryset: QuerySet[AccidentCase], *, now: datetime) -> QuerySet[AccidentCase]:
    """Each case with `is_overdue`: its open deadline (the §2.7(4) report's) has passed."""
    return queryset.annotate(is_overdue=Case(When(overdue_q("next_due_at", now), then=Value(True)),
                                             default=Value(False), output_field=BooleanField()))


def case_ids_visible(*, user: User, ids: list[int]) -> list[int]:
    """Of these ids, those of the cases the user may see (`case_get` finds each), in one query."""
    return list(_visible(user=user).filter(pk__in=ids).values_list("pk", flat=True))


def case_get(*, user: User, id: int, now: datetime | None = None) -> AccidentCase:
    """One case the user may see; AccidentCase.DoesNotExist when missing or out of sight."""
    return (with_due(_visible(user=user), now=now or timezone.now())
            .select_related("customer", "customer__enterprise", "office", "created_by", "cause_removed_by",
                            "reinspected_by", "report_deadline")
            .get(pk=id))


def case_by_number(*, user: User, number: str) -> AccidentCase:
    return case_get(user=user, id=_visible(user=user).values_list("pk", flat=True).get(number=number))


@dataclass(frozen=True)
class Filters:
    status: str | None = None
    office: Unit | None = None


def case_list(*, user: User, now: datetime, filters: Filters = Filters()) -> QuerySet[AccidentCase]:
    """Every case the user may see, latest reported first."""
    queryset = with_due(_visible(user=user), now=now)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.office is not None:
        queryset = queryset.filter(office_id__in=units_below(filters.office.path))
    return queryset.select_related("customer", "office").order_by("-reported_at", "-id")


def open_cases(*, user: User, now: datetime) -> QuerySet[AccidentCase]:
    """The open cases the user may see, soonest due first (none last), then oldest."""
    return (with_due(_visible(user=user).filter(OPEN), now=now).select_related("customer", "office")
            .order_by(F("next_due_at").asc(nulls_last=True), "reported_at", "id"))


def customer_cases(*, user: User, customer: Customer) -> QuerySet[AccidentCase]:
    return _visible(user=user).filter(customer=customer).order_by("-reported_at", "-id")


def case_labels(ids: list[str]) -> dict[str, tuple[str, str]]:
    """Case number and customer name by id, in one query (web.targets describer)."""
    rows = (AccidentCase.objects.filter(pk__in=[int(i) for i in ids if str(i).isdigit()])
            .select_related("customer").only("number", "customer__name"))
    return {str(c.pk): (c.number, c.customer.name) for c in rows}


def customers_for(*, user: User) -> QuerySet[Customer]:
    """The customers the user may take an accident report for."""
    if not user.is_authenticated or not user.is_active or user.unit_id is None:
        return Customer.objects.none()
    if user.role not in perms.OPENER_ROLES:
        return Customer.objects.none()
    return Customer.objects.filter(office__path__startswith=user.unit.path).select_related("office", "enterprise")


def assignable_inspectors(*, case_or_unit) -> QuerySet[User]:
    unit = case_or_unit.office if isinstance(case_or_unit, AccidentCase) else case_or_unit
    company_path = "/" + unit.path.strip("/").split("/")[0] + "/"
    return (User.objects.filter(role=Role.INSPECTOR, is_active=True, unit__path__startswith=company_path)
            .select_related("unit").order_by("username"))


# -- parts of a case ---------------------------------------------------------------------------------------

def inspectors(*, case: AccidentCase) -> QuerySet[User]:
    return case.inspectors.order_by("username")


def entries(*, case: AccidentCase) -> QuerySet[Entry]:
    return case.entries.select_related("recorded_by").order_by("at", "id")


def items(*, case: AccidentCase) -> QuerySet[DontLetGo]:
    """The four don't-let-go items (§2.7(4)) in the report's order."""
    return case.items.select_related("done_by").order_by("id")


def open_items(case: AccidentCase) -> tuple[str, ...]:
    done = set(case.items.filter(done_at__isnull=False).values_list("item", flat=True))
    return tuple(i for i in table.FOUR_ITEMS if i not in done)


def damages(*, case: AccidentCase) -> QuerySet[Damage]:
    return case.damages.select_related("recorded_by").order_by("recorded_at", "id")


def compensation_lines(*, case: AccidentCase) -> list[dict]:
    return list((case.compensation_result or {}).get("lines", []))


def receivables(*, case: AccidentCase):
    from utilicase.billing.selectors import receivables_for

    return receivables_for(TARGET_TYPE, str(case.pk))


def balance(case: AccidentCase) -> Decimal | None:
    if case.compensation_charged_at is None:
        return None
    from utilicase.billing.selectors import case_balance

    return Decimal(case_balance(TARGET_TYPE, str(case.pk)))


def documents_of(case: AccidentCase, doc_type: str) -> QuerySet[Document]:
    return Document.objects.filter(target_type=TARGET_TYPE, target_id=str(case.pk), doc_type=doc_type)


def served_document(case: AccidentCase, doc_type: str) -> Document | None:
    """The latest document of this type of the case issued and served, i.e. signed for by the
    customer (its current version: a correction not yet served does not count)."""
    return (documents_of(case, doc_type).filter(status=DocumentStatus.SERVED, superseded_at__isnull=True)
            .order_by("-served_at", "-id").first())


def signed_report(case: AccidentCase) -> Document | None:
    """The accident report (two copies) signed by the customer (§2.7(4)), if any."""
    return served_document(case, "accident_report")


def served_notice(case: AccidentCase) -> Document | None:
    """The accident result notice served on the customer (§2.7(6)), if any."""
    return served_document(case, "accident_result_notice")


def case_facts(case: AccidentCase) -> table.Facts:
    return table.Facts(
        identity_shown=case.identity_shown, witness=case.witness_name, cause=case.cause,
        cause_removed=case.cause_removed_at is not None, restored=case.restored_at is not None,
        outage=case.supply_interrupted, items_open=open_items(case) if case.pk else table.FOUR_ITEMS,
        report_signed=signed_report(case) is not None if case.pk else False,
        rectification_date_set=case.rectification_date is not None, refusal_recorded=case.refused_at is not None)


def options(case: AccidentCase):
    """The transitions from the case's state, allowed or with their refusal (for the page)."""
    return table.TABLE.options(case.status, case_facts(case))


def case_id_by_number(user: User, number: str) -> str | None:
    """The id of the accident case with this number when the user may see it, else None (missing and out
    of sight are not told apart): its core.cases reference, which the search page asks."""
    found = _visible(user=user).filter(number=number).values_list("pk", flat=True).first()
    return str(found) if found is not None else None
