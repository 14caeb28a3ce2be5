"""An inspection order's states and transitions (§2.4, §2.5(3), §2.6(1)), pure: no Django.

    state       action      to          clause    refused when (guard → clause)
    ──────────  ──────────  ──────────  ────────  ───────────────────────────────────────────────────
    DRAFT       submit      SUBMITTED   §2.4(3)   fewer than two inspectors assigned → §2.4(4);
                                                  a special order without its trigger, or with a
                                                  tip-off not yet linked to its source → §2.6(1)
    SUBMITTED   approve     APPROVED    §2.4(3)   the actor is not the order's approver (routine: the
                                                  head of the customer's business office; special and
                                                  accident: the head of the organising unit, 谁组织谁审批)
                                                  → §2.4(3); the actor is assigned to it → §2.4(3)
    SUBMITTED   return      DRAFT       §2.4(3)   the actor is not the order's approver → §2.4(3)
    APPROVED    appoint     APPOINTED   §2.4(2)   an unannounced inspection (special) → §2.4(2)
    APPROVED    prepare     PREPARED    §2.4(2)   a routine order without its appointment → §2.4(2)
    APPOINTED
    PREPARED    arrive      ARRIVED     §2.4(4)   fewer than two assigned inspectors present, one
                                                  present without a certificate valid for the order's
                                                  utility that day, certificates not shown → §2.4(4)
    ARRIVED     inspect     INSPECTING  §2.4(4)   the same as arrive → §2.4(4)
    INSPECTING  leave       LEFT_SITE   §2.4(2)
    LEFT_SITE   archive     ARCHIVED    §2.4(2)
    ARCHIVED    close       CLOSED      §2.5(3)   a rectification still open (the loop not closed)
                                                  → §2.5(3)

Any stage move before approval is refused by the table itself: every stage starts from
APPROVED or later, and a draft or submitted order is in none of their sources (§2.4(3)).

Appointment (§2.4(2)): required for a ROUTINE inspection (when, with whom, how). A SPECIAL
inspection is started on suspicion of violation or theft, or on a tip-off (§2.6(1)), so it is
never announced: booking an appointment is refused. An ACCIDENT investigation follows the
customer's own report of the accident: the customer already knows, so an appointment may be
booked but is not required (prepare is allowed straight from APPROVED).

Approval of an ACCIDENT investigation: the clause names routine (office head) and special
(whoever organises it) only; an accident investigation is organised like a special one, and is
approved the same way, by the head of the organising unit.

Outside the table (no state change): editing the draft, linking a tip-off, recording present
inspectors, operations on customer equipment (§2.4(4)), findings (§2.5(2)) and the
rectification loop (`RECTIFICATION`, §2.5(3)).

Guard messages are Chinese (the source language); `gettext_noop` only marks them for
makemessages.
"""

from dataclasses import dataclass, field

from utilicase.core.i18n import gettext_noop
from utilicase.core.rules import RuleViolation
from utilicase.core.transitions import Transition, TransitionTable

DRAFT = "DRAFT"
SUBMITTED = "SUBMITTED"
APPROVED = "APPROVED"
APPOINTED = "APPOINTED"
PREPARED = "PREPARED"
ARRIVED = "ARRIVED"
INSPECTING = "INSPECTING"
LEFT_SITE = "LEFT_SITE"
ARCHIVED = "ARCHIVED"
CLOSED = "CLOSED"
STATES = (DRAFT, SUBMITTED, APPROVED, APPOINTED, PREPARED, ARRIVED, INSPECTING, LEFT_SITE, ARCHIVED, CLOSED)
# The stages of §2.4(2), in order, after approval.
STAGES = (APPOINTED, PREPARED, ARRIVED, INSPECTING, LEFT_SITE, ARCHIVED, CLOSED)
NOT_APPROVED = frozenset({DRAFT, SUBMITTED})
# Inspection done (for plan completion): the inspectors have left the site, or later.
DONE = frozenset({LEFT_SITE, ARCHIVED, CLOSED})
# On site or later: findings may be recorded, the result notice issued.
INSPECTED = frozenset({INSPECTING, LEFT_SITE, ARCHIVED})
# On site: customer equipment may be operated (§2.4(4)).
ON_SITE = frozenset({ARRIVED, INSPECTING})

ROUTINE, SPECIAL, ACCIDENT = "ROUTINE", "SPECIAL", "ACCIDENT"
KINDS = (ROUTINE, SPECIAL, ACCIDENT)

# §2.6(1): what starts a special inspection.
SUSPICION, TIP_OFF = "SUSPICION", "TIP_OFF"
TRIGGERS = (SUSPICION, TIP_OFF)
SUSPICION_SOURCES = ("INSPECTOR", "METER_DATA", "LINE_LOSS")

# Units that organise inspections and whose head approves them (org.UnitKind, org.Role).
OFFICE, ENTERPRISE, COMPANY = "OFFICE", "ENTERPRISE", "COMPANY"
APPROVER_ROLE = {OFFICE: "office_head", ENTERPRISE: "enterprise_deputy", COMPANY: "company_deputy"}

MIN_INSPECTORS = 2


@dataclass(frozen=True)
class Facts:
    """What the guards look at: a plain snapshot of the order (and of the actor or the site,
    when the action asks for them)."""

    kind: str
    trigger: str = ""  # SUSPICION, TIP_OFF or "" (special orders only)
    tip_off_linked: bool = False
    appointed: bool = False
    assigned: int = 0  # inspectors assigned
    open_rectifications: int = 0
    # The approval asked for (None: not known, e.g. a page listing actions to a non-approver).
    actor_is_approver: bool | None = None
    actor_assigned: bool | None = None
    # The site (arrive, inspect): None while not known.
    present: int | None = None  # assigned inspectors present
    uncertified: tuple[str, ...] = field(default=())  # present ones without a valid certificate
    certificates_shown: bool | None = None


def unannounced(kind: str) -> bool:
    """A special inspection (suspicion or tip-off, §2.6(1)) must not be announced (§2.4(2))."""
    return kind == SPECIAL


def appointment_required(kind: str) -> bool:
    return kind == ROUTINE


def _enough_assigned(f: Facts) -> RuleViolation | None:
    if f.assigned < MIN_INSPECTORS:
        return RuleViolation("§2.4(4)", gettext_noop("检查须至少两名检查人员，请先指派检查人员。"))
    return None


def _special_has_trigger(f: Facts) -> RuleViolation | None:
    if f.kind != SPECIAL:
        return None
    if f.trigger not in TRIGGERS:
        return RuleViolation("§2.6(1)", gettext_noop("专项检查须记录启动原因：违约、窃电嫌疑或举报。"))
    if f.trigger == TIP_OFF and not f.tip_off_linked:
        return RuleViolation("§2.6(1)", gettext_noop("因举报启动的专项检查须先关联举报或投诉。"))
    return None


def _by_approver(f: Facts) -> RuleViolation | None:
    if f.actor_is_approver is False:
        return RuleViolation("§2.4(3)", gettext_noop(
            "日常检查由客户所属营业所所长审批；专项检查、事故调查由组织单位的负责人审批（谁组织谁审批）。"))
    return None


def _approver_not_assigned(f: Facts) -> RuleViolation | None:
    if f.actor_assigned:
        return RuleViolation("§2.4(3)", gettext_noop("被指派执行检查的人员不能审批本工作单。"))
    return None


def _may_be_announced(f: Facts) -> RuleViolation | None:
    if unannounced(f.kind):
        return RuleViolation("§2.4(2)", gettext_noop("违约用电、窃电专项检查不得预约，不得事先告知客户。"))
    return None


def _appointed_if_required(f: Facts) -> RuleViolation | None:
    if appointment_required(f.kind) and not f.appointed:
        return RuleViolation("§2.4(2)", gettext_noop("日常检查须先与客户预约。"))
    return None


def site_refusal(f: Facts) -> RuleViolation | None:
    """§2.4(4): two inspectors present at least, each with a certificate valid for the order's
    utility on the day, shown to the customer."""
    if f.present is not None and f.present < MIN_INSPECTORS:
        return RuleViolation("§2.4(4)", gettext_noop("现场检查人员不得少于两人。"))
    if f.uncertified:
        return RuleViolation("§2.4(4)", gettext_noop("%(names)s没有当日有效的本专业检查证，不能参加现场检查。"),
                             {"names": "、".join(f.uncertified)})
    if f.certificates_shown is False:
        return RuleViolation("§2.4(4)", gettext_noop("检查人员须向客户出示检查证。"))
    return None


def _loop_closed(f: Facts) -> RuleViolation | None:
    if f.open_rectifications:
        return RuleViolation("§2.5(3)", gettext_noop("还有 %(n)s 项整改未验收或移送，不能结束检查。"),
                             {"n": str(f.open_rectifications)})
    return None


TABLE = TransitionTable(
    states=STATES,
    transitions=[
        Transition("submit", frozenset({DRAFT}), SUBMITTED, "§2.4(3)", (_enough_assigned, _special_has_trigger)),
        Transition("approve", frozenset({SUBMITTED}), APPROVED, "§2.4(3)",
                   (_by_approver, _approver_not_assigned, _enough_assigned, _special_has_trigger)),
        Transition("return", frozenset({SUBMITTED}), DRAFT, "§2.4(3)", (_by_approver,)),
        Transition("appoint", frozenset({APPROVED}), APPOINTED, "§2.4(2)", (_may_be_announced,)),
        Transition("prepare", frozenset({APPROVED, APPOINTED}), PREPARED, "§2.4(2)", (_appointed_if_required,)),
        Transition("arrive", frozenset({PREPARED}), ARRIVED, "§2.4(4)", (_enough_assigned, site_refusal)),
        Transition("inspect", frozenset({ARRIVED}), INSPECTING, "§2.4(4)", (_enough_assigned, site_refusal)),
        Transition("leave", frozenset({INSPECTING}), LEFT_SITE, "§2.4(2)"),
        Transition("archive", frozenset({LEFT_SITE}), ARCHIVED, "§2.4(2)"),
        Transition("close", frozenset({ARCHIVED}), CLOSED, "§2.5(3)", (_loop_closed,)),
    ],
)

# The stage moves an on-site page offers as buttons, in order.
STAGE_ACTIONS = ("appoint", "prepare", "arrive", "inspect", "leave", "archive", "close")


def refusal(name: str, state: str, f: Facts) -> RuleViolation | None:
    """The table's refusal, except that a stage move on an order not yet approved is refused by
    the approval rule itself (§2.4(3)), not by the stage's clause."""
    if name in STAGE_ACTIONS and state in NOT_APPROVED:
        return before_approval_refusal(state)
    return TABLE.refusal(name, state, f)


def check(name: str, state: str, f: Facts) -> Transition:
    refused = refusal(name, state, f)
    if refused is not None:
        raise refused
    return TABLE.get(name)


def before_approval_refusal(status: str) -> RuleViolation | None:
    """Work on an order (its site, its findings) cannot start before approval (§2.4(3))."""
    if status in NOT_APPROVED:
        return RuleViolation("§2.4(3)", gettext_noop("检查工作单未经审批，不能开始检查。"))
    return None


def approver_role(*, kind: str, organiser_unit_kind: str) -> str:
    """The role that approves: the office head for a routine order (of the customer's business
    office); for special and accident orders the head of the organising unit (§2.4(3))."""
    if kind == ROUTINE:
        return APPROVER_ROLE[OFFICE]
    return APPROVER_ROLE.get(organiser_unit_kind, "")


# -- operations on customer equipment (§2.4(4)) -----------------------------------------------------

def operation_refusal(*, consent: bool, operator_name: str, operator_is_staff: bool) -> RuleViolation | None:
    """Customer-owned equipment is operated with the customer's consent, by the customer's own
    operator, never by an inspector (§2.4(4))."""
    if not consent:
        return RuleViolation("§2.4(4)", gettext_noop("操作客户设备须经客户同意。"))
    if not operator_name.strip():
        return RuleViolation("§2.4(4)", gettext_noop("请记录客户方的操作人员。"))
    if operator_is_staff:
        return RuleViolation("§2.4(4)", gettext_noop("客户设备须由客户的操作人员操作，检查人员不得代为操作。"))
    return None


def operation_window_refusal(status: str) -> RuleViolation | None:
    """Customer equipment is operated only while the inspectors are on site (§2.4(4))."""
    refused = before_approval_refusal(status)
    if refused is not None:
        return refused
    if status not in ON_SITE:
        return RuleViolation("§2.4(4)", gettext_noop("只能在现场检查期间记录客户设备操作。"))
    return None


# -- findings (§2.5(2)) -----------------------------------------------------------------------------

SAFETY_DEFECT, NATIONAL_RULES = "SAFETY_DEFECT", "NATIONAL_RULES"
SUSPECTED_VIOLATION, SUSPECTED_THEFT = "SUSPECTED_VIOLATION", "SUSPECTED_THEFT"
FINDING_TYPES = (SAFETY_DEFECT, NATIONAL_RULES, SUSPECTED_VIOLATION, SUSPECTED_THEFT)
# A suspected violation or theft is handled as an enforcement case (chapter 1, §2.6).
ENFORCEMENT_TYPES = frozenset({SUSPECTED_VIOLATION, SUSPECTED_THEFT})


def finding_refusal(status: str) -> RuleViolation | None:
    """Findings are recorded during the inspection or while its records are written up."""
    refused = before_approval_refusal(status)
    if refused is not None:
        return refused
    if status not in INSPECTED:
        return RuleViolation("§2.5(2)", gettext_noop("只能在现场检查开始后、检查结束前记录检查发现的问题。"))
    return None


def result_notice_refusal(*, status: str, findings: int) -> RuleViolation | None:
    """The result notice (§2.5(2)) is issued once something was found, from the inspection on."""
    if status not in INSPECTED and status != CLOSED:
        return RuleViolation("§2.5(2)", gettext_noop("现场检查开始后才能开具检查结果通知单。"))
    if findings < 1:
        return RuleViolation("§2.5(2)", gettext_noop("没有记录检查发现的问题，不开具检查结果通知单。"))
    return None


def order_document_refusal(status: str) -> RuleViolation | None:
    """The inspection order (检查工作单) is issued by its approval: once submitted (§2.4(3))."""
    if status == DRAFT:
        return RuleViolation("§2.4(3)", gettext_noop("检查工作单提交审批后才能签发。"))
    return None


# -- the rectification loop (§2.5(3)) ----------------------------------------------------------------

R_OPEN, R_ACCEPTED, R_REFUSED = "OPEN", "ACCEPTED", "REFUSED"
R_STATES = (R_OPEN, R_ACCEPTED, R_REFUSED)
NOT_YET, ACCEPTED = "NOT_YET", "ACCEPTED"
REINSPECTION_RESULTS = (NOT_YET, ACCEPTED)
REFERRAL_RECIPIENTS = ("ECONOMIC_TRADE_COMMISSION", "WORK_SAFETY_BUREAU")


@dataclass(frozen=True)
class RectificationFacts:
    result: str | None = None  # the re-inspection's result asked for


def _accepted_result(f: RectificationFacts) -> RuleViolation | None:
    if f.result is not None and f.result != ACCEPTED:
        return RuleViolation("§2.5(3)", gettext_noop("复查结果为未整改到位，不能验收。"))
    return None


RECTIFICATION = TransitionTable(
    states=R_STATES,
    transitions=[
        # A re-inspection that finds the work not yet done keeps the rectification open.
        Transition("reinspect", frozenset({R_OPEN}), R_OPEN, "§2.5(3)"),
        Transition("accept", frozenset({R_OPEN}), R_ACCEPTED, "§2.5(3)", (_accepted_result,)),
        # The customer refuses to rectify: a referral to the authorities is recorded.
        Transition("refuse", frozenset({R_OPEN}), R_REFUSED, "§2.5(3)"),
    ],
)


def rectification_deadline_refusal(*, required: bool, has_deadline: bool) -> RuleViolation | None:
    if required and not has_deadline:
        return RuleViolation("§2.5(3)", gettext_noop("要求整改的问题须规定整改期限。"))
    return None
