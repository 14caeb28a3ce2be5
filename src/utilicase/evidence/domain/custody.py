"""The custody log's order (§2.6(2): "chain of custody from collection to appraisal to closure"),
as a transition table with clause-citing guards.

COLLECTED → STORED → SENT_FOR_APPRAISAL → APPRAISAL_RESULT → STORED again, RETURNED or DISPOSED.
An item is COLLECTED when it is registered; nothing follows RETURNED or DISPOSED. Every refusal
cites §2.6(2), also for accident cases: §2.7(3) says their evidence is handled "as in §2.6(2)",
so the rule that refuses is that one.
"""

from dataclasses import dataclass

from utilicase.core.i18n import gettext_noop
from utilicase.core.rules import RuleViolation
from utilicase.core.transitions import Transition, TransitionTable

CLAUSE = "§2.6(2)"

COLLECTED = "COLLECTED"
STORED = "STORED"
SENT_FOR_APPRAISAL = "SENT_FOR_APPRAISAL"
APPRAISAL_RESULT = "APPRAISAL_RESULT"
RETURNED = "RETURNED"
DISPOSED = "DISPOSED"

STATES = (COLLECTED, STORED, SENT_FOR_APPRAISAL, APPRAISAL_RESULT, RETURNED, DISPOSED)
FINAL = frozenset({RETURNED, DISPOSED})
# The moves a user records (COLLECTED is written when the item is registered).
MOVES = (STORED, SENT_FOR_APPRAISAL, APPRAISAL_RESULT, RETURNED, DISPOSED)

# Item kinds (the model's TextChoices values).
PHOTO = "PHOTO"
RECORDING = "RECORDING"
SEALABLE_KINDS = frozenset({"PHYSICAL", "METER", "TOOL", "TRACE", "RECORDING"})

# Seal states recorded on a move of a sealed item.
INTACT = "INTACT"
BROKEN = "BROKEN"


@dataclass(frozen=True)
class CustodyFacts:
    kind: str  # the item's kind
    sealed: bool  # the item carries a seal that was not found broken before this move
    seal_state: str = ""  # the seal's state found at this move: INTACT, BROKEN or ""


def _something_was_taken(facts: CustodyFacts) -> RuleViolation | None:
    if facts.kind == PHOTO:
        return RuleViolation(CLAUSE, gettext_noop("拍照取证的物品不可移动、未被提取，只保管其照片，不能送检、退还或处置。"))
    return None


def _sealed_and_intact(facts: CustodyFacts) -> RuleViolation | None:
    if not facts.sealed:
        return RuleViolation(CLAUSE, gettext_noop("送技术鉴定的物品须先封存并经客户确认。"))
    if facts.seal_state == BROKEN:
        return RuleViolation(CLAUSE, gettext_noop("封条已损坏，不能送检：请重新封存并由客户确认。"))
    return None


CUSTODY = TransitionTable(STATES, [
    Transition(STORED, frozenset({COLLECTED, APPRAISAL_RESULT}), STORED, CLAUSE),
    Transition(SENT_FOR_APPRAISAL, frozenset({COLLECTED, STORED}), SENT_FOR_APPRAISAL, CLAUSE,
               guards=(_something_was_taken, _sealed_and_intact)),
    Transition(APPRAISAL_RESULT, frozenset({SENT_FOR_APPRAISAL}), APPRAISAL_RESULT, CLAUSE),
    Transition(RETURNED, frozenset({COLLECTED, STORED, APPRAISAL_RESULT}), RETURNED, CLAUSE,
               guards=(_something_was_taken,)),
    Transition(DISPOSED, frozenset({COLLECTED, STORED, APPRAISAL_RESULT}), DISPOSED, CLAUSE,
               guards=(_something_was_taken,)),
])

STATE_WORDS = {
    COLLECTED: gettext_noop("已提取"), STORED: gettext_noop("已入库保管"), SENT_FOR_APPRAISAL: gettext_noop("已送技术鉴定"),
    APPRAISAL_RESULT: gettext_noop("已出鉴定结果"), RETURNED: gettext_noop("已退还"), DISPOSED: gettext_noop("已处置"),
}


def custody_refusal(step: str, state: str, facts: CustodyFacts) -> RuleViolation | None:
    """Why the item may not move to `step` now (None when it may), in words a user reads."""
    if step not in CUSTODY.transitions:
        return RuleViolation(CLAUSE, gettext_noop("未知的保管环节 %(step)s。"), {"step": repr(step)})
    if state in FINAL:
        return RuleViolation(CLAUSE, gettext_noop("证据%(state)s，保管链已结束，不能再登记流转。"),
                             {"state": STATE_WORDS[state]})
    if state not in CUSTODY.get(step).sources:
        if step == APPRAISAL_RESULT:
            return RuleViolation(CLAUSE, gettext_noop("鉴定结果只能在送技术鉴定之后登记。"))
        if state == SENT_FOR_APPRAISAL:
            return RuleViolation(CLAUSE, gettext_noop("证据在鉴定中：须先登记鉴定结果。"))
        return RuleViolation(CLAUSE, gettext_noop("证据%(state)s，不能转为“%(step)s”。"),
                             {"state": STATE_WORDS[state], "step": STATE_WORDS[step]})
    return CUSTODY.refusal(step, state, facts)


def custody_options(state: str, facts: CustodyFacts) -> tuple[list[str], list[tuple[str, RuleViolation]]]:
    """The moves a page offers now, and those refused with why. Not listed as refused: the step
    the item is in (done), and every step once the chain has ended (the item's state says so)."""
    allowed, refused = [], []
    for step in MOVES:
        refusal = custody_refusal(step, state, facts)
        if refusal is None:
            allowed.append(step)
        elif step != state and state not in FINAL:
            refused.append((step, refusal))
    return allowed, refused


def custody_check(step: str, state: str, facts: CustodyFacts) -> None:
    """RuleViolation (§2.6(2)) unless the item may move to `step` now."""
    refused = custody_refusal(step, state, facts)
    if refused is not None:
        raise refused


def seal_refusal(*, kind: str, state: str, sealed: bool, seal_number: str = "") -> RuleViolation | None:
    """Why the item may not be sealed now: only things taken away are sealed (§2.6(2): tools,
    traces and meters), not while at the appraiser, not after the chain ended, and one intact
    seal at a time."""
    if kind not in SEALABLE_KINDS:
        return RuleViolation(CLAUSE, gettext_noop("拍照取证的物品未被提取，无需封存。"))
    if state in FINAL:
        return RuleViolation(CLAUSE, gettext_noop("证据%(state)s，保管链已结束，不能封存。"), {"state": STATE_WORDS[state]})
    if state == SENT_FOR_APPRAISAL:
        return RuleViolation(CLAUSE, gettext_noop("证据在鉴定中，须登记鉴定结果后再封存。"))
    if sealed:
        return RuleViolation(CLAUSE, gettext_noop("证据已有完好的封条 %(number)s，不能重复封存。"), {"number": seal_number})
    return None
