"""An enforcement case's states and transitions (chapter 1, §2.6(2)-(5)), pure: no Django.

A case of violation of use (违约用电) or theft (窃电) has two lines that move side by side: the
case itself, from discovery to closure (its fees), and the customer's supply (suspended or
limited, then restored), because supply is suspended at any point of the case: on site at once
for a residential or general customer's theft (§1.2(1)), after the two approvals for an
important customer (§1.2(2)), or once the fees are past their due date (§1.1).

The case (`TABLE`):

    state            action        to               clause    refused when (guard → clause)
    ───────────────  ────────────  ───────────────  ────────  ──────────────────────────────────────
    DISCOVERED       serve_notice  NOTICE_SERVED    §2.6(3)   the act not recorded as stopped
                                                              → §2.6(3); no violation or theft
                                                              notice of the case served → §2.6(3)
    NOTICE_SERVED    calculate     FEES_CALCULATED  §2.6(4)
    FEES_CALCULATED
    FEES_CALCULATED  charge        FEES_DUE         §2.6(4)   nothing to charge (total 0) → §2.6(4)
    FEES_DUE         pay           PAID             §2.6(4)   a balance still unpaid → §2.6(4)
    REFERRED
    FEES_DUE         refer         REFERRED         §1.1      (refusal to pay, or unpaid after the
    REFERRED                                                  §1.1 suspension; see referral_refusal)
    PAID             unpay         FEES_DUE         §2.6(4)   (billing: a payment reversed) nothing unpaid
    PAID             close         CLOSED           §2.6(4)   supply still suspended, correction not
    REFERRED                                                  accepted, liability not borne → §2.6(4);
                                                              (REFERRED) a referral without its
                                                              outcome → §1.1
    DISCOVERED       dismiss       CLOSED           §2.6(1)   no reason given → §2.6(1)

The supply (`SUPPLY`):

    state            action        to               clause    refused when
    ───────────────  ────────────  ───────────────  ────────  ──────────────────────────────────────
    NORMAL           suspend       SUSPENDED        path's    see suspension_refusal (§1.2(1),
    RESTORED                       (or LIMITED)     clause    §1.2(2), §1.1, §1.3)
    SUSPENDED        restore       RESTORED         §2.6(4)   fees not paid in full, correction not
    LIMITED                                                   accepted, liability not borne → §2.6(4)

The suspension paths (`PATHS`):

- ON_SITE (§1.2(1)): theft by a residential or general (low-voltage, non-important) customer:
  the inspector suspends on site at once; a post-hoc report to the office head is due.
- APPROVED (§1.2(2)): theft by an important (high-voltage) customer: only once the application
  was reviewed by the enterprise deputy manager and then approved by the company deputy manager.
- UNPAID (§1.1): fees due and unpaid past their due date: only once the suspension notice
  (停(限)电通知单) was issued and served.

Every suspension records what was told on site (§1.3): the legal basis (rule set and article,
from the catalogue), the customer's response, and where it happened the police (110) call and
the report to the superior, with times.

Guard messages are Chinese (the source language); `gettext_noop` only marks them for
makemessages.
"""

from dataclasses import dataclass
from decimal import Decimal

from utilicase.core.i18n import gettext_noop
from utilicase.core.rules import RuleViolation
from utilicase.core.transitions import Transition, TransitionTable

VIOLATION, THEFT = "VIOLATION", "THEFT"
KINDS = (VIOLATION, THEFT)

# How the case was opened.
FROM_FINDING, ON_SITE_OPENED = "FINDING", "ON_SITE"
SOURCES = (FROM_FINDING, ON_SITE_OPENED)

DISCOVERED = "DISCOVERED"
NOTICE_SERVED = "NOTICE_SERVED"
FEES_CALCULATED = "FEES_CALCULATED"
FEES_DUE = "FEES_DUE"
PAID = "PAID"
REFERRED = "REFERRED"
CLOSED = "CLOSED"
STATES = (DISCOVERED, NOTICE_SERVED, FEES_CALCULATED, FEES_DUE, PAID, REFERRED, CLOSED)
OPEN_STATES = frozenset(STATES) - {CLOSED}
# Fees calculated (and the case not closed): a suspension notice may quote them.
CHARGED = frozenset({FEES_DUE, REFERRED})

NORMAL, SUSPENDED, LIMITED, RESTORED = "NORMAL", "SUSPENDED", "LIMITED", "RESTORED"
SUPPLY_STATES = (NORMAL, SUSPENDED, LIMITED, RESTORED)
CUT = frozenset({SUSPENDED, LIMITED})

FULL, PARTIAL = "FULL", "LIMITED"  # scope of a suspension: full (停) or limited (限)
SCOPES = (FULL, PARTIAL)

ON_SITE, APPROVED_PATH, UNPAID = "ON_SITE", "APPROVED", "UNPAID"
PATHS = (ON_SITE, APPROVED_PATH, UNPAID)
PATH_CLAUSE = {ON_SITE: "§1.2(1)", APPROVED_PATH: "§1.2(2)", UNPAID: "§1.1"}

# Customer classes as customers.CustomerClass.
RESIDENTIAL, GENERAL, IMPORTANT = "RESIDENTIAL", "GENERAL", "IMPORTANT"
LOW_VOLTAGE_CLASSES = frozenset({RESIDENTIAL, GENERAL})

# Fee line types as billing's fee_type codes.
BACK_BILLING, VIOLATION_FEE = "BACK_BILLING", "VIOLATION_FEE"

# Referrals: why, and to whom.
REFUSED_TO_PAY = "REFUSED_TO_PAY"  # §2.6(4): management or judicial authority
UNPAID_SUSPENDED = "UNPAID_SUSPENDED"  # §1.1: after the suspension, power administration or judicial
REFUSED_TO_COOPERATE = "REFUSED_TO_COOPERATE"  # §2.6(5): administrative or criminal liability
LARGE_AMOUNT = "LARGE_AMOUNT"  # §2.6(5): above the configured threshold
REFERRAL_REASONS = (REFUSED_TO_PAY, UNPAID_SUSPENDED, REFUSED_TO_COOPERATE, LARGE_AMOUNT)
REASON_CLAUSE = {REFUSED_TO_PAY: "§2.6(4)", UNPAID_SUSPENDED: "§1.1", REFUSED_TO_COOPERATE: "§2.6(5)",
                 LARGE_AMOUNT: "§2.6(5)"}
POWER_ADMINISTRATION, JUDICIAL, MANAGEMENT = "POWER_ADMINISTRATION", "JUDICIAL", "MANAGEMENT"
PUBLIC_SECURITY, ADMINISTRATIVE = "PUBLIC_SECURITY", "ADMINISTRATIVE"
RECIPIENTS = (POWER_ADMINISTRATION, JUDICIAL, MANAGEMENT, PUBLIC_SECURITY, ADMINISTRATIVE)
RECIPIENTS_FOR = {
    REFUSED_TO_PAY: frozenset({MANAGEMENT, JUDICIAL}),
    UNPAID_SUSPENDED: frozenset({POWER_ADMINISTRATION, JUDICIAL}),
    REFUSED_TO_COOPERATE: frozenset({ADMINISTRATIVE, PUBLIC_SECURITY}),
    LARGE_AMOUNT: frozenset({ADMINISTRATIVE, PUBLIC_SECURITY}),
}
# Referrals that move the case to REFERRED (the fees' line); the others leave its state.
FEE_REFERRALS = frozenset({REFUSED_TO_PAY, UNPAID_SUSPENDED})


@dataclass(frozen=True)
class Facts:
    """What the guards look at: a plain snapshot of the case."""

    kind: str = THEFT
    customer_class: str = ""
    supply: str = NORMAL
    act_stopped: bool = False
    notice_served: bool = False  # a violation or theft notice of the case issued and served
    total: Decimal = Decimal("0")
    balance: Decimal | None = None  # unpaid, from billing (None: not charged)
    correction_accepted: bool = False
    liability_borne: bool = False
    open_referrals: int = 0  # referrals without their outcome
    reason: str | None = None  # dismissal reason asked for


def _act_stopped(f: Facts) -> RuleViolation | None:
    if not f.act_stopped:
        return RuleViolation("§2.6(3)", gettext_noop("须先记录已当场制止违约用电、窃电行为（时间、方式）。"))
    return None


def _notice_served(f: Facts) -> RuleViolation | None:
    if not f.notice_served:
        return RuleViolation("§2.6(3)", gettext_noop("违约用电或窃电通知书签发并送达客户后，才能进入下一步。"))
    return None


def _something_to_charge(f: Facts) -> RuleViolation | None:
    if f.total <= 0:
        return RuleViolation("§2.6(4)", gettext_noop("计算结果没有应收费用，不能生成应收款。"))
    return None


def _fully_paid(f: Facts) -> RuleViolation | None:
    if f.balance is None or f.balance > 0:
        return RuleViolation("§2.6(4)", gettext_noop("追补费用和违约使用费尚未全部交清。"))
    return None


def _balance_left(f: Facts) -> RuleViolation | None:
    if f.balance is None or f.balance <= 0:
        return RuleViolation("§2.6(4)", gettext_noop("费用已全部交清。"))
    return None


def restoration_refusal(f: Facts) -> RuleViolation | None:
    """§2.6(4): supply comes back once the fees are paid in full, the correction accepted and
    the liability borne."""
    if f.balance is None or f.balance > 0:
        return RuleViolation("§2.6(4)", gettext_noop("追补费用和违约使用费交清后才能恢复供电。"))
    if not f.correction_accepted:
        return RuleViolation("§2.6(4)", gettext_noop("违约用电、窃电行为整改验收合格后才能恢复供电。"))
    if not f.liability_borne:
        return RuleViolation("§2.6(4)", gettext_noop("客户承担相应责任后才能恢复供电。"))
    return None


def _restored_before_close(f: Facts) -> RuleViolation | None:
    if f.supply in CUT:
        return RuleViolation("§2.6(4)", gettext_noop("客户仍处于停(限)电状态，恢复供电后才能结案。"))
    if not f.correction_accepted:
        return RuleViolation("§2.6(4)", gettext_noop("整改验收合格后才能结案。"))
    if not f.liability_borne:
        return RuleViolation("§2.6(4)", gettext_noop("客户承担相应责任后才能结案。"))
    return None


def _referrals_answered(f: Facts) -> RuleViolation | None:
    if f.open_referrals:
        return RuleViolation("§1.1", gettext_noop("还有 %(n)s 件移送未登记处理结果，不能结案。"),
                             {"n": str(f.open_referrals)})
    return None


def _close_guard(f: Facts) -> RuleViolation | None:
    """Paid: closed once supply is back, the correction accepted and the liability borne.
    Referred and unpaid: closed on the authorities' decisions, once every referral is answered."""
    if f.balance is not None and f.balance <= 0:
        refused = _restored_before_close(f)
        if refused is not None:
            return refused
    return _referrals_answered(f)


def _reason_given(f: Facts) -> RuleViolation | None:
    if not (f.reason or "").strip():
        return RuleViolation("§2.6(1)", gettext_noop("撤销案件须说明理由（经查不构成违约用电、窃电）。"))
    return None


TABLE = TransitionTable(
    states=STATES,
    transitions=[
        Transition("serve_notice", frozenset({DISCOVERED}), NOTICE_SERVED, "§2.6(3)", (_act_stopped, _notice_served)),
        Transition("calculate", frozenset({NOTICE_SERVED, FEES_CALCULATED}), FEES_CALCULATED, "§2.6(4)"),
        Transition("charge", frozenset({FEES_CALCULATED}), FEES_DUE, "§2.6(4)", (_something_to_charge,)),
        Transition("pay", frozenset({FEES_DUE, REFERRED}), PAID, "§2.6(4)", (_fully_paid,)),
        # A payment reversed in billing (a wrong entry corrected) leaves a balance again.
        Transition("unpay", frozenset({PAID}), FEES_DUE, "§2.6(4)", (_balance_left,)),
        Transition("refer", frozenset({FEES_DUE, REFERRED}), REFERRED, "§1.1"),
        Transition("close", frozenset({PAID, REFERRED}), CLOSED, "§2.6(4)", (_close_guard,)),
        Transition("dismiss", frozenset({DISCOVERED}), CLOSED, "§2.6(1)", (_reason_given,)),
    ],
)

SUPPLY = TransitionTable(
    states=SUPPLY_STATES,
    transitions=[
        Transition("suspend", frozenset({NORMAL, RESTORED}), SUSPENDED, "§1.2(1)"),
        Transition("limit", frozenset({NORMAL, RESTORED}), LIMITED, "§1.2(1)"),
        Transition("restore", frozenset({SUSPENDED, LIMITED}), RESTORED, "§2.6(4)", (restoration_refusal,)),
    ],
)


def check(name: str, state: str, f: Facts) -> Transition:
    return TABLE.check(name, state, f)


def closed_refusal(status: str) -> RuleViolation | None:
    if status == CLOSED:
        return RuleViolation("§2.6(4)", gettext_noop("案件已结案。"))
    return None


# -- suspension (§1.1, §1.2, §1.3) ----------------------------------------------------------------------

@dataclass(frozen=True)
class SuspensionFacts:
    kind: str
    customer_class: str
    status: str  # the case's
    supply: str
    path: str
    application_approved: bool = False  # §1.2(2): an approved application not yet used
    past_due: bool = False  # §1.1: a receivable of the case past its due date and unpaid
    suspension_notice_served: bool = False  # §1.1: the suspension notice issued and served
    legal_basis_known: bool = True  # §1.3: chosen from the catalogue
    customer_response_given: bool = True  # §1.3


def path_for(*, kind: str, customer_class: str) -> str:
    """The suspension path a theft case follows by the customer's class (§1.2); a violation
    (not theft) is suspended only for unpaid fees (§1.1)."""
    if kind != THEFT:
        return UNPAID
    return ON_SITE if customer_class in LOW_VOLTAGE_CLASSES else APPROVED_PATH


def suspension_refusal(f: SuspensionFacts) -> RuleViolation | None:
    """Why supply may not be suspended (or limited) now on this path, or None."""
    if f.status == CLOSED:
        return closed_refusal(f.status)
    if f.supply in CUT:
        return RuleViolation(PATH_CLAUSE.get(f.path, "§1.1"), gettext_noop("客户已处于停(限)电状态。"))
    if f.path == ON_SITE:
        if f.kind != THEFT:
            return RuleViolation("§1.2(1)", gettext_noop("现场立即停电只适用于窃电；违约用电拒交费用的，按停电程序（§1.1）办理。"))
        if f.customer_class not in LOW_VOLTAGE_CLASSES:
            return RuleViolation("§1.2(2)", gettext_noop(
                "重要客户（高压客户）窃电，须经企业主管副经理审核、股份公司主管副经理批准后才能停电。"))
    elif f.path == APPROVED_PATH:
        if f.kind != THEFT or f.customer_class != IMPORTANT:
            return RuleViolation("§1.2(2)", gettext_noop("两级审批停电只适用于重要客户（高压客户）窃电。"))
        if not f.application_approved:
            return RuleViolation("§1.2(2)", gettext_noop(
                "重要客户（高压客户）窃电，须经企业主管副经理审核、股份公司主管副经理批准后才能停电。"))
    elif f.path == UNPAID:
        if f.status not in CHARGED or not f.past_due:
            return RuleViolation("§1.1", gettext_noop("违约费用逾期未交的，才能按停电程序停(限)电。"))
        if not f.suspension_notice_served:
            return RuleViolation("§1.1", gettext_noop("停(限)电通知单签发并送达客户后，才能停(限)电。"))
    else:
        return RuleViolation("§1.1", gettext_noop("未知的停电程序。"))
    if not f.legal_basis_known:
        return RuleViolation("§1.3", gettext_noop("须记录向客户告知的停电依据（规定及条款），从目录中选择。"))
    if not f.customer_response_given:
        return RuleViolation("§1.3", gettext_noop("须记录客户的答复（是否配合）。"))
    return None


def suspension_notice_refusal(*, kind: str, customer_class: str, status: str, application_approved: bool,
                              past_due: bool) -> RuleViolation | None:
    """The suspension notice (停(限)电通知单) is issued only by a case whose §1.2 path is
    complete (theft by a residential or general customer; an important customer's theft once
    approved), or on the §1.1 path once fees are past their due date."""
    if status == CLOSED:
        return closed_refusal(status)
    if kind == THEFT and customer_class in LOW_VOLTAGE_CLASSES:
        return None
    if kind == THEFT and customer_class == IMPORTANT and application_approved:
        return None
    if status in CHARGED and past_due:
        return None
    if kind == THEFT and customer_class == IMPORTANT:
        return RuleViolation("§1.2(2)", gettext_noop(
            "重要客户（高压客户）窃电，停电申请经两级审批后才能开具停(限)电通知单。"))
    return RuleViolation("§1.1", gettext_noop("违约费用逾期未交的，才能开具停(限)电通知单。"))


def restoration_notice_refusal(*, supply: str) -> RuleViolation | None:
    if supply not in CUT and supply != RESTORED:
        return RuleViolation("§2.6(4)", gettext_noop("客户未被停(限)电，不开具恢复供电通知单。"))
    return None


def on_site_record_refusal(*, police_called_at, superior_reported_at, superior_name: str) -> RuleViolation | None:
    """§1.3: a report to the superior names who it went to; the police call and the report are
    both made when the customer obstructs."""
    if superior_reported_at is not None and not superior_name.strip():
        return RuleViolation("§1.3", gettext_noop("须记录报告的上级领导。"))
    if police_called_at is not None and superior_reported_at is None:
        return RuleViolation("§1.3", gettext_noop("报警（110）后须立即报告上级领导，请记录报告时间。"))
    return None


# -- the §1.2(2) application -----------------------------------------------------------------------------

PENDING_REVIEW, PENDING_APPROVAL, A_APPROVED, A_REJECTED, A_USED = (
    "PENDING_REVIEW", "PENDING_APPROVAL", "APPROVED", "REJECTED", "USED")
APPLICATION_STATES = (PENDING_REVIEW, PENDING_APPROVAL, A_APPROVED, A_REJECTED, A_USED)
APPLICATION_OPEN = frozenset({PENDING_REVIEW, PENDING_APPROVAL})
ENTERPRISE_DEPUTY, COMPANY_DEPUTY = "enterprise_deputy", "company_deputy"


@dataclass(frozen=True)
class ApplicationFacts:
    actor_role: str = ""
    actor_in_place: bool = False  # the deputy of the customer's enterprise (review) or its company (approve)
    actor_is_applicant: bool = False
    actor_is_reviewer: bool = False
    reason: str | None = None  # a rejection's reason


def _reviewer(f: ApplicationFacts) -> RuleViolation | None:
    if f.actor_role != ENTERPRISE_DEPUTY or not f.actor_in_place:
        return RuleViolation("§1.2(2)", gettext_noop("停电申请由客户所属企业的主管副经理审核。"))
    if f.actor_is_applicant:
        return RuleViolation("§1.2(2)", gettext_noop("申请人不能审核自己的停电申请。"))
    return None


def _approver(f: ApplicationFacts) -> RuleViolation | None:
    if f.actor_role != COMPANY_DEPUTY or not f.actor_in_place:
        return RuleViolation("§1.2(2)", gettext_noop("停电申请经企业审核后，由股份公司主管副经理批准。"))
    if f.actor_is_applicant or f.actor_is_reviewer:
        return RuleViolation("§1.2(2)", gettext_noop("审核人、申请人不能再批准同一停电申请，须由另一人批准。"))
    return None


def _decider(f: ApplicationFacts) -> RuleViolation | None:
    return _reviewer(f) if f.actor_role == ENTERPRISE_DEPUTY else _approver(f)


def _rejection_reason(f: ApplicationFacts) -> RuleViolation | None:
    if not (f.reason or "").strip():
        return RuleViolation("§1.2(2)", gettext_noop("驳回停电申请须说明理由。"))
    return None


def _reject_guard(f: ApplicationFacts) -> RuleViolation | None:
    return _decider(f) or _rejection_reason(f)


APPLICATION = TransitionTable(
    states=APPLICATION_STATES,
    transitions=[
        Transition("review", frozenset({PENDING_REVIEW}), PENDING_APPROVAL, "§1.2(2)", (_reviewer,)),
        Transition("approve", frozenset({PENDING_APPROVAL}), A_APPROVED, "§1.2(2)", (_approver,)),
        Transition("reject", frozenset({PENDING_REVIEW, PENDING_APPROVAL}), A_REJECTED, "§1.2(2)", (_reject_guard,)),
        Transition("use", frozenset({A_APPROVED}), A_USED, "§1.2(2)"),
    ],
)


def application_refusal(name: str, state: str, f: ApplicationFacts) -> RuleViolation | None:
    """The table's refusal, in the regulation's words when the order is wrong: approval before
    the review, a decision on an application already decided."""
    if name == "approve" and state == PENDING_REVIEW:
        return RuleViolation("§1.2(2)", gettext_noop("停电申请须先经企业主管副经理审核，再由股份公司主管副经理批准。"))
    if name in ("review", "approve", "reject") and state not in APPLICATION_OPEN:
        return RuleViolation("§1.2(2)", gettext_noop("该停电申请已有决定，不能再次审批。"))
    if name == "reject":
        role_ok = (state == PENDING_REVIEW and f.actor_role == ENTERPRISE_DEPUTY) or (
            state == PENDING_APPROVAL and f.actor_role == COMPANY_DEPUTY)
        if not role_ok:
            return (_reviewer(f) if state == PENDING_REVIEW else _approver(f)) or RuleViolation(
                "§1.2(2)", gettext_noop("停电申请由客户所属企业的主管副经理审核。"))
    return APPLICATION.refusal(name, state, f)


def application_start_refusal(*, kind: str, customer_class: str, status: str, supply: str,
                              open_applications: int) -> RuleViolation | None:
    if status == CLOSED:
        return closed_refusal(status)
    if kind != THEFT or customer_class != IMPORTANT:
        return RuleViolation("§1.2(2)", gettext_noop("两级审批停电只适用于重要客户（高压客户）窃电。"))
    if supply in CUT:
        return RuleViolation("§1.2(2)", gettext_noop("客户已处于停(限)电状态。"))
    if open_applications:
        return RuleViolation("§1.2(2)", gettext_noop("已有一份停电申请正在审批。"))
    return None


# -- referrals (§1.1, §2.6(4)-(5)) -----------------------------------------------------------------------

def referral_refusal(*, reason: str, recipient: str, status: str, supply: str, suspended_unpaid: bool,
                     past_due: bool, total: Decimal, threshold: Decimal) -> RuleViolation | None:
    """Who a referral goes to, and when it may be made:
    - REFUSED_TO_PAY (§2.6(4)): fees due (charged) → management or judicial authority;
    - UNPAID_SUSPENDED (§1.1): after a suspension on the unpaid path → power administration or
      judicial authority;
    - REFUSED_TO_COOPERATE (§2.6(5)): any time the case is open → administrative or criminal
      liability (public security);
    - LARGE_AMOUNT (§2.6(5)): the calculated total above the configured threshold → the same."""
    clause = REASON_CLAUSE.get(reason, "§2.6(5)")
    if status == CLOSED:
        return closed_refusal(status)
    if recipient not in RECIPIENTS_FOR.get(reason, frozenset()):
        return RuleViolation(clause, gettext_noop("该移送理由不能移送给所选单位。"))
    if reason == REFUSED_TO_PAY and (status not in CHARGED or not past_due):
        return RuleViolation("§2.6(4)", gettext_noop("费用逾期未交（拒交）的，才能移送管理部门或司法机关。"))
    if reason == UNPAID_SUSPENDED and not suspended_unpaid:
        return RuleViolation("§1.1", gettext_noop("按停电程序停(限)电后，才能移送电力管理部门或司法机关。"))
    if reason == LARGE_AMOUNT and total <= threshold:
        return RuleViolation("§2.6(5)", gettext_noop("窃电数额未超过 %(threshold)s 元，不按数额巨大移送。"),
                             {"threshold": f"{threshold:.2f}"})
    return None
