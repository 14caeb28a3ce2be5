"""States and transitions of a whistleblower report (举报, §6.7), with guards citing clauses.

    RECEIVED ──confirm (§6.7(iii)(5))──▶ WITH_DISCIPLINE ──investigate──▶ INVESTIGATING ──reply (§6.7(iii)(7))──▶ REPLIED
        │                                                                   ▲   │
        └──not_a_report (§6.7(i-ii))──▶ NOT_A_REPORT                        └───┘ note

A front-line receiver sees the record only while it is RECEIVED or NOT_A_REPORT, and only
their own; everything from WITH_DISCIPLINE on is discipline inspection's alone (§6.7(iii)(1-6)).

Messages are wrapped in `gettext_noop` (a local no-op, so this module stays free of Django)
so that `makemessages` finds them and pages can show them translated.
"""

from dataclasses import dataclass
from datetime import datetime

from utilicase.core.i18n import gettext_noop
from utilicase.core.rules import RuleViolation
from utilicase.core.transitions import Transition, TransitionTable

RECEIVED = "RECEIVED"
NOT_A_REPORT = "NOT_A_REPORT"
WITH_DISCIPLINE = "WITH_DISCIPLINE"
INVESTIGATING = "INVESTIGATING"
REPLIED = "REPLIED"
STATES = (RECEIVED, NOT_A_REPORT, WITH_DISCIPLINE, INVESTIGATING, REPLIED)

# The only states in which the front-line receiver may still see their own intake.
FRONT_LINE_STATES = frozenset({RECEIVED, NOT_A_REPORT})
# Confirmed reports: those discipline inspection handles.
CONFIRMED_STATES = frozenset({WITH_DISCIPLINE, INVESTIGATING, REPLIED})
# Reports whose reply limit still runs (from receipt, confirmed or not: §6.7(iii)(7)).
OPEN_STATES = frozenset({RECEIVED, WITH_DISCIPLINE, INVESTIGATING})
# Where files may be added: at intake (the letter, the opinion-box slip) and while discipline
# inspection works on it.
ATTACHABLE_STATES = frozenset({RECEIVED, WITH_DISCIPLINE, INVESTIGATING})

OPINION_BOX = "OPINION_BOX"

# How the feedback reached (or was offered to) the reporter.
PHONE = "PHONE"
SMS = "SMS"
LETTER = "LETTER"
IN_PERSON = "IN_PERSON"
CLAIM_PAGE = "CLAIM_PAGE"
UNREACHABLE = "UNREACHABLE"
FEEDBACK_METHODS = (PHONE, SMS, LETTER, IN_PERSON, CLAIM_PAGE, UNREACHABLE)
CONTACT_METHODS = frozenset({PHONE, SMS, LETTER})


@dataclass(frozen=True)
class ReportFacts:
    """A plain snapshot of a report and, for the action being attempted, what the actor gives.
    A proposed value left as None is not judged (the case page lists actions before any input)."""

    channel: str
    received_at: datetime
    has_discipline_unit: bool = True
    reporter_named: bool = False
    has_contact: bool = False
    has_claim_code: bool = False
    note_count: int = 0
    reason: str | None = None
    complaint_number: str | None = None
    complaint_found: bool = False
    note_text: str | None = None
    outcome: str | None = None
    feedback_method: str | None = None
    feedback_content: str | None = None
    feedback_at: datetime | None = None
    now: datetime | None = None


def _blank(text: str | None) -> bool:
    return text is not None and not text.strip()


def discipline_unit_exists(f: ReportFacts) -> RuleViolation | None:
    if not f.has_discipline_unit:
        return RuleViolation("§6.7(iii)(5)", gettext_noop("公司未设纪检监察部门，举报无法转交。"))
    return None


def reason_given(f: ReportFacts) -> RuleViolation | None:
    if _blank(f.reason):
        return RuleViolation("§6.7(i-ii)", gettext_noop("请说明不属于举报的理由。"))
    return None


def complaint_named(f: ReportFacts) -> RuleViolation | None:
    """What is not a report is handled as a complaint: it names the complaint taken for it."""
    if f.complaint_number is None:
        return None
    if not f.complaint_number:
        return RuleViolation("§6.7(i-ii)", gettext_noop("请填写已按投诉受理的投诉编号。"))
    if not f.complaint_found:
        return RuleViolation("§6.7(i-ii)", gettext_noop("本公司没有该编号的投诉，请先按投诉受理。"))
    return None


def note_given(f: ReportFacts) -> RuleViolation | None:
    if _blank(f.note_text):
        return RuleViolation("§6.7(i-ii)", gettext_noop("调查记录不能为空。"))
    return None


def investigated(f: ReportFacts) -> RuleViolation | None:
    if f.note_count < 1:
        return RuleViolation("§6.7(i-ii)", gettext_noop("答复前须先记录调查情况（纪检监察部门负责调查、处理）。"))
    return None


def outcome_and_feedback_given(f: ReportFacts) -> RuleViolation | None:
    if _blank(f.outcome):
        return RuleViolation("§6.7(iii)(7)", gettext_noop("请填写调查处理结果。"))
    if _blank(f.feedback_content):
        return RuleViolation("§6.7(iii)(7)", gettext_noop("请填写向举报人反馈的内容。"))
    return None


def feedback_time_valid(f: ReportFacts) -> RuleViolation | None:
    if f.feedback_at is None:
        return None
    if f.feedback_at < f.received_at:
        return RuleViolation("§6.7(iii)(7)", gettext_noop("反馈时间不能早于受理时间。"))
    if f.now is not None and f.feedback_at > f.now:
        return RuleViolation("§6.7(iii)(7)", gettext_noop("反馈时间不能晚于现在。"))
    return None


def feedback_reaches_reporter(f: ReportFacts) -> RuleViolation | None:
    """The feedback goes to the reporter by a way they can be reached: the contact they left
    (for opinion-box reports the only way, §6.7(iii)(6)), in person when they gave a name, the
    claim page when they hold a code. Only a reporter who left none of these is "unreachable"."""
    method = f.feedback_method
    if method is None:
        return None
    if method not in FEEDBACK_METHODS:
        return RuleViolation("§6.7(iii)(7)", gettext_noop("未知的反馈方式。"))
    if method in CONTACT_METHODS and not f.has_contact:
        return RuleViolation("§6.7(iii)(6)", gettext_noop("举报人未留联系方式，不能按联系方式答复。"))
    if f.channel == OPINION_BOX and f.has_contact and method not in CONTACT_METHODS:
        return RuleViolation("§6.7(iii)(6)", gettext_noop("意见箱举报由纪检监察部门按举报人留下的联系方式答复。"))
    if method == IN_PERSON and not f.reporter_named:
        return RuleViolation("§6.7(i-ii)", gettext_noop("匿名举报不能当面反馈。"))
    if method == CLAIM_PAGE and not f.has_claim_code:
        return RuleViolation("§6.7(i-ii)", gettext_noop("举报人没有查询码，不能凭查询码反馈。"))
    if method == UNREACHABLE and (f.has_contact or f.has_claim_code or f.reporter_named):
        return RuleViolation("§6.7(i-ii)", gettext_noop("举报人可以联系到，须向其反馈。"))
    return None


TABLE = TransitionTable(STATES, [
    Transition("confirm", frozenset({RECEIVED}), WITH_DISCIPLINE, "§6.7(iii)(5)", (discipline_unit_exists,)),
    Transition("not_a_report", frozenset({RECEIVED}), NOT_A_REPORT, "§6.7(i-ii)", (reason_given, complaint_named)),
    Transition("investigate", frozenset({WITH_DISCIPLINE}), INVESTIGATING, "§6.7(i-ii)"),
    Transition("note", frozenset({INVESTIGATING}), INVESTIGATING, "§6.7(i-ii)", (note_given,)),
    Transition("reply", frozenset({INVESTIGATING}), REPLIED, "§6.7(iii)(7)", (
        investigated, outcome_and_feedback_given, feedback_time_valid, feedback_reaches_reporter,
    )),
])

# Who performs each transition: the front line decides whether it is a report; everything
# after that is discipline inspection's.
FRONT_LINE_TRANSITIONS = frozenset({"confirm", "not_a_report"})
DISCIPLINE_TRANSITIONS = frozenset({"confirm", "not_a_report", "investigate", "note", "reply"})

# The reply limit: 10 working days from acceptance (§6.7(iii)(7)).
REPLY_WORKING_DAYS = 10
