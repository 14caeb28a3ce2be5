"""The writers of enforcement cases (chapter 1, §2.6(2)-(5)). Each service is one transaction: it
checks who may act (`permissions`, NotAllowed → 403), what the regulation allows now (the
transition tables, RuleViolation → 409), the input (EnforcementInvalid → 422, by field), then
writes and appends one audit event citing its clause.

Deadlines: `enforcement.suspension_report` — the post-hoc report to the office head of an
on-site suspension (§1.2(1)), `ENFORCEMENT_REPORT_WORKING_DAYS` working days (default 1) from
the suspension; it belongs to the case (target), the inspector who suspended and the business
office, and is met when the report is filed. `next_due_at` on the case is the earliest open one
(kept by `case_sync_due`, a due listener of the calendar).

Fees: `fees.services.calculate` computes them (the breakdown is kept on the case); charging
makes one receivable in billing per fee line type (BACK_BILLING, VIOLATION_FEE); billing calls
`payment_received` after each payment, which moves the case to PAID once nothing is unpaid.
"""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from utilicase.audit.services import audit_record
from utilicase.calendar.models import Deadline
from utilicase.calendar.services import deadline_meet, deadline_open
from utilicase.config.retry import retried_on_deadlock
from utilicase.core.i18n import Message, gettext_noop, translated
from utilicase.core.inputs import given_time_refusal
from utilicase.core.rules import RuleViolation
from utilicase.core.workdays import EARLIEST_YEAR, LATEST_YEAR
from utilicase.customers.models import Customer
from utilicase.enforcement import permissions as perms
from utilicase.enforcement import selectors
from utilicase.enforcement.domain import transitions as table
from utilicase.enforcement.models import (
    ApplicationStatus,
    CustomerResponse,
    EnforcementCase,
    Kind,
    Recipient,
    Referral,
    ReferralReason,
    Scope,
    Source,
    Status,
    Suspension,
    SuspensionApplication,
)
from utilicase.enforcement.selectors import TARGET_TYPE
from utilicase.notifications.models import Kind as NotificationKind
from utilicase.notifications.services import notify
from utilicase.numbering.services import next_number
from utilicase.org.models import Role, User

REPORT_KIND = "enforcement.suspension_report"
TEXT_MAX = 5000
SHORT_MAX = 200


class EnforcementInvalid(ValueError):
    """Input that cannot be stored: the reasons by field name."""

    def __init__(self, errors: dict[str, Any]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


def number_format(year: int, n: int) -> str:
    return f"CC{year}{n:06d}"


# -- input helpers ------------------------------------------------------------------------------------

def _text(value: str | None, *, field: str, errors: dict[str, str], limit: int, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        errors[field] = _("必填。")
    elif len(text) > limit:
        errors[field] = _("不能超过 %(n)d 个字。") % {"n": limit}
    return text


def _choice(value: str | None, choices, *, field: str, errors: dict[str, str]) -> str:
    if value not in choices.values:
        errors[field] = _("“%(value)s”不是可选值（%(choices)s）。") % {
            "value": value or "", "choices": ", ".join(choices.values)}
    return value or ""


def _time(value: datetime | None, *, field: str, errors: dict[str, str], now: datetime,
          required: bool = True) -> datetime | None:
    refusal = given_time_refusal(value, now=now, required=required)
    if refusal is not None:
        errors[field] = translated(refusal, _)
        return None
    return value


def _local_day(now: datetime) -> date:
    return timezone.localtime(now).date()


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _lock(case: EnforcementCase) -> EnforcementCase:
    return (EnforcementCase.objects.select_for_update(of=("self",))
            .select_related("customer", "customer__enterprise", "office").get(pk=case.pk))


def _move(case: EnforcementCase, *, actor: User | None, name: str, action: str, clause: str, now: datetime,
          fields: dict[str, Any] | None = None, **extra: Any) -> EnforcementCase:
    """Move the case by transition `name`, set `fields`, write `enforcement.case.<action>`."""
    before = case.status
    case.status = table.TABLE.get(name).target
    for field, value in (fields or {}).items():
        setattr(case, field, value)
    case.save(update_fields=["status", *(fields or {})])
    audit_record(actor=actor, action=f"enforcement.case.{action}", target=case, clause=clause, now=now,
                 before={"status": before}, after={"status": case.status, **extra})
    return case


def _inspectors(users, *, customer: Customer, errors: dict[str, str]) -> list[User]:
    company_path = "/" + customer.office.path.strip("/").split("/")[0] + "/"
    chosen: list[User] = []
    for user in users:
        if user in chosen:
            continue
        if not (user.is_active and user.role in perms.OPENER_ROLES and user.unit_id is not None
                and user.unit.path.startswith(company_path)):
            errors["inspectors"] = _("%(name)s不是本公司在岗的检查人员或负责人。") % {"name": user.display_name}
            return []
        chosen.append(user)
    return chosen


# -- opening a case ------------------------------------------------------------------------------------------

def _insert(*, actor: User, kind: str, source: str, customer: Customer, facts: str, discovered_at: datetime,
            inspectors: list[User], now: datetime, inspection_order=None, finding=None,
            act_stopped_at: datetime | None = None, act_stopped_how: str = "") -> EnforcementCase:
    utility = customer.enterprise.utility
    point = selectors.service_point(customer, utility)
    year = _local_day(now).year
    case = EnforcementCase(
        number=number_format(year, next_number(key="enforcement", year=year)), kind=kind, source=source,
        utility=utility, customer=customer, office=customer.office,
        customer_class=point.customer_class if point else "", voltage_level=point.voltage_level if point else "",
        inspection_order=inspection_order, finding=finding, facts=facts, discovered_at=discovered_at,
        act_stopped_at=act_stopped_at, act_stopped_how=act_stopped_how,
        act_stopped_by=actor if act_stopped_at is not None else None, created_by=actor, created_at=now)
    case.save(force_insert=True)
    case.inspectors.set(inspectors)
    audit_record(actor=actor, action="enforcement.case.opened", target=case, clause="§2.6(2)", now=now,
                 after={"number": case.number, "kind": kind, "source": source, "utility": utility,
                        "customer": customer.account_number, "office": customer.office.code,
                        "customer_class": case.customer_class, "voltage_level": case.voltage_level,
                        "inspection_order": inspection_order.number if inspection_order else None,
                        "finding": finding.number if finding else None, "facts": facts,
                        "discovered_at": discovered_at.isoformat(),
                        "inspectors": [u.username for u in inspectors]})
    if act_stopped_at is not None:
        audit_record(actor=actor, action="enforcement.case.act_stopped", target=case, clause="§2.6(3)", now=now,
                     after={"act_stopped_at": act_stopped_at.isoformat(), "how": act_stopped_how})
    return case


@retried_on_deadlock
def case_open(*, actor: User, kind: str, customer: Customer | None, facts: str, discovered_at: datetime | None,
              inspectors: list[User] | None = None, act_stopped_at: datetime | None = None,
              act_stopped_how: str = "", now: datetime) -> EnforcementCase:
    """Open a case directly on site (§2.6(2)): the inspector found a violation of use or a theft
    at the customer's. The act is stopped at once (§2.6(3)): when and how, recorded here or
    right after (`case_record_act_stopped`). The inspectors default to the actor."""
    perms.require(customer is not None and perms.can_open_for(actor, customer))
    errors: dict[str, str] = {}
    _choice(kind, Kind, field="kind", errors=errors)
    text = _text(facts, field="facts", errors=errors, limit=TEXT_MAX)
    found = _time(discovered_at, field="discovered_at", errors=errors, now=now)
    stopped = _time(act_stopped_at, field="act_stopped_at", errors=errors, now=now, required=False)
    how = _text(act_stopped_how, field="act_stopped_how", errors=errors, limit=TEXT_MAX, required=stopped is not None)
    if stopped is not None and found is not None and stopped < found:
        errors["act_stopped_at"] = _("制止时间不能早于发现时间。")
    chosen = _inspectors(inspectors or [actor], customer=customer, errors=errors)
    if selectors.service_point(customer, customer.enterprise.utility) is None:
        errors["customer"] = _("该客户没有本专业的服务点（客户类别未知）。")
    if errors:
        raise EnforcementInvalid(errors)
    return _insert(actor=actor, kind=kind, source=Source.ON_SITE, customer=customer, facts=text, discovered_at=found,
                   inspectors=chosen, now=now, act_stopped_at=stopped, act_stopped_how=how)


def case_open_from_finding(*, order, finding, actor: User, now: datetime) -> EnforcementCase:
    """The suspicion listener of inspections (hooks.py): a finding of suspected violation or
    theft opens a case (§2.5(2), §2.6(2)) linked to the order and the finding, with the order's
    inspectors; once per finding. Runs in the transaction that recorded the finding."""
    existing = selectors.case_for_finding(finding_id=finding.pk)
    if existing is not None:
        return existing
    kind = Kind.THEFT if finding.finding_type == "SUSPECTED_THEFT" else Kind.VIOLATION
    customer = Customer.objects.select_related("office", "enterprise").get(pk=order.customer_id)
    staff = [a.inspector for a in order.assignments.select_related("inspector", "inspector__unit").order_by("id")]
    return _insert(actor=actor, kind=kind, source=Source.FINDING, customer=customer, facts=finding.description,
                   discovered_at=finding.recorded_at, inspectors=staff or [actor], now=now, inspection_order=order,
                   finding=finding)


@retried_on_deadlock
def case_record_act_stopped(*, actor: User, case: EnforcementCase, stopped_at: datetime | None, how: str,
                            now: datetime) -> EnforcementCase:
    """The act stopped at once (§2.6(3)): when and how (e.g. the illegal connection removed,
    the meter sealed)."""
    case = _lock(case)
    perms.require(perms.can_work_case(actor, case))
    refused = table.closed_refusal(case.status)
    if refused is not None:
        raise refused
    errors: dict[str, str] = {}
    at = _time(stopped_at, field="stopped_at", errors=errors, now=now)
    text = _text(how, field="how", errors=errors, limit=TEXT_MAX)
    if at is not None and at < case.discovered_at:
        errors["stopped_at"] = _("制止时间不能早于发现时间。")
    if errors:
        raise EnforcementInvalid(errors)
    before = {"act_stopped_at": _iso(case.act_stopped_at), "how": case.act_stopped_how}
    case.act_stopped_at, case.act_stopped_how, case.act_stopped_by = at, text, actor
    case.save(update_fields=["act_stopped_at", "act_stopped_how", "act_stopped_by"])
    audit_record(actor=actor, action="enforcement.case.act_stopped", target=case, clause="§2.6(3)", now=now,
                 before=before, after={"act_stopped_at": at.isoformat(), "how": text})
    return case


@retried_on_deadlock
def case_assign_inspectors(*, actor: User, case: EnforcementCase, inspectors: list[User],
                           now: datetime) -> EnforcementCase:
    case = _lock(case)
    perms.require(perms.can_close_case(actor, case) or perms.is_assigned(actor, case))
    errors: dict[str, str] = {}
    chosen = _inspectors(inspectors, customer=case.customer, errors=errors)
    if not chosen and "inspectors" not in errors:
        errors["inspectors"] = _("必填。")
    if errors:
        raise EnforcementInvalid(errors)
    before = [u.username for u in case.inspectors.order_by("username")]
    case.inspectors.set(chosen)
    audit_record(actor=actor, action="enforcement.case.inspectors_assigned", target=case, clause="§2.6(2)", now=now,
                 before={"inspectors": before}, after={"inspectors": sorted(u.username for u in chosen)})
    return case


# -- the case's line: notice, fees, payment, referral, closure ------------------------------------------------------

@retried_on_deadlock
def case_serve_notice(*, actor: User, case: EnforcementCase, now: datetime) -> EnforcementCase:
    """The violation or theft notice (违约用电或窃电通知书) of the case was issued and served
    (§2.6(3)): the act must be recorded as stopped and the notice served (documents)."""
    case = _lock(case)
    perms.require(perms.can_work_case(actor, case))
    table.check("serve_notice", case.status, selectors.case_facts(case))
    notice = selectors.served_document(case, "violation_notice")
    return _move(case, actor=actor, name="serve_notice", action="notice_served", clause="§2.6(3)", now=now,
                 fields={"notice_served_at": notice.served_at or now}, notice=notice.number)


def _amount(value: Any) -> Decimal:
    try:
        return Decimal(str(value if value is not None else "0")).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return Decimal("0.00")


@retried_on_deadlock
def case_calculate_fees(*, actor: User, case: EnforcementCase, data: dict, now: datetime) -> EnforcementCase:
    """Calculate the back-billing and the violation fee (§2.6(4)) with the calculator
    (`fees.services.calculate`, rule set in force when the act began unless named); the input,
    the result and its breakdown lines are kept on the case. Again before charging replaces them."""
    from utilicase.fees.domain.errors import CalculationInvalid
    from utilicase.fees.services import calculate

    case = _lock(case)
    perms.require(perms.can_work_case(actor, case))
    table.check("calculate", case.status, selectors.case_facts(case))
    if not isinstance(data, dict):
        raise EnforcementInvalid({"data": _("须为计算参数对象。")})
    try:
        result = calculate(dict(data), enterprise=case.customer.enterprise)
    except CalculationInvalid as exc:
        raise EnforcementInvalid({f"data.{k}": str(v) for k, v in exc.errors.items()}) from None
    before = {"status": case.status, "total": str(case.total)}
    case.fee_input, case.fee_result = dict(data), result
    case.rule_set = str(result.get("rule_set", ""))[:20]
    case.back_billing = _amount(result.get("back_billing_yuan"))
    case.violation_fee = _amount(result.get("violation_fee_yuan"))
    case.total = _amount(result.get("total_yuan"))
    case.fees_calculated_at, case.fees_calculated_by = now, actor
    case.status = Status.FEES_CALCULATED
    case.save(update_fields=["fee_input", "fee_result", "rule_set", "back_billing", "violation_fee", "total",
                             "fees_calculated_at", "fees_calculated_by", "status"])
    audit_record(actor=actor, action="enforcement.case.fees_calculated", target=case, clause="§2.6(4)", now=now,
                 before=before, after={"status": case.status, "rule_set": case.rule_set, "input": case.fee_input,
                                       "back_billing": str(case.back_billing),
                                       "violation_fee": str(case.violation_fee), "total": str(case.total),
                                       "lines": result.get("lines", [])})
    return case


@retried_on_deadlock
def case_charge(*, actor: User, case: EnforcementCase, due_date: date | None, now: datetime) -> EnforcementCase:
    """The fees become receivables of the case (§2.6(4)), one per fee line type (back-billing,
    violation fee), due on `due_date`, with the violation notice's number."""
    from utilicase.billing.services import receivable_create

    case = _lock(case)
    perms.require(perms.can_work_case(actor, case))
    table.check("charge", case.status, selectors.case_facts(case))
    errors: dict[str, str] = {}
    if due_date is None:
        errors["due_date"] = _("必填。")
    elif due_date < _local_day(now):
        errors["due_date"] = _("缴费期限不能早于今天。")
    elif due_date.year > LATEST_YEAR:
        errors["due_date"] = _("年份须在 %(a)d 至 %(b)d 之间。") % {"a": EARLIEST_YEAR, "b": LATEST_YEAR}
    if errors:
        raise EnforcementInvalid(errors)
    notice = selectors.served_document(case, "violation_notice")
    lines = selectors.fee_lines(case=case)
    made = []
    for fee_type, amount in ((table.BACK_BILLING, case.back_billing), (table.VIOLATION_FEE, case.violation_fee)):
        if amount <= 0:
            continue
        receivable = receivable_create(
            actor=actor, target_type=TARGET_TYPE, target_id=str(case.pk), case_number=case.number,
            account_number=case.customer.account_number, fee_type=fee_type, amount=amount, due_date=due_date,
            document_number=notice.number if notice else "", breakdown=lines, now=now)
        made.append({"fee_type": fee_type, "amount": str(amount), "receivable": receivable.pk})
    return _move(case, actor=actor, name="charge", action="charged", clause="§2.6(4)", now=now,
                 fields={"due_date": due_date, "charged_at": now}, due_date=due_date.isoformat(), receivables=made)


def payment_received(receivable, now: datetime) -> None:
    """Billing's payment listener (in the payment's transaction): the case moves to PAID once
    nothing is unpaid (§2.6(4)), and back to FEES_DUE when a reversal leaves a balance again."""
    try:
        case = _lock(EnforcementCase(pk=int(receivable.target_id)))
    except (EnforcementCase.DoesNotExist, ValueError, TypeError):
        return
    facts = selectors.case_facts(case)
    if case.status == Status.PAID:
        if table.TABLE.refusal("unpay", case.status, facts) is None:
            _move(case, actor=None, name="unpay", action="payment_reversed", clause="§2.6(4)", now=now,
                  fields={"paid_at": None}, receivable=getattr(receivable, "pk", None), balance=str(facts.balance))
        return
    if case.status not in table.TABLE.get("pay").sources:
        return
    if table.TABLE.refusal("pay", case.status, facts) is not None:
        return
    _move(case, actor=None, name="pay", action="paid", clause="§2.6(4)", now=now, fields={"paid_at": now},
          receivable=getattr(receivable, "pk", None))


@retried_on_deadlock
def case_accept_correction(*, actor: User, case: EnforcementCase, note: str, now: datetime) -> EnforcementCase:
    """The violation or theft is corrected (e.g. the illegal connection removed, the meter
    restored), checked and accepted (§2.6(4))."""
    case = _lock(case)
    perms.require(perms.can_work_case(actor, case))
    refused = table.closed_refusal(case.status) or (
        None if case.act_stopped_at is not None else
        RuleViolation("§2.6(3)", gettext_noop("须先记录已当场制止违约用电、窃电行为（时间、方式）。")))
    if refused is not None:
        raise refused
    errors: dict[str, str] = {}
    text = _text(note, field="note", errors=errors, limit=TEXT_MAX)
    if errors:
        raise EnforcementInvalid(errors)
    case.correction_accepted_at, case.correction_accepted_by, case.correction_note = now, actor, text
    case.save(update_fields=["correction_accepted_at", "correction_accepted_by", "correction_note"])
    audit_record(actor=actor, action="enforcement.case.correction_accepted", target=case, clause="§2.6(4)", now=now,
                 after={"note": text})
    return case


@retried_on_deadlock
def case_record_liability(*, actor: User, case: EnforcementCase, note: str, now: datetime) -> EnforcementCase:
    """The customer has borne the liability (§2.6(4)): e.g. signed the transcript admitting the
    act and the handling; what it was."""
    case = _lock(case)
    perms.require(perms.can_work_case(actor, case))
    refused = table.closed_refusal(case.status)
    if refused is not None:
        raise refused
    errors: dict[str, str] = {}
    text = _text(note, field="note", errors=errors, limit=TEXT_MAX)
    if errors:
        raise EnforcementInvalid(errors)
    case.liability_borne_at, case.liability_borne_by, case.liability_note = now, actor, text
    case.save(update_fields=["liability_borne_at", "liability_borne_by", "liability_note"])
    audit_record(actor=actor, action="enforcement.case.liability_borne", target=case, clause="§2.6(4)", now=now,
                 after={"note": text})
    return case


@retried_on_deadlock
def referral_record(*, actor: User, case: EnforcementCase, reason: str, recipient: str, referred_on: date | None,
                    documents: str, now: datetime) -> Referral:
    """A referral (§1.1, §2.6(4)-(5)): refusal to pay → management or judicial authority; after
    a §1.1 suspension → power administration or judicial authority; refusal to cooperate, or an
    amount above the configured threshold → administrative or criminal liability. A referral for
    the fees moves the case to REFERRED."""
    case = _lock(case)
    perms.require(perms.can_work_case(actor, case))
    errors: dict[str, str] = {}
    _choice(reason, ReferralReason, field="reason", errors=errors)
    _choice(recipient, Recipient, field="recipient", errors=errors)
    day = referred_on
    if day is None:
        errors["referred_on"] = _("必填。")
    elif day > _local_day(now):
        errors["referred_on"] = _("移送日期不能晚于今天。")
    elif day.year < EARLIEST_YEAR:
        errors["referred_on"] = _("年份须在 %(a)d 至 %(b)d 之间。") % {"a": EARLIEST_YEAR, "b": LATEST_YEAR}
    sent = _text(documents, field="documents", errors=errors, limit=TEXT_MAX)
    if errors:
        raise EnforcementInvalid(errors)
    suspended_unpaid = case.suspensions.filter(path=table.UNPAID).exists()
    refused = table.referral_refusal(reason=reason, recipient=recipient, status=case.status, supply=case.supply,
                                     suspended_unpaid=suspended_unpaid, past_due=selectors.past_due(case, now),
                                     total=case.total, threshold=selectors.liability_threshold())
    if refused is None and reason in table.FEE_REFERRALS:
        refused = table.TABLE.refusal("refer", case.status, selectors.case_facts(case))
    if refused is not None:
        raise refused
    clause = table.REASON_CLAUSE[reason]
    referral = Referral.objects.create(case=case, reason=reason, recipient=recipient, clause=clause,
                                       referred_on=day, documents=sent, recorded_by=actor, recorded_at=now)
    after = {"referral": referral.pk, "reason": reason, "recipient": recipient, "referred_on": day.isoformat(),
             "documents": sent}
    if reason in table.FEE_REFERRALS:
        _move(case, actor=actor, name="refer", action="referred", clause=clause, now=now, **after)
    else:
        audit_record(actor=actor, action="enforcement.case.referred_for_liability", target=case, clause=clause,
                     now=now, after={**after, "total": str(case.total)})
    return referral


@retried_on_deadlock
def referral_record_outcome(*, actor: User, referral: Referral, outcome: str, now: datetime) -> Referral:
    referral = Referral.objects.select_for_update(of=("self",)).select_related("case", "case__office").get(
        pk=referral.pk)
    perms.require(perms.can_work_case(actor, referral.case))
    errors: dict[str, str] = {}
    text = _text(outcome, field="outcome", errors=errors, limit=TEXT_MAX)
    if errors:
        raise EnforcementInvalid(errors)
    before = {"outcome": referral.outcome}
    referral.outcome, referral.outcome_at = text, now
    referral.save(update_fields=["outcome", "outcome_at"])
    audit_record(actor=actor, action="enforcement.referral.outcome_recorded", target=referral.case,
                 clause=referral.clause, now=now, before=before,
                 after={"referral": referral.pk, "recipient": referral.recipient, "outcome": text})
    return referral


@retried_on_deadlock
def case_close(*, actor: User, case: EnforcementCase, note: str = "", now: datetime) -> EnforcementCase:
    """Close the case (§2.6(4)): paid, supply back, correction accepted, liability borne; or
    referred, once every referral has its outcome."""
    case = _lock(case)
    perms.require(perms.can_close_case(actor, case))
    errors: dict[str, str] = {}
    text = _text(note, field="note", errors=errors, limit=TEXT_MAX, required=False)
    if errors:
        raise EnforcementInvalid(errors)
    table.check("close", case.status, selectors.case_facts(case))
    return _move(case, actor=actor, name="close", action="closed", clause="§2.6(4)", now=now,
                 fields={"closed_at": now, "closing_note": text}, note=text)


@retried_on_deadlock
def case_dismiss(*, actor: User, case: EnforcementCase, reason: str, now: datetime) -> EnforcementCase:
    """Close a case just opened whose facts do not bear out a violation or theft (§2.6(1):
    handled on the facts), with the reason."""
    case = _lock(case)
    perms.require(perms.can_close_case(actor, case))
    errors: dict[str, str] = {}
    text = _text(reason, field="reason", errors=errors, limit=TEXT_MAX, required=False)
    if errors:
        raise EnforcementInvalid(errors)
    table.check("dismiss", case.status, selectors.case_facts(case, reason=text))
    if case.supply in table.CUT:
        raise RuleViolation("§2.6(4)", gettext_noop("客户仍处于停(限)电状态，恢复供电后才能结案。"))
    return _move(case, actor=actor, name="dismiss", action="dismissed", clause="§2.6(1)", now=now,
                 fields={"closed_at": now, "closing_note": text}, reason=text)


# -- the §1.2(2) application -------------------------------------------------------------------------------------

@retried_on_deadlock
def application_submit(*, actor: User, case: EnforcementCase, reason: str, scope: str = Scope.FULL,
                       now: datetime) -> SuspensionApplication:
    """The inspector applies to suspend an important customer's supply for theft (§1.2(2))."""
    case = _lock(case)
    perms.require(perms.can_work_case(actor, case))
    refused = table.application_start_refusal(
        kind=case.kind, customer_class=case.customer_class, status=case.status, supply=case.supply,
        open_applications=case.applications.filter(status__in=sorted(table.APPLICATION_OPEN)).count())
    if refused is not None:
        raise refused
    errors: dict[str, str] = {}
    text = _text(reason, field="reason", errors=errors, limit=TEXT_MAX)
    _choice(scope, Scope, field="scope", errors=errors)
    if errors:
        raise EnforcementInvalid(errors)
    try:
        with transaction.atomic():
            application = SuspensionApplication.objects.create(case=case, scope=scope, reason=text, applied_by=actor,
                                                               applied_at=now)
    except IntegrityError:
        raise RuleViolation("§1.2(2)", gettext_noop("已有一份停电申请正在审批。")) from None
    audit_record(actor=actor, action="enforcement.application.submitted", target=case, clause="§1.2(2)", now=now,
                 after={"application": application.pk, "scope": scope, "reason": text,
                        "status": application.status})
    _notify_deciders(application, case, stage="review", now=now)
    return application


def _notify_deciders(application: SuspensionApplication, case: EnforcementCase, *, stage: str, now: datetime) -> None:
    """Tell the deputy whose decision the application awaits (§1.2(2)): the enterprise's
    deputy manager to review, then the company's deputy manager to approve."""
    enterprise = case.customer.enterprise
    if stage == "review":
        role, unit_id = Role.ENTERPRISE_DEPUTY, enterprise.pk
        title = Message(gettext_noop("停电申请待审核：案件 %(number)s"), number=case.number)
    else:
        role, unit_id = Role.COMPANY_DEPUTY, enterprise.parent_id
        title = Message(gettext_noop("停电申请待批准：案件 %(number)s"), number=case.number)
    if unit_id is None:
        return
    notify(recipients=User.objects.filter(role=role, unit_id=unit_id, is_active=True), kind=NotificationKind.APPROVAL,
           event_key=f"enforcement.application:{application.pk}:{stage}", title=title, target_type=TARGET_TYPE,
           target_id=str(case.pk), clause="§1.2(2)", now=now)


def _lock_application(application: SuspensionApplication) -> SuspensionApplication:
    return (SuspensionApplication.objects.select_for_update(of=("self",))
            .select_related("case", "case__customer", "case__customer__enterprise", "case__office")
            .get(pk=application.pk))


def _decide(*, actor: User, application: SuspensionApplication, name: str, comment: str, now: datetime
            ) -> SuspensionApplication:
    application = _lock_application(application)
    perms.require(perms.can_decide_application(actor, application.case))
    errors: dict[str, str] = {}
    text = _text(comment, field="reason" if name == "reject" else "comment", errors=errors, limit=TEXT_MAX,
                 required=False)
    if errors:
        raise EnforcementInvalid(errors)
    facts = selectors.application_facts(application, actor, reason=text)
    refused = table.application_refusal(name, application.status, facts)
    if refused is not None:
        raise refused
    before = application.status
    application.status = table.APPLICATION.get(name).target
    if name == "review":
        application.reviewed_by, application.reviewed_at, application.review_comment = actor, now, text
        fields = ["reviewed_by", "reviewed_at", "review_comment"]
    elif name == "approve":
        application.approved_by, application.approved_at, application.approval_comment = actor, now, text
        fields = ["approved_by", "approved_at", "approval_comment"]
    else:
        application.rejected_by, application.rejected_at, application.rejection_reason = actor, now, text
        fields = ["rejected_by", "rejected_at", "rejection_reason"]
    application.save(update_fields=["status", *fields])
    audit_record(actor=actor, action="enforcement.application.reviewed" if name == "review" else
                 "enforcement.application.approved" if name == "approve" else "enforcement.application.rejected",
                 target=application.case, clause="§1.2(2)",
                 now=now, before={"application": application.pk, "status": before},
                 after={"application": application.pk, "status": application.status, "comment": text,
                        "role": actor.role})
    if name == "review":
        _notify_deciders(application, application.case, stage="approve", now=now)
    return application


@retried_on_deadlock
def application_review(*, actor: User, application: SuspensionApplication, comment: str = "",
                       now: datetime) -> SuspensionApplication:
    """The enterprise deputy manager of the customer's enterprise reviews and submits it to the
    company (§1.2(2)); not the applicant."""
    return _decide(actor=actor, application=application, name="review", comment=comment, now=now)


@retried_on_deadlock
def application_approve(*, actor: User, application: SuspensionApplication, comment: str = "",
                        now: datetime) -> SuspensionApplication:
    """The company deputy manager approves, after the review, a different person (§1.2(2))."""
    return _decide(actor=actor, application=application, name="approve", comment=comment, now=now)


@retried_on_deadlock
def application_reject(*, actor: User, application: SuspensionApplication, reason: str,
                       now: datetime) -> SuspensionApplication:
    """Either deputy, at their step, rejects it with its reason; the application ends (§1.2(2))."""
    return _decide(actor=actor, application=application, name="reject", comment=reason, now=now)


# -- suspension (§1.1, §1.2, §1.3) and restoration (§2.6(4)) ---------------------------------------------------------

@retried_on_deadlock
def case_suspend(
    *, actor: User, case: EnforcementCase, scope: str = Scope.FULL, legal_basis: str, customer_response: str,
    response_note: str = "", police_called_at: datetime | None = None, superior_reported_at: datetime | None = None,
    superior_name: str = "", suspended_at: datetime | None = None, now: datetime,
) -> Suspension:
    """Suspend (scope FULL) or limit (LIMITED) the customer's supply, on the path the case
    follows now (`selectors.suspension_path`):
    - ON_SITE (§1.2(1)): theft by a residential or general customer, at once, without approval;
      a post-hoc report to the office head is due within the configured working days;
    - APPROVED (§1.2(2)): an important customer's theft, once the application is approved;
    - UNPAID (§1.1): fees past their due date, once the suspension notice was issued and served.
    What was told on site is recorded (§1.3): the legal basis (from the catalogue), the
    customer's response, and where it happened the police (110) call and the report to the
    superior, with times."""
    case = _lock(case)
    perms.require(perms.can_work_case(actor, case))
    errors: dict[str, str] = {}
    _choice(scope, Scope, field="scope", errors=errors)
    _choice(customer_response, CustomerResponse, field="customer_response", errors=errors)
    note = _text(response_note, field="response_note", errors=errors, limit=TEXT_MAX, required=False)
    boss = _text(superior_name, field="superior_name", errors=errors, limit=100, required=False)
    at = _time(suspended_at or now, field="suspended_at", errors=errors, now=now)
    police = _time(police_called_at, field="police_called_at", errors=errors, now=now, required=False)
    reported = _time(superior_reported_at, field="superior_reported_at", errors=errors, now=now, required=False)
    basis = dict(selectors.legal_basis_choices())
    path = selectors.suspension_path(case, now)
    facts = selectors.suspension_facts(case, path=path, now=now, legal_basis_known=legal_basis in basis,
                                       customer_response_given=bool(customer_response))
    refused = table.suspension_refusal(facts)
    if refused is not None:
        raise refused
    refused = table.on_site_record_refusal(police_called_at=police, superior_reported_at=reported,
                                           superior_name=boss)
    if refused is not None and not errors:
        raise refused
    if errors:
        raise EnforcementInvalid(errors)
    application = selectors.approved_application(case) if path == table.APPROVED_PATH else None
    notice = None
    if path == table.UNPAID:
        last = case.suspensions.order_by("-suspended_at").values_list("suspended_at", flat=True).first()
        notice = selectors.suspension_notice_served(case, since=last)
    suspension = Suspension.objects.create(
        case=case, path=path, scope=scope, application=application, notice_number=notice.number if notice else "",
        suspended_at=at, suspended_by=actor, legal_basis=legal_basis, legal_basis_label=basis[legal_basis][:200],
        customer_response=customer_response, response_note=note, police_called_at=police,
        superior_reported_at=reported, superior_name=boss, recorded_at=now)
    if application is not None:
        table.APPLICATION.check("use", application.status, table.ApplicationFacts())
        application.status = ApplicationStatus.USED
        application.save(update_fields=["status"])
    after: dict[str, Any] = {"suspension": suspension.pk, "path": path, "scope": scope,
                             "suspended_at": at.isoformat(), "legal_basis": legal_basis,
                             "customer_response": customer_response, "response_note": note,
                             "police_called_at": _iso(police), "superior_reported_at": _iso(reported),
                             "superior_name": boss, "application": application.pk if application else None,
                             "notice": suspension.notice_number}
    if path == table.ON_SITE:
        deadline = deadline_open(kind=REPORT_KIND, clause="§1.2(1)", target=case, owner=actor,
                                 owner_unit=case.office, start_at=at, working_days=selectors.report_working_days(),
                                 now=now, actor=actor)
        suspension.report_deadline, suspension.report_due_at = deadline, deadline.due_at
        suspension.save(update_fields=["report_deadline", "report_due_at"])
        after["report_due_at"] = deadline.due_at.isoformat()
    before = case.supply
    transition = table.SUPPLY.get("limit" if scope == Scope.LIMITED else "suspend")
    case.supply = transition.target
    case.save(update_fields=["supply"])
    audit_record(actor=actor, action="enforcement.supply.suspended" if scope == Scope.FULL else
                 "enforcement.supply.limited", target=case, clause=table.PATH_CLAUSE[path], now=now,
                 before={"supply": before}, after={"supply": case.supply, **after})
    if police is not None or reported is not None:
        audit_record(actor=actor, action="enforcement.supply.obstruction_recorded", target=case, clause="§1.3",
                     now=now, after={"suspension": suspension.pk, "police_called_at": _iso(police),
                                     "superior_reported_at": _iso(reported), "superior_name": boss})
    return suspension


@retried_on_deadlock
def suspension_report(*, actor: User, suspension: Suspension, text: str, now: datetime) -> Suspension:
    """The post-hoc report of an on-site suspension to the office head (§1.2(1)); meets its
    deadline (late if past it: the deadline says so)."""
    suspension = (Suspension.objects.select_for_update(of=("self",))
                  .select_related("case", "case__office", "report_deadline").get(pk=suspension.pk))
    perms.require(perms.can_work_case(actor, suspension.case))
    if suspension.report_deadline_id is None:
        raise RuleViolation("§1.2(1)", gettext_noop("只有现场停电（§1.2(1)）须事后报告营业所所长。"))
    if suspension.reported_at is not None:
        raise RuleViolation("§1.2(1)", gettext_noop("事后报告已经提交。"))
    errors: dict[str, str] = {}
    body = _text(text, field="text", errors=errors, limit=TEXT_MAX)
    if errors:
        raise EnforcementInvalid(errors)
    suspension.reported_at, suspension.reported_by, suspension.report_text = now, actor, body
    suspension.save(update_fields=["reported_at", "reported_by", "report_text"])
    deadline_meet(deadline=suspension.report_deadline, now=now, actor=actor)
    audit_record(actor=actor, action="enforcement.supply.reported", target=suspension.case, clause="§1.2(1)", now=now,
                 after={"suspension": suspension.pk, "text": body, "late": now > suspension.report_due_at})
    return suspension


@retried_on_deadlock
def case_restore(*, actor: User, case: EnforcementCase, now: datetime) -> EnforcementCase:
    """Restore supply (§2.6(4)): only once the fees are paid in full (billing), the correction
    accepted and the liability borne; refused otherwise, with the clause."""
    case = _lock(case)
    perms.require(perms.can_work_case(actor, case))
    table.SUPPLY.check("restore", case.supply, selectors.case_facts(case))
    suspension = selectors.active_suspension(case=case)
    if suspension is not None:
        suspension.restored_at, suspension.restored_by = now, actor
        suspension.save(update_fields=["restored_at", "restored_by"])
    before = case.supply
    case.supply, case.restored_at = table.RESTORED, now
    case.save(update_fields=["supply", "restored_at"])
    audit_record(actor=actor, action="enforcement.supply.restored", target=case, clause="§2.6(4)", now=now,
                 before={"supply": before}, after={"supply": case.supply,
                                                   "suspension": suspension.pk if suspension else None})
    return case


def case_sync_due(target_ids: list[str]) -> None:
    """Copy each case's earliest open deadline to `next_due_at`, in one statement (a due
    listener of the calendar, in the transaction that changed a deadline of these cases)."""
    deadlines = Deadline.objects.filter(target_type=TARGET_TYPE, target_id=Cast(OuterRef("pk"), CharField()),
                                        met_at__isnull=True)
    EnforcementCase.objects.filter(pk__in=[int(i) for i in target_ids if str(i).isdigit()]).update(
        next_due_at=Subquery(deadlines.order_by("due_at").values("due_at")[:1]))
    # The copy of the report's due time on the suspension follows its deadline.
    for suspension in Suspension.objects.filter(case_id__in=[int(i) for i in target_ids if str(i).isdigit()],
                                                report_deadline__isnull=False).select_related("report_deadline"):
        if suspension.report_due_at != suspension.report_deadline.due_at:
            Suspension.objects.filter(pk=suspension.pk).update(report_due_at=suspension.report_deadline.due_at)

