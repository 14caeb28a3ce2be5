"""The measurable clauses of the regulation (compliance by clause) and the case counts of the
monthly report. Case types register into it from their AppConfig.ready(); it imports no case
type.

- `register_deadline_kind(kind, clause=..., audience=...)`: the clause and audience of the generic
  row every deadline kind gets (calendar.kinds.LABELS): subject = the kind's deadlines started or
  due in the period whose owner unit is in scope; complied = met before due; exceptions = met
  late, or open past due. A kind nobody registers still gets its row (clause read from the
  deadlines themselves, managers' audience).
- `register_rule(Rule(...))`: a specific rule (approvals of §1.2(2) and §2.4(3), two inspectors of
  §2.4(4), 四不放过 of §2.7(4), punctuality of §4.4(3), reply rates). A rule that names
  `deadline_kind` replaces that kind's generic row.
- `register_counter(Counter(...))`: a case type's opened and closed counts for the monthly report.

Audiences: MANAGERS (office heads and deputies), COMPLAINTS (the managers and the
service-hall head), CONFIDENTIAL (discipline inspection alone, §6.7(iii)(1-6)): a row or count
of that audience is absent for everyone else, and the deadlines of confidential record types
(org.permissions.CONFIDENTIAL_TARGET_TYPES) never count in any other row."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from utilicase.calendar.kinds import LABELS, kind_label
from utilicase.calendar.models import Deadline
from utilicase.compliance.domain import outcomes
from utilicase.core.workdays import EARLIEST_YEAR, LATEST_YEAR

MANAGERS, COMPLAINTS, CONFIDENTIAL = "managers", "complaints", "confidential"

REASON_LABELS = {
    outcomes.LATE: _("逾期完成"),
    outcomes.OVERDUE: _("逾期未完成"),
    outcomes.REFUSED: _("被驳回或拒绝"),
    outcomes.MISSING: _("未履行"),
}


@dataclass(frozen=True)
class Period:
    """Dates in Asia/Shanghai, both included."""

    first: date
    last: date

    @property
    def start_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.first, time.min))

    @property
    def end_at(self) -> datetime:
        """The exclusive end: 00:00 of the day after the last."""
        return timezone.make_aware(datetime.combine(self.last + timedelta(days=1), time.min))

    def q(self, field_name: str) -> Q:
        """The field's instant falls in the period."""
        return Q(**{f"{field_name}__gte": self.start_at, f"{field_name}__lt": self.end_at})

    def due_q(self, field_name: str) -> Q:
        """An exclusive due instant falls in the period: 00:00 after the last day still ends a
        limit on that day."""
        return Q(**{f"{field_name}__gt": self.start_at, f"{field_name}__lte": self.end_at})


@dataclass
class Finding:
    """One exception: the case it is on, why (outcomes.LATE, OVERDUE, REFUSED, MISSING), the
    instants that show it, and a note. `case_number` and `case_party` are filled from the
    target's describer (web.targets) when the rule leaves them empty."""

    target_type: str
    target_id: str
    reason: str
    due_at: datetime | None = None
    done_at: datetime | None = None
    note: str = ""
    case_number: str = ""
    case_party: str = ""
    url: str | None = None

    @property
    def reason_label(self) -> str:
        return str(REASON_LABELS.get(self.reason, self.reason))


@dataclass
class Outcome:
    subject: int = 0
    complied: int = 0
    pending: int = 0
    findings: list[Finding] = field(default_factory=list)

    def add(self, result: str, finding: Callable[[str], Finding] | None = None) -> None:
        """Count one case subject to the clause with its outcome (outcomes.*)."""
        self.subject += 1
        if result == outcomes.COMPLIED:
            self.complied += 1
        elif result == outcomes.PENDING:
            self.pending += 1
        elif finding is not None:
            self.findings.append(finding(result))

    @property
    def exceptions(self) -> int:
        return len(self.findings)

    @property
    def rate(self) -> Decimal | None:
        return outcomes.rate(self.complied, self.exceptions)


# evaluate(scope, period, now) -> Outcome; scope is a unit path prefix ("/1/4/").
Evaluate = Callable[[str, Period, datetime], Outcome]


@dataclass(frozen=True)
class Rule:
    key: str
    clause: str
    title: Any  # a (lazy) translated string
    evaluate: Evaluate
    audience: str = MANAGERS
    deadline_kind: str = ""  # the deadline kind whose generic row this rule replaces
    # Called when the rule's exceptions leave the system (export, PDF): on_export(actor=, count=, now=),
    # e.g. the audit event of an export of whistleblower reports (§6.7(iii)(1-6)).
    on_export: Callable[..., None] | None = None


@dataclass(frozen=True)
class Counter:
    """A case type's counts for a unit path prefix and a period: {"opened": n, "closed": n}."""

    key: str
    title: Any
    count: Callable[[str, Period], dict[str, int]]
    audience: str = MANAGERS
    position: int = 100


RULES: dict[str, Rule] = {}
COUNTERS: dict[str, Counter] = {}
KIND_TERMS: dict[str, tuple[str, str, Any, Any]] = {}  # deadline kind -> (clause, audience, describe, on_export)


def register_rule(rule: Rule) -> None:
    RULES[rule.key] = rule


def opened_closed(rows: QuerySet, period: "Period", *, opened: str, closed: str = "closed_at") -> dict[str, int]:
    """A counter's figures in one query: the cases opened, and those closed, in the period."""
    return rows.aggregate(opened=Count("pk", filter=period.q(opened)), closed=Count("pk", filter=period.q(closed)))


def register_counter(counter: Counter) -> None:
    COUNTERS[counter.key] = counter


def register_deadline_kind(kind: str, *, clause: str, audience: str = MANAGERS, describe=None,
                           on_export=None) -> None:
    KIND_TERMS[kind] = (clause, audience, describe, on_export)


def _confidential_types() -> set[str]:
    from utilicase.org.permissions import CONFIDENTIAL_TARGET_TYPES

    return set(CONFIDENTIAL_TARGET_TYPES)


def deadlines_in(*, kind: str, scope: str, period: Period, audience: str):
    """The deadlines of one kind subject in the period: started or due in it, owned by a unit in
    scope; confidential records' deadlines only for the confidential audience."""
    rows = Deadline.objects.filter(kind=kind, owner_unit__path__startswith=scope).filter(
        period.q("start_at") | period.due_q("due_at"))
    if audience != CONFIDENTIAL:
        rows = rows.exclude(target_type__in=_confidential_types())
    return rows.only("id", "target_type", "target_id", "clause", "due_at", "met_at").order_by("due_at", "id")


def deadline_evaluate(kind: str, *, audience: str, judge=outcomes.deadline_outcome,
                      describe: Callable[[list[str]], dict[str, tuple[str, str]]] | None = None) -> Evaluate:
    """The generic rule of a deadline kind (`judge` decides each deadline's outcome). `describe`
    names the exceptions' cases (target ids -> (number, party)) where no describer of
    web.targets does."""

    def evaluate(scope: str, period: Period, now: datetime) -> Outcome:
        outcome = Outcome()
        for d in deadlines_in(kind=kind, scope=scope, period=period, audience=audience):
            outcome.add(judge(due_at=d.due_at, met_at=d.met_at, now=now),
                        lambda reason, d=d: Finding(d.target_type, d.target_id, reason, due_at=d.due_at,
                                                    done_at=d.met_at))
        if describe is not None and outcome.findings:
            named = describe(sorted({f.target_id for f in outcome.findings}))
            for f in outcome.findings:
                f.case_number, f.case_party = named.get(f.target_id, ("", ""))
        return outcome

    return evaluate


def _kind_clause(kind: str) -> str:
    found = Deadline.objects.filter(kind=kind).exclude(clause="").values_list("clause", flat=True).first()
    return found or ""


def all_rules() -> list[Rule]:
    """The registered rules and a generic row for each deadline kind no rule replaces, in clause
    order."""
    rules = list(RULES.values())
    replaced = {r.deadline_kind for r in rules if r.deadline_kind}
    for kind in LABELS:
        if kind in replaced:
            continue
        clause, audience, describe, on_export = KIND_TERMS.get(kind) or (_kind_clause(kind), MANAGERS, None, None)
        rules.append(Rule(key=f"deadline:{kind}", clause=clause, title=_kind_title(kind),
                          evaluate=deadline_evaluate(kind, audience=audience, describe=describe), audience=audience,
                          deadline_kind=kind, on_export=on_export))
    return sorted(rules, key=lambda r: (outcomes.clause_sort_key(r.clause), r.key))


class _KindTitle:
    """The kind's label, read in the language active when shown."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __str__(self) -> str:
        return kind_label(self.kind)


def _kind_title(kind: str):
    return _KindTitle(kind)


def month_period(text: str) -> Period:
    """"2026-09" → 2026-09-01 … 2026-09-30. ValueError for anything else, a year outside the
    supported ones (2000 to 2100) included."""
    try:
        year, month = (int(p) for p in text.split("-"))
        first = date(year, month, 1)
    except (ValueError, TypeError):
        raise ValueError(text) from None
    if len(text) != 7 or not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise ValueError(text)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return Period(first, following - timedelta(days=1))
