"""The writers of accident cases (§2.7). Each service is one transaction: it checks who may act
(`permissions`, NotAllowed → 403), what the regulation allows now (the transition table,
RuleViolation → 409), the input (AccidentInvalid → 422, by field), then writes and appends one
audit event citing its clause.

Deadline: `accidents.report` — the accident investigation report within
`ACCIDENT_REPORT_WORKING_DAYS` working days (default 5, §2.7(4)) from the end of the
investigation; it belongs to the case, the inspector who ended the investigation and the
business office, and is met when the report is filed. `next_due_at` on the case is the earliest
open deadline (kept by `case_sync_due`, a due listener of the calendar).

Deadline: `accident.rectification` — the rectification named in the result notice (§2.7(6)),
to the end (24:00 Asia/Shanghai) of the chosen day; it belongs to the business office (nobody in
person, so it shows on the home page of the office's staff), and is met by the re-inspection
that finds it done (late if past it) or ended by the customer's refusal found at re-inspection.

Compensation (§2.7(5)): `fees.services.calculate` with the contract's
`{"kind": "compensation", ...}` and the case's enterprise (its monthly prices); charging makes
one COMPENSATION receivable in billing.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from utilicase.accidents import permissions as perms
from utilicase.accidents import selectors
from utilicase.accidents.domain import transitions as table
from utilicase.accidents.models import AccidentCase, ClaimStatus, Damage, DontLetGo, Entry, Status
from utilicase.accidents.selectors import TARGET_TYPE
from utilicase.audit.services import audit_record
from utilicase.calendar.models import Deadline
from utilicase.calendar.services import MAX_MINUTES, deadline_meet, deadline_open
from utilicase.core.i18n import Message, gettext_noop, translated
from utilicase.core.inputs import given_time_refusal
from utilicase.core.rules import RuleViolation
from utilicase.core.workdays import SHANGHAI, met_in_time
from utilicase.customers.models import Customer
from utilicase.numbering.services import next_number
from utilicase.org.models import User

REPORT_KIND = "accidents.report"
RECTIFICATION_KIND = "accident.rectification"
TEXT_MAX = 5000
SHORT_MAX = 100
MAX_AMOUNT = Decimal("1000000000")


class AccidentInvalid(ValueError):
    """Input that cannot be stored: the reasons by field name."""

    def __init__(self, errors: dict[str, Any]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


def number_format(year: int, n: int) -> str:
    return f"SG{year}{n:06d}"


def report_working_days() -> int:
    return int(getattr(settings, "ACCIDENT_REPORT_WORKING_DAYS", table.REPORT_WORKING_DAYS))


# -- input helpers ------------------------------------------------------------------------------------

def _text(value: str | None, *, field: str, errors: dict[str, str], limit: int, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        errors[field] = _("必填。")
    elif len(text) > limit:
        errors[field] = _("不能超过 %(n)d 个字。") % {"n": limit}
    return text


def _time(value: datetime | None, *, field: str, errors: dict[str, str], now: datetime,
          required: bool = True) -> datetime | None:
    refusal = given_time_refusal(value, now=now, required=required)
    if refusal is not None:
        errors[field] = translated(refusal, _)
        return None
    return value


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _local_day(now: datetime) -> date:
    return timezone.localtime(now).date()


def _end_of(day: date) -> datetime:
    """24:00 Asia/Shanghai of `day` (the start of the next day)."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=SHANGHAI)


def _lock(case: AccidentCase) -> AccidentCase:
    return (AccidentCase.objects.select_for_update(of=("self",))
            .select_related("customer", "customer__enterprise", "office", "report_deadline",
                            "rectification_deadline").get(pk=case.pk))


def _open_refused(case: AccidentCase) -> None:
    refused = table.closed_refusal(case.status)
    if refused is not None:
        raise refused


def _move(case: AccidentCase, *, actor: User | None, name: str, action: str, now: datetime,
          fields: dict[str, Any] | None = None, **extra: Any) -> AccidentCase:
    """Move the case by transition `name`, set `fields`, write `accidents.case.<action>`."""
    transition = table.check(name, case.status, selectors.case_facts(case))
    before = case.status
    case.status = transition.target
    for field, value in (fields or {}).items():
        setattr(case, field, value)
    case.save(update_fields=["status", *(fields or {})])
    audit_record(actor=actor, action=f"accidents.case.{action}", target=case, clause=transition.clause, now=now,
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


# -- the report: opening a case, going at once (§2.7(2)) ----------------------------------------------

@transaction.atomic
def case_open(*, actor: User, customer: Customer | None, description: str, reported_at: datetime | None,
              reported_by_name: str = "", accident_at: datetime | None = None, supply_interrupted: bool = True,
              inspectors: list[User] | None = None, now: datetime) -> AccidentCase:
    """A customer reports an accident of their equipment (§2.7(2)): when reported, by whom, what
    happened; the four don't-let-go items (§2.7(4)) are opened with it."""
    perms.require(customer is not None and perms.can_open_for(actor, customer))
    errors: dict[str, str] = {}
    text = _text(description, field="description", errors=errors, limit=TEXT_MAX)
    reporter = _text(reported_by_name, field="reported_by_name", errors=errors, limit=SHORT_MAX, required=False)
    reported = _time(reported_at, field="reported_at", errors=errors, now=now)
    happened = _time(accident_at, field="accident_at", errors=errors, now=now, required=False)
    if happened is not None and reported is not None and happened > reported:
        errors["accident_at"] = _("事故发生时间不能晚于报告时间。")
    chosen = _inspectors(inspectors or [actor], customer=customer, errors=errors)
    if errors:
        raise AccidentInvalid(errors)
    year = _local_day(now).year
    case = AccidentCase(
        number=number_format(year, next_number(key="accidents", year=year)), utility=customer.enterprise.utility,
        customer=customer, office=customer.office, description=text, accident_at=happened, reported_at=reported,
        reported_by_name=reporter, supply_interrupted=bool(supply_interrupted), created_by=actor, created_at=now)
    case.save(force_insert=True)
    case.inspectors.set(chosen)
    DontLetGo.objects.bulk_create([DontLetGo(case=case, item=item) for item in table.FOUR_ITEMS])
    audit_record(actor=actor, action="accidents.case.opened", target=case, clause="§2.7(2)", now=now,
                 after={"number": case.number, "utility": case.utility, "customer": customer.account_number,
                        "office": customer.office.code, "description": text, "reported_at": reported.isoformat(),
                        "reported_by_name": reporter, "accident_at": _iso(happened),
                        "supply_interrupted": case.supply_interrupted,
                        "inspectors": [u.username for u in chosen]})
    return case


@transaction.atomic
def case_arrive(*, actor: User, case: AccidentCase, dispatched_at: datetime | None, arrived_at: datetime | None,
                identity_shown: bool, witness_name: str, now: datetime) -> AccidentCase:
    """On site (§2.7(2)): dispatch and arrival times, identity shown; the customer's witness
    present (§2.7(1)). Refused without the identity shown or without a witness."""
    case = _lock(case)
    perms.require(perms.can_work_case(actor, case))
    _open_refused(case)
    errors: dict[str, str] = {}
    left = _time(dispatched_at, field="dispatched_at", errors=errors, now=now)
    came = _time(arrived_at, field="arrived_at", errors=errors, now=now)
    witness = _text(witness_name, field="witness_name", errors=errors, limit=SHORT_MAX, required=False)
    if left is not None and left < case.reported_at:
        errors["dispatched_at"] = _("出发时间不能早于报告时间。")
    if left is not None and came is not None and came < left:
        errors["arrived_at"] = _("到达时间不能早于出发时间。")
    if errors:
        raise AccidentInvalid(errors)
    case.identity_shown, case.witness_name = bool(identity_shown), witness
    return _move(case, actor=actor, name="arrive", action="arrived", now=now,
                 fields={"dispatched_at": left, "arrived_at": came, "identity_shown": case.identity_shown,
                         "witness_name": witness},
                 dispatched_at=left.isoformat(), arrived_at=came.isoformat(), identity_shown=case.identity_shown,
                 witness_name=witness, minutes_to_arrive=int((came - case.reported_at).total_seconds() // 60))


# -- the investigation (§2.7(1)-(3)) -----------------------------------------------------------------------

@transaction.atomic
def entry_add(*, actor: User, case: AccidentCase, at: datetime | None, text: str, operated_by: str = "",
              inspector_operated_equipment: bool = False, now: datetime) -> Entry:
    """What was done or asked during the investigation (§2.7(1)): operations on the customer's
    equipment are the customer's people's (`operated_by`); an entry where an inspector operated
    the customer's equipment is refused."""
    case = _lock(case)
    perms.require(perms.can_work_case(actor, case))
    _open_refused(case)
    refused = table.operation_refusal(bool(inspector_operated_equipment)) or table.investigating_refusal(case.status)
    if refused is not None:
        raise refused
    errors: dict[str, str] = {}
    when = _time(at, field="at", errors=errors, now=now)
    body = _text(text, field="text", errors=errors, limit=TEXT_MAX)
    who = _text(operated_by, field="operated_by", errors=errors, limit=SHORT_MAX, required=False)
    if errors:
        raise AccidentInvalid(errors)
    entry = Entry.objects.create(case=case, at=when, text=body, operated_by=who, recorded_by=actor, recorded_at=now)
    audit_record(actor=actor, action="accidents.entry.added", target=case, clause="§2.7(1)", now=now,
                 after={"entry": entry.pk, "at": when.isoformat(), "text": body, "operated_by": who,
                        "witness_name": case.witness_name})
    return entry


@transaction.atomic
def case_record_cause(*, actor: User, case: AccidentCase, cause: str, now: datetime) -> AccidentCase:
    """The cause of the accident (§2.7(2)), while on site or before the report is filed."""
    case = _lock(case)
    perms.require(perms.can_work_case(actor, case))
    _open_refused(case)
    refused = table.investigating_refusal(case.status)
    if refused is not None:
        raise refused
    errors: dict[str, str] = {}
    text = _text(cause, field="cause", errors=errors, limit=TEXT_MAX)
    if errors:
        raise AccidentInvalid(errors)
    before = case.cause
    case.cause = text
    case.save(update_fields=["cause"])
    audit_record(actor=actor, action="accidents.case.cause_recorded", target=case, clause="§2.7(2)", now=now,
                 before={"cause": before}, after={"cause": text})
    return case


@transaction.atomic
def case_end_investigation(*, actor: User, case: AccidentCase, now: datetime) -> AccidentCase:
    """The investigation ends (cause recorded, §2.7(2)); the report is due within 5 working days
    (§2.7(4))."""
    case = _lock(case)
    perms.require(perms.can_work_case(actor, case))
    case = _move(case, actor=actor, name="end", action="investigation_ended", now=now,
                 fields={"investigation_ended_at": now}, cause=case.cause)
    deadline = deadline_open(kind=REPORT_KIND, clause="§2.7(4)", target=case, owner=actor, owner_unit=case.office,
                             start_at=now, working_days=report_working_days(), now=now, actor=actor)
    case.report_deadline = deadline
    case.save(update_fields=["report_deadline"])
    case.refresh_from_db(fields=["next_due_at"])
    return case


@transaction.atomic
def case_confirm_cause_removed(*, actor: User, case: AccidentCase, note: str, now: datetime) -> AccidentCase:
    """Confirmation that the cause is removed (§2.7(2)): then supply may be restored."""
    case = _lock(case)
    perms.require(perms.can_work_case(actor, case))
    _open_refused(case)
    if not case.cause.strip():
        raise RuleViolation("§2.7(2)", gettext_noop("须先记录事故原因。"))
    if case.cause_removed_at is not None:
        raise RuleViolation("§2.7(2)", gettext_noop("已确认事故原因消除。"))
    errors: dict[str, str] = {}
    text = _text(note, field="note", errors=errors, limit=TEXT_MAX)
    if errors:
        raise AccidentInvalid(errors)
    case.cause_removed_at, case.cause_removed_by, case.cause_removed_note = now, actor, text
    case.save(update_fields=["cause_removed_at", "cause_removed_by", "cause_removed_note"])
    audit_record(actor=actor, action="accidents.case.cause_removed", target=case, clause="§2.7(2)", now=now,
                 after={"cause_removed_at": now.isoformat(), "note": text})
    return case


@transaction.atomic
def case_restore(*, actor: User, case: AccidentCase, restored_at: datetime | None = None,
                 now: datetime) -> AccidentCase:
    """Supply restored (§2.7(2)), with its time: only once the cause is confirmed removed."""
    case = _lock(case)
    perms.require(perms.can_work_case(actor, case))
    _open_refused(case)
    refused = table.restoration_refusal(selectors.case_facts(case))
    if refused is not None:
        raise refused
    errors: dict[str, str] = {}
    at = _time(restored_at or now, field="restored_at", errors=errors, now=now)
    if at is not None and at < case.cause_removed_at:
        errors["restored_at"] = _("恢复供电时间不能早于确认原因消除的时间。")
    if errors:
        raise AccidentInvalid(errors)
    case.restored_at = at
    case.save(update_fields=["restored_at"])
    audit_record(actor=actor, action="accidents.case.restored", target=case, clause="§2.7(2)", now=now,
                 after={"restored_at": at.isoformat(),
                        "outage_minutes": int((at - case.reported_at).total_seconds() // 60)})
    return case


# -- the report and the four don't-let-go (§2.7(4)) --------------------------------------------------------

@transaction.atomic
def item_record(*, actor: User, case: AccidentCase, item: str, record: str, now: datetime) -> DontLetGo:
    """One of the four don't-let-go items carried out, with its record (§2.7(4))."""
    case = _lock(case)
    perms.require(perms.can_work_case(actor, case))
    _open_refused(case)
    errors: dict[str, str] = {}
    if item not in table.FOUR_ITEMS:
        errors["item"] = _("“%(value)s”不是可选值（%(choices)s）。") % {
            "value": item or "", "choices": ", ".join(table.FOUR_ITEMS)}
    text = _text(record, field="record", errors=errors, limit=TEXT_MAX)
    if errors:
        raise AccidentInvalid(errors)
    row = DontLetGo.objects.select_for_update().get(case=case, item=item)
    before = {"record": row.record, "done_at": _iso(row.done_at)}
    row.record, row.done_at, row.done_by = text, now, actor
    row.save(update_fields=["record", "done_at", "done_by"])
    audit_record(actor=actor, action="accidents.item.recorded", target=case, clause="§2.7(4)", now=now,
                 before=before, after={"item": item, "record": text, "done_at": now.isoformat()})
    return row


@transaction.atomic
def case_file_report(*, actor: User, case: AccidentCase, countermeasures: str = "", now: datetime) -> AccidentCase:
    """The accident investigation report (two copies) signed by the customer (the served
    `accident_report` document), the four items written, countermeasures proposed (§2.7(4)).
    Meets the report deadline (late if past it: the deadline says so)."""
    case = _lock(case)
    perms.require(perms.can_work_case(actor, case))
    errors: dict[str, str] = {}
    text = _text(countermeasures, field="countermeasures", errors=errors, limit=TEXT_MAX, required=False)
    if errors:
        raise AccidentInvalid(errors)
    report = selectors.signed_report(case)
    late = case.report_deadline is not None and now > case.report_deadline.due_at
    case = _move(case, actor=actor, name="file_report", action="report_filed", now=now,
                 fields={"report_filed_at": now, "report_number": report.number if report else "",
                         "countermeasures": text},
                 report=report.number if report else None, countermeasures=text, late=late)
    if case.report_deadline_id is not None:
        deadline_meet(deadline=case.report_deadline, now=now, actor=actor)
    return case


# -- the result notice, re-inspection, referral (§2.7(6)) ----------------------------------------------------

@transaction.atomic
def case_issue_notice(*, actor: User, case: AccidentCase, rectification_date: date | None,
                      now: datetime) -> AccidentCase:
    """The accident result notice (事故调查结果通知书) served, with its rectification deadline
    (§2.7(6)): the served `accident_result_notice` document is required. The deadline
    (`accident.rectification`) runs to the end of the chosen day and belongs to the business
    office."""
    case = _lock(case)
    perms.require(perms.can_work_case(actor, case))
    errors: dict[str, str] = {}
    start = now.replace(second=0, microsecond=0)
    if rectification_date is not None and rectification_date < _local_day(now):
        errors["rectification_date"] = _("整改期限不能早于今天。")
    elif rectification_date is not None and (_end_of(rectification_date) - start).total_seconds() / 60 > MAX_MINUTES:
        errors["rectification_date"] = _("整改期限不能超过一年。")
    if errors:
        raise AccidentInvalid(errors)
    case.rectification_date = rectification_date
    table.check("issue_notice", case.status, selectors.case_facts(case))
    notice = selectors.served_notice(case)
    if notice is None:
        raise RuleViolation("§2.7(6)", gettext_noop("事故调查结果通知书签发并送达客户后，才能登记。"))
    case = _move(case, actor=actor, name="issue_notice", action="notice_issued", now=now,
                 fields={"rectification_date": rectification_date, "notice_number": notice.number,
                         "notice_issued_at": notice.served_at or now},
                 notice=notice.number, rectification_date=rectification_date.isoformat())
    minutes = int((_end_of(rectification_date) - start).total_seconds() // 60)
    case.rectification_deadline = deadline_open(
        kind=RECTIFICATION_KIND, clause="§2.7(6)", target=case, owner=None, owner_unit=case.office, start_at=start,
        minutes=minutes, now=now, actor=actor)
    case.save(update_fields=["rectification_deadline"])
    case.refresh_from_db(fields=["next_due_at"])
    return case


def _end_rectification(case: AccidentCase, *, actor: User, now: datetime) -> bool:
    """Meet the rectification deadline (when the case has one); whether it was met late."""
    if case.rectification_deadline_id is None:
        return case.rectification_date is not None and _local_day(now) > case.rectification_date
    deadline = deadline_meet(deadline=case.rectification_deadline, now=now, actor=actor)
    case.refresh_from_db(fields=["next_due_at"])
    return not met_in_time(deadline.met_at, deadline.due_at)


@transaction.atomic
def case_reinspect(*, actor: User, case: AccidentCase, note: str, now: datetime) -> AccidentCase:
    """The rectification re-inspected and found done (§2.7(6)): meets its deadline; `late` when
    after it."""
    case = _lock(case)
    perms.require(perms.can_work_case(actor, case))
    errors: dict[str, str] = {}
    text = _text(note, field="note", errors=errors, limit=TEXT_MAX)
    if errors:
        raise AccidentInvalid(errors)
    deadline = case.rectification_deadline
    late = (not met_in_time(now, deadline.due_at) if deadline is not None
            else case.rectification_date is not None and _local_day(now) > case.rectification_date)
    case = _move(case, actor=actor, name="reinspect", action="reinspected", now=now,
                 fields={"reinspected_at": now, "reinspected_by": actor, "reinspection_note": text},
                 note=text, late=late)
    _end_rectification(case, actor=actor, now=now)
    return case


@transaction.atomic
def case_record_refusal(*, actor: User, case: AccidentCase, note: str, now: datetime) -> AccidentCase:
    """The customer refuses to rectify (§2.7(6)), found at the re-inspection: the rectification
    deadline ends (met by this re-inspection); the referral follows."""
    case = _lock(case)
    perms.require(perms.can_work_case(actor, case))
    if case.status != Status.NOTICE_ISSUED:
        raise RuleViolation("§2.7(6)", gettext_noop("只有结果通知书送达后、复查时才能登记拒不整改。"))
    errors: dict[str, str] = {}
    text = _text(note, field="note", errors=errors, limit=TEXT_MAX)
    if errors:
        raise AccidentInvalid(errors)
    case.refused_at, case.refusal_note, case.reinspected_at, case.reinspected_by = now, text, now, actor
    case.save(update_fields=["refused_at", "refusal_note", "reinspected_at", "reinspected_by"])
    late = _end_rectification(case, actor=actor, now=now)
    audit_record(actor=actor, action="accidents.case.refusal_recorded", target=case, clause="§2.7(6)", now=now,
                 after={"refused_at": now.isoformat(), "note": text, "late": late})
    return case


@transaction.atomic
def case_refer(*, actor: User, case: AccidentCase, note: str, now: datetime) -> AccidentCase:
    """A refusal to rectify reported to company management (§2.7(6)); the rectification deadline
    stays ended."""
    case = _lock(case)
    perms.require(perms.can_work_case(actor, case))
    errors: dict[str, str] = {}
    text = _text(note, field="note", errors=errors, limit=TEXT_MAX)
    if errors:
        raise AccidentInvalid(errors)
    case = _move(case, actor=actor, name="refer", action="referred", now=now,
                 fields={"referred_at": now, "referral_note": text}, note=text, refusal=case.refusal_note)
    _end_rectification(case, actor=actor, now=now)
    return case


@transaction.atomic
def case_close(*, actor: User, case: AccidentCase, note: str = "", now: datetime) -> AccidentCase:
    """Close the case: refused while any of the four don't-let-go items is open (§2.7(4)) or
    supply is not restored (§2.7(2)); managers over the customer's office."""
    case = _lock(case)
    perms.require(perms.can_close_case(actor, case))
    errors: dict[str, str] = {}
    text = _text(note, field="note", errors=errors, limit=TEXT_MAX, required=False)
    if errors:
        raise AccidentInvalid(errors)
    return _move(case, actor=actor, name="close", action="closed", now=now,
                 fields={"closed_at": now, "closing_note": text}, note=text)


# -- compensation and other damage (§2.7(5)) -------------------------------------------------------------

def _amount(value: Any) -> Decimal:
    try:
        return Decimal(str(value if value is not None else "0")).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return Decimal("0.00")


@transaction.atomic
def case_calculate_compensation(*, actor: User, case: AccidentCase, data: dict, now: datetime) -> AccidentCase:
    """The compensation the customer owes when their fault caused an outage of the company's
    supply to others (§2.7(5)): the calculator's `compensation` kind with the case's utility and
    enterprise (last month's average price). Again before charging replaces it."""
    from utilicase.fees.domain.errors import CalculationInvalid
    from utilicase.fees.services import calculate

    case = _lock(case)
    perms.require(perms.can_work_case(actor, case))
    _open_refused(case)
    if case.compensation_charged_at is not None:
        raise RuleViolation("§2.7(5)", gettext_noop("赔偿已生成应收款，不能重新计算。"))
    if not isinstance(data, dict):
        raise AccidentInvalid({"data": _("须为计算参数对象。")})
    payload = {**data, "kind": "compensation",
               "utility": {"POWER": "electricity", "HEAT": "heat", "GAS": "gas"}.get(case.utility, "")}
    try:
        result = calculate(payload, enterprise=case.customer.enterprise)
    except CalculationInvalid as exc:
        # the calculator's reasons stay marked messages (a Message with its values), so pages
        # and the API give them in the reader's language
        raise AccidentInvalid({f"data.{k}": v if isinstance(v, Message) else Message(str(v))
                               for k, v in exc.errors.items()}) from None
    before = {"compensation": str(case.compensation)}
    case.compensation_input, case.compensation_result = payload, result
    case.compensation = _amount(result.get("total_yuan"))
    case.compensation_calculated_at = now
    case.save(update_fields=["compensation_input", "compensation_result", "compensation",
                             "compensation_calculated_at"])
    audit_record(actor=actor, action="accidents.compensation.calculated", target=case, clause="§2.7(5)", now=now,
                 before=before, after={"input": payload, "compensation": str(case.compensation),
                                       "lines": result.get("lines", [])})
    return case


@transaction.atomic
def case_charge_compensation(*, actor: User, case: AccidentCase, due_date: date | None, now: datetime):
    """The compensation becomes a COMPENSATION receivable of the case in billing (§2.7(5)), for
    the billing export."""
    from utilicase.billing.services import receivable_create

    case = _lock(case)
    perms.require(perms.can_work_case(actor, case))
    _open_refused(case)
    if case.compensation_calculated_at is None or case.compensation <= 0:
        raise RuleViolation("§2.7(5)", gettext_noop("须先计算赔偿金额。"))
    if case.compensation_charged_at is not None:
        raise RuleViolation("§2.7(5)", gettext_noop("赔偿已生成应收款。"))
    errors: dict[str, str] = {}
    if due_date is None:
        errors["due_date"] = _("必填。")
    elif due_date < _local_day(now):
        errors["due_date"] = _("缴费期限不能早于今天。")
    if errors:
        raise AccidentInvalid(errors)
    receivable = receivable_create(
        actor=actor, target_type=TARGET_TYPE, target_id=str(case.pk), case_number=case.number,
        account_number=case.customer.account_number, fee_type="COMPENSATION", amount=case.compensation,
        due_date=due_date, document_number=case.notice_number or case.report_number,
        breakdown=selectors.compensation_lines(case=case), now=now)
    case.compensation_charged_at = now
    case.save(update_fields=["compensation_charged_at"])
    audit_record(actor=actor, action="accidents.compensation.charged", target=case, clause="§2.7(5)", now=now,
                 after={"receivable": receivable.pk, "amount": str(case.compensation),
                        "due_date": due_date.isoformat()})
    return receivable


@transaction.atomic
def damage_record(*, actor: User, case: AccidentCase, description: str, assessment: str,
                  assessed_amount: Decimal | str | None, claim: str = "", now: datetime) -> Damage:
    """Other damage of the accident with its assessment (§2.7(5)); the claim, when made."""
    case = _lock(case)
    perms.require(perms.can_work_case(actor, case))
    _open_refused(case)
    errors: dict[str, str] = {}
    what = _text(description, field="description", errors=errors, limit=TEXT_MAX)
    how = _text(assessment, field="assessment", errors=errors, limit=TEXT_MAX)
    claimed = _text(claim, field="claim", errors=errors, limit=TEXT_MAX, required=False)
    try:
        amount = Decimal(str(assessed_amount)).quantize(Decimal("0.01"))
        if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["assessed_amount"] = _("应为不小于 0 的金额。")
        amount = Decimal("0")
    if errors:
        raise AccidentInvalid(errors)
    damage = Damage.objects.create(case=case, description=what, assessment=how, assessed_amount=amount,
                                   claim=claimed, status=ClaimStatus.CLAIMED if claimed else ClaimStatus.ASSESSED,
                                   recorded_by=actor, recorded_at=now)
    audit_record(actor=actor, action="accidents.damage.recorded", target=case, clause="§2.7(5)", now=now,
                 after={"damage": damage.pk, "description": what, "assessment": how,
                        "assessed_amount": str(amount), "claim": claimed, "status": damage.status})
    return damage


@transaction.atomic
def damage_claim(*, actor: User, damage: Damage, claim: str, settled: bool = False, now: datetime) -> Damage:
    """The claim of other damage made (or settled) (§2.7(5))."""
    damage = Damage.objects.select_for_update().select_related("case", "case__office").get(pk=damage.pk)
    perms.require(perms.can_work_case(actor, damage.case))
    errors: dict[str, str] = {}
    text = _text(claim, field="claim", errors=errors, limit=TEXT_MAX)
    if errors:
        raise AccidentInvalid(errors)
    before = {"claim": damage.claim, "status": damage.status}
    damage.claim, damage.status = text, ClaimStatus.SETTLED if settled else ClaimStatus.CLAIMED
    damage.save(update_fields=["claim", "status"])
    audit_record(actor=actor, action="accidents.damage.claimed", target=damage.case, clause="§2.7(5)", now=now,
                 before=before, after={"damage": damage.pk, "claim": text, "status": damage.status})
    return damage


def case_sync_due(target_ids: list[str]) -> None:
    """Copy each case's earliest open deadline to `next_due_at`, in one statement (a due
    listener of the calendar)."""
    deadlines = Deadline.objects.filter(target_type=TARGET_TYPE, target_id=Cast(OuterRef("pk"), CharField()),
                                        met_at__isnull=True)
    AccidentCase.objects.filter(pk__in=[int(i) for i in target_ids if str(i).isdigit()]).update(
        next_due_at=Subquery(deadlines.order_by("due_at").values("due_at")[:1]))
