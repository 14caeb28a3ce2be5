"""Field work orders (现场服务工单, chapter 4): the seven kinds (§4.3), the stages, and the pure
rules of the appointment (§4.4(1)), the checklists (§4.4(2), (4)), the arrival (§4.4(3)), the
finish (§4.4(5)), the rating and the meals and lodging declaration (§4.4(6)). No Django here."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from utilicase.core.i18n import gettext_noop
from utilicase.core.rules import RuleViolation

# §4.3: the seven kinds
NEW_CONNECTION = "NEW_CONNECTION"
METERING = "METERING"
READING_ARREARS = "READING_ARREARS"
FAULT_REPAIR = "FAULT_REPAIR"
SUSPENSION_RESTORATION = "SUSPENSION_RESTORATION"
LOAD_MANAGEMENT = "LOAD_MANAGEMENT"
INSPECTION = "INSPECTION"
KINDS = (NEW_CONNECTION, METERING, READING_ARREARS, FAULT_REPAIR, SUSPENSION_RESTORATION, LOAD_MANAGEMENT,
         INSPECTION)

# the case type a kind may (or must) refer to, through the case registry
ENFORCEMENT_TYPE = "enforcement.enforcementcase"
INSPECTION_TYPE = "inspections.inspectionorder"
LINKS = {SUSPENSION_RESTORATION: ENFORCEMENT_TYPE, INSPECTION: INSPECTION_TYPE}
LINK_REQUIRED = frozenset({INSPECTION})

# stages
NEW = "NEW"
APPOINTED = "APPOINTED"
DEPARTED = "DEPARTED"
ARRIVED = "ARRIVED"
WORKING = "WORKING"
COMPLETED = "COMPLETED"
CANCELLED = "CANCELLED"
STATUSES = (NEW, APPOINTED, DEPARTED, ARRIVED, WORKING, COMPLETED, CANCELLED)
CLOSED = frozenset({COMPLETED, CANCELLED})

# checklist stages
BEFORE_LEAVING = "BEFORE_LEAVING"  # §4.4(2)
BEFORE_WORK = "BEFORE_WORK"  # §4.4(4)
CHECKLIST_CLAUSE = {BEFORE_LEAVING: "§4.4(2)", BEFORE_WORK: "§4.4(4)"}

# who answered the appointment call (§4.4(1))
CUSTOMER = "CUSTOMER"
OTHER = "OTHER"

# damage remedies (§4.4(5))
REPAIR = "REPAIR"
COMPENSATION = "COMPENSATION"

RATING_MIN, RATING_MAX = 1, 5
HOTLINE = "95598"

# §4.4(1): the phone script shown to the worker while calling, in order ({company} and {customer}
# are filled in).
PHONE_SCRIPT = (
    gettext_noop("您好，我是天富热电{company}工作人员。请问是{customer}吗？"),
    gettext_noop("如接电话的不是客户本人：请问客户本人的联系电话是多少？"),
    gettext_noop("我们需要上门办理{service}，请问您方便的时间是？（尽量满足客户的要求）"),
    gettext_noop("请确认服务地址：{address}。"),
    gettext_noop("请您事先准备：{preparation}"),
    gettext_noop("感谢您的支持，再见！"),
)


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    clause: str


TABLE = {t.name: t for t in (
    Transition("appoint", frozenset({NEW, APPOINTED}), APPOINTED, "§4.4(1)"),
    Transition("depart", frozenset({APPOINTED}), DEPARTED, "§4.4(2)"),
    Transition("arrive", frozenset({DEPARTED}), ARRIVED, "§4.4(3)"),
    Transition("start_work", frozenset({ARRIVED}), WORKING, "§4.4(4)"),
    Transition("finish", frozenset({WORKING}), COMPLETED, "§4.4(5)"),
    Transition("cancel", frozenset({NEW, APPOINTED, DEPARTED, ARRIVED, WORKING}), CANCELLED, "§4.3"),
)}
# what may be recorded in which stages (no change of stage)
RECORD_STAGES = {
    "assign": (frozenset({NEW, APPOINTED}), "§4.3"),
    "announce_delay": (frozenset({APPOINTED, DEPARTED}), "§4.4(3)"),
    "notify_delay": (frozenset({APPOINTED, DEPARTED, ARRIVED}), "§4.4(3)"),
    "record_damage": (frozenset({ARRIVED, WORKING}), "§4.4(5)"),
    "finish_facts": (frozenset({WORKING}), "§4.4(5)"),
    "declare_meals": (frozenset({APPOINTED, DEPARTED, ARRIVED, WORKING}), "§4.4(6)"),
    "rate": (frozenset({COMPLETED}), "§4.4(5)"),
}


def check(name: str, status: str) -> None:
    """RuleViolation when transition or record `name` is not open in `status`."""
    transition = TABLE.get(name)
    sources, clause = (transition.sources, transition.clause) if transition else RECORD_STAGES[name]
    if status not in sources:
        raise RuleViolation(clause, gettext_noop("现场服务工单当前状态（%(status)s）不允许此操作。"), {"status": status})


def link_refusal(*, kind: str, link_type: str) -> RuleViolation | None:
    """§4.3: an inspection order is linked to its inspection (chapter 2); a suspension or
    restoration may be linked to its enforcement case; no other kind carries a link."""
    expected = LINKS.get(kind)
    if link_type and link_type != expected:
        return RuleViolation("§4.3", gettext_noop("该类现场服务不能关联此类案件。"))
    if not link_type and kind in LINK_REQUIRED:
        return RuleViolation("§4.3", gettext_noop("用电检查类现场服务须关联检查工作单。"))
    return None


def appointment_refusal(*, reached: str, customer_contact: str, address_confirmed: bool,
                        slot_start: datetime, slot_end: datetime) -> RuleViolation | None:
    """§4.4(1): someone other than the customer answered → the customer's contact is asked for;
    the address is confirmed; the slot is a real interval."""
    if reached == OTHER and not customer_contact.strip():
        return RuleViolation("§4.4(1)", gettext_noop("接电话的不是客户本人时，须询问并记录客户本人的联系方式。"))
    if not address_confirmed:
        return RuleViolation("§4.4(1)", gettext_noop("须与客户确认服务地址。"))
    if slot_end <= slot_start:
        return RuleViolation("§4.4(1)", gettext_noop("预约时段的结束时间须晚于开始时间。"))
    return None


def checklist_refusal(*, stage: str, items: list[str], checked: list[str]) -> RuleViolation | None:
    """§4.4(2), (4): every configured item of the stage is ticked."""
    missing = [item for item in items if item not in set(checked)]
    if missing:
        return RuleViolation(CHECKLIST_CLAUSE[stage], gettext_noop("检查单尚未完成：%(items)s。"),
                             {"items": "、".join(missing)})
    return None


def minutes_late(*, arrived_at: datetime, slot_end: datetime) -> int:
    """§4.4(3): on time is within the agreed slot; late by the whole minutes past its end."""
    seconds = (arrived_at - slot_end).total_seconds()
    return int(seconds // 60) if seconds >= 60 else 0


def arrival_refusal(*, late: int, apology: str) -> RuleViolation | None:
    if late and not apology.strip():
        return RuleViolation("§4.4(3)", gettext_noop("迟到须向客户致歉并记录致歉情况。"))
    return None


def delay_refusal(*, now: datetime, slot_start: datetime) -> RuleViolation | None:
    """§4.4(3): a delay known beforehand is told before the slot begins."""
    if now >= slot_start:
        return RuleViolation("§4.4(3)", gettext_noop("预约时段已开始，不能再登记事先告知的延误。"))
    return None


def damage_refusal(*, remedy: str, amount: Decimal | None) -> RuleViolation | None:
    """§4.4(5): damage to the customer's property is repaired or compensated (with the amount)."""
    if remedy == COMPENSATION and (amount is None or amount <= 0):
        return RuleViolation("§4.4(5)", gettext_noop("赔偿须记录赔偿金额。"))
    return None


def meals_refusal(*, happened: bool, amount: Decimal | None, paid_to: str) -> RuleViolation | None:
    """§4.4(6): no meals or lodging at the customer's; where it happened, the payment made."""
    if happened and (amount is None or amount <= 0 or not paid_to.strip()):
        return RuleViolation("§4.4(6)", gettext_noop("在客户处食宿的，须记录已付的费用和收款人。"))
    return None


@dataclass(frozen=True)
class FinishFacts:
    borrowed_returned: bool
    damages_unresolved: int
    confirmed: bool
    safety_reminded: bool
    meals_declared: bool


def finish_refusal(facts: FinishFacts) -> RuleViolation | None:
    """§4.4(5), (6): completion requires borrowed items returned, every damage with its remedy,
    the customer's confirmation, the safety reminder, and the meals and lodging declaration."""
    if not facts.safety_reminded:
        return RuleViolation("§4.4(5)", gettext_noop("须向客户进行安全提示。"))
    if not facts.borrowed_returned:
        return RuleViolation("§4.4(5)", gettext_noop("须先归还借用客户的物品。"))
    if facts.damages_unresolved:
        return RuleViolation("§4.4(5)", gettext_noop("损坏客户财物的，须先记录修复或赔偿。"))
    if not facts.confirmed:
        return RuleViolation("§4.4(5)", gettext_noop("须由客户签字确认现场服务工单。"))
    if not facts.meals_declared:
        return RuleViolation("§4.4(6)", gettext_noop("须填写食宿情况声明。"))
    return None


def rating_refusal(*, rating: int, already_rated: bool) -> RuleViolation | None:
    if already_rated:
        return RuleViolation("§4.4(5)", gettext_noop("该工单已评价。"))
    if not isinstance(rating, int) or isinstance(rating, bool) or not RATING_MIN <= rating <= RATING_MAX:
        return RuleViolation("§4.4(5)", gettext_noop("评价须为 1 至 5 分。"))
    return None
