"""The inspection order's transition table and rules (§2.4, §2.5, §2.6(1)), without a database."""

import pytest

from utilicase.core.rules import RuleViolation
from utilicase.inspections.domain import transitions as t


def facts(kind=t.ROUTINE, **kw):
    kw.setdefault("assigned", 2)
    return t.Facts(kind=kind, **kw)


def refused(name, state, f):
    r = t.TABLE.refusal(name, state, f)
    return r.clause if r else None


def test_stages_follow_the_order_of_2_4_2():
    path = [("appoint", t.APPROVED), ("prepare", t.APPOINTED), ("arrive", t.PREPARED), ("inspect", t.ARRIVED),
            ("leave", t.INSPECTING), ("archive", t.LEFT_SITE), ("close", t.ARCHIVED)]
    targets = [t.TABLE.get(name).target for name, _ in path]
    assert targets == [t.APPOINTED, t.PREPARED, t.ARRIVED, t.INSPECTING, t.LEFT_SITE, t.ARCHIVED, t.CLOSED]
    for name, source in path:
        assert source in t.TABLE.get(name).sources


@pytest.mark.parametrize("name", ["appoint", "prepare", "arrive", "inspect", "leave", "archive", "close"])
@pytest.mark.parametrize("state", [t.DRAFT, t.SUBMITTED])
def test_2_4_3_no_stage_move_before_approval(name, state):
    f = facts(appointed=True, present=2, certificates_shown=True)
    assert t.refusal(name, state, f).clause == "§2.4(3)"


def test_2_4_3_before_approval_refusal_cites_the_clause():
    assert t.before_approval_refusal(t.SUBMITTED).clause == "§2.4(3)"
    assert t.before_approval_refusal(t.APPROVED) is None


def test_2_4_3_approval_only_by_the_approver_and_never_by_an_assigned_one():
    assert refused("approve", t.SUBMITTED, facts(actor_is_approver=False, actor_assigned=False)) == "§2.4(3)"
    assert refused("approve", t.SUBMITTED, facts(actor_is_approver=True, actor_assigned=True)) == "§2.4(3)"
    assert refused("approve", t.SUBMITTED, facts(actor_is_approver=True, actor_assigned=False)) is None
    assert refused("approve", t.APPROVED, facts(actor_is_approver=True, actor_assigned=False)) == "§2.4(3)"


def test_2_4_3_approver_role_by_kind_and_organising_unit():
    assert t.approver_role(kind=t.ROUTINE, organiser_unit_kind=t.ENTERPRISE) == "office_head"
    assert t.approver_role(kind=t.SPECIAL, organiser_unit_kind=t.OFFICE) == "office_head"
    assert t.approver_role(kind=t.SPECIAL, organiser_unit_kind=t.ENTERPRISE) == "enterprise_deputy"
    assert t.approver_role(kind=t.SPECIAL, organiser_unit_kind=t.COMPANY) == "company_deputy"
    assert t.approver_role(kind=t.ACCIDENT, organiser_unit_kind=t.COMPANY) == "company_deputy"


def test_2_4_4_submit_needs_two_assigned_inspectors():
    assert refused("submit", t.DRAFT, facts(assigned=1)) == "§2.4(4)"
    assert refused("submit", t.DRAFT, facts(assigned=2)) is None


def test_2_6_1_special_order_needs_its_trigger_and_a_linked_tip_off():
    assert refused("submit", t.DRAFT, facts(t.SPECIAL)) == "§2.6(1)"
    assert refused("submit", t.DRAFT, facts(t.SPECIAL, trigger=t.TIP_OFF)) == "§2.6(1)"
    assert refused("submit", t.DRAFT, facts(t.SPECIAL, trigger=t.TIP_OFF, tip_off_linked=True)) is None
    assert refused("submit", t.DRAFT, facts(t.SPECIAL, trigger=t.SUSPICION)) is None


def test_2_4_2_appointment_required_for_routine_refused_for_special_optional_for_accident():
    assert refused("prepare", t.APPROVED, facts(t.ROUTINE)) == "§2.4(2)"
    assert refused("prepare", t.APPOINTED, facts(t.ROUTINE, appointed=True)) is None
    assert refused("appoint", t.APPROVED, facts(t.SPECIAL, trigger=t.SUSPICION)) == "§2.4(2)"
    assert refused("prepare", t.APPROVED, facts(t.SPECIAL, trigger=t.SUSPICION)) is None
    assert refused("appoint", t.APPROVED, facts(t.ACCIDENT)) is None
    assert refused("prepare", t.APPROVED, facts(t.ACCIDENT)) is None


@pytest.mark.parametrize("name,state", [("arrive", t.PREPARED), ("inspect", t.ARRIVED)])
def test_2_4_4_two_present_inspectors_with_valid_certificates_shown(name, state):
    assert refused(name, state, facts(present=1, certificates_shown=True)) == "§2.4(4)"
    assert refused(name, state, facts(present=2, uncertified=("李海燕",), certificates_shown=True)) == "§2.4(4)"
    assert refused(name, state, facts(present=2, certificates_shown=False)) == "§2.4(4)"
    assert refused(name, state, facts(present=3, certificates_shown=True)) is None


def test_2_4_4_uncertified_names_are_in_the_message():
    r = t.site_refusal(facts(present=2, uncertified=("李海燕", "王建国"), certificates_shown=True))
    assert "李海燕、王建国" in r.message


def test_2_4_4_operation_needs_consent_and_the_customers_operator():
    assert t.operation_refusal(consent=False, operator_name="张三", operator_is_staff=False).clause == "§2.4(4)"
    assert t.operation_refusal(consent=True, operator_name=" ", operator_is_staff=False).clause == "§2.4(4)"
    assert t.operation_refusal(consent=True, operator_name="王建国", operator_is_staff=True).clause == "§2.4(4)"
    assert t.operation_refusal(consent=True, operator_name="张三", operator_is_staff=False) is None


def test_2_5_3_close_refused_while_a_rectification_is_open():
    assert refused("close", t.ARCHIVED, facts(open_rectifications=1)) == "§2.5(3)"
    assert refused("close", t.ARCHIVED, facts(open_rectifications=0)) is None


def test_2_5_2_findings_only_on_site_or_after():
    assert t.finding_refusal(t.SUBMITTED).clause == "§2.4(3)"
    assert t.finding_refusal(t.PREPARED).clause == "§2.5(2)"
    assert t.finding_refusal(t.CLOSED).clause == "§2.5(2)"
    for state in (t.INSPECTING, t.LEFT_SITE, t.ARCHIVED):
        assert t.finding_refusal(state) is None


def test_2_5_2_result_notice_needs_a_finding_and_the_inspection():
    assert t.result_notice_refusal(status=t.ARRIVED, findings=1).clause == "§2.5(2)"
    assert t.result_notice_refusal(status=t.INSPECTING, findings=0).clause == "§2.5(2)"
    assert t.result_notice_refusal(status=t.INSPECTING, findings=1) is None


def test_2_4_3_order_document_after_submission():
    assert t.order_document_refusal(t.DRAFT).clause == "§2.4(3)"
    assert t.order_document_refusal(t.SUBMITTED) is None


def test_2_5_3_rectification_loop():
    r = t.RECTIFICATION
    assert r.get("accept").target == t.R_ACCEPTED
    assert r.get("refuse").target == t.R_REFUSED
    assert r.refusal("accept", t.R_OPEN, t.RectificationFacts(result=t.NOT_YET)).clause == "§2.5(3)"
    assert r.refusal("accept", t.R_ACCEPTED, t.RectificationFacts(result=t.ACCEPTED)) is not None
    assert r.refusal("refuse", t.R_REFUSED, t.RectificationFacts()) is not None
    assert t.rectification_deadline_refusal(required=True, has_deadline=False).clause == "§2.5(3)"


def test_every_refusal_is_a_rule_violation():
    with pytest.raises(RuleViolation):
        t.TABLE.check("arrive", t.PREPARED, facts(present=0))
