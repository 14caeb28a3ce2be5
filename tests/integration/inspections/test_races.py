"""Races on PostgreSQL (SQLite in memory cannot serve parallel connections): two approvals of one
order, two generations of one plan's orders."""

import threading
from datetime import date

import pytest
from django.db import connection

from tests.integration.customers.factories import CustomerFactory
from utilicase.audit.models import AuditEvent
from utilicase.core.rules import RuleViolation
from utilicase.inspections import services
from utilicase.inspections.models import InspectionOrder, PlanEntry


def _race(n, work):
    barrier = threading.Barrier(n)
    results: list = []
    lock = threading.Lock()

    def run(i):
        try:
            barrier.wait()
            try:
                outcome = work(i)
            except Exception as exc:  # noqa: BLE001 - the outcome is what is compared
                outcome = exc
            with lock:
                results.append(outcome)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="concurrent connections need a server database")
@pytest.mark.django_db(transaction=True)
def test_2_4_3_two_approvals_at_once_one_approves_the_other_is_refused(flow, example_user, now):
    order = flow.submitted()
    head = example_user("office_head1")
    results = _race(2, lambda i: services.order_approve(actor=head, order=order, now=now))
    refused = [r for r in results if isinstance(r, RuleViolation)]
    assert len(refused) == 1 and refused[0].clause == "§2.4(3)"
    assert InspectionOrder.objects.get(pk=order.pk).status == "APPROVED"
    assert AuditEvent.objects.filter(action="inspections.order.approved").count() == 1


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="concurrent connections need a server database")
@pytest.mark.django_db(transaction=True)
def test_2_5_1_two_generations_at_once_make_one_order_per_entry(example_user, org, customer, now):
    head = example_user("office_head1")
    plan = services.plan_create(actor=head, office=org["tf-power-city"], utility="POWER",
                                month_date=date(2026, 9, 1), now=now)
    for i in range(3):
        c = customer if i == 0 else CustomerFactory(office=org["tf-power-city"], account_number=f"10100000{i + 10}",
                                                    name=f"客户{i}")
        services.plan_entry_add(actor=head, plan=plan, customer=c, planned_date=date(2026, 9, 20 + i),
                                inspectors=[example_user("inspector1"), example_user("inspector2")], now=now)
    results = _race(3, lambda i: services.plan_generate_orders(actor=head, plan=plan, now=now))
    assert sorted(len(r) for r in results) == [0, 0, 3]
    assert InspectionOrder.objects.count() == 3
    assert PlanEntry.objects.filter(order__isnull=True).count() == 0
