"""One payment recorded twice at once (PostgreSQL: SQLite in memory cannot serve parallel
connections): the same receipt arriving from two clerks, or from the billing API and a CSV
import, on one receivable or on two, is recorded once; the other is refused with §2.6(4)."""

from decimal import Decimal

import pytest
from django.db import connection  # noqa: F401 - read by the skipif condition

from tests.integration.billing.test_services import pay
from tests.integration.inspections.test_races import _race
from utilicase.audit.models import AuditEvent
from utilicase.billing.models import Payment, Receivable
from utilicase.core.rules import RuleViolation

pytestmark = [
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="concurrent connections need a server database"),
    pytest.mark.django_db(transaction=True),
]


def test_2_6_4_one_receipt_on_one_receivable_at_once_is_recorded_once(make_receivable, customer, example_user,
                                                                       now):
    receivable = make_receivable(customer, amount="648.00")
    clerks = [example_user("office_head1"), example_user("enterprise_deputy1")]
    results = _race(4, lambda i: pay(receivable, "100.00", "SJ-1", actor=clerks[i % 2], now=now,
                                     source=("MANUAL", "BILLING_API")[i % 2]))
    refused = [r for r in results if isinstance(r, RuleViolation)]
    assert len(refused) == 3 and {r.clause for r in refused} == {"§2.6(4)"}, results
    assert Payment.objects.filter(receipt_number="SJ-1").count() == 1
    assert Receivable.objects.get(pk=receivable.pk).paid == Decimal("100.00")
    assert AuditEvent.objects.filter(action="billing.payment.recorded").count() == 1


def test_2_6_4_one_receipt_on_two_receivables_at_once_is_recorded_once(make_receivable, customer, example_user,
                                                                        now):
    # Each payment locks only its own receivable: the receipt number itself must be serialized.
    targets = [make_receivable(customer, amount="648.00"), make_receivable(customer, amount="300.00",
                                                                           fee_type="OTHER")]
    head = example_user("office_head1")
    results = _race(2, lambda i: pay(targets[i], "100.00", "SJ-2", actor=head, now=now))
    refused = [r for r in results if isinstance(r, RuleViolation)]
    assert len(refused) == 1 and refused[0].clause == "§2.6(4)" and "SJ-2" in refused[0].message, results
    assert Payment.objects.filter(receipt_number="SJ-2").count() == 1
    assert sum(Receivable.objects.values_list("paid", flat=True), Decimal("0")) == Decimal("100.00")


def test_2_6_4_two_payments_filling_one_balance_at_once_never_overpay(make_receivable, customer, example_user,
                                                                      now):
    receivable = make_receivable(customer, amount="150.00")
    head = example_user("office_head1")
    results = _race(2, lambda i: pay(receivable, "100.00", f"SJ-3{i}", actor=head, now=now))
    assert sum(isinstance(r, RuleViolation) for r in results) == 1, results
    assert Receivable.objects.get(pk=receivable.pk).paid == Decimal("100.00")
