"""Benchmark of a complaint's timeline (`audit.timeline.case_timeline`): a complaint with N
evidence items (each registered and stored: two events) and N/5 drafted documents, among
--noise events of other records, timed and with its number of queries.

    python benchmarks/case_timeline.py                      # N = 10, 100, 500; 200000 other events
    python benchmarks/case_timeline.py --records 1000 --noise 1000000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test python benchmarks/case_timeline.py

It works in a throwaway database of its own (see import_customers.py), dropped at the end.
"""

import argparse
import sys
import time
from datetime import timedelta

from import_customers import setup_django


def add_noise(count: int, now) -> None:
    """Events of other records, inserted directly (the chain's hashes do not matter here)."""
    from django.db import connection

    from utilicase.audit.models import AuditEvent, ChainHead

    head = ChainHead.objects.get(pk=1)
    types = ["complaints.complaint", "documents.document", "evidence.evidenceitem", "evidence.custodyentry",
             "workcalendar.deadline", "documents.signature"]
    batch = []
    for i in range(count):
        seq = head.last_seq + 1 + i
        batch.append(AuditEvent(seq=seq, at=now, action="bench.noise", target_type=types[i % len(types)],
                                target_id=str(10_000_000 + i), prev_hash="0" * 64, hash=f"{seq:064x}"))
        if len(batch) == 5000:
            AuditEvent.objects.bulk_create(batch)
            batch = []
    AuditEvent.objects.bulk_create(batch)
    head.last_seq += count
    head.save(update_fields=["last_seq"])
    if connection.vendor == "postgresql":  # as autovacuum would, so the planner knows the table's size
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE audit_auditevent")


def make_case(records: int, now):
    from utilicase.complaints import services as complaints
    from utilicase.complaints.cases import complaint_form_content, info
    from utilicase.documents import services as documents
    from utilicase.evidence import services as evidence
    from utilicase.org.models import User

    staff = User.objects.get(username="hall_staff1")
    complaint = complaints.complaint_receive(
        actor=staff, channel="PHONE", contact_name="李秀英", contact_phone="13899001122", content="电费突增。",
        reception_started_at=now - timedelta(minutes=10), reception_ended_at=now, now=now)
    for _ in range(records // 5):
        documents.document_create(actor=staff, case=info(complaint), doc_type_code="complaint_form",
                                  content=complaint_form_content(complaint), now=now)
    for i in range(records):
        item = evidence.item_register(actor=staff, target_type="complaints.complaint", target_id=str(complaint.pk),
                                      kind="TRACE", description=f"痕迹{i}", location="表箱", now=now)
        evidence.custody_move(actor=staff, item=item, step="STORED", location="证据柜", now=now)
    return complaint


def timed(read, key: dict, repeat: int = 5) -> tuple[float, int, int]:
    """(best time of `repeat` calls, queries, events) of `read(**key)`."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            events = list(read(**key))
        best = min(best, time.perf_counter() - start)
    return best, len(queries), len(events)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, nargs="+", default=[10, 100, 500])
    parser.add_argument("--noise", type=int, default=200_000)
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from django.utils import timezone

    from utilicase.audit.selectors import events_for
    from utilicase.audit.timeline import case_timeline
    from utilicase.demo.data import load_demo_org

    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        now = timezone.now()
        load_demo_org(now=now)
        add_noise(args.noise, now)
        print(f"database: {connection.vendor}, other events: {args.noise}")
        print(f"{'items':>6} | {'documents':>9} | {'events':>6} | {'queries':>7} | {'best of 5 ms':>12} | "
              f"{'own events only ms':>18}")
        print("-" * 74)
        for records in args.records:
            key = {"target_type": "complaints.complaint", "target_id": str(make_case(records, now).pk)}
            seconds, queries, events = timed(case_timeline, key)
            own, _, _ = timed(events_for, key)
            print(f"{records:>6} | {records // 5:>9} | {events:>6} | {queries:>7} | {seconds * 1000:>12.1f} | "
                  f"{own * 1000:>18.1f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
