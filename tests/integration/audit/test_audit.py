import pytest
from django.contrib.admin.sites import site
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, transaction
from django.test import RequestFactory

from tests.integration.audit.tampering import as_database_owner
from utilicase.audit.models import AppendOnlyError, AuditEvent, ChainHead
from utilicase.audit.selectors import chain_verify, events_for
from utilicase.audit.services import audit_record

pytestmark = pytest.mark.django_db


def _record(n, now, actor=None):
    with transaction.atomic():
        return [audit_record(actor=actor, action="test.did", after={"n": i, "名称": "测试"}, clause="§1.1", now=now)
                for i in range(n)]


def _raw_update(sql, params):
    """What someone with database access could do: bypass the append-only trigger."""
    as_database_owner((sql, params))


def test_events_are_chained_in_order(now, example_user):
    events = _record(3, now, actor=example_user("inspector1"))
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    head = ChainHead.objects.get(pk=1)
    assert head.last_hash == events[-1].hash
    assert head.count == AuditEvent.objects.count()
    assert events[0].actor_name == "王建国"


def test_verify_passes_on_an_untouched_chain(now, org):
    _record(4, now)
    count, problem = chain_verify()
    assert problem is None
    assert count == AuditEvent.objects.count() > 4  # the org fixture audits its units and staff too


def test_verify_command_names_the_changed_row(now, org, capsys):
    events = _record(3, now)
    target = events[1]
    _raw_update("UPDATE audit_auditevent SET after = %s WHERE seq = %s", ['{"n": 42}', target.seq])
    position = AuditEvent.objects.filter(seq__lte=target.seq).count()
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify")
    assert exc.value.returncode == 1
    assert f"position {position} (event #{target.seq})" in str(exc.value)
    assert "changed" in str(exc.value)


def test_verify_finds_a_removed_row_at_the_next_one(now, org):
    events = _record(3, now)
    as_database_owner(("DELETE FROM audit_auditevent WHERE seq = %s", [events[1].seq]))
    _, problem = chain_verify()
    assert problem.seq == events[2].seq
    assert "removed" in problem.reason


def test_verify_finds_removed_newest_events(now, org):
    events = _record(3, now)
    as_database_owner(("DELETE FROM audit_auditevent WHERE seq = %s", [events[2].seq]))
    _, problem = chain_verify()
    assert problem is not None and problem.seq is None
    assert "removed at the end" in problem.reason


def test_database_refuses_update(now):
    event = _record(1, now)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=event.seq).update(action="changed")
    assert AuditEvent.objects.get(seq=event.seq).action == "test.did"


def test_model_refuses_save_and_delete(now):
    event = _record(1, now)[0]
    event.action = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_admin_offers_no_add_change_or_delete(now, example_user):
    request = RequestFactory().get("/admin/")
    request.user = example_user("admin")
    model_admin = site._registry[AuditEvent]
    event = _record(1, now)[0]
    assert request.user.is_superuser
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, event)
    assert not model_admin.has_delete_permission(request, event)


@pytest.mark.django_db(transaction=True)
def test_audit_record_outside_a_transaction_is_refused(now):
    with pytest.raises(RuntimeError):
        audit_record(actor=None, action="test.did", now=now)
    assert not AuditEvent.objects.filter(action="test.did").exists()


def test_unknown_clause_is_refused(now):
    from utilicase.core.clauses import UnknownClause

    with pytest.raises(UnknownClause), transaction.atomic():
        audit_record(actor=None, action="test.did", clause="§9.9", now=now)


def test_decimals_and_dates_are_stored_as_they_were_hashed(now):
    from datetime import date
    from decimal import Decimal

    with transaction.atomic():
        audit_record(actor=None, action="test.money", after={"fee": Decimal("16456.89"), "on": date(2026, 10, 13)},
                     now=now)
    assert AuditEvent.objects.get(action="test.money").after == {"fee": "16456.89", "on": "2026-10-13"}
    assert chain_verify()[1] is None


def test_timeline_of_a_record(now, example_user):
    user = example_user("inspector1")
    timeline = list(events_for(target_type="org.user", target_id=user.pk))
    assert [e.action for e in timeline] == ["org.staff.created"]
