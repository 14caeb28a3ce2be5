"""The declarative transition table every case type uses.

A case type lists its transitions: a name, the states it may start from, the state it leads
to, the clause that governs it and its guards. A guard looks at a plain snapshot of the case
(no ORM) and returns None when the step is allowed or a RuleViolation that says which clause
refuses it. Services call `check` before they write; pages call `options` to show the actions
allowed now and, for the others, why not.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from utilicase.core import clauses
from utilicase.core.rules import RuleViolation

Guard = Callable[[Any], RuleViolation | None]


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    clause: str
    guards: tuple[Guard, ...] = field(default=())

    def __post_init__(self):
        clauses.get(self.clause)


@dataclass(frozen=True)
class Option:
    transition: Transition
    refusal: RuleViolation | None

    @property
    def allowed(self) -> bool:
        return self.refusal is None


class UnknownTransition(KeyError):
    pass


class TransitionTable:
    def __init__(self, states: Iterable[str], transitions: Iterable[Transition]):
        self.states = frozenset(states)
        self.transitions: dict[str, Transition] = {}
        for t in transitions:
            unknown = (t.sources | {t.target}) - self.states
            if unknown:
                raise ValueError(f"transition {t.name} names unknown states {sorted(unknown)}")
            if t.name in self.transitions:
                raise ValueError(f"transition {t.name} is defined twice")
            self.transitions[t.name] = t

    def get(self, name: str) -> Transition:
        try:
            return self.transitions[name]
        except KeyError:
            raise UnknownTransition(name) from None

    def refusal(self, name: str, state: str, facts: Any) -> RuleViolation | None:
        """Why the transition may not happen now, or None."""
        t = self.get(name)
        if state not in t.sources:
            return RuleViolation(t.clause, f"'{name}' is not possible in state {state}")
        for guard in t.guards:
            refused = guard(facts)
            if refused is not None:
                return refused
        return None

    def check(self, name: str, state: str, facts: Any) -> Transition:
        """The transition, or RuleViolation with the clause that refuses it."""
        refused = self.refusal(name, state, facts)
        if refused is not None:
            raise refused
        return self.transitions[name]

    def options(self, state: str, facts: Any) -> list[Option]:
        """Every transition that starts from this state, allowed or with its refusal."""
        return [Option(t, self.refusal(t.name, state, facts)) for t in self.transitions.values() if state in t.sources]
