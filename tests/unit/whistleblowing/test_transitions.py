"""The report transition table and its guards, without a database."""

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from utilicase.core.rules import RuleViolation
from utilicase.whistleblowing.domain import transitions as t

SH = ZoneInfo("Asia/Shanghai")
RECEIVED_AT = datetime(2026, 9, 30, 10, 0, tzinfo=SH)
NOW = datetime(2026, 10, 12, 9, 0, tzinfo=SH)


def facts(**changes) -> t.ReportFacts:
    return replace(t.ReportFacts(channel="PHONE", received_at=RECEIVED_AT, has_contact=True, note_count=1, now=NOW),
                   **changes)


def reply_facts(**changes) -> t.ReportFacts:
    base = dict(outcome="结果", feedback_method=t.PHONE, feedback_content="反馈", feedback_at=NOW)
    return facts(**{**base, **changes})


def test_the_table_has_the_states_and_transitions_of_the_design():
    assert set(t.TABLE.states) == {"RECEIVED", "NOT_A_REPORT", "WITH_DISCIPLINE", "INVESTIGATING", "REPLIED"}
    routes = {name: (sorted(tr.sources), tr.target, tr.clause) for name, tr in t.TABLE.transitions.items()}
    assert routes == {
        "confirm": (["RECEIVED"], "WITH_DISCIPLINE", "§6.7(iii)(5)"),
        "not_a_report": (["RECEIVED"], "NOT_A_REPORT", "§6.7(i-ii)"),
        "investigate": (["WITH_DISCIPLINE"], "INVESTIGATING", "§6.7(i-ii)"),
        "note": (["INVESTIGATING"], "INVESTIGATING", "§6.7(i-ii)"),
        "reply": (["INVESTIGATING"], "REPLIED", "§6.7(iii)(7)"),
    }


def test_closed_states_allow_nothing():
    assert t.TABLE.options("REPLIED", facts()) == []
    assert t.TABLE.options("NOT_A_REPORT", facts()) == []


def test_front_line_sees_only_unconfirmed_states_s6_7_iii_1_6():
    assert t.FRONT_LINE_STATES == {"RECEIVED", "NOT_A_REPORT"}
    assert not (t.FRONT_LINE_STATES & t.CONFIRMED_STATES)


def test_confirm_needs_a_discipline_unit_s6_7_iii_5():
    refused = t.TABLE.refusal("confirm", "RECEIVED", facts(has_discipline_unit=False))
    assert refused.clause == "§6.7(iii)(5)"
    assert t.TABLE.check("confirm", "RECEIVED", facts()).target == "WITH_DISCIPLINE"


def test_confirm_only_once_s6_7_iii_5():
    with pytest.raises(RuleViolation) as exc:
        t.TABLE.check("confirm", "WITH_DISCIPLINE", facts())
    assert exc.value.clause == "§6.7(iii)(5)"


def test_not_a_report_needs_a_reason_s6_7_i_ii():
    assert t.TABLE.refusal("not_a_report", "RECEIVED", facts(reason="  ")).clause == "§6.7(i-ii)"
    assert t.TABLE.refusal("not_a_report", "RECEIVED", facts(reason="属于投诉")) is None


def test_not_a_report_names_a_complaint_taken_for_it_s6_7_i_ii():
    for number, found in (("", False), ("TS2026000001", False)):
        refusal = t.TABLE.refusal("not_a_report", "RECEIVED", facts(reason="属于投诉", complaint_number=number,
                                                                   complaint_found=found))
        assert refusal.clause == "§6.7(i-ii)"
    assert t.TABLE.refusal("not_a_report", "RECEIVED", facts(reason="属于投诉", complaint_number="TS2026000001",
                                                             complaint_found=True)) is None


def test_not_a_report_after_confirmation_is_refused_s6_7_i_ii():
    assert t.TABLE.refusal("not_a_report", "WITH_DISCIPLINE", facts(reason="x")).clause == "§6.7(i-ii)"


def test_note_needs_text_s6_7_i_ii():
    assert t.TABLE.refusal("note", "INVESTIGATING", facts(note_text="")).clause == "§6.7(i-ii)"
    assert t.TABLE.refusal("note", "WITH_DISCIPLINE", facts(note_text="x")).clause == "§6.7(i-ii)"


def test_reply_needs_an_investigation_note_s6_7_i_ii():
    refused = t.TABLE.refusal("reply", "INVESTIGATING", reply_facts(note_count=0))
    assert refused.clause == "§6.7(i-ii)" and "调查" in refused.message


def test_reply_needs_outcome_and_feedback_s6_7_iii_7():
    assert t.TABLE.refusal("reply", "INVESTIGATING", reply_facts(outcome=" ")).clause == "§6.7(iii)(7)"
    assert t.TABLE.refusal("reply", "INVESTIGATING", reply_facts(feedback_content="")).clause == "§6.7(iii)(7)"
    assert t.TABLE.refusal("reply", "INVESTIGATING", reply_facts()) is None


def test_feedback_time_between_receipt_and_now_s6_7_iii_7():
    before = datetime(2026, 9, 30, 9, 59, tzinfo=SH)
    future = datetime(2026, 10, 12, 9, 1, tzinfo=SH)
    assert t.TABLE.refusal("reply", "INVESTIGATING", reply_facts(feedback_at=before)).clause == "§6.7(iii)(7)"
    assert t.TABLE.refusal("reply", "INVESTIGATING", reply_facts(feedback_at=future)).clause == "§6.7(iii)(7)"


def test_reply_before_investigation_is_refused_s6_7_iii_7():
    assert t.TABLE.refusal("reply", "WITH_DISCIPLINE", reply_facts()).clause == "§6.7(iii)(7)"


@pytest.mark.parametrize("method", [t.PHONE, t.SMS, t.LETTER])
def test_contact_feedback_needs_a_contact_s6_7_iii_6(method):
    refused = t.TABLE.refusal("reply", "INVESTIGATING", reply_facts(feedback_method=method, has_contact=False))
    assert refused.clause == "§6.7(iii)(6)"


@pytest.mark.parametrize("method", [t.IN_PERSON, t.CLAIM_PAGE])
def test_opinion_box_reports_are_answered_by_the_contact_left_s6_7_iii_6(method):
    refused = t.TABLE.refusal("reply", "INVESTIGATING", reply_facts(
        channel="OPINION_BOX", feedback_method=method, reporter_named=True, has_claim_code=True))
    assert refused.clause == "§6.7(iii)(6)"
    assert t.TABLE.refusal("reply", "INVESTIGATING", reply_facts(channel="OPINION_BOX", feedback_method=t.SMS)) is None


def test_anonymous_reporter_is_not_answered_in_person_s6_7_i_ii():
    refused = t.TABLE.refusal("reply", "INVESTIGATING", reply_facts(feedback_method=t.IN_PERSON, reporter_named=False))
    assert refused.clause == "§6.7(i-ii)"
    assert t.TABLE.refusal("reply", "INVESTIGATING", reply_facts(feedback_method=t.IN_PERSON, reporter_named=True)) is None


def test_claim_page_feedback_needs_a_claim_code_s6_7_i_ii():
    assert t.TABLE.refusal("reply", "INVESTIGATING",
                           reply_facts(feedback_method=t.CLAIM_PAGE, has_claim_code=False)).clause == "§6.7(i-ii)"
    assert t.TABLE.refusal("reply", "INVESTIGATING",
                           reply_facts(feedback_method=t.CLAIM_PAGE, has_claim_code=True)) is None


def test_unreachable_only_when_nothing_was_left_s6_7_i_ii():
    reachable = reply_facts(feedback_method=t.UNREACHABLE, has_contact=True)
    unreachable = reply_facts(feedback_method=t.UNREACHABLE, has_contact=False, has_claim_code=False,
                              reporter_named=False)
    assert t.TABLE.refusal("reply", "INVESTIGATING", reachable).clause == "§6.7(i-ii)"
    assert t.TABLE.refusal("reply", "INVESTIGATING", unreachable) is None


def test_unknown_feedback_method_is_refused_s6_7_iii_7():
    assert t.TABLE.refusal("reply", "INVESTIGATING", reply_facts(feedback_method="PIGEON")).clause == "§6.7(iii)(7)"


def test_options_before_input_do_not_judge_the_input():
    """The case page lists actions before anything is typed: unjudged inputs are None."""
    options = {o.transition.name: o for o in t.TABLE.options("RECEIVED", facts())}
    assert set(options) == {"confirm", "not_a_report"}
    assert all(o.allowed for o in options.values())
    reply = {o.transition.name: o for o in t.TABLE.options("INVESTIGATING", facts(note_count=0))}["reply"]
    assert not reply.allowed and reply.refusal.clause == "§6.7(i-ii)"


def test_refusal_messages_never_carry_the_input():
    secret = "副经理收受回扣"
    for f in (reply_facts(outcome=" "), reply_facts(feedback_method=secret), facts(reason=" ")):
        for name in ("reply", "not_a_report"):
            refused = t.TABLE.refusal(name, "INVESTIGATING" if name == "reply" else "RECEIVED", f)
            assert refused is None or secret not in refused.message
