import re
from pathlib import Path

import pytest

from utilicase.core import clauses
from utilicase.core.rules import RuleViolation

CLAUSES_MD = Path(__file__).resolve().parents[4] / "shared" / "regulation" / "clauses.md"


def test_every_clause_id_of_the_regulation_is_known():
    text = CLAUSES_MD.read_text(encoding="utf-8")
    ids = set(re.findall(r"^\| (§[0-9][^ |]*) \|", text, flags=re.M))
    assert len(ids) == 39
    assert ids - set(clauses.CLAUSES) == set()


@pytest.mark.parametrize("item", ["§6.6(4)", "§6.5(ii)(7)", "§6.7(iii)(5)", "§6.7(i)"])
def test_single_items_of_grouped_clauses_are_known(item):
    assert clauses.is_known(item)


def test_item_takes_its_groups_title():
    assert clauses.get("§6.6(4)").title_en == clauses.get("§6.6(1-4)").title_en


def test_unknown_clause_is_refused():
    assert not clauses.is_known("§3.1")
    with pytest.raises(clauses.UnknownClause):
        clauses.get("§6.6(5)")


def test_rule_violation_carries_clause_and_detail():
    err = RuleViolation("§1.2(2)", "suspension needs the company deputy's approval")
    assert err.as_dict() == {"clause": "§1.2(2)", "detail": "suspension needs the company deputy's approval"}
    assert str(err).startswith("§1.2(2): ")


def test_rule_violation_with_unknown_clause_is_a_programming_error():
    with pytest.raises(clauses.UnknownClause):
        RuleViolation("§9.9", "no such clause")
