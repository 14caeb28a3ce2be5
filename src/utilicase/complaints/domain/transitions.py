"""A complaint's states and transitions (§6.5, §6.6), pure: no Django.

    state      action          to         clause          refused when (guard → clause)
    ─────────  ──────────────  ─────────  ──────────────  ──────────────────────────────────────────────
    RECEIVED   complete_form   RECEIVED   §6.6(6)         the form is already complete → §6.6(6)
    RECEIVED   confirm_record  RECEIVED   §6.5(ii)(7)     the record is already confirmed → §6.5(ii)(7)
    RECEIVED   assess          ASSESSED   §6.6(1-4)       the form is not complete → §6.5(i);
    ASSESSED                                              a visit or call not read back and confirmed
                                                          → §6.5(ii)(7)
    RECEIVED   route           ROUTED     §6.5(i)         not assessed → §6.6(4);
    ASSESSED                                              an opinion-book complaint sent past the hall
    ROUTED                                                head before the head has had it → §6.6(7)
    ROUTED     reply           REPLIED    §6.6(8)         —
    RECEIVED   close           CLOSED     §6.6(8)         no reply recorded → §6.6(8)
    ASSESSED
    ROUTED
    REPLIED

Reading the table: a complaint is received (§6.5(i)); within 15 minutes of the end of reception
the form is completed (§6.6(6): a late form is recorded as late, not refused); a visit or a
call is read back to the customer and confirmed (§6.5(ii)(7)) — written channels (opinion
book, opinion box, letter, online) are the customer's own words and need no read-back; it is
assessed (classified, impact, validity, fault; §6.6(1-4)) and may be re-assessed until routed;
it is routed to a department, or to the service hall itself (its head answers it), which is
where every opinion-book complaint goes first (§6.6(7)); the hall head may route it on. The
routed unit replies (§6.6(8)); only a replied complaint can be closed.

Two actions change no state and so sit outside the table: the hand-over of first-contact
responsibility (§6.5(ii)(1), refused once closed) and linking (any time).

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
STATES = (RECEIVED, ASSESSED, ROUTED, REPLIED, CLOSED)

# Channels where the customer speaks to us and the record is ours, so it is read back (§6.5(ii)(7)).
SPOKEN_CHANNELS = frozenset({"VISIT", "PHONE"})
OPINION_BOOK = "OPINION_BOOK"


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
    # The routing asked for: to the complaint's own hall (True), elsewhere (False), not known (None:
    # a page listing the actions before anyone has chosen a unit).
    route_to_hall: bool | None = None


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


def _opinion_book_to_hall_head_first(f: Facts) -> RuleViolation | None:
    if f.channel == OPINION_BOOK and not f.routed_to_hall and f.route_to_hall is False:
        return RuleViolation("§6.6(7)", gettext_noop("意见簿投诉先由营业厅负责人答复；无法直接答复的，由其转相关部门。"))
    return None


def _has_reply(f: Facts) -> RuleViolation | None:
    if not f.has_reply:
        return RuleViolation("§6.6(8)", gettext_noop("投诉须答复后才能办结（答复率100%）。"))
    return None


TABLE = TransitionTable(
    states=STATES,
    transitions=[
        Transition("complete_form", frozenset({RECEIVED}), RECEIVED, "§6.6(6)", (_form_not_yet_completed,)),
        Transition("confirm_record", frozenset({RECEIVED}), RECEIVED, "§6.5(ii)(7)", (_record_not_yet_confirmed,)),
        Transition("assess", frozenset({RECEIVED, ASSESSED}), ASSESSED, "§6.6(1-4)",
                   (_form_completed, _spoken_record_confirmed)),
        Transition("route", frozenset({RECEIVED, ASSESSED, ROUTED}), ROUTED, "§6.5(i)",
                   (_assessed, _opinion_book_to_hall_head_first)),
        Transition("reply", frozenset({ROUTED}), REPLIED, "§6.6(8)"),
        Transition("close", frozenset({RECEIVED, ASSESSED, ROUTED, REPLIED}), CLOSED, "§6.6(8)", (_has_reply,)),
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


def assessment_refusal(*, company_at_fault: bool, apology_text: str) -> RuleViolation | None:
    """Where the company is at fault the customer gets a sincere apology, recorded (§6.6(3))."""
    if company_at_fault and not apology_text.strip():
        return RuleViolation("§6.6(3)", gettext_noop("属我方原因的投诉须诚恳道歉，请记录致歉内容。"))
    return None
