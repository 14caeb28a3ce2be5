"""Receivables and payments: amounts to the fen, refusals with their clause, append-only
corrections, the case-level reads others call, and the payment listeners."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from tests.conftest import SHANGHAI
from tests.integration.documents.conftest import TARGET_TYPE
from utilicase.audit.models import AuditEvent
from utilicase.billing import hooks, selectors, services
from utilicase.billing.models import Payment, Receivable
from utilicase.core.rules import RuleViolation

PAID_AT = datetime(2026, 10, 8, 9, 30, tzinfo=SHANGHAI)


def pay(receivable, amount, receipt, *, actor, now, source="MANUAL"):
    return services.payment_record(actor=actor, receivable=receivable, amount=Decimal(amount),
                                   receipt_number=receipt, paid_at=PAID_AT, source=source, now=now)


def test_receivable_keeps_case_breakdown_and_scope_unit(make_receivable, customer, org):
    lines = [{"text": "窃电量 × 电价", "amount_yuan": "648.00", "rule": "GB-1996 Art.103"}]
    r = make_receivable(customer, amount="648.005", breakdown=lines)
    r.refresh_from_db()
    assert r.amount == Decimal("648.01")  # half-up to the fen
    assert r.breakdown == lines
    assert (r.target_type, r.target_id, r.case_number) == (TARGET_TYPE, str(customer.pk), "WZ-1010000001")
    assert r.enterprise == org["tf-power"] and r.unit == org["tf-power-city"]
    assert r.customer_name == "熊超" and r.clause == "§2.6(4)"
    event = AuditEvent.objects.get(action="billing.receivable.created")
    assert event.clause == "§2.6(4)" and event.after["amount"] == "648.01"


def test_compensation_rests_on_2_7_5(make_receivable, customer):
    assert make_receivable(customer, fee_type="COMPENSATION").clause == "§2.7(5)"


def test_2_6_4_receivable_of_zero_is_refused(make_receivable, customer):
    with pytest.raises(RuleViolation) as refused:
        make_receivable(customer, amount="0.004")
    assert refused.value.clause == "§2.6(4)"
    assert not Receivable.objects.exists()


def test_receivable_of_a_case_out_of_sight_is_not_found(make_receivable, org):
    from tests.integration.customers.factories import CustomerFactory

    heat = CustomerFactory(office=org["tf-heat-east"], account_number="2020000009")
    with pytest.raises(Receivable.DoesNotExist):
        make_receivable(heat)  # inspector1 is in the power city office


def test_payments_reduce_the_balance_and_settle(make_receivable, customer, example_user, now):
    head = example_user("office_head1")
    r = make_receivable(customer, amount="648.00")
    make_receivable(customer, amount="1944.00", fee_type="VIOLATION_FEE")
    pay(r, "600.00", "SJ-001", actor=head, now=now)
    assert selectors.case_balance(TARGET_TYPE, str(customer.pk)) == Decimal("1992.00")
    pay(r, "48.00", "SJ-002", actor=head, now=now)
    r.refresh_from_db()
    assert r.paid == Decimal("648.00") and r.settled_at == now
    assert not selectors.case_fully_paid(TARGET_TYPE, str(customer.pk))
    assert selectors.case_balance(TARGET_TYPE, str(customer.pk)) == Decimal("1944.00")
    event = AuditEvent.objects.filter(action="billing.payment.recorded").order_by("seq").last()
    assert event.clause == "§2.6(4)" and event.after["balance"] == "0.00" and event.after["receipt_number"] == "SJ-002"


def test_case_fully_paid_when_every_receivable_is_paid(make_receivable, customer, example_user, now):
    head = example_user("office_head1")
    assert selectors.case_fully_paid(TARGET_TYPE, str(customer.pk))  # nothing owed
    a = make_receivable(customer, amount="648.00")
    b = make_receivable(customer, amount="1944.00", fee_type="VIOLATION_FEE")
    pay(a, "648.00", "SJ-1", actor=head, now=now)
    assert not selectors.case_fully_paid(TARGET_TYPE, str(customer.pk))
    pay(b, "1944.00", "SJ-2", actor=head, now=now, source="BILLING_API")
    assert selectors.case_fully_paid(TARGET_TYPE, str(customer.pk))
    assert selectors.case_balance(TARGET_TYPE, str(customer.pk)) == Decimal("0.00")


def test_2_6_4_payment_above_the_balance_is_refused(make_receivable, customer, example_user, now):
    r = make_receivable(customer, amount="648.00")
    with pytest.raises(RuleViolation) as refused:
        pay(r, "648.01", "SJ-1", actor=example_user("office_head1"), now=now)
    assert refused.value.clause == "§2.6(4)" and "648.01" in refused.value.message and "648.00" in refused.value.message
    assert not Payment.objects.exists()


@pytest.mark.parametrize("amount", ["0", "-5.00", "0.004"])
def test_2_6_4_payment_not_positive_is_refused(make_receivable, customer, example_user, now, amount):
    r = make_receivable(customer)
    with pytest.raises(RuleViolation) as refused:
        pay(r, amount, "SJ-1", actor=example_user("office_head1"), now=now)
    assert refused.value.clause == "§2.6(4)"


def test_2_6_4_payment_without_receipt_number_is_refused(make_receivable, customer, example_user, now):
    with pytest.raises(RuleViolation) as refused:
        pay(make_receivable(customer), "10.00", "  ", actor=example_user("office_head1"), now=now)
    assert refused.value.clause == "§2.6(4)"


def test_2_6_4_same_receipt_twice_is_refused_on_any_receivable(make_receivable, customer, example_user, now):
    head = example_user("office_head1")
    a = make_receivable(customer, amount="648.00")
    b = make_receivable(customer, amount="100.00", fee_type="OTHER")
    pay(a, "100.00", "SJ-7", actor=head, now=now)
    for target in (a, b):
        with pytest.raises(RuleViolation) as refused:
            pay(target, "100.00", "SJ-7", actor=head, now=now, source="BILLING_API")
        assert refused.value.clause == "§2.6(4)" and "SJ-7" in refused.value.message
    assert Payment.objects.count() == 1


def test_2_7_5_compensation_paid_twice_is_refused_citing_its_clause(make_receivable, customer, example_user, now):
    r = make_receivable(customer, amount="50.00", fee_type="COMPENSATION")
    pay(r, "50.00", "SJ-1", actor=example_user("office_head1"), now=now)
    with pytest.raises(RuleViolation) as refused:
        pay(r, "1.00", "SJ-2", actor=example_user("office_head1"), now=now)
    assert refused.value.clause == "§2.7(5)"


def test_a_wrong_payment_is_reversed_never_edited(make_receivable, customer, example_user, now):
    head = example_user("office_head1")
    r = make_receivable(customer, amount="648.00")
    wrong = pay(r, "648.00", "SJ-1", actor=head, now=now)
    reversal = services.payment_reverse(actor=head, payment=wrong, reason="收据号录错", now=now + timedelta(hours=1))
    r.refresh_from_db()
    assert reversal.amount == Decimal("-648.00") and reversal.reverses == wrong and reversal.source == "REVERSAL"
    assert r.paid == Decimal("0.00") and r.settled_at is None
    wrong.refresh_from_db()
    assert wrong.amount == Decimal("648.00")  # the original stands
    assert not selectors.case_fully_paid(TARGET_TYPE, str(customer.pk))
    assert AuditEvent.objects.get(action="billing.payment.reversed").clause == "§2.6(4)"
    pay(r, "648.00", "SJ-2", actor=head, now=now)
    assert selectors.case_fully_paid(TARGET_TYPE, str(customer.pk))


def test_2_6_4_reversal_refusals(make_receivable, customer, example_user, now):
    head = example_user("office_head1")
    wrong = pay(make_receivable(customer), "10.00", "SJ-1", actor=head, now=now)
    with pytest.raises(RuleViolation) as no_reason:
        services.payment_reverse(actor=head, payment=wrong, reason=" ", now=now)
    reversal = services.payment_reverse(actor=head, payment=wrong, reason="重复登记", now=now)
    with pytest.raises(RuleViolation) as twice:
        services.payment_reverse(actor=head, payment=wrong, reason="again", now=now)
    with pytest.raises(RuleViolation) as of_reversal:
        services.payment_reverse(actor=head, payment=reversal, reason="again", now=now)
    assert {no_reason.value.clause, twice.value.clause, of_reversal.value.clause} == {"§2.6(4)"}
    assert Payment.objects.count() == 2


def test_listener_is_told_in_the_transaction(make_receivable, customer, example_user, now):
    seen = []
    hooks.register_payment_listener(TARGET_TYPE, lambda receivable, at: seen.append(
        (receivable.pk, receivable.paid, at, selectors.case_fully_paid(TARGET_TYPE, receivable.target_id))))
    hooks.register_payment_listener("other.case", lambda receivable, at: seen.append("wrong"))
    r = make_receivable(customer, amount="648.00")
    pay(r, "648.00", "SJ-1", actor=example_user("office_head1"), now=now)
    assert seen == [(r.pk, Decimal("648.00"), now, True)]


def test_a_failing_listener_rolls_the_payment_back(make_receivable, customer, example_user, now):
    def refuse(receivable, at):
        raise RuleViolation("§2.6(4)", "no")

    hooks.register_payment_listener(TARGET_TYPE, refuse)
    r = make_receivable(customer, amount="648.00")
    with pytest.raises(RuleViolation):
        pay(r, "648.00", "SJ-1", actor=example_user("office_head1"), now=now)
    r.refresh_from_db()
    assert r.paid == Decimal("0.00") and not Payment.objects.exists()


def test_1_1_overdue_receivables_are_unpaid_past_due_in_scope(make_receivable, customer, other_customer,
                                                              example_user, now):
    head = example_user("office_head1")
    due_yesterday = make_receivable(customer, due=date(2026, 9, 29))
    make_receivable(customer, due=date(2026, 9, 30), fee_type="VIOLATION_FEE")  # due today: not yet
    paid = make_receivable(customer, due=date(2026, 9, 1), fee_type="OTHER")
    pay(paid, "648.00", "SJ-1", actor=head, now=now)
    elsewhere = make_receivable(other_customer, due=date(2026, 9, 1), actor="enterprise_deputy1")
    assert list(selectors.overdue_receivables(head, now)) == [due_yesterday]
    assert list(selectors.overdue_receivables(example_user("enterprise_deputy1"), now)) == [elsewhere, due_yesterday]
    assert list(selectors.overdue_receivables(example_user("hall_staff1"), now)) == []


def test_receivables_and_payments_are_on_the_case_timeline(make_receivable, customer, example_user, now):
    from utilicase.audit.timeline import case_timeline

    r = make_receivable(customer, amount="648.00")
    pay(r, "648.00", "SJ-1", actor=example_user("office_head1"), now=now)
    events = case_timeline(target_type=TARGET_TYPE, target_id=str(customer.pk))
    billing = [e for e in events if e.action.startswith("billing.")]
    assert [e.action for e in billing] == ["billing.receivable.created", "billing.payment.recorded"]
    assert billing[1].link.url == f"/billing/case/{TARGET_TYPE}/{customer.pk}/"
    assert billing[1].link.text.endswith("WZ-1010000001")


def test_a_reversed_receipt_may_be_recorded_again(make_receivable, customer, example_user, now):
    head = example_user("office_head1")
    r = make_receivable(customer, amount="648.00")
    wrong = pay(r, "100.00", "SJ-9", actor=head, now=now)
    services.payment_reverse(actor=head, payment=wrong, reason="wrong amount", now=now)
    again = pay(r, "648.00", "SJ-9", actor=head, now=now)
    r.refresh_from_db()
    assert again.amount == Decimal("648.00") and r.paid == Decimal("648.00")
    with pytest.raises(RuleViolation):
        pay(make_receivable(customer, amount="5.00", fee_type="OTHER"), "5.00", "SJ-9", actor=head, now=now)
