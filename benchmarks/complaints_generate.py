"""Fill a dedicated PostgreSQL database with the demo organisation, more halls, departments and
staff, 50,000 customers and N complaints (1,000,000 by default) with their deadlines and
replies, written with COPY. The newest 30% of complaints are open (received, assessed, routed or
replied); open ones whose reply deadline has passed are escalated, as the sweep would have.

    createdb -h 127.0.0.1 -U postgres bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
        .venv/bin/python benchmarks/complaints_generate.py [--complaints 1000000]

Then run benchmarks/complaints_lists.py against the same DATABASE_URL. Run once: it refuses a
database that already holds complaints.
"""

import argparse
import io
import os
import random
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "utilicase.config.settings")

SHANGHAI = ZoneInfo("Asia/Shanghai")
HALLS, STAFF_PER_HALL, DEPARTMENTS_PER_ENTERPRISE, HANDLERS_PER_DEPARTMENT = 10, 8, 2, 4
CUSTOMERS = 50_000
OPEN_SHARE = 0.30
YEARS = 3
CHUNK = 50_000


def _copy_value(value) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat()
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


class Copier:
    """Rows of one model, COPYed in chunks; columns missing from a row take the field default."""

    def __init__(self, model, cursor):
        self.fields = model._meta.concrete_fields
        self.table = model._meta.db_table
        self.cursor = cursor
        self.rows: list[str] = []

    def add(self, **values) -> None:
        self.rows.append("\t".join(
            _copy_value(values[f.attname] if f.attname in values else f.get_default()) for f in self.fields))
        if len(self.rows) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        columns = ", ".join(f'"{f.column}"' for f in self.fields)
        with self.cursor.copy(f'COPY "{self.table}" ({columns}) FROM STDIN') as copy:
            copy.write(io.StringIO("\n".join(self.rows) + "\n").getvalue())
        self.rows = []


def organisation(now):
    """The demo organisation plus HALLS halls of STAFF_PER_HALL staff and a head each, and
    DEPARTMENTS_PER_ENTERPRISE departments of HANDLERS_PER_DEPARTMENT handlers per enterprise."""
    from utilicase.customers.demo import make_demo_customers
    from utilicase.demo.data import DEMO_PASSWORD, load_demo_org
    from utilicase.org.models import Role, Unit, UnitKind, User
    from utilicase.org.services import staff_create, unit_create

    units = load_demo_org(now=now)
    company = units["tianfu"]
    halls = [units["tf-hall"]]
    for h in range(1, HALLS):
        halls.append(unit_create(actor=None, name=f"客户服务营业厅{h:02d}", code=f"bench-hall-{h:02d}",
                                 kind=UnitKind.HALL, parent=company, now=now))
    departments = [units["tf-power-marketing"]]
    enterprises = list(Unit.objects.filter(kind=UnitKind.ENTERPRISE).order_by("path"))
    for enterprise in enterprises:
        for d in range(DEPARTMENTS_PER_ENTERPRISE):
            departments.append(unit_create(actor=None, name=f"{enterprise.name}客服部{d + 1}",
                                           code=f"bench-{enterprise.code}-dept-{d + 1}", kind=UnitKind.DEPARTMENT,
                                           parent=enterprise, now=now))
    for hall in halls:
        have = User.objects.filter(unit=hall, role=Role.HALL_STAFF).count()
        for s in range(have, STAFF_PER_HALL):
            staff_create(actor=None, username=f"bench-{hall.pk}-staff{s}", full_name=f"营业员{hall.pk}-{s}",
                         role=Role.HALL_STAFF, unit=hall, password=DEMO_PASSWORD, now=now)
        if not User.objects.filter(unit=hall, role=Role.HALL_HEAD).exists():
            staff_create(actor=None, username=f"bench-{hall.pk}-head", full_name=f"厅长{hall.pk}",
                         role=Role.HALL_HEAD, unit=hall, password=DEMO_PASSWORD, now=now)
    for department in departments:
        have = User.objects.filter(unit=department, role=Role.HANDLER).count()
        for s in range(have, HANDLERS_PER_DEPARTMENT):
            staff_create(actor=None, username=f"bench-{department.pk}-handler{s}", full_name=f"处理人{department.pk}-{s}",
                         role=Role.HANDLER, unit=department, password=DEMO_PASSWORD, now=now)
    offices = {e.pk: list(Unit.objects.filter(parent=e, kind=UnitKind.OFFICE).order_by("path")) for e in enterprises}
    customers = make_demo_customers(enterprises=enterprises, offices_by_enterprise=offices, count=CUSTOMERS, now=now)
    staff = {hall.pk: list(User.objects.filter(unit=hall, role=Role.HALL_STAFF).values_list("pk", flat=True))
             for hall in halls}
    heads = {hall.pk: User.objects.filter(unit=hall, role=Role.HALL_HEAD).values_list("pk", flat=True).first()
             for hall in halls}
    handlers = {d.pk: list(User.objects.filter(unit=d, role=Role.HANDLER).values_list("pk", flat=True))
                for d in departments}
    return halls, departments, staff, heads, handlers, [c.pk for c in customers]


def complaints(n: int, now: datetime, cursor) -> None:
    from utilicase.calendar.models import Deadline
    from utilicase.complaints.models import Complaint, ComplaintCategory, ComplaintReply
    from utilicase.complaints.services import FORM_KIND, REPLY_KIND, number_format

    halls, departments, staff, heads, handlers, customer_ids = organisation(now)
    category_ids = list(ComplaintCategory.objects.values_list("pk", flat=True))
    rng = random.Random(2026)
    out_complaints, out_deadlines = Copier(Complaint, cursor), Copier(Deadline, cursor)
    out_replies = Copier(ComplaintReply, cursor)
    first_open = int(n * (1 - OPEN_SHARE))
    span = timedelta(days=365 * YEARS)
    step = span / n
    sequence: dict[int, int] = {}
    reply_id = 0
    for i in range(1, n + 1):
        started = now - span + step * i
        ended = started + timedelta(minutes=rng.randint(3, 30))
        year = started.astimezone(SHANGHAI).year
        sequence[year] = sequence.get(year, 0) + 1
        hall = halls[rng.randrange(len(halls))]
        owner = rng.choice(staff[hall.pk])
        if i <= first_open:
            status = "CLOSED"
        else:
            status = rng.choices(["RECEIVED", "ASSESSED", "ROUTED", "REPLIED"], weights=[3, 2, 4, 1])[0]
        form_met = None if status == "RECEIVED" and i > n - 20 else ended + timedelta(minutes=rng.randint(1, 20))
        day = started.astimezone(SHANGHAI).date()
        reply_due = datetime.combine(day + timedelta(days=8), datetime.min.time(), SHANGHAI)
        assessed = status != "RECEIVED"
        routed = status in ("ROUTED", "REPLIED", "CLOSED")
        replied_at = None
        if status in ("REPLIED", "CLOSED"):
            replied_at = started + timedelta(hours=rng.randint(2, 24 * 9))
        unit, handler = None, None
        if routed:
            if rng.random() < 0.1:
                unit, handler = hall.pk, heads[hall.pk]
            else:
                unit = departments[rng.randrange(len(departments))].pk
                handler = rng.choice(handlers[unit]) if rng.random() < 0.8 else None
        if status in ("REPLIED", "CLOSED"):
            current_owner, current_unit = owner, hall.pk
        elif status == "ROUTED":
            current_owner, current_unit = handler, unit
        else:
            current_owner, current_unit = owner, hall.pk
        form_id, reply_deadline_id = 2 * i - 1, 2 * i
        out_deadlines.add(id=form_id, kind=FORM_KIND, clause="§6.6(6)", target_type="complaints.complaint",
                          target_id=str(i), owner_id=owner, owner_unit_id=hall.pk, start_at=ended, minutes=15,
                          due_at=ended + timedelta(minutes=15), met_at=form_met, created_at=started)
        reply_owner, reply_unit = (handler, unit) if routed else (owner, hall.pk)
        out_deadlines.add(id=reply_deadline_id, kind=REPLY_KIND, clause="§6.6(8)",
                          target_type="complaints.complaint", target_id=str(i), owner_id=reply_owner,
                          owner_unit_id=reply_unit, start_at=started, working_days=5, due_at=reply_due,
                          due_date=reply_due.date() - timedelta(days=1), met_at=replied_at,
                          escalated_at=reply_due if replied_at is None and reply_due < now else None,
                          created_at=started)
        next_due = ended + timedelta(minutes=15) if form_met is None else (reply_due if replied_at is None else None)
        with_customer = rng.random() < 0.7
        out_complaints.add(
            id=i, number=number_format(year, sequence[year]), channel=rng.choice(["VISIT", "PHONE", "ONLINE"]),
            status=status, customer_id=rng.choice(customer_ids) if with_customer else None,
            contact_name="" if with_customer else f"联系人{i % 997}",
            contact_phone="" if with_customer else f"139{i:08d}", content="停电时间过长，要求说明原因。",
            reception_started_at=started, reception_ended_at=ended, hall_id=hall.pk, received_by_id=owner,
            first_contact_owner_id=owner, current_owner_id=current_owner, current_owner_unit_id=current_unit,
            form_completed_at=form_met, form_deadline_id=form_id, category_id=rng.choice(category_ids) if assessed
            else None, impact="MINOR" if assessed else "", is_valid=True if assessed else None,
            validity_reason="核实属实" if assessed else "", company_at_fault=False if assessed else None,
            assessed_at=ended if assessed else None, assessed_by_id=owner if assessed else None,
            routed_to_unit_id=unit, handler_id=handler, routed_at=ended if routed else None,
            reply_deadline_id=reply_deadline_id,
            escalated_at=reply_due if replied_at is None and reply_due < now else None,
            closed_at=replied_at + timedelta(hours=1) if status == "CLOSED" else None, created_at=started,
            next_due_at=next_due, replied_at=replied_at, reply_due_at=reply_due,
        )
        if replied_at is not None:
            reply_id += 1
            out_replies.add(id=reply_id, complaint_id=i, method="PHONE", content="已电话答复客户。",
                            replied_by_id=handler or owner, replied_at=replied_at)
        if i % 100_000 == 0:
            print(f"{i:>9} complaints", flush=True)
    for copier in (out_deadlines, out_complaints, out_replies):
        copier.flush()
    with_sequences = [(Deadline, 2 * n), (Complaint, n), (ComplaintReply, reply_id)]
    for model, last in with_sequences:
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{model._meta.db_table}', 'id'), %s)", [max(last, 1)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--complaints", type=int, default=1_000_000)
    args = parser.parse_args()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from utilicase.complaints.models import Complaint

    if connection.vendor != "postgresql":
        raise SystemExit("set DATABASE_URL to a dedicated PostgreSQL database")
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    if Complaint.objects.exists():
        raise SystemExit("this database already holds complaints")
    with transaction.atomic(), connection.cursor() as cursor:
        complaints(args.complaints, timezone.now(), cursor.cursor)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"{args.complaints} complaints in {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
