"""The case registry: what documents and evidence need to know of the case they belong to,
whatever its type. Each case type registers, in its AppConfig.ready(), how to load a case the
user may see (None otherwise: the same as a missing one) and how to describe it."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CaseInfo:
    target_type: str  # "app_label.model"
    target_id: str
    number: str  # the case's own number
    title: str
    utility: str  # POWER, HEAT, GAS, or "" when the case has none
    issuer_code: str  # the unit whose document sequence numbers this case's documents
    issuer_short_name: str  # its short name in document numbers, e.g. 天富电
    customer_name: str = ""
    customer_account: str = ""
    customer_address: str = ""


@dataclass(frozen=True)
class CaseType:
    target_type: str
    load: Callable[[Any, str], Any | None]  # (user, id) -> the case, or None if missing or not visible
    info: Callable[[Any], CaseInfo]


CASE_TYPES: dict[str, CaseType] = {}


def register_case_type(target_type: str, *, load, info) -> None:
    CASE_TYPES[target_type] = CaseType(target_type, load, info)


def case_for(user: Any, target_type: str, target_id: str) -> tuple[Any, CaseInfo] | None:
    """The case and its description when the user may see it; None for an unknown type, a
    missing case, or one the user may not see (they are not told apart)."""
    case_type = CASE_TYPES.get(target_type)
    if case_type is None:
        return None
    case = case_type.load(user, str(target_id))
    if case is None:
        return None
    return case, case_type.info(case)
