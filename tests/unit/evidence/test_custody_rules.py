"""The custody order as a pure table (§2.6(2)): every move allowed and every refusal, each with
its clause."""

import pytest

from utilicase.core.rules import RuleViolation
from utilicase.evidence.domain import custody as c

SEALED = c.CustodyFacts(kind="METER", sealed=True, seal_state=c.INTACT)
UNSEALED = c.CustodyFacts(kind="METER", sealed=False)

# (from state, to step) pairs the table allows for a sealed meter with its seal intact.
ALLOWED = {
    (c.COLLECTED, c.STORED), (c.COLLECTED, c.SENT_FOR_APPRAISAL), (c.COLLECTED, c.RETURNED), (c.COLLECTED, c.DISPOSED),
    (c.STORED, c.SENT_FOR_APPRAISAL), (c.STORED, c.RETURNED), (c.STORED, c.DISPOSED),
    (c.SENT_FOR_APPRAISAL, c.APPRAISAL_RESULT),
    (c.APPRAISAL_RESULT, c.STORED), (c.APPRAISAL_RESULT, c.RETURNED), (c.APPRAISAL_RESULT, c.DISPOSED),
}


@pytest.mark.parametrize("state", c.STATES)
@pytest.mark.parametrize("step", c.MOVES)
def test_the_custody_order_s2_6_2(state, step):
    refusal = c.custody_refusal(step, state, SEALED)
    if (state, step) in ALLOWED:
        assert refusal is None
    else:
        assert isinstance(refusal, RuleViolation)
        assert refusal.clause == "§2.6(2)"


def test_no_appraisal_result_before_it_was_sent_s2_6_2():
    for state in (c.COLLECTED, c.STORED):
        with pytest.raises(RuleViolation) as exc:
            c.custody_check(c.APPRAISAL_RESULT, state, SEALED)
        assert exc.value.clause == "§2.6(2)" and "送技术鉴定之后" in exc.value.message


@pytest.mark.parametrize("final", [c.RETURNED, c.DISPOSED])
@pytest.mark.parametrize("step", c.MOVES)
def test_nothing_after_returned_or_disposed_s2_6_2(final, step):
    with pytest.raises(RuleViolation) as exc:
        c.custody_check(step, final, SEALED)
    assert exc.value.clause == "§2.6(2)" and "保管链已结束" in exc.value.message


@pytest.mark.parametrize("step", [c.STORED, c.RETURNED, c.DISPOSED, c.SENT_FOR_APPRAISAL])
def test_while_at_the_appraiser_only_the_result_may_follow_s2_6_2(step):
    with pytest.raises(RuleViolation) as exc:
        c.custody_check(step, c.SENT_FOR_APPRAISAL, SEALED)
    assert exc.value.clause == "§2.6(2)" and "鉴定中" in exc.value.message


def test_an_unsealed_item_is_not_sent_for_appraisal_s2_6_2():
    with pytest.raises(RuleViolation) as exc:
        c.custody_check(c.SENT_FOR_APPRAISAL, c.STORED, UNSEALED)
    assert exc.value.clause == "§2.6(2)" and "须先封存" in exc.value.message


def test_an_item_with_a_broken_seal_is_not_sent_for_appraisal_s2_6_2():
    broken = c.CustodyFacts(kind="METER", sealed=True, seal_state=c.BROKEN)
    with pytest.raises(RuleViolation) as exc:
        c.custody_check(c.SENT_FOR_APPRAISAL, c.STORED, broken)
    assert "封条已损坏" in exc.value.message


@pytest.mark.parametrize("step", [c.SENT_FOR_APPRAISAL, c.RETURNED, c.DISPOSED])
def test_a_photographed_immovable_thing_is_only_stored_s2_6_2(step):
    photo = c.CustodyFacts(kind="PHOTO", sealed=False)
    assert c.custody_refusal(c.STORED, c.COLLECTED, photo) is None
    refusal = c.custody_refusal(step, c.COLLECTED, photo)
    assert refusal is not None and refusal.clause == "§2.6(2)" and "不可移动" in refusal.message


def test_an_unknown_step_is_refused():
    assert c.custody_refusal("LOST", c.STORED, SEALED).clause == "§2.6(2)"


def test_the_full_chain_is_allowed_s2_6_2():
    state = c.COLLECTED
    for step in (c.STORED, c.SENT_FOR_APPRAISAL, c.APPRAISAL_RESULT, c.STORED, c.RETURNED):
        c.custody_check(step, state, SEALED)
        state = step
    assert state == c.RETURNED


@pytest.mark.parametrize(("kwargs", "words"), [
    ({"kind": "PHOTO", "state": c.COLLECTED, "sealed": False}, "无需封存"),
    ({"kind": "METER", "state": c.RETURNED, "sealed": False}, "保管链已结束"),
    ({"kind": "TOOL", "state": c.SENT_FOR_APPRAISAL, "sealed": False}, "鉴定中"),
    ({"kind": "TRACE", "state": c.STORED, "sealed": True, "seal_number": "FT-1"}, "FT-1"),
])
def test_seal_refusals_s2_6_2(kwargs, words):
    refusal = c.seal_refusal(**kwargs)
    assert refusal is not None and refusal.clause == "§2.6(2)" and words in refusal.message


@pytest.mark.parametrize("kind", ["PHYSICAL", "METER", "TOOL", "TRACE", "RECORDING"])
def test_things_taken_away_may_be_sealed_s2_6_2(kind):
    assert c.seal_refusal(kind=kind, state=c.APPRAISAL_RESULT, sealed=False) is None


def test_a_page_does_not_list_the_step_done_or_any_step_after_the_end_as_refused_s2_6_2():
    allowed, refused = c.custody_options(c.STORED, SEALED)
    assert allowed == [c.SENT_FOR_APPRAISAL, c.RETURNED, c.DISPOSED]
    assert [step for step, _ in refused] == [c.APPRAISAL_RESULT]  # STORED: where it is, not "refused"
    assert refused[0][1].clause == "§2.6(2)"
    assert c.custody_options(c.DISPOSED, SEALED) == ([], [])
    allowed, refused = c.custody_options(c.COLLECTED, UNSEALED)
    assert allowed == [c.STORED, c.RETURNED, c.DISPOSED]
    assert [step for step, _ in refused] == [c.SENT_FOR_APPRAISAL, c.APPRAISAL_RESULT]
