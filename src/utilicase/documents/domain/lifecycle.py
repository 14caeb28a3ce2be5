"""A document's states and transitions, pure: no Django.

    state   action   to         refused when (→ the document type's clause)
    ──────  ───────  ─────────  ──────────────────────────────────────────────────────────
    DRAFT   edit     DRAFT      —
    DRAFT   sign     DRAFT      —
    DRAFT   issue    ISSUED     the document it corrects has been corrected already
    DRAFT   discard  DISCARDED  —
    ISSUED  refuse   ISSUED     the type is not served; a newer version exists
    ISSUED  serve    SERVED     the type is not served; a newer version exists; another means
                                than the customer's signature before a refusal is recorded

A draft is content that may change; issuing gives it its number, freezes its content and
renders its PDF once (from then on nothing of it changes: a correction is a new version that
points to the one it replaces, issued under the same number with its version). An issued or
served document that a newer version replaces is superseded: it stays readable, it is no longer
served or corrected. A discarded draft never had a number, so it leaves no gap.
"""

from dataclasses import dataclass
from functools import cache

from utilicase.core.rules import RuleViolation
from utilicase.core.transitions import Transition, TransitionTable
from utilicase.documents.domain.catalogue import SERVE_NEVER, gettext_noop
from utilicase.documents.domain.service import needs_prior_refusal

DRAFT = "DRAFT"
ISSUED = "ISSUED"
SERVED = "SERVED"
DISCARDED = "DISCARDED"
STATES = (DRAFT, ISSUED, SERVED, DISCARDED)


@dataclass(frozen=True)
class DocumentFacts:
    clause: str
    serve_mode: str
    superseded: bool = False
    replaced_is_superseded: bool = False  # issue: the document a correction draft replaces
    refused_before: bool = False  # a refusal to sign has been recorded
    method: str = ""  # serve: the means of service


def _served_type(facts: DocumentFacts) -> RuleViolation | None:
    if facts.serve_mode == SERVE_NEVER:
        return RuleViolation(facts.clause, gettext_noop("此类文书由企业留存，不需送达。"))
    return None


def _latest(facts: DocumentFacts) -> RuleViolation | None:
    if facts.superseded:
        return RuleViolation(facts.clause, gettext_noop("此文书已被更正后的新版本取代，请对新版本办理。"))
    return None


def _replaced_is_latest(facts: DocumentFacts) -> RuleViolation | None:
    if facts.replaced_is_superseded:
        return RuleViolation(facts.clause, gettext_noop("被更正的文书已有更新的版本，此更正稿不能签发。"))
    return None


def _refused_first(facts: DocumentFacts) -> RuleViolation | None:
    if needs_prior_refusal(facts.method) and not facts.refused_before:
        return RuleViolation(facts.clause, gettext_noop(
            "客户签收是首选的送达方式；只有在客户拒绝签收并已登记后，才能以其他有效方式送达。"))
    return None


@cache
def lifecycle(clause: str) -> TransitionTable:
    """The table for a document type whose rules rest on `clause`."""
    return TransitionTable(STATES, [
        Transition("edit", frozenset({DRAFT}), DRAFT, clause),
        Transition("sign", frozenset({DRAFT}), DRAFT, clause),
        Transition("issue", frozenset({DRAFT}), ISSUED, clause, guards=(_replaced_is_latest,)),
        Transition("discard", frozenset({DRAFT}), DISCARDED, clause),
        Transition("refuse", frozenset({ISSUED}), ISSUED, clause, guards=(_served_type, _latest)),
        Transition("serve", frozenset({ISSUED}), SERVED, clause, guards=(_served_type, _latest, _refused_first)),
    ])


def correction_refusal(*, state: str, facts: DocumentFacts, has_open_correction: bool) -> RuleViolation | None:
    """Why a correction of this document may not be started now, or None. Only an issued or
    served document that is the latest version is corrected, one correction at a time."""
    if state not in (ISSUED, SERVED):
        return RuleViolation(facts.clause, gettext_noop("只有已签发的文书才能更正；草稿可直接修改。"))
    if facts.superseded:
        return _latest(facts)
    if has_open_correction:
        return RuleViolation(facts.clause, gettext_noop("此文书已有一份未签发的更正稿。"))
    return None


def served_refusal(*, state: str, superseded: bool, clause: str, title: str) -> RuleViolation | None:
    """Why a later step that needs this document served may not go on (RuleViolation citing the
    step's clause), or None when the document is served and is the latest version."""
    if superseded:
        return RuleViolation(clause, gettext_noop("%(title)s已被更正，须送达更正后的新版本。"), {"title": title})
    if state != SERVED:
        return RuleViolation(clause, gettext_noop("%(title)s尚未送达客户，须先登记送达。"), {"title": title})
    return None
