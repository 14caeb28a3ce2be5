from dataclasses import dataclass

import pytest

from utilicase.core.rules import RuleViolation
from utilicase.core.transitions import Transition, TransitionTable, UnknownTransition


@dataclass
class Facts:
    assessed: bool


def must_be_assessed(facts):
    return None if facts.assessed else RuleViolation("§6.6(4)", "assess the complaint before forwarding it")


TABLE = TransitionTable(
    states=["NEW", "ASSESSED", "ROUTED"],
    transitions=[
        Transition("assess", frozenset({"NEW"}), "ASSESSED", "§6.6(1-4)"),
        Transition("route", frozenset({"NEW", "ASSESSED"}), "ROUTED", "§6.5(i)", guards=(must_be_assessed,)),
    ],
)


def test_guard_refusal_cites_its_clause_s6_6_4():
    with pytest.raises(RuleViolation) as exc:
        TABLE.check("route", "NEW", Facts(assessed=False))
    assert exc.value.clause == "§6.6(4)"


def test_allowed_transition_returns_its_target():
    assert TABLE.check("route", "ASSESSED", Facts(assessed=True)).target == "ROUTED"


def test_wrong_state_is_refused_with_the_transitions_clause():
    with pytest.raises(RuleViolation) as exc:
        TABLE.check("assess", "ROUTED", Facts(assessed=True))
    assert exc.value.clause == "§6.6(1-4)"
    assert "ROUTED" in exc.value.message


def test_options_list_allowed_and_refused_actions():
    options = {o.transition.name: o for o in TABLE.options("NEW", Facts(assessed=False))}
    assert set(options) == {"assess", "route"}
    assert options["assess"].allowed
    assert options["route"].refusal.clause == "§6.6(4)"


def test_table_refuses_unknown_states_and_duplicates():
    with pytest.raises(ValueError, match="unknown states"):
        TransitionTable(["A"], [Transition("go", frozenset({"A"}), "B", "§1.1")])
    with pytest.raises(ValueError, match="twice"):
        TransitionTable(["A", "B"], [Transition("go", frozenset({"A"}), "B", "§1.1")] * 2)


def test_unknown_transition_and_clause():
    with pytest.raises(UnknownTransition):
        TABLE.check("fly", "NEW", Facts(assessed=True))
    with pytest.raises(KeyError):
        Transition("go", frozenset({"A"}), "B", "§7.7")
