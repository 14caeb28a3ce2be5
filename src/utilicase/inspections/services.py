"""The writers of inspection plans and orders (§2.4, §2.5, §2.6(1)). Each service is one
transaction: it checks who may act (`permissions`, NotAllowed → 403), what the regulation allows
now (the transition table, RuleViolation → 409), the input (InspectionInvalid → 422, by field),
then writes and appends one audit event citing its clause.

Deadlines: `inspection.rectification` — the rectification deadline of a finding (§2.5(3)), to
the end of the day set on the finding; it belongs to the order (target) and its business
office, is met by the acceptance or by the referral of a refusal; `next_due_at` on the order is
the earliest open one (kept by `order_sync_due`, a due listener of the calendar).
"""

import hashlib
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from utilicase.audit.services import audit_record
from utilicase.calendar.models import Deadline
from utilicase.calendar.services import MAX_MINUTES, deadline_meet, deadline_open
from utilicase.core.cases import case_reference
from utilicase.core.i18n import Message, gettext_noop
from utilicase.core.rules import RuleViolation
from utilicase.core.workdays import EARLIEST_YEAR, LATEST_YEAR, SHANGHAI
from utilicase.customers.models import Customer
from utilicase.evidence.selectors import register_items  # the register of any case, by target
from utilicase.inspections import hooks
from utilicase.inspections import permissions as perms
from utilicase.inspections.domain import transitions as table
from utilicase.inspections.models import (
    AppointmentMethod,
    EquipmentOperation,
    Finding,
    FindingType,
    InspectionOrder,
    InspectionPlan,
    Kind,
    OrderInspector,
    PlanEntry,
    Recipient,
    Rectification,
    Referral,
    Reinspection,
    ReinspectionResult,
    Status,
    SuspicionSource,
    Trigger,
)
from utilicase.inspections.selectors import TIP_OFF_SOURCES, order_facts
from utilicase.notifications.models import Kind as NotificationKind
from utilicase.notifications.services import notify
from utilicase.numbering.services import next_number
from utilicase.org.models import Certificate, Unit, User

RECTIFICATION_KIND = "inspection.rectification"
TEXT_MAX = 5000
SHORT_MAX = 200


class InspectionInvalid(ValueError):
    """Input that cannot be stored: the reasons by field name."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


def number_format(year: int, n: int) -> str:
    return f"JC{year}{n:06d}"


# -- input helpers ------------------------------------------------------------------------------------

def _text(value: str | None, *, field: str, errors: dict[str, str], limit: int, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        errors[field] = _("必填。")
    elif len(text) > limit:
        errors[field] = _("不能超过 %(n)d 个字。") % {"n": limit}
    return text


def _choice(value: str | None, choices, *, field: str, errors: dict[str, str], required: bool = True) -> str:
    if not value and not required:
        return ""
    if value not in choices.values:
        errors[field] = _("“%(value)s”不是可选值（%(choices)s）。") % {
            "value": value or "", "choices": ", ".join(choices.values)}
    return value or ""


def _day(value: date | None, *, field: str, errors: dict[str, str]) -> date | None:
    if value is None:
        errors[field] = _("必填。")
        return None
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        errors[field] = _("年份须在 %(a)d 至 %(b)d 之间。") % {"a": EARLIEST_YEAR, "b": LATEST_YEAR}
        return None
    return value


def _local_day(now: datetime) -> date:
    return timezone.localtime(now).date()


def _inspectors(users: Iterable[User], *, unit: Unit, field: str, errors: dict[str, str]) -> list[User]:
    """Distinct active staff of the unit's company who inspect: inspectors, and the heads and
    deputies who go on site themselves (each needs a certificate at arrival, §2.4(4))."""
    company_path = "/" + unit.path.strip("/").split("/")[0] + "/"
    chosen: list[User] = []
    for user in users:
        if user in chosen:
            continue
        if not (user.is_active and user.role in perms.ORGANISER_ROLES and user.unit_id is not None
                and user.unit.path.startswith(company_path)):
            errors[field] = _("%(name)s不是本公司在岗的检查人员或负责人。") % {"name": user.display_name}
            return []
        chosen.append(user)
    return chosen


def _lock(order: InspectionOrder) -> InspectionOrder:
    return (InspectionOrder.objects.select_for_update(of=("self",))
            .select_related("customer", "office", "organiser_unit", "approval_unit").get(pk=order.pk))


def _check(name: str, order: InspectionOrder, **asked) -> None:
    table.check(name, order.status, order_facts(order, **asked))


def _names(order: InspectionOrder) -> list[str]:
    return [a.inspector.username for a in order.assignments.select_related("inspector").order_by("id")]


# -- plans (§2.5(1)) ------------------------------------------------------------------------------------

@transaction.atomic
def plan_create(*, actor: User, office: Unit, utility: str, month_date: date, now: datetime) -> InspectionPlan:
    """A business office's monthly inspection plan for a utility (§2.5(1)); one per office,
    utility and month. `month_date` is any day of the month."""
    perms.require(perms.can_plan(actor, office))
    errors: dict[str, str] = {}
    month = _day(month_date, field="month", errors=errors)
    enterprise = office.enterprise()
    if enterprise is None or enterprise.utility != utility:
        errors["utility"] = _("营业所所属企业不供应该专业。")
    if errors:
        raise InspectionInvalid(errors)
    month = month.replace(day=1)
    if InspectionPlan.objects.filter(office=office, utility=utility, month_date=month).exists():
        raise InspectionInvalid({"month": _("该营业所本月的检查计划已经编制。")})
    try:
        with transaction.atomic():
            plan = InspectionPlan.objects.create(office=office, utility=utility, month_date=month, created_by=actor,
                                                 created_at=now)
    except IntegrityError:
        raise InspectionInvalid({"month": _("该营业所本月的检查计划已经编制。")}) from None
    audit_record(actor=actor, action="inspections.plan.created", target=plan, clause="§2.5(1)", now=now,
                 after={"office": office.code, "utility": utility, "month": f"{month:%Y-%m}"})
    return plan


@transaction.atomic
def plan_entry_add(*, actor: User, plan: InspectionPlan, customer: Customer, planned_date: date,
                   inspectors: list[User], now: datetime) -> PlanEntry:
    """Put a customer of the office on the plan: the day and the inspectors (two at least, §2.4(4))."""
    plan = InspectionPlan.objects.select_for_update().select_related("office").get(pk=plan.pk)
    perms.require(perms.can_edit_plan(actor, plan))
    errors: dict[str, str] = {}
    if customer.office_id != plan.office_id or customer.enterprise.utility != plan.utility:
        errors["customer"] = _("该客户不是本营业所该专业的客户。")
    elif plan.entries.filter(customer=customer).exists():
        errors["customer"] = _("该客户已在本月计划中。")
    day = _day(planned_date, field="planned_date", errors=errors)
    if day is not None and (day.year, day.month) != (plan.month_date.year, plan.month_date.month):
        errors["planned_date"] = _("计划检查日期须在计划月份内。")
    chosen = _inspectors(inspectors, unit=plan.office, field="inspectors", errors=errors)
    if "inspectors" not in errors and len(chosen) < table.MIN_INSPECTORS:
        errors["inspectors"] = _("每户至少安排两名检查人员。")
    if errors:
        raise InspectionInvalid(errors)
    entry = PlanEntry.objects.create(plan=plan, customer=customer, planned_date=day)
    entry.inspectors.set(chosen)
    audit_record(actor=actor, action="inspections.plan.entry_added", target=plan, clause="§2.5(1)", now=now,
                 after={"customer": customer.account_number, "planned_date": day.isoformat(),
                        "inspectors": [u.username for u in chosen]})
    return entry


@transaction.atomic
def plan_generate_orders(*, actor: User, plan: InspectionPlan, now: datetime) -> list[InspectionOrder]:
    """A routine order (draft) for every entry of the plan that has none yet (§2.5(1)). Runs
    again safely: the plan row is locked, so a second run waits and finds the orders made; an
    entry yields one order (the entry's one-to-one link). Returns the orders made now."""
    plan = InspectionPlan.objects.select_for_update().select_related("office").get(pk=plan.pk)
    perms.require(perms.can_edit_plan(actor, plan))
    made: list[InspectionOrder] = []
    entries = (plan.entries.filter(order__isnull=True).select_related("customer", "customer__office",
                                                                       "customer__enterprise")
               .prefetch_related("inspectors").order_by("planned_date", "id"))
    for entry in entries:
        order = _order_insert(
            actor=actor, kind=Kind.ROUTINE, customer=entry.customer, organiser_unit=plan.office,
            purpose=_("%(month)s月度计划日常检查") % {"month": f"{plan.month_date:%Y-%m}"}, items="",
            planned_date=entry.planned_date, inspectors=list(entry.inspectors.all()), now=now)
        entry.order = order
        entry.save(update_fields=["order"])
        made.append(order)
    audit_record(actor=actor, action="inspections.plan.orders_generated", target=plan, clause="§2.5(1)", now=now,
                 after={"orders": [o.number for o in made]})
    return made


# -- orders (§2.4(3)) -------------------------------------------------------------------------------------

def _order_insert(*, actor: User, kind: str, customer: Customer, organiser_unit: Unit, purpose: str, items: str,
                  planned_date: date, inspectors: list[User], now: datetime, support_police: bool = False,
                  support_technical: bool = False, support_note: str = "", trigger: str = "",
                  suspicion_source: str = "", trigger_note: str = "") -> InspectionOrder:
    approval_unit = customer.office if kind == Kind.ROUTINE else organiser_unit
    role = table.approver_role(kind=kind, organiser_unit_kind=organiser_unit.kind)
    year = _local_day(now).year
    order = InspectionOrder(
        number=number_format(year, next_number(key="inspection", year=year)), kind=kind, status=Status.DRAFT,
        utility=customer.enterprise.utility, customer=customer, office=customer.office, purpose=purpose,
        items=items, organiser_unit=organiser_unit, organiser=actor, approval_unit=approval_unit,
        approver_role=role, planned_date=planned_date, support_police=support_police,
        support_technical=support_technical, support_note=support_note, trigger=trigger,
        suspicion_source=suspicion_source, trigger_note=trigger_note, created_by=actor, created_at=now)
    order.save(force_insert=True)
    OrderInspector.objects.bulk_create([OrderInspector(order=order, inspector=u) for u in inspectors])
    audit_record(actor=actor, action="inspections.order.created", target=order, clause="§2.4(3)", now=now,
                 after={"number": order.number, "kind": kind, "utility": order.utility,
                        "customer": customer.account_number, "office": customer.office.code,
                        "organiser_unit": organiser_unit.code, "approval_unit": approval_unit.code,
                        "approver_role": role, "planned_date": planned_date.isoformat(), "purpose": purpose,
                        "items": items, "inspectors": [u.username for u in inspectors],
                        "support_police": support_police, "support_technical": support_technical,
                        "support_note": support_note, "trigger": trigger, "suspicion_source": suspicion_source,
                        "trigger_note": trigger_note})
    return order


@transaction.atomic
def order_create(
    *, actor: User, kind: str, customer: Customer | None, purpose: str, items: str = "", planned_date: date | None,
    inspectors: list[User], support_police: bool = False, support_technical: bool = False, support_note: str = "",
    trigger: str = "", suspicion_source: str = "", trigger_note: str = "", now: datetime,
) -> InspectionOrder:
    """Open an inspection order (检查工作单, §2.4(3)), a draft. A routine order is organised by
    the customer's business office and approved by its head; a special or accident order is
    organised by the actor's unit (office, enterprise or company) and approved by that unit's
    head (谁组织谁审批). A special order records its trigger (§2.6(1)): SUSPICION with its source,
    or TIP_OFF, whose source is linked afterwards by whoever may see it (`order_link_tip_off`)."""
    perms.require(perms.can_create_order(actor))
    errors: dict[str, str] = {}
    _choice(kind, Kind, field="kind", errors=errors)
    if customer is None or not perms.can_organise_for(actor, customer):
        errors["customer"] = _("该客户不在您所在单位的服务范围内。")
    text = _text(purpose, field="purpose", errors=errors, limit=TEXT_MAX)
    item_text = _text(items, field="items", errors=errors, limit=TEXT_MAX, required=False)
    note = _text(support_note, field="support_note", errors=errors, limit=SHORT_MAX, required=False)
    day = _day(planned_date, field="planned_date", errors=errors)
    if day is not None and day < _local_day(now) - timedelta(days=31):
        errors["planned_date"] = _("计划检查日期不能早于一个月前。")
    chosen = _inspectors(inspectors, unit=actor.unit, field="inspectors", errors=errors)
    why = _text(trigger_note, field="trigger_note", errors=errors, limit=TEXT_MAX, required=False)
    if kind == Kind.SPECIAL:
        _choice(trigger, Trigger, field="trigger", errors=errors)
        if trigger == Trigger.SUSPICION:
            _choice(suspicion_source, SuspicionSource, field="suspicion_source", errors=errors)
        elif suspicion_source:
            errors["suspicion_source"] = _("只有因嫌疑启动的专项检查记录嫌疑来源。")
    elif trigger or suspicion_source:
        errors["trigger"] = _("只有专项检查记录启动原因。")
    if errors:
        raise InspectionInvalid(errors)
    organiser_unit = customer.office if kind == Kind.ROUTINE else actor.unit
    return _order_insert(actor=actor, kind=kind, customer=customer, organiser_unit=organiser_unit, purpose=text,
                         items=item_text, planned_date=day, inspectors=chosen, now=now,
                         support_police=support_police, support_technical=support_technical, support_note=note,
                         trigger=trigger if kind == Kind.SPECIAL else "",
                         suspicion_source=suspicion_source if trigger == Trigger.SUSPICION else "",
                         trigger_note=why)


@transaction.atomic
def order_update(*, actor: User, order: InspectionOrder, purpose: str, items: str = "", planned_date: date | None,
                 support_police: bool = False, support_technical: bool = False, support_note: str = "",
                 trigger_note: str = "", now: datetime) -> InspectionOrder:
    """Change what a draft says (purpose, items, planned date, support requested, the trigger's
    note); once submitted, the approval covers it (§2.4(3))."""
    order = _lock(order)
    perms.require(perms.can_edit_order(actor, order))
    if order.status != Status.DRAFT:
        raise RuleViolation("§2.4(3)", gettext_noop("检查工作单提交审批后不能修改。"))
    errors: dict[str, str] = {}
    fields = {
        "purpose": _text(purpose, field="purpose", errors=errors, limit=TEXT_MAX),
        "items": _text(items, field="items", errors=errors, limit=TEXT_MAX, required=False),
        "planned_date": _day(planned_date, field="planned_date", errors=errors),
        "support_police": bool(support_police),
        "support_technical": bool(support_technical),
        "support_note": _text(support_note, field="support_note", errors=errors, limit=SHORT_MAX, required=False),
        "trigger_note": _text(trigger_note, field="trigger_note", errors=errors, limit=TEXT_MAX, required=False),
    }
    if fields["planned_date"] is not None and fields["planned_date"] < _local_day(now) - timedelta(days=31):
        errors["planned_date"] = _("计划检查日期不能早于一个月前。")
    if errors:
        raise InspectionInvalid(errors)
    changed = {name: value for name, value in fields.items() if getattr(order, name) != value}
    if not changed:
        return order
    before = {name: _plain(getattr(order, name)) for name in changed}
    for name, value in changed.items():
        setattr(order, name, value)
    order.save(update_fields=list(changed))
    audit_record(actor=actor, action="inspections.order.changed", target=order, clause="§2.4(3)", now=now,
                 before=before, after={name: _plain(value) for name, value in changed.items()})
    return order


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


@transaction.atomic
def order_assign_inspectors(*, actor: User, order: InspectionOrder, inspectors: list[User],
                            now: datetime) -> InspectionOrder:
    """Replace the assigned inspectors of a draft (after submission the approval covers them)."""
    order = _lock(order)
    perms.require(perms.can_edit_order(actor, order))
    if order.status != Status.DRAFT:
        raise RuleViolation("§2.4(3)", gettext_noop("检查工作单提交审批后不能更换检查人员。"))
    errors: dict[str, str] = {}
    chosen = _inspectors(inspectors, unit=order.office, field="inspectors", errors=errors)
    if errors:
        raise InspectionInvalid(errors)
    before = _names(order)
    order.assignments.all().delete()
    OrderInspector.objects.bulk_create([OrderInspector(order=order, inspector=u) for u in chosen])
    audit_record(actor=actor, action="inspections.order.inspectors_assigned", target=order, clause="§2.4(4)",
                 now=now, before={"inspectors": before}, after={"inspectors": [u.username for u in chosen]})
    return order


@transaction.atomic
def order_link_tip_off(*, actor: User, order: InspectionOrder, source_type: str, source_number: str,
                       now: datetime) -> InspectionOrder:
    """Link a special order started by a tip-off to its source (§2.6(1)): a whistleblower report
    or a complaint, by its number, which the actor must be able to see (core.cases): discipline
    inspection links a report, the hall or the handling department a complaint. The order keeps
    the source; its inspectors and approvers see only that it came from a tip-off, and the audit
    event keeps only a digest of the source."""
    order = _lock(order)
    errors: dict[str, str] = {}
    if source_type not in TIP_OFF_SOURCES:
        errors["source_type"] = _("“%(value)s”不是可选值（%(choices)s）。") % {
            "value": source_type, "choices": ", ".join(TIP_OFF_SOURCES)}
    number = _text(source_number, field="source_number", errors=errors, limit=40)
    source_id = None if errors else case_reference(actor, source_type, number)
    if not errors and source_id is None:
        errors["source_number"] = _("没有这个编号的记录，或您无权查看。")
    if errors:
        raise InspectionInvalid(errors)
    if order.kind != Kind.SPECIAL or order.trigger != Trigger.TIP_OFF:
        raise RuleViolation("§2.6(1)", gettext_noop("只有因举报启动的专项检查可以关联举报来源。"))
    if order.status not in table.NOT_APPROVED:
        raise RuleViolation("§2.6(1)", gettext_noop("检查工作单审批后不能再更改举报来源。"))
    if order.source_id:
        raise InspectionInvalid({"source_number": _("已经关联过举报来源。")})
    order.source_type, order.source_id, order.source_number = source_type, source_id, number
    order.source_linked_by, order.source_linked_at = actor, now
    order.save(update_fields=["source_type", "source_id", "source_number", "source_linked_by", "source_linked_at"])
    digest = hashlib.sha256(f"{source_type}:{source_id}".encode()).hexdigest()
    audit_record(actor=actor, action="inspections.order.tip_off_linked", target=order, clause="§2.6(1)", now=now,
                 after={"trigger": order.trigger, "source_digest": digest})
    return order


@transaction.atomic
def order_submit(*, actor: User, order: InspectionOrder, now: datetime) -> InspectionOrder:
    """Submit the draft for approval (§2.4(3))."""
    order = _lock(order)
    perms.require(perms.can_submit_order(actor, order))
    _check("submit", order)
    order.status, order.submitted_at = Status.SUBMITTED, now
    order.save(update_fields=["status", "submitted_at"])
    audit_record(actor=actor, action="inspections.order.submitted", target=order, clause="§2.4(3)", now=now,
                 before={"status": Status.DRAFT}, after={"status": order.status, "inspectors": _names(order)})
    # The approver (the approval unit's head in the approver role, not assigned to it) is told (§2.4(3)).
    notify(recipients=User.objects.filter(role=order.approver_role, unit_id=order.approval_unit_id, is_active=True)
           .exclude(pk__in=order.inspectors.values("pk")),
           kind=NotificationKind.APPROVAL, event_key=f"inspections.order:{order.pk}:submitted:{now.timestamp():.0f}",
           title=Message(gettext_noop("检查工作单 %(number)s 待审批"), number=order.number),
           target_type=order._meta.label_lower, target_id=str(order.pk), clause="§2.4(3)", now=now)
    return order


@transaction.atomic
def order_approve(*, actor: User, order: InspectionOrder, now: datetime) -> InspectionOrder:
    """Approve the order (§2.4(3)): routine by the head of the customer's business office,
    special and accident by the head of the organising unit; never by one of its inspectors.
    The order row is locked: a second approval waits and is refused (no longer submitted)."""
    order = _lock(order)
    perms.require(perms.can_decide_order(actor, order))
    _check("approve", order, actor_is_approver=perms.is_approver(actor, order),
           actor_assigned=perms.is_assigned(actor, order))
    order.status, order.approved_by, order.approved_at = Status.APPROVED, actor, now
    order.save(update_fields=["status", "approved_by", "approved_at"])
    audit_record(actor=actor, action="inspections.order.approved", target=order, clause="§2.4(3)", now=now,
                 before={"status": Status.SUBMITTED},
                 after={"status": order.status, "approved_by": actor.username, "inspectors": _names(order)})
    return order


@transaction.atomic
def order_return(*, actor: User, order: InspectionOrder, reason: str, now: datetime) -> InspectionOrder:
    """The approver sends the order back to draft, saying why (§2.4(3))."""
    order = _lock(order)
    perms.require(perms.can_decide_order(actor, order))
    _check("return", order, actor_is_approver=perms.is_approver(actor, order))
    errors: dict[str, str] = {}
    why = _text(reason, field="reason", errors=errors, limit=TEXT_MAX)
    if errors:
        raise InspectionInvalid(errors)
    order.status, order.submitted_at = Status.DRAFT, None
    order.save(update_fields=["status", "submitted_at"])
    audit_record(actor=actor, action="inspections.order.returned", target=order, clause="§2.4(3)", now=now,
                 before={"status": Status.SUBMITTED}, after={"status": order.status, "reason": why})
    return order


@transaction.atomic
def order_appoint(*, actor: User, order: InspectionOrder, appointment_at: datetime | None, contact: str,
                  method: str, now: datetime) -> InspectionOrder:
    """Book the inspection with the customer (§2.4(2)): when, with whom, how. Required for a
    routine order; refused for a special one (unannounced); optional for an accident."""
    order = _lock(order)
    perms.require(perms.can_work_order(actor, order))
    _check("appoint", order)
    errors: dict[str, str] = {}
    who = _text(contact, field="contact", errors=errors, limit=100)
    _choice(method, AppointmentMethod, field="method", errors=errors)
    if appointment_at is None:
        errors["appointment_at"] = _("必填。")
    else:
        appointment_at = appointment_at if timezone.is_aware(appointment_at) else timezone.make_aware(appointment_at)
        if not EARLIEST_YEAR <= appointment_at.year <= LATEST_YEAR:
            errors["appointment_at"] = _("年份须在 %(a)d 至 %(b)d 之间。") % {"a": EARLIEST_YEAR, "b": LATEST_YEAR}
    if errors:
        raise InspectionInvalid(errors)
    order.appointment_at, order.appointment_contact, order.appointment_method = appointment_at, who, method
    order.appointed_at, order.appointed_by, order.status = now, actor, Status.APPOINTED
    order.save(update_fields=["appointment_at", "appointment_contact", "appointment_method", "appointed_at",
                              "appointed_by", "status"])
    audit_record(actor=actor, action="inspections.order.appointed", target=order, clause="§2.4(2)", now=now,
                 before={"status": Status.APPROVED},
                 after={"status": order.status, "appointment_at": appointment_at.isoformat(), "contact": who,
                        "method": method})
    return order


def _stage(order: InspectionOrder, *, actor: User, name: str, action: str, clause: str, field: str,
           now: datetime, **extra: Any) -> InspectionOrder:
    """Move to the stage of transition `name`, stamp `field`, and write `inspections.order.<action>`."""
    before = order.status
    order.status = table.TABLE.get(name).target
    setattr(order, field, now)
    order.save(update_fields=["status", field])
    audit_record(actor=actor, action=f"inspections.order.{action}", target=order, clause=clause, now=now,
                 before={"status": before},
                 after={"status": order.status, **extra})
    return order


@transaction.atomic
def order_prepare(*, actor: User, order: InspectionOrder, now: datetime) -> InspectionOrder:
    """Preparation done (§2.4(2)); a routine order must have its appointment first."""
    order = _lock(order)
    perms.require(perms.can_work_order(actor, order))
    _check("prepare", order)
    return _stage(order, actor=actor, name="prepare", action="prepared", clause="§2.4(2)",
                  field="prepared_at", now=now)


def _site_facts(order: InspectionOrder, present: list[User], shown: bool, day: date
                ) -> tuple[dict[str, Any], dict[int, Certificate | None]]:
    """The §2.4(4) facts of the inspectors present: how many, who has no certificate valid for
    the order's utility on the day (revocations included), whether certificates were shown."""
    certificates: dict[int, Certificate | None] = {}
    uncertified: list[str] = []
    for user in present:
        valid = [c for c in Certificate.objects.filter(holder=user, utility=order.utility).order_by("-valid_to_date")
                 if c.is_valid_on(day)]
        certificates[user.pk] = valid[0] if valid else None
        if not valid:
            uncertified.append(user.display_name)
    return {"present": len(present), "uncertified": tuple(uncertified), "certificates_shown": shown}, certificates


def _present(order: InspectionOrder, present: Iterable[User]) -> list[User]:
    assigned = {a.inspector_id for a in order.assignments.all()}
    chosen: list[User] = []
    for user in present:
        if user.pk not in assigned:
            raise InspectionInvalid({"present": _("%(name)s不是本工作单指派的检查人员。") % {"name": user.display_name}})
        if user not in chosen:
            chosen.append(user)
    return chosen


@transaction.atomic
def order_arrive(*, actor: User, order: InspectionOrder, present: list[User], certificates_shown: bool,
                 now: datetime) -> InspectionOrder:
    """The inspectors arrive and show their certificates (§2.4(4)): refused with fewer than two
    assigned inspectors present, or when one of them has no certificate valid for the order's
    utility today, or the certificates were not shown. Records who is present and the
    certificate each showed."""
    order = _lock(order)
    perms.require(perms.can_work_order(actor, order))
    _check("arrive", order)  # the stage first: an order not yet prepared is refused whatever the input
    chosen = _present(order, present)
    facts, certificates = _site_facts(order, chosen, certificates_shown, _local_day(now))
    _check("arrive", order, **facts)
    for assignment in order.assignments.all():
        assignment.present = assignment.inspector_id in certificates
        assignment.certificate = certificates.get(assignment.inspector_id)
        assignment.save(update_fields=["present", "certificate"])
    order.certificates_shown_at = now
    order.save(update_fields=["certificates_shown_at"])
    return _stage(order, actor=actor, name="arrive", action="arrived", clause="§2.4(4)",
                  field="arrived_at", now=now, present=[u.username for u in chosen],
                  certificates={u.username: certificates[u.pk].number for u in chosen}, certificates_shown=True)


@transaction.atomic
def order_start_inspection(*, actor: User, order: InspectionOrder, now: datetime) -> InspectionOrder:
    """The inspection itself begins (§2.4(2)), with the inspectors recorded present at arrival,
    checked again (§2.4(4)): still two, each certificate still valid today."""
    order = _lock(order)
    perms.require(perms.can_work_order(actor, order))
    _check("inspect", order)
    present = [a.inspector for a in order.assignments.filter(present=True).select_related("inspector")]
    facts, _certificates = _site_facts(order, present, order.certificates_shown_at is not None, _local_day(now))
    _check("inspect", order, **facts)
    return _stage(order, actor=actor, name="inspect", action="inspection_started",
                  clause="§2.4(4)", field="inspection_started_at", now=now,
                  present=[u.username for u in present])


@transaction.atomic
def order_leave(*, actor: User, order: InspectionOrder, now: datetime) -> InspectionOrder:
    order = _lock(order)
    perms.require(perms.can_work_order(actor, order))
    _check("leave", order)
    return _stage(order, actor=actor, name="leave", action="left_site", clause="§2.4(2)",
                  field="left_site_at", now=now)


@transaction.atomic
def order_archive(*, actor: User, order: InspectionOrder, now: datetime) -> InspectionOrder:
    order = _lock(order)
    perms.require(perms.can_work_order(actor, order))
    _check("archive", order)
    return _stage(order, actor=actor, name="archive", action="archived", clause="§2.4(2)",
                  field="archived_at", now=now)


@transaction.atomic
def order_close(*, actor: User, order: InspectionOrder, now: datetime) -> InspectionOrder:
    """End the inspection; refused while a rectification is still open (§2.5(3))."""
    order = _lock(order)
    perms.require(perms.can_close_order(actor, order))
    _check("close", order)
    return _stage(order, actor=actor, name="close", action="closed", clause="§2.5(3)",
                  field="closed_at", now=now)


# Stage moves without input, by action name (pages and the API).
STAGE_SERVICES = {
    "prepare": order_prepare,
    "inspect": order_start_inspection,
    "leave": order_leave,
    "archive": order_archive,
    "close": order_close,
}


@transaction.atomic
def order_record_operation(*, actor: User, order: InspectionOrder, equipment: str, operation: str,
                           consent: bool, consent_by: str, operator_name: str, now: datetime) -> EquipmentOperation:
    """An operation of customer-owned equipment on site (§2.4(4)): with the customer's consent
    (who gave it), by the customer's own operator (named); an inspector of the order, or its
    organiser, as the operator is refused."""
    order = _lock(order)
    perms.require(perms.can_work_order(actor, order))
    refused = table.operation_window_refusal(order.status)
    if refused is not None:
        raise refused
    errors: dict[str, str] = {}
    what = _text(equipment, field="equipment", errors=errors, limit=SHORT_MAX)
    how = _text(operation, field="operation", errors=errors, limit=SHORT_MAX)
    by = _text(consent_by, field="consent_by", errors=errors, limit=100, required=consent)
    operator = _text(operator_name, field="operator_name", errors=errors, limit=100, required=False)
    if errors:
        raise InspectionInvalid(errors)
    staff = {name for a in order.assignments.select_related("inspector")
             for name in (a.inspector.username, a.inspector.full_name) if name}
    staff |= {n for n in (order.organiser.username, order.organiser.full_name) if n}
    refused = table.operation_refusal(consent=consent, operator_name=operator, operator_is_staff=operator in staff)
    if refused is not None:
        raise refused
    record = EquipmentOperation.objects.create(order=order, equipment=what, operation=how, consent_by=by,
                                               operator_name=operator, recorded_by=actor, recorded_at=now)
    audit_record(actor=actor, action="inspections.order.operation_recorded", target=order, clause="§2.4(4)",
                 now=now, after={"equipment": what, "operation": how, "consent_by": by, "operator": operator})
    return record


# -- findings (§2.5(2)) and the rectification loop (§2.5(3)) --------------------------------------------------

def _end_of(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=SHANGHAI)


@transaction.atomic
def finding_record(
    *, actor: User, order: InspectionOrder, finding_type: str, description: str,
    evidence_numbers: list[int] | None = None, rectification_required: bool = False, requirement: str = "",
    due_date: date | None = None, now: datetime,
) -> Finding:
    """Record what the inspection found (§2.5(2)): type, description, the evidence items of the
    order's register (by their numbers), and when rectification is required, the requirement and
    its deadline (a calendar deadline to the end of that day, §2.5(3)). A suspected violation or
    theft marks the order as needing an enforcement case and calls the suspicion listeners
    (hooks.py; the enforcement context, step 5, opens the case)."""
    order = _lock(order)
    perms.require(perms.can_record_finding(actor, order))
    refused = table.finding_refusal(order.status)
    if refused is not None:
        raise refused
    errors: dict[str, str] = {}
    _choice(finding_type, FindingType, field="finding_type", errors=errors)
    text = _text(description, field="description", errors=errors, limit=TEXT_MAX)
    numbers = sorted({int(n) for n in (evidence_numbers or [])})
    if numbers:
        known = set(register_items(order._meta.label_lower, str(order.pk)).values_list("number", flat=True))
        missing = [n for n in numbers if n not in known]
        if missing:
            errors["evidence_numbers"] = _("本工作单的证据登记中没有序号 %(n)s。") % {
                "n": ", ".join(str(n) for n in missing)}
    need = _text(requirement, field="requirement", errors=errors, limit=TEXT_MAX, required=rectification_required)
    day = None
    if rectification_required:
        refused = table.rectification_deadline_refusal(required=True, has_deadline=due_date is not None)
        if refused is not None and not errors:
            raise refused
        day = _day(due_date, field="due_date", errors=errors) if due_date is not None else None
        if day is not None and day < _local_day(now):
            errors["due_date"] = _("整改期限不能早于今天。")
        elif day is not None and (_end_of(day) - now).total_seconds() / 60 > MAX_MINUTES:
            errors["due_date"] = _("整改期限不能超过一年。")
    if errors:
        raise InspectionInvalid(errors)
    number = (order.findings.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    finding = Finding.objects.create(order=order, number=number, finding_type=finding_type, description=text,
                                     evidence_numbers=numbers, rectification_required=rectification_required,
                                     recorded_by=actor, recorded_at=now)
    after: dict[str, Any] = {"number": number, "finding_type": finding_type, "description": text,
                             "evidence_numbers": numbers, "rectification_required": rectification_required}
    if rectification_required:
        minutes = int((_end_of(day) - now).total_seconds() // 60)
        deadline = deadline_open(kind=RECTIFICATION_KIND, clause="§2.5(3)", target=order, owner=None,
                                 owner_unit=order.office, start_at=now, minutes=minutes, now=now, actor=actor)
        Rectification.objects.create(finding=finding, order=order, requirement=need, due_date=day,
                                     deadline=deadline, due_at=deadline.due_at)
        after.update(requirement=need, due_date=day.isoformat())
    audit_record(actor=actor, action="inspections.finding.recorded", target=order, clause="§2.5(2)", now=now,
                 after=after)
    if finding_type in table.ENFORCEMENT_TYPES:
        if order.enforcement_required_at is None:
            order.enforcement_required_at = now
            order.save(update_fields=["enforcement_required_at"])
        audit_record(actor=actor, action="inspections.order.enforcement_required", target=order, clause="§2.5(2)",
                     now=now, after={"finding": number, "finding_type": finding_type})
        hooks.suspicion_found(order=order, finding=finding, actor=actor, now=now)
    return finding


def _lock_rectification(rectification: Rectification) -> Rectification:
    return (Rectification.objects.select_for_update(of=("self",))
            .select_related("order", "order__office", "finding", "deadline").get(pk=rectification.pk))


@transaction.atomic
def rectification_reinspect(*, actor: User, rectification: Rectification, result: str, note: str = "",
                            inspected_on: date | None = None, now: datetime) -> Reinspection:
    """A re-inspection of the rectification (§2.5(3)): NOT_YET keeps it open (the deadline runs
    on); ACCEPTED accepts it, which meets its deadline and closes this part of the loop."""
    rectification = _lock_rectification(rectification)
    perms.require(perms.can_follow_up(actor, rectification.order))
    table.RECTIFICATION.check("reinspect", rectification.status, table.RectificationFacts())
    errors: dict[str, str] = {}
    _choice(result, ReinspectionResult, field="result", errors=errors)
    text = _text(note, field="note", errors=errors, limit=TEXT_MAX, required=False)
    day = _day(inspected_on or _local_day(now), field="inspected_on", errors=errors)
    if day is not None and day > _local_day(now):
        errors["inspected_on"] = _("复查日期不能晚于今天。")
    if errors:
        raise InspectionInvalid(errors)
    visit = Reinspection.objects.create(rectification=rectification, result=result, note=text, inspected_on=day,
                                        recorded_by=actor, recorded_at=now)
    audit_record(actor=actor, action="inspections.rectification.reinspected", target=rectification.order,
                 clause="§2.5(3)", now=now, after={"finding": rectification.finding.number, "result": result,
                                                   "note": text, "inspected_on": day.isoformat()})
    if result == ReinspectionResult.ACCEPTED:
        table.RECTIFICATION.check("accept", rectification.status, table.RectificationFacts(result=result))
        rectification.status, rectification.accepted_at, rectification.accepted_by = table.R_ACCEPTED, now, actor
        rectification.save(update_fields=["status", "accepted_at", "accepted_by"])
        deadline_meet(deadline=rectification.deadline, now=now, actor=actor)
        audit_record(actor=actor, action="inspections.rectification.accepted", target=rectification.order,
                     clause="§2.5(3)", now=now, before={"status": table.R_OPEN},
                     after={"finding": rectification.finding.number, "status": rectification.status})
    return visit


@transaction.atomic
def rectification_refuse(*, actor: User, rectification: Rectification, recipient: str, referred_on: date | None,
                         documents: str, now: datetime) -> Referral:
    """The customer refuses to rectify (§2.5(3)): the matter is reported to the economic and
    trade commission or the work-safety bureau; the referral (recipient, date, documents sent)
    is recorded and the rectification leaves the open loop (its deadline met by the referral)."""
    rectification = _lock_rectification(rectification)
    perms.require(perms.can_follow_up(actor, rectification.order))
    table.RECTIFICATION.check("refuse", rectification.status, table.RectificationFacts())
    errors: dict[str, str] = {}
    _choice(recipient, Recipient, field="recipient", errors=errors)
    day = _day(referred_on, field="referred_on", errors=errors)
    if day is not None and day > _local_day(now):
        errors["referred_on"] = _("报送日期不能晚于今天。")
    sent = _text(documents, field="documents", errors=errors, limit=TEXT_MAX)
    if errors:
        raise InspectionInvalid(errors)
    referral = Referral.objects.create(rectification=rectification, recipient=recipient, referred_on=day,
                                       documents=sent, recorded_by=actor, recorded_at=now)
    rectification.status, rectification.refused_at = table.R_REFUSED, now
    rectification.save(update_fields=["status", "refused_at"])
    deadline_meet(deadline=rectification.deadline, now=now, actor=actor)
    audit_record(actor=actor, action="inspections.rectification.refused", target=rectification.order,
                 clause="§2.5(3)", now=now, before={"status": table.R_OPEN},
                 after={"finding": rectification.finding.number, "status": rectification.status,
                        "recipient": recipient, "referred_on": day.isoformat(), "documents": sent})
    return referral


@transaction.atomic
def referral_record_outcome(*, actor: User, referral: Referral, outcome: str, now: datetime) -> Referral:
    """What the authority did with the referral (§2.5(3))."""
    referral = (Referral.objects.select_for_update(of=("self",))
                .select_related("rectification", "rectification__order", "rectification__finding")
                .get(pk=referral.pk))
    perms.require(perms.can_follow_up(actor, referral.rectification.order))
    errors: dict[str, str] = {}
    text = _text(outcome, field="outcome", errors=errors, limit=TEXT_MAX)
    if errors:
        raise InspectionInvalid(errors)
    before = {"outcome": referral.outcome}
    referral.outcome, referral.outcome_at = text, now
    referral.save(update_fields=["outcome", "outcome_at"])
    audit_record(actor=actor, action="inspections.referral.outcome_recorded", target=referral.rectification.order,
                 clause="§2.5(3)", now=now, before=before,
                 after={"finding": referral.rectification.finding.number, "recipient": referral.recipient,
                        "outcome": text})
    return referral


def order_sync_due(target_ids: list[str]) -> None:
    """Copy each order's earliest open deadline to `next_due_at`, in one statement (a due
    listener of the calendar, in the transaction that changed a deadline of these orders)."""
    deadlines = Deadline.objects.filter(target_type=InspectionOrder._meta.label_lower,
                                        target_id=Cast(OuterRef("pk"), CharField()), met_at__isnull=True)
    InspectionOrder.objects.filter(pk__in=[int(i) for i in target_ids if str(i).isdigit()]).update(
        next_due_at=Subquery(deadlines.order_by("due_at").values("due_at")[:1]))

