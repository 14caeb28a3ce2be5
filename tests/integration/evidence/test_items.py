"""Registering items (§2.6(2)): numbered 1, 2, 3… within the case, custody starts COLLECTED,
audited; bad input stores nothing; a case the user may not see is not there."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection

from utilicase.audit.models import AuditEvent
from utilicase.evidence import selectors, services
from utilicase.evidence.models import CustodyEntry, EvidenceItem

pytestmark = pytest.mark.django_db


def _register(actor, case, now, **kw):
    args = {"kind": "METER", "description": "单相电能表一只，表号3100123456", "location": "计量箱"} | kw
    return services.item_register(actor=actor, target_type="customers.customer", target_id=str(case.pk), now=now,
                                  **args)


def test_items_are_numbered_within_their_case_s2_6_2(inspector, case, other_case, example_user, now):
    numbers = [_register(inspector, case, now).number for _ in range(3)]
    other = _register(example_user("inspector2"), other_case, now)
    assert numbers == [1, 2, 3]
    assert other.number == 1


def test_registration_starts_the_custody_log_and_is_audited_s2_6_2(inspector, example_user, case, now):
    collected = now - timedelta(minutes=40)
    item = _register(inspector, case, now, collected_at=collected, latitude="43.8256", longitude=Decimal("87.6168"),
                     collectors=[example_user("inspector2")])
    entry = CustodyEntry.objects.get(item=item)
    assert (entry.seq, entry.step, entry.moved_at, entry.moved_by, entry.location) == (1, "COLLECTED", collected,
                                                                                      inspector, "计量箱")
    assert sorted(u.username for u in item.collectors.all()) == ["inspector1", "inspector2"]
    assert (item.latitude, item.longitude) == (Decimal("43.825600"), Decimal("87.616800"))
    event = AuditEvent.objects.get(action="evidence.item.registered")
    assert event.clause == "§2.6(2)" and event.after["number"] == 1
    assert event.after["case"] == f"customers.customer#{case.pk}"


@pytest.mark.parametrize(("changes", "field"), [
    ({"description": "   "}, "description"),
    ({"location": ""}, "location"),
    ({"kind": "GADGET"}, "kind"),
    ({"latitude": "43.8"}, "longitude"),
    ({"latitude": "91", "longitude": "87"}, "latitude"),
    ({"latitude": "abc", "longitude": "87"}, "latitude"),
    ({"description": "x" * 2001}, "description"),
])
def test_bad_input_names_the_field_and_stores_nothing(inspector, case, now, changes, field):
    with pytest.raises(services.EvidenceInvalid) as exc:
        _register(inspector, case, now, **changes)
    assert exc.value.field == field
    assert not EvidenceItem.objects.exists() and not CustodyEntry.objects.exists()


def test_collection_time_may_not_be_in_the_future(inspector, case, now):
    with pytest.raises(services.EvidenceInvalid) as exc:
        _register(inspector, case, now, collected_at=now + timedelta(hours=1))
    assert exc.value.field == "collected_at"


def test_a_case_the_user_does_not_see_is_not_there(example_user, case, now):
    with pytest.raises(services.CaseNotVisible):
        _register(example_user("handler1"), case, now)
    assert selectors.register_get(user=example_user("handler1"), target_type="customers.customer",
                                  target_id=str(case.pk)) is None
    assert not EvidenceItem.objects.exists()


def test_a_malformed_or_unknown_case_is_not_there(inspector, case):
    for target_type, target_id in [("customers.customer", "abc"), ("customers.customer", "999999"),
                                   ("nothing.here", str(case.pk))]:
        assert selectors.register_get(user=inspector, target_type=target_type, target_id=target_id) is None


def test_approvers_see_evidence_but_do_not_record_it(example_user, inspector, case, now):
    _register(inspector, case, now)
    deputy = example_user("enterprise_deputy1")
    assert len(selectors.register_get(user=deputy, target_type="customers.customer", target_id=str(case.pk)).items) == 1
    with pytest.raises(services.NotPermitted):
        _register(deputy, case, now)


def test_an_item_of_an_invisible_case_is_not_found(example_user, inspector, case, now):
    item = _register(inspector, case, now)
    assert selectors.item_get(user=inspector, id=item.pk)[0].number == 1
    assert selectors.item_get(user=example_user("handler1"), id=item.pk) is None


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="concurrent connections need a server database")
@pytest.mark.django_db(transaction=True)
def test_inspectors_registering_at_once_get_consecutive_numbers(example_user, case, now):
    users = [example_user("inspector1"), example_user("inspector2")]
    made: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(4)

    def register(user):
        try:
            barrier.wait()
            for _ in range(5):
                number = _register(user, case, now).number
                with lock:
                    made.append(number)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(users[i % 2],)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(made) == list(range(1, 21))
    assert sorted(EvidenceItem.objects.values_list("number", flat=True)) == list(range(1, 21))
