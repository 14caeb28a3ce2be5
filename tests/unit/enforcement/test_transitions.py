"""The enforcement tables, pure (no database): the case's line, the supply, the §1.2(2)
application, the suspension paths, referrals."""

from decimal import Decimal

import pytest

from utilicase.enforcement.domain import transitions as t


def facts(**kw):
    return t.Facts(**kw)


def test_2_6_3_serve_notice_needs_the_stop_then_the_served_notice():
    assert t.TABLE.refusal("serve_notice", t.DISCOVERED, facts()).clause == "§2.6(3)"
    assert "送达" in t.TABLE.refusal("serve_notice", t.DISCOVERED, facts(act_stopped=True)).message
    assert t.TABLE.refusal("serve_notice", t.DISCOVERED, facts(act_stopped=True, notice_served=True)) is None


def test_2_6_4_charge_needs_an_amount_and_pay_needs_a_zero_balance():
    assert t.TABLE.refusal("charge", t.FEES_CALCULATED, facts(total=Decimal("0"))).clause == "§2.6(4)"
    assert t.TABLE.refusal("charge", t.FEES_CALCULATED, facts(total=Decimal("0.01"))) is None
    assert t.TABLE.refusal("pay", t.FEES_DUE, facts(balance=Decimal("0.01"))).clause == "§2.6(4)"
    assert t.TABLE.refusal("pay", t.FEES_DUE, facts(balance=None)) is not None
    assert t.TABLE.refusal("pay", t.FEES_DUE, facts(balance=Decimal("0"))) is None


@pytest.mark.parametrize(("kw", "word"), [
    ({"balance": Decimal("1")}, "交清"),
    ({"balance": Decimal("0")}, "整改"),
    ({"balance": Decimal("0"), "correction_accepted": True}, "责任"),
])
def test_2_6_4_restoration_refused_until_paid_corrected_and_liability_borne(kw, word):
    refused = t.SUPPLY.refusal("restore", t.SUSPENDED, facts(**kw))
    assert refused.clause == "§2.6(4)" and word in refused.message


def test_2_6_4_restored_from_suspended_or_limited_only():
    ok = facts(balance=Decimal("0"), correction_accepted=True, liability_borne=True)
    assert t.SUPPLY.refusal("restore", t.LIMITED, ok) is None
    assert t.SUPPLY.refusal("restore", t.NORMAL, ok) is not None


def test_1_1_close_a_referred_case_once_every_referral_has_its_outcome():
    assert t.TABLE.refusal("close", t.REFERRED, facts(balance=Decimal("5"), open_referrals=1)).clause == "§1.1"
    assert t.TABLE.refusal("close", t.REFERRED, facts(balance=Decimal("5"), supply=t.SUSPENDED)) is None


def test_2_6_4_a_paid_case_is_closed_after_restoration():
    paid = dict(balance=Decimal("0"), correction_accepted=True, liability_borne=True)
    assert t.TABLE.refusal("close", t.PAID, facts(supply=t.SUSPENDED, **paid)).clause == "§2.6(4)"
    assert t.TABLE.refusal("close", t.PAID, facts(supply=t.RESTORED, **paid)) is None


def _s(**kw):
    base = dict(kind=t.THEFT, customer_class=t.RESIDENTIAL, status=t.DISCOVERED, supply=t.NORMAL, path=t.ON_SITE)
    return t.SuspensionFacts(**{**base, **kw})


def test_1_2_1_on_site_for_residential_and_general_theft_only():
    assert t.suspension_refusal(_s()) is None
    assert t.suspension_refusal(_s(customer_class=t.GENERAL)) is None
    assert t.suspension_refusal(_s(customer_class=t.IMPORTANT)).clause == "§1.2(2)"
    assert t.suspension_refusal(_s(kind=t.VIOLATION)).clause == "§1.2(1)"
    assert t.suspension_refusal(_s(supply=t.SUSPENDED)) is not None


def test_1_2_2_approved_path_needs_the_approval():
    important = dict(customer_class=t.IMPORTANT, path=t.APPROVED_PATH)
    assert t.suspension_refusal(_s(**important)).clause == "§1.2(2)"
    assert t.suspension_refusal(_s(application_approved=True, **important)) is None


def test_1_1_unpaid_path_needs_past_due_and_the_served_notice():
    unpaid = dict(kind=t.VIOLATION, path=t.UNPAID, status=t.FEES_DUE)
    assert t.suspension_refusal(_s(**unpaid)).clause == "§1.1"
    assert "送达" in t.suspension_refusal(_s(past_due=True, **unpaid)).message
    assert t.suspension_refusal(_s(past_due=True, suspension_notice_served=True, **unpaid)) is None
    assert t.suspension_refusal(_s(past_due=True, suspension_notice_served=True,
                                   **{**unpaid, "status": t.NOTICE_SERVED})).clause == "§1.1"


def test_1_3_legal_basis_and_response_are_required():
    assert t.suspension_refusal(_s(legal_basis_known=False)).clause == "§1.3"
    assert t.suspension_refusal(_s(customer_response_given=False)).clause == "§1.3"
    assert t.on_site_record_refusal(police_called_at=1, superior_reported_at=None, superior_name="").clause == "§1.3"
    assert t.on_site_record_refusal(police_called_at=1, superior_reported_at=2, superior_name="").clause == "§1.3"
    assert t.on_site_record_refusal(police_called_at=1, superior_reported_at=2, superior_name="张") is None


def test_1_1_suspension_notice_only_when_the_path_is_complete():
    def refusal(**kw):
        base = dict(kind=t.THEFT, customer_class=t.RESIDENTIAL, status=t.DISCOVERED, application_approved=False,
                    past_due=False)
        return t.suspension_notice_refusal(**{**base, **kw})

    assert refusal() is None
    assert refusal(customer_class=t.IMPORTANT).clause == "§1.2(2)"
    assert refusal(customer_class=t.IMPORTANT, application_approved=True) is None
    assert refusal(kind=t.VIOLATION).clause == "§1.1"
    assert refusal(kind=t.VIOLATION, status=t.FEES_DUE, past_due=True) is None
    assert refusal(kind=t.VIOLATION, status=t.CLOSED, past_due=True) is not None


def app(role, **kw):
    return t.ApplicationFacts(actor_role=role, actor_in_place=kw.pop("in_place", True), **kw)


def test_1_2_2_review_then_approve_in_order_by_different_people():
    assert t.application_refusal("review", t.PENDING_REVIEW, app(t.ENTERPRISE_DEPUTY)) is None
    assert t.application_refusal("review", t.PENDING_REVIEW, app(t.COMPANY_DEPUTY)).clause == "§1.2(2)"
    assert t.application_refusal("review", t.PENDING_REVIEW, app(t.ENTERPRISE_DEPUTY, in_place=False)) is not None
    assert t.application_refusal("review", t.PENDING_REVIEW,
                                 app(t.ENTERPRISE_DEPUTY, actor_is_applicant=True)) is not None
    assert "先经" in t.application_refusal("approve", t.PENDING_REVIEW, app(t.COMPANY_DEPUTY)).message
    assert t.application_refusal("approve", t.PENDING_APPROVAL, app(t.COMPANY_DEPUTY)) is None
    assert t.application_refusal("approve", t.PENDING_APPROVAL, app(t.ENTERPRISE_DEPUTY)) is not None
    assert t.application_refusal("approve", t.PENDING_APPROVAL,
                                 app(t.COMPANY_DEPUTY, actor_is_reviewer=True)) is not None
    assert t.application_refusal("approve", t.A_APPROVED, app(t.COMPANY_DEPUTY)).clause == "§1.2(2)"


def test_1_2_2_reject_at_each_step_by_that_step_s_deputy_with_a_reason():
    assert t.application_refusal("reject", t.PENDING_REVIEW, app(t.ENTERPRISE_DEPUTY, reason="不足")) is None
    assert t.application_refusal("reject", t.PENDING_REVIEW, app(t.ENTERPRISE_DEPUTY, reason=" ")) is not None
    assert t.application_refusal("reject", t.PENDING_REVIEW, app(t.COMPANY_DEPUTY, reason="x")) is not None
    assert t.application_refusal("reject", t.PENDING_APPROVAL, app(t.COMPANY_DEPUTY, reason="x")) is None
    assert t.application_refusal("reject", t.A_REJECTED, app(t.COMPANY_DEPUTY, reason="x")) is not None


@pytest.mark.parametrize(("reason", "recipient", "ok"), [
    (t.REFUSED_TO_PAY, t.JUDICIAL, True), (t.REFUSED_TO_PAY, t.MANAGEMENT, True),
    (t.REFUSED_TO_PAY, t.PUBLIC_SECURITY, False), (t.UNPAID_SUSPENDED, t.POWER_ADMINISTRATION, True),
    (t.REFUSED_TO_COOPERATE, t.PUBLIC_SECURITY, True), (t.REFUSED_TO_COOPERATE, t.JUDICIAL, False),
])
def test_1_1_s2_6_4_s2_6_5_referral_recipients(reason, recipient, ok):
    refused = t.referral_refusal(reason=reason, recipient=recipient, status=t.FEES_DUE, supply=t.SUSPENDED,
                                 suspended_unpaid=True, past_due=True, total=Decimal("1"), threshold=Decimal("0"))
    assert (refused is None) == ok


def test_2_6_5_large_amount_strictly_above_the_threshold():
    def refusal(total):
        return t.referral_refusal(reason=t.LARGE_AMOUNT, recipient=t.PUBLIC_SECURITY, status=t.FEES_CALCULATED,
                                  supply=t.NORMAL, suspended_unpaid=False, past_due=False, total=Decimal(total),
                                  threshold=Decimal("50000"))

    assert refusal("50000.00").clause == "§2.6(5)"
    assert refusal("50000.01") is None


def test_path_by_kind_and_class():
    assert t.path_for(kind=t.THEFT, customer_class=t.GENERAL) == t.ON_SITE
    assert t.path_for(kind=t.THEFT, customer_class=t.IMPORTANT) == t.APPROVED_PATH
    assert t.path_for(kind=t.VIOLATION, customer_class=t.IMPORTANT) == t.UNPAID
