"""A complaint's states and transitions (§6.5, §6.6), pure: no Django.

    state      action          to         clause          refused when (guard → clause)
    ─────────  ──────────────  ─────────  ──────────────  ──────────────────────────────────────────────
    RECEIVED   complete_form   RECEIVED   §6.6(6)         the form is already complete → §6.6(6)
    RECEIVED   confirm_record  RECEIVED   §6.5(ii)(7)     the record is already confirmed → §6.5(ii)(7);
                                                          without its proof (confirmation_refusal): a visit
                                                          neither signed nor a contact left, a call without
                                                          the customer's answer → §6.5(ii)(7)
    RECEIVED   assess          ASSESSED   §6.6(1-4)       the form is not complete → §6.5(i);
    ASSESSED                                              a visit or call not read back and confirmed
                                                          → §6.5(ii)(7)
    RECEIVED   route           ROUTED     §6.5(i)         not assessed → §6.6(4);
    ASSESSED                                              an opinion-book complaint sent anywhere but to
    ROUTED                                                the hall head by anyone but the hall head, or
                                                          by the head without the reason → §6.6(7)
    ROUTED     reply           REPLIED    §6.6(8)         a posted reply to a customer who left a contact,
                                                          any other to one who left none → §6.5(i);
                                                          an opinion-book reply not by the contact the
                                                          customer left → §6.6(7)
    REPLIED    return_visit    REPLIED,   §6.6(8)         the customer left no contact (answered by a
                               REOPENED                   posting) → §6.6(8)
    REOPENED   reply_again     REPLIED    §6.6(8)
    RECEIVED   close           CLOSED     §6.6(8)         no reply recorded → §6.6(8);
    ASSESSED                                              reopened and not yet answered again → §6.6(8)
    ROUTED
    REPLIED
    REOPENED

Reading the table: a complaint is received (§6.5(i)) — from the opinion box or the opinion book
also with no contact left, and then its answer is posted where the company posts answers; the
form is completed, for a visit or a call within 15 minutes of the end of reception (§6.6(6): a
late form is recorded as late, not refused; written channels have no reception to end); a visit or a
call is read back to the customer and confirmed (§6.5(ii)(7)) — written channels (opinion
book, opinion box, letter, online) are the customer's own words and need no read-back; it is
assessed (classified, impact, validity, fault; §6.6(1-4)) and may be re-assessed until routed;
it is routed to a department, or to the service hall itself (its head answers it). An
opinion-book complaint is the hall head's to decide (§6.6(7)): the receiving clerk can only pass
it to the head; the head answers it directly, by the contact the customer left (a phone: by
phone or text message; an address: by letter; never "in person"), or, saying why it cannot be
answered directly, passes it to leadership (the company's or an enterprise's deputy manager) or
to a department. The routed unit replies (§6.6(8)); only a replied
complaint can be closed.

After the reply the hall calls the customer back (回访, the return visit of 95598 practice): the
customer's satisfaction is recorded; a customer not satisfied reopens the complaint to the one
who replied, with a new limit of 5 working days from the visit (the §6.6(8) limit again), and it
is answered again before it can be closed. A customer who left no contact cannot be called back.

Actions that change no state sit outside the table: the hand-over of first-contact
responsibility (§6.5(ii)(1), refused once closed), linking (any time), and two records of the
counter (§6.5(ii)(2)-(3), visits only, each once): an upset visitor was taken to the VIP room,
and the hall head was told because the customer complained in the middle of being served.

Guard messages are Chinese (the source language); `gettext_noop` only marks them for
makemessages, and pages translate them when they show them.
"""

from dataclasses import dataclass

from utilicase.core.i18n import gettext_noop
from utilicase.core.rules import RuleViolation
from utilicase.core.transitions import Transition, TransitionTable

RECEIVED = "RECEIVED"
ASSESSED = "ASSESSED"
ROUTED = "ROUTED"
REPLIED = "REPLIED"
CLOSED = "CLOSED"
REOPENED = "REOPENED"  # the customer was not satisfied at the return visit: answered again
STATES = (RECEIVED, ASSESSED, ROUTED, REPLIED, REOPENED, CLOSED)

# Channels where the customer speaks to us and the record is ours, so it is read back (§6.5(ii)(7)).
SPOKEN_CHANNELS = frozenset({"VISIT", "PHONE"})
OPINION_BOOK = "OPINION_BOOK"
# Written channels where a customer may leave no contact at all (§6.5(i)): answered by a posting.
ANONYMOUS_CHANNELS = frozenset({OPINION_BOOK, "OPINION_BOX"})
POSTED = "POSTED"


@dataclass(frozen=True)
class Facts:
    """What the guards look at: a plain snapshot of the complaint (and of the routing asked
    for, when there is one)."""

    channel: str
    form_completed: bool = False
    record_confirmed: bool = False
    assessed: bool = False
    routed_to_hall: bool = False  # the complaint is now with its own service hall (the hall head)
    has_reply: bool = False
    phone_left: bool = False  # the customer left a phone number (on the complaint or its customer record)
    address_left: bool = False  # the customer left an address (its customer record)
    no_contact: bool = False  # neither a customer record nor a phone: an anonymous box or book complaint
    # The routing asked for: to the complaint's own hall (True), elsewhere (False), not known (None:
    # a page listing the actions before anyone has chosen a unit).
    route_to_hall: bool | None = None
    by_hall_head: bool | None = None  # the actor is the complaint's hall head (None: not known)
    reason_given: bool | None = None  # the routing says why (None: not known)
    reply_method: str | None = None  # the reply asked for (None: not known)
    reopened: bool = False  # not satisfied at the return visit and not yet answered again


def _form_not_yet_completed(f: Facts) -> RuleViolation | None:
    if f.form_completed:
        return RuleViolation("§6.6(6)", gettext_noop("投诉单已经填写完成。"))
    return None


def _record_not_yet_confirmed(f: Facts) -> RuleViolation | None:
    if f.record_confirmed:
        return RuleViolation("§6.5(ii)(7)", gettext_noop("记录已经由客户核对确认。"))
    return None


def _form_completed(f: Facts) -> RuleViolation | None:
    if not f.form_completed:
        return RuleViolation("§6.5(i)", gettext_noop("请先填写完成投诉工作单，再进行分类研判。"))
    return None


def _spoken_record_confirmed(f: Facts) -> RuleViolation | None:
    if f.channel in SPOKEN_CHANNELS and not f.record_confirmed:
        return RuleViolation("§6.5(ii)(7)", gettext_noop("来人、来电投诉须先向客户核对笔录并经确认。"))
    return None


def _assessed(f: Facts) -> RuleViolation | None:
    if not f.assessed:
        return RuleViolation("§6.6(4)", gettext_noop("投诉尚未分类研判（分类、影响程度、是否成立），不得转交相关部门。"))
    return None


def _opinion_book_decided_by_hall_head(f: Facts) -> RuleViolation | None:
    """§6.6(7): only the hall head sends an opinion-book complaint past the hall, with the reason."""
    if f.channel != OPINION_BOOK or f.route_to_hall is True:
        return None
    past_head = f.route_to_hall is False or f.routed_to_hall  # not known yet: refused once with the head
    if past_head and f.by_hall_head is False:
        return RuleViolation("§6.6(7)", gettext_noop(
            "意见簿投诉由营业厅负责人决定直接答复或向领导、相关部门反映；受理人员只能转营业厅负责人。"))
    if f.route_to_hall is False and f.reason_given is False:
        return RuleViolation("§6.6(7)", gettext_noop("营业厅负责人向领导或相关部门反映时，须说明无法直接答复的原因。"))
    return None


def _posted_only_without_contact(f: Facts) -> RuleViolation | None:
    """§6.5(i): every complaint is answered and the answer recorded; with nobody to call, the
    answer is posted (a notice, the hall's board), and only then."""
    if f.reply_method is None or f.no_contact == (f.reply_method == POSTED):
        return None
    if f.no_contact:
        return RuleViolation("§6.5(i)", gettext_noop(
            "客户未留联系方式：以公告（公告、营业厅公示栏）答复，并记录公告的地方和内容。"))
    return RuleViolation("§6.5(i)", gettext_noop("客户留有联系方式，须直接答复客户，不能只发公告。"))


# How an opinion-book complaint is answered by the contact left (§6.6(7)).
_METHOD_NEEDS = {"PHONE": "phone", "SMS": "phone", "LETTER": "address"}


def _reply_by_contact_left(f: Facts) -> RuleViolation | None:
    if f.channel != OPINION_BOOK or f.reply_method is None or f.no_contact:
        return None
    need = _METHOD_NEEDS.get(f.reply_method)
    if need is None or not (f.phone_left if need == "phone" else f.address_left):
        return RuleViolation("§6.6(7)", gettext_noop(
            "意见簿投诉须按客户留下的联系方式答复（留电话的电话或短信答复，留地址的书面答复）。"))
    return None


def _has_reply(f: Facts) -> RuleViolation | None:
    if not f.has_reply:
        return RuleViolation("§6.6(8)", gettext_noop("投诉须答复后才能办结（答复率100%）。"))
    return None


def _contact_to_call_back(f: Facts) -> RuleViolation | None:
    if f.no_contact:
        return RuleViolation("§6.6(8)", gettext_noop("客户未留联系方式（已公告答复），无法回访。"))
    return None


def _not_reopened(f: Facts) -> RuleViolation | None:
    if f.reopened:
        return RuleViolation("§6.6(8)", gettext_noop("客户对答复不满意，须重新处理并再次答复后才能办结。"))
    return None


# What the customer says at the return visit; one not satisfied reopens the complaint.
SATISFIED, BASICALLY_SATISFIED, DISSATISFIED = "SATISFIED", "BASICALLY_SATISFIED", "DISSATISFIED"
SATISFACTIONS = (SATISFIED, BASICALLY_SATISFIED, DISSATISFIED)
REDO_WORKING_DAYS = 5  # the §6.6(8) limit, counted again from the visit


def after_return_visit(*, reached: bool, satisfaction: str | None) -> str:
    """The state after a return visit: reopened when the customer reached says they are not
    satisfied; otherwise the complaint stays replied (and can be closed, or visited again)."""
    return REOPENED if reached and satisfaction == DISSATISFIED else REPLIED


TABLE = TransitionTable(
    states=STATES,
    transitions=[
        Transition("complete_form", frozenset({RECEIVED}), RECEIVED, "§6.6(6)", (_form_not_yet_completed,)),
        Transition("confirm_record", frozenset({RECEIVED}), RECEIVED, "§6.5(ii)(7)", (_record_not_yet_confirmed,)),
        Transition("assess", frozenset({RECEIVED, ASSESSED}), ASSESSED, "§6.6(1-4)",
                   (_form_completed, _spoken_record_confirmed)),
        Transition("route", frozenset({RECEIVED, ASSESSED, ROUTED}), ROUTED, "§6.5(i)",
                   (_assessed, _opinion_book_decided_by_hall_head)),
        Transition("reply", frozenset({ROUTED}), REPLIED, "§6.6(8)",
                   (_posted_only_without_contact, _reply_by_contact_left)),
        Transition("return_visit", frozenset({REPLIED}), REPLIED, "§6.6(8)", (_contact_to_call_back,)),
        Transition("reply_again", frozenset({REOPENED}), REPLIED, "§6.6(8)"),
        Transition("close", frozenset({RECEIVED, ASSESSED, ROUTED, REPLIED, REOPENED}), CLOSED, "§6.6(8)",
                   (_has_reply, _not_reopened)),
    ],
)

# Steps done once and for all: a page lists them neither as possible nor as refused.
_DONE = {
    "complete_form": lambda f: f.form_completed,
    "confirm_record": lambda f: f.record_confirmed,
}


def already_done(name: str, f: Facts) -> bool:
    return name in _DONE and _DONE[name](f)


# Where the route itself is governed by the opinion-book rule, its event cites that rule.
ROUTE_TO_HALL_HEAD_CLAUSE = "§6.6(7)"


def hand_over_refusal(status: str) -> RuleViolation | None:
    """First-contact responsibility passes by a recorded hand-over while the complaint is open."""
    if status == CLOSED:
        return RuleViolation("§6.5(ii)(1)", gettext_noop("投诉已办结，首问责任不再移交。"))
    return None


# How the customer confirms the record (§6.5(ii)(7)): at a visit by signing on screen or by
# leaving a contact; on a call by answering the read-back.
SIGNATURE, CONTACT, READ_BACK = "SIGNATURE", "CONTACT", "READ_BACK"
CONFIRMATION_METHODS = {"VISIT": frozenset({SIGNATURE, CONTACT}), "PHONE": frozenset({READ_BACK})}


def confirmation_refusal(*, channel: str, method: str, signed: bool, contact: str, answer: str) -> RuleViolation | None:
    """The confirmation names its proof: the signature, the contact left, or the customer's answer."""
    if method not in CONFIRMATION_METHODS.get(channel, frozenset()):
        return RuleViolation("§6.5(ii)(7)", gettext_noop(
            "来人投诉由客户在工作单上签名或留下联系方式确认；来电投诉须复述笔录并记录客户的答复。"))
    if method == SIGNATURE and not signed:
        return RuleViolation("§6.5(ii)(7)", gettext_noop("请客户在工作单上签名确认。"))
    if method == CONTACT and not contact.strip():
        return RuleViolation("§6.5(ii)(7)", gettext_noop("请客户留下联系方式。"))
    if method == READ_BACK and not answer.strip():
        return RuleViolation("§6.5(ii)(7)", gettext_noop("请记录客户对复述笔录的答复。"))
    return None


def assessment_refusal(*, company_at_fault: bool, apology_text: str) -> RuleViolation | None:
    """Where the company is at fault the customer gets a sincere apology, recorded (§6.6(3))."""
    if company_at_fault and not apology_text.strip():
        return RuleViolation("§6.6(3)", gettext_noop("属我方原因的投诉须诚恳道歉，请记录致歉内容。"))
    return None


# What the counter records of a visit (§6.5(ii)(2)-(3)), each with the item it follows.
VIP_ROOM, HALL_HEAD_TOLD = "vip_room", "hall_head_told"
COUNTER_RECORD_CLAUSES = {VIP_ROOM: "§6.5(ii)(2)", HALL_HEAD_TOLD: "§6.5(ii)(3)"}


def counter_record_refusal(*, kind: str, channel: str, done: bool) -> RuleViolation | None:
    """§6.5(ii)(2): an upset visitor is taken to the VIP room (贵宾室); §6.5(ii)(3): a customer
    who complains while being served is reported to the hall head. Both happen at the counter:
    only a visit records them, once each."""
    clause = COUNTER_RECORD_CLAUSES[kind]
    if channel != "VISIT":
        if kind == VIP_ROOM:
            return RuleViolation(clause, gettext_noop("只有来人投诉才有引导客户到贵宾室的记录。"))
        return RuleViolation(clause, gettext_noop("只有来人投诉（服务中当面投诉）才有报告营业厅负责人的记录。"))
    if done:
        if kind == VIP_ROOM:
            return RuleViolation(clause, gettext_noop("已记录引导客户到贵宾室。"))
        return RuleViolation(clause, gettext_noop("已记录报告营业厅负责人。"))
    return None
