"""Search across customers and cases: customers by account number (or its beginning), phone
number or part of the name, within the user's customer scope; cases of every type by their
number, each through its own case type's scoped lookup (core.cases references), so a case the
user may not see is found exactly as a missing one is (not at all).

Whistleblower reports (and any confidential type, org.permissions.CONFIDENTIAL_TARGET_TYPES) are
looked up for members of discipline inspection alone, by the report's number only (§6.7(iii)):
for anyone else a report's number finds what a number nobody has finds."""

from dataclasses import dataclass

from django.apps import apps

from utilicase.core.cases import CASE_REFERENCES, case_for, case_reference
from utilicase.customers.models import Customer
from utilicase.customers.selectors import customer_list
from utilicase.org.permissions import CONFIDENTIAL_TARGET_TYPES, is_discipline_member
from utilicase.web.targets import target_url

CUSTOMERS_SHOWN = 20
QUERY_MAX = 100


@dataclass(frozen=True)
class CaseHit:
    kind: str  # the case type's name, e.g. 投诉
    number: str
    title: str
    party: str  # the customer's name, where the case type describes one
    url: str


@dataclass(frozen=True)
class Found:
    text: str
    cases: list[CaseHit]
    customers: list[Customer]
    more_customers: bool


def _clean(text: str) -> str:
    return "".join(ch for ch in (text or "") if ch.isprintable()).strip()[:QUERY_MAX]


def _type_name(target_type: str) -> str:
    try:
        return str(apps.get_model(target_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return target_type


def cases_by_number(*, user, text: str) -> list[CaseHit]:
    """The cases whose number is `text` (as typed or in capitals), of every registered type the
    user may look up, each found through its type's scoped reference."""
    number = "".join(_clean(text).split())
    if not number:
        return []
    hits: list[CaseHit] = []
    for target_type in sorted(CASE_REFERENCES):
        if target_type in CONFIDENTIAL_TARGET_TYPES and not is_discipline_member(user):
            continue
        for candidate in dict.fromkeys((number, number.upper())):
            found = case_reference(user, target_type, candidate)
            if found is None:
                continue
            url = target_url(target_type, found)
            if not url:
                continue
            described = case_for(user, target_type, found)
            info = described[1] if described else None
            hits.append(CaseHit(kind=_type_name(target_type), number=info.number if info else candidate,
                                title=info.title if info else "", party=info.customer_name if info else "",
                                url=url))
            break
    return hits


def search(*, user, text: str) -> Found:
    text = _clean(text)
    if not text:
        return Found(text="", cases=[], customers=[], more_customers=False)
    customers = list(customer_list(user=user, query=text)[:CUSTOMERS_SHOWN + 1])
    return Found(text=text, cases=cases_by_number(user=user, text=text), customers=customers[:CUSTOMERS_SHOWN],
                 more_customers=len(customers) > CUSTOMERS_SHOWN)
