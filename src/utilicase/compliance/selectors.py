"""Reads of compliance by clause: the table of a unit and period, one rule's exceptions, and the
monthly report's counts, each limited to what the reader may see (permissions.audience_allows)
and to the units in their scope (org.selectors.units_in_scope)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from utilicase.compliance.permissions import audience_allows
from utilicase.compliance.registry import COUNTERS, RULES, Finding, Outcome, Period, Rule, all_rules
from utilicase.org.models import Unit, UnitKind
from utilicase.org.selectors import units_in_scope
from utilicase.web.targets import describe_targets, target_url


@dataclass
class Row:
    rule: Rule
    outcome: Outcome

    @property
    def key(self) -> str:
        return self.rule.key

    @property
    def clause(self) -> str:
        return self.rule.clause

    @property
    def title(self) -> str:
        return str(self.rule.title)


def units_for(*, user) -> QuerySet[Unit]:
    """The units the reader may pick: those in their scope."""
    return units_in_scope(user=user).order_by("path")


def rules_for(*, user) -> list[Rule]:
    return [r for r in all_rules() if audience_allows(r.audience, user)]


def rule_for(*, user, key: str) -> Rule | None:
    rule = RULES.get(key) or next((r for r in all_rules() if r.key == key), None)
    if rule is None or not audience_allows(rule.audience, user):
        return None
    return rule


def _finish(findings: list[Finding]) -> list[Finding]:
    """Case numbers and parties from the targets' describers (one query per type) and links."""
    describe = [f for f in findings if not f.case_number]
    if describe:
        saved = {id(f): (f.case_number, f.case_party) for f in describe}
        describe_targets(describe)
        for f in describe:
            if not f.case_number and not f.case_party:
                f.case_number, f.case_party = saved[id(f)]
    for f in findings:
        f.url = target_url(f.target_type, f.target_id)
    return findings


def evaluate(rule: Rule, *, unit: Unit, period: Period, now: datetime) -> Outcome:
    outcome = rule.evaluate(unit.path, period, now)
    _finish(outcome.findings)
    return outcome


def compliance_table(*, user, unit: Unit, period: Period, now: datetime) -> list[Row]:
    """One row per rule the reader may see. The caller has checked that the unit is in scope."""
    return [Row(rule, evaluate(rule, unit=unit, period=period, now=now)) for rule in rules_for(user=user)]


def case_counts(*, user, unit: Unit, period: Period) -> list[dict[str, Any]]:
    counters = sorted(COUNTERS.values(), key=lambda c: (c.position, c.key))
    return [{"title": str(c.title), **c.count(unit.path, period)} for c in counters
            if audience_allows(c.audience, user)]


def enterprise_for(*, user, code: str) -> Unit | None:
    """An enterprise (or the company) the reader may see, by code; None otherwise."""
    unit = Unit.objects.filter(code=code, kind__in=[UnitKind.ENTERPRISE, UnitKind.COMPANY]).first()
    if unit is None:
        return None
    if user is not None and not units_in_scope(user=user).filter(pk=unit.pk).exists():
        return None
    return unit
