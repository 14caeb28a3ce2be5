"""The custody log (§2.6(2)): moves in order, each by whom, when and where; refusals cite the
clause; rows are never updated or deleted — by the model, its queryset, or the database."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction

from tests.integration.evidence.helpers import signature_png
from utilicase.audit.models import AuditEvent
from utilicase.blobs.storage import blob_read
from utilicase.core.rules import RuleViolation
from utilicase.evidence import services
from utilicase.evidence.models import AppendOnlyError, CustodyEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def meter(inspector, case, now):
    item = services.item_register(actor=inspector, target_type="customers.customer", target_id=str(case.pk),
                                  kind="METER", description="电能表", location="计量箱", now=now)
    services.seal_apply(actor=inspector, item=item, number="FT2026-0100", signer_name="熊超", png=signature_png(),
                        now=now)
    return item


def _move(actor, item, step, now, **kw):
    args = {"location": "保管室", "seal_state": "INTACT"} | kw
    return services.custody_move(actor=actor, item=item, step=step, now=now, **args)


def test_the_chain_from_collection_to_return_s2_6_2(inspector, example_user, meter, now):
    _move(inspector, meter, "STORED", now + timedelta(hours=1))
    _move(example_user("inspector2"), meter, "SENT_FOR_APPRAISAL", now + timedelta(days=1), location="市计量检定所")
    _move(inspector, meter, "APPRAISAL_RESULT", now + timedelta(days=5), location="市计量检定所",
          result="计量装置被改动，少计电量约35%", seal_state="BROKEN", seal_note="鉴定时启封")
    _move(inspector, meter, "RETURNED", now + timedelta(days=6), location="退还客户", seal_state="")
    log = list(CustodyEntry.objects.filter(item=meter).order_by("seq").values_list("seq", "step", "moved_by__username"))
    assert log == [(1, "COLLECTED", "inspector1"), (2, "STORED", "inspector1"), (3, "SENT_FOR_APPRAISAL", "inspector2"),
                   (4, "APPRAISAL_RESULT", "inspector1"), (5, "RETURNED", "inspector1")]
    events = AuditEvent.objects.filter(action="evidence.custody.moved").order_by("seq")
    assert [(e.before["step"], e.after["step"]) for e in events] == [
        ("COLLECTED", "STORED"), ("STORED", "SENT_FOR_APPRAISAL"), ("SENT_FOR_APPRAISAL", "APPRAISAL_RESULT"),
        ("APPRAISAL_RESULT", "RETURNED")]


def test_no_appraisal_result_before_it_was_sent_s2_6_2(inspector, meter, now):
    with pytest.raises(RuleViolation) as exc:
        _move(inspector, meter, "APPRAISAL_RESULT", now, result="x")
    assert exc.value.clause == "§2.6(2)"
    assert CustodyEntry.objects.filter(item=meter).count() == 1


@pytest.mark.parametrize("final", ["RETURNED", "DISPOSED"])
def test_nothing_after_returned_or_disposed_s2_6_2(inspector, meter, now, final):
    _move(inspector, meter, final, now)
    for step in ("STORED", "SENT_FOR_APPRAISAL", "RETURNED", "DISPOSED"):
        with pytest.raises(RuleViolation) as exc:
            _move(inspector, meter, step, now, seal_state="INTACT")
        assert exc.value.clause == "§2.6(2)" and "保管链已结束" in exc.value.message
    with pytest.raises(RuleViolation):
        services.seal_apply(actor=inspector, item=meter, number="FT2026-0101", signer_name="熊超", png=signature_png(),
                            now=now)


def test_an_unsealed_item_is_not_sent_for_appraisal_s2_6_2(inspector, case, now):
    tool = services.item_register(actor=inspector, target_type="customers.customer", target_id=str(case.pk),
                                  kind="TOOL", description="短接线", location="计量箱", now=now)
    with pytest.raises(RuleViolation) as exc:
        services.custody_move(actor=inspector, item=tool, step="SENT_FOR_APPRAISAL", location="检定所", now=now)
    assert exc.value.clause == "§2.6(2)" and "封存" in exc.value.message


def test_an_appraisal_result_needs_the_result_and_may_carry_the_report(inspector, meter, now):
    _move(inspector, meter, "SENT_FOR_APPRAISAL", now, location="市计量检定所")
    with pytest.raises(services.EvidenceInvalid) as exc:
        _move(inspector, meter, "APPRAISAL_RESULT", now, result=" ")
    assert exc.value.field == "result"
    with pytest.raises(services.EvidenceInvalid) as exc:
        _move(inspector, meter, "APPRAISAL_RESULT", now, result="改动", report=b"MZ\x90\x00" + b"\x00" * 40)
    assert exc.value.field == "report"
    report = b"%PDF-1.4\n% appraisal report\n"
    entry = _move(inspector, meter, "APPRAISAL_RESULT", now, result="改动", report=report)
    assert blob_read("evidence", entry.report_sha256) == report and entry.report_content_type == "application/pdf"


def test_a_report_belongs_to_the_appraisal_result_only(inspector, meter, now):
    with pytest.raises(services.EvidenceInvalid) as exc:
        _move(inspector, meter, "STORED", now, report=b"%PDF-1.4\n")
    assert exc.value.field == "report"


def test_a_move_may_not_be_dated_before_the_previous_one(inspector, meter, now):
    with pytest.raises(services.EvidenceInvalid) as exc:
        _move(inspector, meter, "STORED", now, moved_at=now - timedelta(hours=1))
    assert exc.value.field == "moved_at"


def test_the_custody_log_refuses_update_and_delete(inspector, meter, now):
    entry = CustodyEntry.objects.get(item=meter)
    entry.location = "改写"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        CustodyEntry.objects.filter(item=meter).update(location="改写")
    with pytest.raises(AppendOnlyError):
        CustodyEntry.objects.filter(item=meter).delete()
    assert CustodyEntry.objects.get(item=meter).location == "计量箱"


def test_the_database_refuses_to_update_the_custody_log(inspector, meter):
    entry = CustodyEntry.objects.get(item=meter)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE evidence_custodyentry SET location = %s WHERE id = %s", ["改写", entry.pk])
    assert CustodyEntry.objects.get(pk=entry.pk).location == "计量箱"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite keeps DELETE for the test flush")
def test_postgresql_refuses_to_delete_from_the_custody_log(inspector, meter):
    entry = CustodyEntry.objects.get(item=meter)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM evidence_custodyentry WHERE id = %s", [entry.pk])
    assert CustodyEntry.objects.filter(pk=entry.pk).exists()
