"""A customer's history: what the company has done with the customer, section by section, each
section a context's own records. Contexts register in their AppConfig.ready(), so a later case
type adds its section (and its cases, for the documents and evidence on them) by registering:

- register_customer_cases(target_type, cases): cases(user, customer) -> the customer's cases of
  that type the user may see (CaseRef). Documents and evidence list their records on these.
- register_history_section(key, title=..., rows=..., position=...): rows(user, customer, limit)
  -> at most `limit` HistoryRow, newest first, only records the user may see.

Confidential records (org.permissions.CONFIDENTIAL_TARGET_TYPES: whistleblower reports, seen by
discipline inspection alone, §6.7(iii)) are never part of a customer's history, whatever
registers them: such cases and sections are left out when the history is read."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q

from utilicase.customers.models import Customer
from utilicase.org.models import User
from utilicase.org.permissions import CONFIDENTIAL_TARGET_TYPES

SECTION_LIMIT = 50  # rows shown per section, newest first


@dataclass(frozen=True)
class CaseRef:
    target_type: str  # "app_label.model"
    target_id: str
    number: str  # the case's own number


@dataclass(frozen=True)
class HistoryRow:
    at: datetime | None
    number: str
    title: str
    status: str
    url: str = ""
    case_number: str = ""  # the case a document or an evidence item belongs to


@dataclass(frozen=True)
class Section:
    key: str
    title: Any  # a lazy translation
    position: int
    rows: Callable[[User, Customer, int], list[HistoryRow]]


@dataclass(frozen=True)
class HistorySection:
    key: str
    title: Any
    rows: list[HistoryRow]
    more: bool  # older rows are left out


CASE_SOURCES: dict[str, Callable[[User, Customer], list[CaseRef]]] = {}
SECTIONS: dict[str, Section] = {}


def register_customer_cases(target_type: str, cases: Callable[[User, Customer], list[CaseRef]]) -> None:
    CASE_SOURCES[target_type] = cases


def register_history_section(key: str, *, title, rows: Callable[[User, Customer, int], list[HistoryRow]],
                             position: int = 100) -> None:
    SECTIONS[key] = Section(key, title, position, rows)


def customer_cases(user: User, customer: Customer) -> list[CaseRef]:
    """The customer's cases of every registered type that the user may see."""
    return [case for target_type, cases in CASE_SOURCES.items() if target_type not in CONFIDENTIAL_TARGET_TYPES
            for case in cases(user, customer)]


def on_cases(cases: Iterable[CaseRef]) -> Q | None:
    """A filter for records kept by (target_type, target_id) on one of these cases; None for none."""
    ids = defaultdict(list)
    for case in cases:
        ids[case.target_type].append(case.target_id)
    condition = None
    for target_type, target_ids in ids.items():
        one = Q(target_type=target_type, target_id__in=target_ids)
        condition = one if condition is None else condition | one
    return condition


def customer_history(*, user: User, customer: Customer) -> list[HistorySection]:
    """Every registered section, in order, with the newest SECTION_LIMIT rows the user may see."""
    sections = []
    for section in sorted(SECTIONS.values(), key=lambda s: (s.position, s.key)):
        if section.key in CONFIDENTIAL_TARGET_TYPES:
            continue
        rows = section.rows(user, customer, SECTION_LIMIT + 1)
        sections.append(HistorySection(section.key, section.title, rows[:SECTION_LIMIT], len(rows) > SECTION_LIMIT))
    return sections
