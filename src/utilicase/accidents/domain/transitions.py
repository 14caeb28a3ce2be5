"""An accident case's states and transitions (§2.7), pure: no Django.

A customer reports an accident of their equipment; the company goes at once (§2.7(2)), assists
the customer's own investigation with the customer as witness and never operates the
customer's equipment (§2.7(1)), records the cause, restores supply once the cause is confirmed
removed (§2.7(2)), helps the customer write the investigation report within 5 working days of
the end of the investigation, with the four don't-let-go items (§2.7(4)), issues the result
notice with a rectification deadline and re-inspects within it; a refusal is referred to
company management (§2.7(6)).

    state          action        to             clause    refused when (guard → clause)
    ─────────────  ────────────  ─────────────  ────────  ──────────────────────────────────────
    REPORTED       arrive        ON_SITE        §2.7(2)   identity not shown → §2.7(2); no
                                                          customer's witness → §2.7(1)
    ON_SITE        end           INVESTIGATED   §2.7(2)   no cause recorded → §2.7(2)
    INVESTIGATED   file_report   REPORT_FILED   §2.7(4)   four items not all written → §2.7(4);
                                                          not signed by the customer → §2.7(4)
    REPORT_FILED   issue_notice  NOTICE_ISSUED  §2.7(6)   no rectification deadline → §2.7(6)
    NOTICE_ISSUED  reinspect     RECTIFIED      §2.7(6)
    NOTICE_ISSUED  refer         REFERRED       §2.7(6)   the customer's refusal not recorded
    REPORT_FILED   close         CLOSED         §2.7(4)   a don't-let-go item open → §2.7(4);
    RECTIFIED                                             supply not restored → §2.7(2)
    REFERRED

Restoration (§2.7(2)) is a step beside the line: refused until the cause is confirmed removed.
Guard messages are Chinese (the source language); `gettext_noop` only marks them.
"""

from dataclasses import dataclass

from utilicase.core.i18n import gettext_noop
from utilicase.core.rules import RuleViolation
from utilicase.core.transitions import Transition, TransitionTable

REPORTED = "REPORTED"
ON_SITE = "ON_SITE"
INVESTIGATED = "INVESTIGATED"
REPORT_FILED = "REPORT_FILED"
NOTICE_ISSUED = "NOTICE_ISSUED"
RECTIFIED = "RECTIFIED"
REFERRED = "REFERRED"
CLOSED = "CLOSED"
STATES = (REPORTED, ON_SITE, INVESTIGATED, REPORT_FILED, NOTICE_ISSUED, RECTIFIED, REFERRED, CLOSED)
OPEN_STATES = frozenset(STATES) - {CLOSED}
# While the investigation runs, entries (what was done on site) may be added.
INVESTIGATING = frozenset({ON_SITE, INVESTIGATED})

# The four don't-let-go items (四不放过), §2.7(4), in the report's order.
CAUSE_FOUND = "CAUSE_FOUND"
RESPONSIBLE_DEALT_WITH = "RESPONSIBLE_DEALT_WITH"
MEASURES_TAKEN = "MEASURES_TAKEN"
PEOPLE_EDUCATED = "PEOPLE_EDUCATED"
FOUR_ITEMS = (CAUSE_FOUND, RESPONSIBLE_DEALT_WITH, MEASURES_TAKEN, PEOPLE_EDUCATED)
# The accident report's field for each item (documents catalogue).
REPORT_FIELD = {CAUSE_FOUND: "cause_found", RESPONSIBLE_DEALT_WITH: "responsible_dealt_with",
                MEASURES_TAKEN: "measures_taken", PEOPLE_EDUCATED: "people_educated"}

REPORT_WORKING_DAYS = 5  # §2.7(4)


@dataclass(frozen=True)
class Facts:
    """What the guards look at: a plain snapshot of the case."""

    identity_shown: bool = False
    witness: str = ""
    cause: str = ""
    cause_removed: bool = False
    restored: bool = False
    outage: bool = True  # supply to the customer was interrupted (restoration needed)
    items_open: tuple[str, ...] = FOUR_ITEMS
    report_signed: bool = False
    rectification_date_set: bool = False
    refusal_recorded: bool = False


def _identity(f: Facts) -> RuleViolation | None:
    if not f.identity_shown:
        return RuleViolation("§2.7(2)", gettext_noop("到达现场须出示证件。"))
    return None


def _witness(f: Facts) -> RuleViolation | None:
    if not f.witness.strip():
        return RuleViolation("§2.7(1)", gettext_noop("事故调查须有客户方人员在场见证：请记录见证人。"))
    return None


def _cause(f: Facts) -> RuleViolation | None:
    if not f.cause.strip():
        return RuleViolation("§2.7(2)", gettext_noop("须先记录事故原因。"))
    return None


def _items_written(f: Facts) -> RuleViolation | None:
    if f.items_open:
        return RuleViolation("§2.7(4)", gettext_noop("“四不放过”尚有 %(n)s 项未落实并记录。"),
                             {"n": str(len(f.items_open))})
    return None


def _signed(f: Facts) -> RuleViolation | None:
    if not f.report_signed:
        return RuleViolation("§2.7(4)", gettext_noop("事故调查报告须一式两份并经客户签字。"))
    return None


def _rectification_date(f: Facts) -> RuleViolation | None:
    if not f.rectification_date_set:
        return RuleViolation("§2.7(6)", gettext_noop("事故调查结果通知书须写明整改期限。"))
    return None


def _refusal(f: Facts) -> RuleViolation | None:
    if not f.refusal_recorded:
        return RuleViolation("§2.7(6)", gettext_noop("只有客户拒不整改时才报公司管理部门。"))
    return None


def _restored(f: Facts) -> RuleViolation | None:
    if f.outage and not f.restored:
        return RuleViolation("§2.7(2)", gettext_noop("尚未恢复供电，不能结案。"))
    return None


def restoration_refusal(f: Facts) -> RuleViolation | None:
    """§2.7(2): supply is restored as soon as the cause is confirmed removed, not before."""
    if f.restored:
        return RuleViolation("§2.7(2)", gettext_noop("已恢复供电。"))
    if not f.cause.strip():
        return RuleViolation("§2.7(2)", gettext_noop("须先记录事故原因。"))
    if not f.cause_removed:
        return RuleViolation("§2.7(2)", gettext_noop("确认事故原因已消除后才能恢复供电。"))
    return None


def operation_refusal(operated_customer_equipment: bool) -> RuleViolation | None:
    """§2.7(1): inspectors never operate the customer's equipment; such an entry is refused."""
    if operated_customer_equipment:
        return RuleViolation("§2.7(1)", gettext_noop("检查人员不得操作客户设备：此记录不能登记，应由客户人员操作。"))
    return None


def closed_refusal(status: str) -> RuleViolation | None:
    if status == CLOSED:
        return RuleViolation("§2.7(2)", gettext_noop("案件已结案。"))
    return None


def investigating_refusal(status: str) -> RuleViolation | None:
    if status not in INVESTIGATING:
        return RuleViolation("§2.7(1)", gettext_noop("只有到达现场后、报告提交前才能登记调查记录。"))
    return None


TABLE = TransitionTable(
    STATES,
    (
        Transition("arrive", frozenset({REPORTED}), ON_SITE, "§2.7(2)", (_identity, _witness)),
        Transition("end", frozenset({ON_SITE}), INVESTIGATED, "§2.7(2)", (_cause,)),
        Transition("file_report", frozenset({INVESTIGATED}), REPORT_FILED, "§2.7(4)", (_items_written, _signed)),
        Transition("issue_notice", frozenset({REPORT_FILED}), NOTICE_ISSUED, "§2.7(6)", (_rectification_date,)),
        Transition("reinspect", frozenset({NOTICE_ISSUED}), RECTIFIED, "§2.7(6)"),
        Transition("refer", frozenset({NOTICE_ISSUED}), REFERRED, "§2.7(6)", (_refusal,)),
        Transition("close", frozenset({REPORT_FILED, RECTIFIED, REFERRED}), CLOSED, "§2.7(4)",
                   (_items_written, _restored)),
    ),
)


def check(name: str, status: str, facts: Facts):
    return TABLE.check(name, status, facts)
