"""Races on PostgreSQL (SQLite in memory cannot serve parallel connections): the same one-time
rating link submitted twice at once stores one rating (§4.4(5))."""

import threading

import pytest
from django.db import connection

from utilicase.audit.models import AuditEvent
from utilicase.fieldwork import services
from utilicase.fieldwork.models import FieldWorkOrder, RatingLink


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
def test_4_4_5_one_time_link_used_twice_at_once_stores_one_rating(flow, now):
    order = flow.completed()
    token = services.rating_link_create(actor=flow.user("field_worker1"), order=order, now=now)
    results = _race(3, lambda i: services.rating_submit_public(token=token, rating=i + 3, comment=f"r{i}",
                                                                 client=f"c{i}", now=now))
    stored = [r for r in results if isinstance(r, FieldWorkOrder)]
    assert len(stored) == 1 and results.count(None) == 2, results
    assert FieldWorkOrder.objects.get(pk=order.pk).rating == stored[0].rating
    assert AuditEvent.objects.filter(action="fieldwork.order.rated").count() == 1
    assert RatingLink.objects.get().used_at is not None
