"""The case registry: what documents and evidence need to know of the case they belong to,
whatever its type. Each case type registers, in its AppConfig.ready(), how to load a case the
user may see (None otherwise: the same as a missing one), optionally which of many ids the user
may see in one query (`visible_ids`, for lists of cases), how to describe it, and the document
types it issues: for each, the case's precondition for issuing it and the content the case fills
in. A document type a case type does not declare is never issued on its cases (who may write
each type is the documents context's rule, documents/domain/issuing.py)."""

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from utilicase.core.rules import RuleViolation


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
class CaseDocument:
    """A document type a case type issues. `precondition(case)` says why the case may not issue
    it now (a RuleViolation citing the clause) or None; `prefill(case)` is the content the case
    fills in (field name -> value as the document's fields take it), which the user edits."""

    precondition: Callable[[Any], RuleViolation | None] | None = None
    prefill: Callable[[Any], dict[str, str]] | None = None

    def refusal(self, case: Any) -> RuleViolation | None:
        return self.precondition(case) if self.precondition is not None else None

    def content(self, case: Any) -> dict[str, str]:
        return self.prefill(case) if self.prefill is not None else {}


@dataclass(frozen=True)
class CaseType:
    target_type: str
    load: Callable[[Any, str], Any | None]  # (user, id) -> the case, or None if missing or not visible
    info: Callable[[Any], CaseInfo]
    documents: Mapping[str, CaseDocument] = field(default_factory=dict)  # document type code -> its terms
    # (user, ids) -> those of the ids `load` answers a case for, in one query; None: `load` each
    visible_ids: Callable[[Any, Collection[str]], Collection[str]] | None = None


CASE_TYPES: dict[str, CaseType] = {}


def register_case_type(target_type: str, *, load, info, documents: Mapping[str, CaseDocument] | None = None,
                       visible_ids=None) -> None:
    CASE_TYPES[target_type] = CaseType(target_type, load, info, dict(documents or {}), visible_ids)


def declared_documents(target_type: str) -> Mapping[str, CaseDocument]:
    """The document types this case type issues ({} for an unknown type)."""
    case_type = CASE_TYPES.get(target_type)
    return case_type.documents if case_type is not None else {}


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


def openable(user: Any, keys: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Of these (target type, id) pairs, those whose case the user may see: exactly the pairs
    `case_for` answers a case for, asked once per case type that registers `visible_ids` (and
    case by case for one that does not). An unknown type is never openable."""
    wanted: dict[str, set[str]] = {}
    for target_type, target_id in keys:
        if target_type in CASE_TYPES:
            wanted.setdefault(target_type, set()).add(str(target_id))
    found: set[tuple[str, str]] = set()
    for target_type, ids in wanted.items():
        batch = CASE_TYPES[target_type].visible_ids
        if batch is not None:
            seen = {str(i) for i in batch(user, ids)}
            found.update((target_type, i) for i in ids if i in seen)
        else:
            found.update((target_type, i) for i in ids if case_for(user, target_type, i) is not None)
    return found


def ids_visible(ids: Collection[str], find: Callable[[list[int]], Iterable[int]]) -> set[str]:
    """A case type's `visible_ids` for integer primary keys: of these ids, those `find` (the
    primary keys among these the user may see, in one query) answers for. Read as `load` reads an
    id: digits only; anything else, or beyond a 64-bit key, names no case."""
    pks: dict[int, list[str]] = {}
    for target_id in ids:
        if target_id.isdigit():
            try:
                pk = int(target_id)
            except ValueError:  # a digit int() does not read (e.g. a superscript)
                continue
            if pk <= _LARGEST_KEY:
                pks.setdefault(pk, []).append(target_id)
    if not pks:
        return set()
    return {target_id for pk in find(sorted(pks)) for target_id in pks.get(pk, ())}


_LARGEST_KEY = 2**63 - 1


# Cases another case may refer to by their number (a special inspection's tip-off source,
# §2.6(1)), whether or not documents and evidence attach to them: target_type -> find(user,
# number) -> the case's id when the user may see it, None otherwise (missing and out of sight are
# not told apart). Whistleblower reports register here only: nothing attaches to them.
CASE_REFERENCES: dict[str, Callable[[Any, str], str | None]] = {}


def register_case_reference(target_type: str, find: Callable[[Any, str], str | None]) -> None:
    CASE_REFERENCES[target_type] = find


def case_reference(user: Any, target_type: str, number: str) -> str | None:
    """The id of the case of this type and number when the user may see it, else None."""
    find = CASE_REFERENCES.get(target_type)
    if find is None:
        return None
    found = find(user, str(number))
    return str(found) if found is not None else None
