"""The complaint transition table and its guards, without a database."""

import pytest

from utilicase.complaints.domain import transitions as t
from utilicase.complaints.domain.transitions import TABLE, Facts
from utilicase.core.rules import RuleViolation


def ready(**changes) -> Facts:
    """A phone complaint with its form complete and its record confirmed."""
    return Facts(**{"channel": "PHONE", "form_completed": True, "record_confirmed": True, **changes})


def refusal(name: str, state: str, facts: Facts) -> str | None:
    refused = TABLE.refusal(name, state, facts)
    return refused.clause if refused else None


def test_every_state_is_known_and_closed_is_final():
    assert TABLE.states == {"RECEIVED", "ASSESSED", "ROUTED", "REPLIED", "REOPENED", "CLOSED"}
    assert TABLE.options("CLOSED", ready(has_reply=True)) == []


def test_the_happy_path_leads_from_received_to_closed():
    facts = ready()
    assert TABLE.check("assess", "RECEIVED", facts).target == "ASSESSED"
    assert TABLE.check("route", "ASSESSED", ready(assessed=True)).target == "ROUTED"
    assert TABLE.check("reply", "ROUTED", ready(assessed=True)).target == "REPLIED"
    assert TABLE.check("close", "REPLIED", ready(assessed=True, has_reply=True)).target == "CLOSED"


def test_completing_the_form_keeps_the_state_and_happens_once_s6_6_6():
    assert TABLE.check("complete_form", "RECEIVED", Facts(channel="PHONE")).target == "RECEIVED"
    assert refusal("complete_form", "RECEIVED", Facts(channel="PHONE", form_completed=True)) == "§6.6(6)"


def test_record_confirmation_happens_once_s6_5_ii_7():
    assert TABLE.check("confirm_record", "RECEIVED", Facts(channel="VISIT")).target == "RECEIVED"
    assert refusal("confirm_record", "RECEIVED", Facts(channel="VISIT", record_confirmed=True)) == "§6.5(ii)(7)"


def test_assessment_needs_the_completed_form_s6_5_i():
    assert refusal("assess", "RECEIVED", ready(form_completed=False)) == "§6.5(i)"


@pytest.mark.parametrize("channel", ["VISIT", "PHONE"])
def test_spoken_complaints_are_read_back_before_assessment_s6_5_ii_7(channel):
    assert refusal("assess", "RECEIVED", ready(channel=channel, record_confirmed=False)) == "§6.5(ii)(7)"


@pytest.mark.parametrize("channel", ["OPINION_BOOK", "OPINION_BOX", "LETTER", "ONLINE"])
def test_written_complaints_need_no_read_back_s6_5_ii_7(channel):
    assert refusal("assess", "RECEIVED", ready(channel=channel, record_confirmed=False)) is None


def test_reassessment_is_allowed_until_routed():
    assert refusal("assess", "ASSESSED", ready(assessed=True)) is None
    assert "ROUTED" not in TABLE.get("assess").sources


def test_forwarding_needs_assessment_s6_6_4():
    refused = TABLE.refusal("route", "RECEIVED", ready())
    assert refused.clause == "§6.6(4)"
    assert "不得转交" in refused.message


def test_the_clerk_passes_an_opinion_book_complaint_only_to_the_hall_head_s6_6_7():
    book = ready(channel="OPINION_BOOK", assessed=True, by_hall_head=False, reason_given=True)
    assert refusal("route", "ASSESSED", Facts(**{**vars(book), "route_to_hall": False})) == "§6.6(7)"
    assert refusal("route", "ASSESSED", Facts(**{**vars(book), "route_to_hall": True})) is None


def test_the_clerk_cannot_route_it_on_once_with_the_hall_head_s6_6_7():
    with_head = ready(channel="OPINION_BOOK", assessed=True, routed_to_hall=True, by_hall_head=False)
    assert refusal("route", "ROUTED", Facts(**{**vars(with_head), "route_to_hall": False,
                                               "reason_given": True})) == "§6.6(7)"
    assert refusal("route", "ROUTED", with_head) == "§6.6(7)"  # the page, before a unit is chosen


def test_the_hall_head_passes_it_on_with_the_reason_s6_6_7():
    head = ready(channel="OPINION_BOOK", assessed=True, routed_to_hall=True, route_to_hall=False, by_hall_head=True)
    refused = TABLE.refusal("route", "ROUTED", Facts(**{**vars(head), "reason_given": False}))
    assert (refused.clause, "原因" in refused.message) == ("§6.6(7)", True)
    assert refusal("route", "ROUTED", Facts(**{**vars(head), "reason_given": True})) is None
    assert refusal("route", "ASSESSED", Facts(**{**vars(head), "routed_to_hall": False, "reason_given": True})) is None


@pytest.mark.parametrize(("method", "phone", "address", "clause"), [
    ("PHONE", True, False, None), ("SMS", True, False, None), ("LETTER", False, True, None),
    ("PHONE", False, True, "§6.6(7)"), ("SMS", False, True, "§6.6(7)"), ("LETTER", True, False, "§6.6(7)"),
    ("IN_PERSON", True, True, "§6.6(7)"),
])
def test_opinion_book_reply_by_the_contact_left_s6_6_7(method, phone, address, clause):
    book = ready(channel="OPINION_BOOK", assessed=True, phone_left=phone, address_left=address, reply_method=method)
    assert refusal("reply", "ROUTED", book) == clause


@pytest.mark.parametrize(("channel", "no_contact", "method", "clause"), [
    ("OPINION_BOX", True, "POSTED", None), ("OPINION_BOOK", True, "POSTED", None),
    ("OPINION_BOX", True, "PHONE", "§6.5(i)"), ("OPINION_BOOK", True, "LETTER", "§6.5(i)"),
    ("OPINION_BOX", False, "POSTED", "§6.5(i)"), ("PHONE", False, "POSTED", "§6.5(i)"),
])
def test_a_posted_reply_exactly_when_no_contact_was_left_s6_5_i(channel, no_contact, method, clause):
    facts = ready(channel=channel, assessed=True, no_contact=no_contact, phone_left=not no_contact,
                  reply_method=method)
    assert refusal("reply", "ROUTED", facts) == clause


def test_other_channels_reply_in_person_s6_6_8():
    assert refusal("reply", "ROUTED", ready(assessed=True, reply_method="IN_PERSON")) is None


def test_other_channels_may_go_straight_to_a_department():
    assert refusal("route", "ASSESSED", ready(assessed=True, route_to_hall=False)) is None


def test_an_unknown_routing_target_is_not_refused_in_advance():
    assert refusal("route", "ASSESSED", ready(channel="OPINION_BOOK", assessed=True)) is None


def test_reply_only_once_routed_s6_6_8():
    assert refusal("reply", "ASSESSED", ready(assessed=True)) == "§6.6(8)"
    assert refusal("reply", "REPLIED", ready(assessed=True, has_reply=True)) == "§6.6(8)"


@pytest.mark.parametrize("state", ["RECEIVED", "ASSESSED", "ROUTED"])
def test_closing_without_a_reply_is_impossible_s6_6_8(state):
    refused = TABLE.refusal("close", state, ready(assessed=True))
    assert refused.clause == "§6.6(8)"
    assert "答复" in refused.message


def test_options_list_allowed_and_refused_actions_with_their_clauses():
    options = {o.transition.name: o for o in TABLE.options("RECEIVED", Facts(channel="PHONE"))}
    assert set(options) == {"complete_form", "confirm_record", "assess", "route", "close"}
    assert options["complete_form"].allowed and options["confirm_record"].allowed
    assert options["assess"].refusal.clause == "§6.5(i)"
    assert options["route"].refusal.clause == "§6.6(4)"
    assert options["close"].refusal.clause == "§6.6(8)"


def test_hand_over_is_refused_only_once_closed_s6_5_ii_1():
    assert t.hand_over_refusal("ROUTED") is None
    assert t.hand_over_refusal("CLOSED").clause == "§6.5(ii)(1)"


def test_at_fault_assessment_needs_an_apology_s6_6_3():
    assert t.assessment_refusal(company_at_fault=True, apology_text="  ").clause == "§6.6(3)"
    assert t.assessment_refusal(company_at_fault=True, apology_text="非常抱歉") is None
    assert t.assessment_refusal(company_at_fault=False, apology_text="") is None


def test_guards_return_rule_violations_not_exceptions():
    assert isinstance(TABLE.refusal("route", "RECEIVED", ready()), RuleViolation)
    with pytest.raises(RuleViolation):
        TABLE.check("route", "RECEIVED", ready())


def test_completing_the_form_and_confirming_the_record_are_done_once_s6_6_6_s6_5_ii_7():
    fresh = Facts(channel="PHONE")
    done = Facts(channel="PHONE", form_completed=True, record_confirmed=True)
    assert not t.already_done("complete_form", fresh) and not t.already_done("confirm_record", fresh)
    assert t.already_done("complete_form", done) and t.already_done("confirm_record", done)
    assert t.already_done("complete_form", Facts(channel="PHONE", form_completed=True))
    assert not t.already_done("confirm_record", Facts(channel="PHONE", form_completed=True))
    # Assessing may be repeated until routed, and a reply is refused, not done: neither is "done".
    assert not t.already_done("assess", Facts(channel="PHONE", assessed=True))
    assert not t.already_done("close", Facts(channel="PHONE", has_reply=True))


@pytest.mark.parametrize(("channel", "method", "proof", "refused"), [
    ("VISIT", "SIGNATURE", {"signed": True}, None),
    ("VISIT", "SIGNATURE", {}, "请客户在工作单上签名确认。"),
    ("VISIT", "CONTACT", {"contact": "13912345678"}, None),
    ("VISIT", "CONTACT", {"contact": " "}, "请客户留下联系方式。"),
    ("VISIT", "READ_BACK", {"answer": "对"}, "来人投诉由客户在工作单上签名或留下联系方式确认；来电投诉须复述笔录并记录客户的答复。"),
    ("PHONE", "READ_BACK", {"answer": "对"}, None),
    ("PHONE", "READ_BACK", {"answer": "  "}, "请记录客户对复述笔录的答复。"),
    ("PHONE", "SIGNATURE", {"signed": True}, "来人投诉由客户在工作单上签名或留下联系方式确认；来电投诉须复述笔录并记录客户的答复。"),
    ("LETTER", "READ_BACK", {"answer": "对"}, "来人投诉由客户在工作单上签名或留下联系方式确认；来电投诉须复述笔录并记录客户的答复。"),
])
def test_the_confirmation_names_its_proof_by_channel_s6_5_ii_7(channel, method, proof, refused):
    found = t.confirmation_refusal(channel=channel, method=method, **{"signed": False, "contact": "", "answer": "",
                                                                      **proof})
    assert (found.clause, found.message) == ("§6.5(ii)(7)", refused) if refused else found is None


def test_a_customer_not_satisfied_reopens_and_blocks_closing_until_answered_again_s6_6_8():
    from utilicase.complaints.domain.transitions import after_return_visit

    assert after_return_visit(reached=True, satisfaction="DISSATISFIED") == "REOPENED"
    assert after_return_visit(reached=True, satisfaction="BASICALLY_SATISFIED") == "REPLIED"
    assert after_return_visit(reached=False, satisfaction=None) == "REPLIED"
    refused = TABLE.refusal("close", "REOPENED", Facts(channel="PHONE", has_reply=True, reopened=True))
    assert refused is not None and refused.clause == "§6.6(8)"
    assert TABLE.refusal("close", "REPLIED", Facts(channel="PHONE", has_reply=True)) is None
    assert TABLE.refusal("reply_again", "REOPENED", Facts(channel="PHONE", has_reply=True, reopened=True)) is None
    no_contact = TABLE.refusal("return_visit", "REPLIED", Facts(channel="OPINION_BOX", has_reply=True, no_contact=True))
    assert no_contact is not None and no_contact.clause == "§6.6(8)"
