"""Cases one context names by number without importing the context that keeps them. A case type
registers, in its AppConfig.ready(), how to find one of its cases by number among those taken in
a company; another context asks here (a whistleblower report closed as not a report names the
complaint taken for it: the number must be one taken in the report's company, §6.7(i-ii)) and
gets the case's target type and id, which web/targets.py turns into a link to the case's page
for whoever may see it."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

COMPLAINT = "complaints.complaint"


@dataclass(frozen=True)
class CaseRef:
    target_type: str  # "app_label.model"
    target_id: str
    number: str


# target_type -> find(number, unit) -> the case with that number taken in the company `unit`
# belongs to, or None. Whether anyone may read it is not asked: discipline inspection sees no
# complaints, yet names them.
CASE_FINDERS: dict[str, Callable[[str, Any], CaseRef | None]] = {}


def register_case_finder(target_type: str, find: Callable[[str, Any], CaseRef | None]) -> None:
    CASE_FINDERS[target_type] = find


def case_taken(target_type: str, *, number: str, unit: Any) -> CaseRef | None:
    """The case of this type numbered `number` and taken in the company of `unit`; None for an
    empty number, a number not taken there, or a case type that is not installed."""
    find = CASE_FINDERS.get(target_type)
    if not number or find is None:
        return None
    return find(number, unit)
