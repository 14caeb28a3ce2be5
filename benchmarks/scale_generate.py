"""Fill a dedicated database (PostgreSQL or SQLite) with the demo organisation grown to a
utility's size and, at `--scale 1`: 1,000,000 customers (each with its service point),
1,000,000 complaints (the newest 10% open), 200,000 inspection orders (10% open; their
inspectors, and for orders that left the site a finding with an open rectification and its
deadline), 50,000 enforcement cases with their fees calculated (10% open; their inspectors), the
complaints' deadlines and replies, and the audit events of all of them (a continuous HMAC chain
after the organisation's own events). Written through the databases' bulk paths: COPY on
PostgreSQL, executemany in one transaction on SQLite.

    createdb -h 127.0.0.1 -U postgres bench_scale
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_scale \\
        .venv/bin/python benchmarks/scale_generate.py [--scale 1]
    DATABASE_URL=sqlite:////tmp/bench_scale.sqlite3 .venv/bin/python benchmarks/scale_generate.py --scale 0.1

The audit key must exist (`utilicase audit init`). Run once per database: it refuses one that
already holds customers. Then run benchmarks/scale_pages.py against the same DATABASE_URL.
`main()` without arguments makes a small database (`--scale 0.001`).
"""

import argparse
import io
import json
import os
import random
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "utilicase.config.settings")

SHANGHAI = ZoneInfo("Asia/Shanghai")
FULL = {"customers": 1_000_000, "complaints": 1_000_000, "inspections": 200_000, "enforcement": 50_000}
OPEN_SHARE = 0.10
YEARS = 3
HALLS, STAFF_PER_HALL, DEPARTMENTS_PER_ENTERPRISE, HANDLERS_PER_DEPARTMENT = 10, 8, 2, 4
INSPECTORS_PER_OFFICE = 4
CHUNK = 50_000


# -- writers: one model's rows through the database's bulk path ---------------------------------------

def _copy_value(value) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _sqlite_value(value):
    if isinstance(value, datetime):  # stored as Django stores it: UTC, naive
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Decimal):
        return str(value)
    return value


class Writer:
    """Rows of one model, written in chunks (COPY or executemany); a column missing from a row
    takes the field's default. Counts what it wrote."""

    def __init__(self, model, cursor, vendor: str):
        self.model = model
        self.fields = model._meta.concrete_fields
        self.attnames = [f.attname for f in self.fields]
        self.defaults = [f.get_default() for f in self.fields]
        self.table = model._meta.db_table
        self.columns = ", ".join(f'"{f.column}"' for f in self.fields)
        self.cursor = cursor
        self.vendor = vendor
        self.rows: list = []
        self.count = 0

    def add(self, **values) -> None:
        if not self.count and not self.rows:
            unknown = set(values) - set(self.attnames)
            assert not unknown, f"{self.table}: no columns {sorted(unknown)}"
        row = [values.get(name, default) if name in values else default
               for name, default in zip(self.attnames, self.defaults, strict=True)]
        if self.vendor == "postgresql":
            self.rows.append("\t".join(_copy_value(v) for v in row))
        else:
            self.rows.append([_sqlite_value(v) for v in row])
        self.count += 1
        if len(self.rows) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        if self.vendor == "postgresql":
            with self.cursor.copy(f'COPY "{self.table}" ({self.columns}) FROM STDIN') as copy:
                copy.write(io.StringIO("\n".join(self.rows) + "\n").getvalue())
        else:
            marks = ", ".join("?" for _ in self.fields)
            self.cursor.executemany(f'INSERT INTO "{self.table}" ({self.columns}) VALUES ({marks})', self.rows)
        self.rows = []


def _next_id(model) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


# -- the organisation -----------------------------------------------------------------------------------

@dataclass
class Org:
    halls: list = field(default_factory=list)
    departments: list = field(default_factory=list)
    staff: dict = field(default_factory=dict)  # hall id -> hall staff ids
    heads: dict = field(default_factory=dict)  # hall id -> hall head id
    handlers: dict = field(default_factory=dict)  # department id -> handler ids
    enterprises: list = field(default_factory=list)
    offices: dict = field(default_factory=dict)  # enterprise id -> offices
    inspectors: dict = field(default_factory=dict)  # office id -> inspector ids
    office_heads: dict = field(default_factory=dict)  # office id -> office head id


def organisation(now: datetime) -> Org:
    """The demo organisation plus HALLS halls of STAFF_PER_HALL staff and a head each,
    DEPARTMENTS_PER_ENTERPRISE departments of HANDLERS_PER_DEPARTMENT handlers per enterprise, and
    INSPECTORS_PER_OFFICE inspectors and a head in every business office."""
    from utilicase.demo.data import DEMO_PASSWORD, load_demo_org
    from utilicase.org.models import Role, Unit, UnitKind, User
    from utilicase.org.services import staff_create, unit_create

    units = load_demo_org(now=now)
    company = units["tianfu"]
    org = Org(halls=[units["tf-hall"]], departments=[units["tf-power-marketing"]])
    for h in range(1, HALLS):
        org.halls.append(unit_create(actor=None, name=f"客户服务营业厅{h:02d}", code=f"bench-hall-{h:02d}",
                                     kind=UnitKind.HALL, parent=company, now=now))
    org.enterprises = list(Unit.objects.filter(kind=UnitKind.ENTERPRISE).order_by("path"))
    for enterprise in org.enterprises:
        for d in range(DEPARTMENTS_PER_ENTERPRISE):
            org.departments.append(unit_create(
                actor=None, name=f"{enterprise.name}客服部{d + 1}", code=f"bench-{enterprise.code}-dept-{d + 1}",
                kind=UnitKind.DEPARTMENT, parent=enterprise, now=now))

    def fill(unit, role, count, label):
        have = User.objects.filter(unit=unit, role=role).count()
        for s in range(have, count):
            staff_create(actor=None, username=f"bench-{unit.pk}-{label}{s}", full_name=f"{label}{unit.pk}-{s}",
                         role=role, unit=unit, password=DEMO_PASSWORD, now=now)
        return list(User.objects.filter(unit=unit, role=role).order_by("pk").values_list("pk", flat=True))

    for hall in org.halls:
        org.staff[hall.pk] = fill(hall, Role.HALL_STAFF, STAFF_PER_HALL, "staff")
        org.heads[hall.pk] = fill(hall, Role.HALL_HEAD, 1, "head")[0]
    for department in org.departments:
        org.handlers[department.pk] = fill(department, Role.HANDLER, HANDLERS_PER_DEPARTMENT, "handler")
    for enterprise in org.enterprises:
        org.offices[enterprise.pk] = list(Unit.objects.filter(parent=enterprise, kind=UnitKind.OFFICE).order_by("path"))
        for office in org.offices[enterprise.pk]:
            org.inspectors[office.pk] = fill(office, Role.INSPECTOR, INSPECTORS_PER_OFFICE, "inspector")
            org.office_heads[office.pk] = fill(office, Role.OFFICE_HEAD, 1, "office_head")[0]
    return org


# -- the rows -------------------------------------------------------------------------------------------

@dataclass
class Customers:
    ids: list  # customer id by index
    office: list  # office id by index
    utility: list  # utility by index
    phone: list


def customers(n: int, org: Org, now: datetime, w, rng: random.Random) -> Customers:
    from utilicase.customers.demo import TARIFFS, UTILITY_DIGIT
    from utilicase.customers.models import Customer, ServicePoint

    out, points = w(Customer), w(ServicePoint)
    first, first_point = _next_id(Customer), _next_id(ServicePoint)
    result = Customers([], [], [], [])
    weights = [2 if e.utility == "POWER" else 1 for e in org.enterprises]
    for i in range(n):
        enterprise = rng.choices(org.enterprises, weights)[0]
        offices = org.offices[enterprise.pk]
        o = rng.randrange(len(offices))
        pk = first + i
        phone = f"13{i % 10}{i:08d}"
        out.add(id=pk, enterprise_id=enterprise.pk, office_id=offices[o].pk,
                account_number=f"{UTILITY_DIGIT.get(enterprise.utility, '9')}{o + 1:02d}{i:08d}",
                name=f"用户{i:07d}", address=f"天府市第{i % 97 + 1}街道{i % 1000 + 1}号", contact_phone=phone,
                created_at=now - timedelta(days=rng.randint(30, 15 * 365)))
        category, price = TARIFFS[enterprise.utility]["RESIDENTIAL"][0]
        points.add(id=first_point + i, customer_id=pk, utility=enterprise.utility, voltage_level="LOW",
                   customer_class="RESIDENTIAL", tariff_category=category, unit_price=Decimal(price))
        result.ids.append(pk)
        result.office.append(offices[o].pk)
        result.utility.append(enterprise.utility)
        result.phone.append(phone)
    out.flush()
    points.flush()
    return result


class Audit:
    """Events appended to the audit chain after its head as they are made, hashed as
    audit_record hashes them (audit.domain.chain); `finish` moves the head to the last."""

    def __init__(self, w):
        from utilicase.audit.keys import audit_key
        from utilicase.audit.models import AuditEvent, ChainHead
        from utilicase.org.models import User

        self.key = audit_key().secret
        self.head = ChainHead.objects.get(pk=1)
        self.seq, self.prev = self.head.last_seq, self.head.last_hash
        self.names = dict(User.objects.values_list("pk", "full_name"))
        self.out = w(AuditEvent)

    def add(self, at, actor, action, target_type, target_id, clause, after) -> None:
        from utilicase.audit.domain.chain import chain_hash, event_payload

        self.seq += 1
        at = at.astimezone(UTC)  # as read back from the database, so the hash verifies
        name, target_id = self.names.get(actor, ""), str(target_id)
        payload = event_payload(seq=self.seq, at=at, actor_id=actor, actor_name=name, action=action,
                                target_type=target_type, target_id=target_id, clause=clause, before=None,
                                after=after)
        digest = chain_hash(self.key, self.prev, payload)
        self.out.add(seq=self.seq, at=at, actor_id=actor, actor_name=name, action=action, target_type=target_type,
                     target_id=target_id, clause=clause, before=None, after=after, prev_hash=self.prev, hash=digest)
        self.prev = digest

    def finish(self) -> int:
        from utilicase.audit.models import ChainHead

        self.out.flush()
        ChainHead.objects.filter(pk=1).update(last_seq=self.seq, last_hash=self.prev,
                                              count=self.head.count + self.out.count)
        return self.out.count


def complaints(n: int, org: Org, cust: Customers, now: datetime, w, rng, audit: Audit) -> dict:
    """Complaints over YEARS years, the newest OPEN_SHARE open (received, assessed, routed or
    replied), each with its form and reply deadlines; open ones past the reply deadline escalated."""
    from utilicase.calendar.models import Deadline
    from utilicase.complaints.models import Complaint, ComplaintCategory, ComplaintReply
    from utilicase.complaints.services import FORM_KIND, REPLY_KIND, number_format

    category_ids = list(ComplaintCategory.objects.values_list("pk", flat=True))
    out, deadlines, replies = w(Complaint), w(Deadline), w(ComplaintReply)
    first, first_deadline, reply_id = _next_id(Complaint), _next_id(Deadline), _next_id(ComplaintReply)
    first_open = int(n * (1 - OPEN_SHARE))
    span = timedelta(days=365 * YEARS)
    step = span / max(n, 1)
    sequence: dict[int, int] = {}
    open_count = 0
    for i in range(n):
        pk = first + i
        started = now - span + step * (i + 1)
        ended = started + timedelta(minutes=rng.randint(3, 30))
        year = started.astimezone(SHANGHAI).year
        sequence[year] = sequence.get(year, 0) + 1
        hall = org.halls[rng.randrange(len(org.halls))]
        owner = rng.choice(org.staff[hall.pk])
        if i < first_open:
            status = "CLOSED"
        else:
            status = rng.choices(["RECEIVED", "ASSESSED", "ROUTED", "REPLIED"], weights=[3, 2, 4, 1])[0]
            open_count += 1
        form_met = None if status == "RECEIVED" and i >= n - 20 else ended + timedelta(minutes=rng.randint(1, 20))
        day = started.astimezone(SHANGHAI).date()
        reply_due = datetime.combine(day + timedelta(days=8), datetime.min.time(), SHANGHAI)
        assessed = status != "RECEIVED"
        routed = status in ("ROUTED", "REPLIED", "CLOSED")
        replied_at = started + timedelta(hours=rng.randint(2, 24 * 9)) if status in ("REPLIED", "CLOSED") else None
        if replied_at is not None and replied_at > now:
            replied_at = now - timedelta(minutes=1)
        unit, handler = None, None
        if routed:
            if rng.random() < 0.1:
                unit, handler = hall.pk, org.heads[hall.pk]
            else:
                unit = org.departments[rng.randrange(len(org.departments))].pk
                handler = rng.choice(org.handlers[unit]) if rng.random() < 0.8 else None
        current_owner, current_unit = (handler, unit) if status == "ROUTED" else (owner, hall.pk)
        form_id, reply_deadline_id = first_deadline + 2 * i, first_deadline + 2 * i + 1
        escalated = reply_due if replied_at is None and reply_due < now else None
        deadlines.add(id=form_id, kind=FORM_KIND, clause="§6.6(6)", target_type="complaints.complaint",
                      target_id=str(pk), owner_id=owner, owner_unit_id=hall.pk, start_at=ended, minutes=15,
                      due_at=ended + timedelta(minutes=15), met_at=form_met, created_at=started)
        reply_owner, reply_unit = (handler, unit) if routed else (owner, hall.pk)
        deadlines.add(id=reply_deadline_id, kind=REPLY_KIND, clause="§6.6(8)", target_type="complaints.complaint",
                      target_id=str(pk), owner_id=reply_owner, owner_unit_id=reply_unit, start_at=started,
                      working_days=5, due_at=reply_due, due_date=reply_due.date() - timedelta(days=1),
                      met_at=replied_at, escalated_at=escalated, created_at=started)
        next_due = ended + timedelta(minutes=15) if form_met is None else (reply_due if replied_at is None else None)
        c = rng.randrange(len(cust.ids)) if rng.random() < 0.7 and cust.ids else None
        number = number_format(year, sequence[year])
        out.add(
            id=pk, number=number, channel=rng.choice(["VISIT", "PHONE", "ONLINE"]), status=status,
            customer_id=cust.ids[c] if c is not None else None,
            contact_name="" if c is not None else f"联系人{i % 997}",
            contact_phone="" if c is not None else f"139{i:08d}", content="停电时间过长，要求说明原因。",
            reception_started_at=started, reception_ended_at=ended, hall_id=hall.pk, received_by_id=owner,
            first_contact_owner_id=owner, current_owner_id=current_owner, current_owner_unit_id=current_unit,
            form_completed_at=form_met, form_deadline_id=form_id,
            category_id=rng.choice(category_ids) if assessed else None, impact="MINOR" if assessed else "",
            is_valid=True if assessed else None, validity_reason="核实属实" if assessed else "",
            company_at_fault=False if assessed else None, assessed_at=ended if assessed else None,
            assessed_by_id=owner if assessed else None, routed_to_unit_id=unit, handler_id=handler,
            routed_at=ended if routed else None, first_routed_at=ended if routed else None,
            reply_deadline_id=reply_deadline_id, escalated_at=escalated,
            closed_at=replied_at + timedelta(minutes=30) if status == "CLOSED" else None, created_at=started,
            next_due_at=next_due, replied_at=replied_at, reply_due_at=reply_due,
        )
        audit.add(started, owner, "complaints.complaint.received", "complaints.complaint", pk, "§6.6(6)",
                  {"number": number, "channel": "VISIT"})
        if replied_at is not None:
            replies.add(id=reply_id, complaint_id=pk, method="PHONE", content="已电话答复客户。",
                        replied_by_id=handler or owner, replied_at=replied_at)
            reply_id += 1
        if status == "CLOSED":
            audit.add(replied_at + timedelta(minutes=30), owner, "complaints.complaint.closed",
                      "complaints.complaint", pk, "§6.6(8)", {"status": "CLOSED"})
    for writer in (deadlines, out, replies):
        writer.flush()
    return {"complaints": out.count, "open complaints": open_count, "complaint deadlines": deadlines.count,
            "complaint replies": replies.count}


def inspections(n: int, org: Org, cust: Customers, now: datetime, w, rng, audit: Audit) -> tuple[dict, list]:
    """Inspection orders of the customers' offices; the newest OPEN_SHARE still in work (submitted,
    approved, appointed, on site, left or archived); those that left the site with a finding whose
    open rectification has a deadline (half of them past). Returns the counts and the closed orders
    (id, customer index, office, inspector) for enforcement cases found by an inspection."""
    from utilicase.calendar.models import Deadline
    from utilicase.inspections.models import Finding, InspectionOrder, OrderInspector, Rectification, Status
    from utilicase.inspections.services import RECTIFICATION_KIND, number_format
    from utilicase.org.models import Role

    out, assign, findings, rects, deadlines = (w(InspectionOrder), w(OrderInspector), w(Finding),
                                               w(Rectification), w(Deadline))
    first, first_assign, first_finding = _next_id(InspectionOrder), _next_id(OrderInspector), _next_id(Finding)
    first_rect, first_deadline = _next_id(Rectification), _next_id(Deadline)
    first_open = int(n * (1 - OPEN_SHARE))
    span = timedelta(days=365 * YEARS)
    step = span / max(n, 1)
    today = now.astimezone(SHANGHAI).date()
    sequence: dict[int, int] = {}
    closed, open_count = [], 0
    open_states = [Status.SUBMITTED, Status.APPROVED, Status.APPOINTED, Status.PREPARED, Status.ARRIVED,
                   Status.INSPECTING, Status.LEFT_SITE, Status.ARCHIVED]
    for i in range(n):
        pk = first + i
        created = now - span + step * (i + 1)
        year = created.astimezone(SHANGHAI).year
        sequence[year] = sequence.get(year, 0) + 1
        c = rng.randrange(len(cust.ids))
        office = cust.office[c]
        team = rng.sample(org.inspectors[office], 2)
        head = org.office_heads[office]
        if i < first_open:
            status = Status.CLOSED
        else:
            status = rng.choices(open_states, weights=[2, 2, 3, 1, 1, 1, 2, 1])[0]
            open_count += 1
        planned = (created + timedelta(days=rng.randint(1, 10))).astimezone(SHANGHAI).date()
        if status != Status.CLOSED and status not in (Status.LEFT_SITE, Status.ARCHIVED):
            planned = today + timedelta(days=rng.randint(-3, 14))  # still to do: due around today
        approved = status != Status.SUBMITTED
        staged = status not in (Status.SUBMITTED, Status.APPROVED)
        at_site = datetime.combine(planned, datetime.min.time(), SHANGHAI) + timedelta(hours=10)
        on_site = status in (Status.ARRIVED, Status.INSPECTING, Status.LEFT_SITE, Status.ARCHIVED, Status.CLOSED)
        left = status in (Status.LEFT_SITE, Status.ARCHIVED, Status.CLOSED)
        next_due = None
        number = number_format(year, sequence[year])
        if status in (Status.LEFT_SITE, Status.ARCHIVED):
            finding_id = first_finding + findings.count
            rect_id = first_rect + rects.count
            deadline_id = first_deadline + deadlines.count
            due_day = today + timedelta(days=rng.randint(-20, 20))
            due_at = datetime.combine(due_day + timedelta(days=1), datetime.min.time(), SHANGHAI)
            recorded = min(at_site + timedelta(hours=1), due_at - timedelta(days=7))
            findings.add(id=finding_id, order_id=pk, number=1, finding_type="SAFETY_DEFECT",
                         description="配电室接地不良。", evidence_numbers=[], rectification_required=True,
                         recorded_by_id=team[0], recorded_at=recorded)
            deadlines.add(id=deadline_id, kind=RECTIFICATION_KIND, clause="§2.5(3)",
                          target_type="inspections.inspectionorder", target_id=str(pk), owner_id=None,
                          owner_unit_id=office, start_at=recorded, minutes=int((due_at - recorded).total_seconds() // 60),
                          due_at=due_at, created_at=recorded)
            rects.add(id=rect_id, finding_id=finding_id, order_id=pk, requirement="限期整改接地。", due_date=due_day,
                      deadline_id=deadline_id, due_at=due_at, status="OPEN")
            next_due = due_at
        out.add(
            id=pk, number=number, kind="ROUTINE", status=status, utility=cust.utility[c], customer_id=cust.ids[c],
            office_id=office, purpose="例行用电检查。", items="计量装置、接地、用电安全。", organiser_unit_id=office,
            organiser_id=head, approval_unit_id=office, approver_role=Role.OFFICE_HEAD, planned_date=planned,
            submitted_at=created, approved_by_id=head if approved else None,
            approved_at=created + timedelta(hours=2) if approved else None,
            appointment_at=at_site if staged else None, appointment_contact="户主" if staged else "",
            appointment_method="PHONE" if staged else "", appointed_at=created + timedelta(hours=3) if staged else None,
            appointed_by_id=team[0] if staged else None,
            prepared_at=at_site - timedelta(hours=1) if staged and status != Status.APPOINTED else None,
            arrived_at=at_site if on_site else None, certificates_shown_at=at_site if on_site else None,
            inspection_started_at=at_site + timedelta(minutes=5) if on_site and status != Status.ARRIVED else None,
            left_site_at=at_site + timedelta(hours=2) if left else None,
            archived_at=at_site + timedelta(days=1) if status in (Status.ARCHIVED, Status.CLOSED) else None,
            closed_at=at_site + timedelta(days=2) if status == Status.CLOSED else None,
            created_by_id=head, created_at=created, next_due_at=next_due,
        )
        for inspector in team:
            assign.add(id=first_assign + assign.count, order_id=pk, inspector_id=inspector, present=on_site)
        audit.add(created, head, "inspections.order.created", "inspections.inspectionorder", pk, "§2.4(3)",
                  {"number": number, "kind": "ROUTINE"})
        if approved:
            audit.add(created + timedelta(hours=2), head, "inspections.order.approved", "inspections.inspectionorder",
                      pk, "§2.4(3)", {"status": "APPROVED"})
        if status == Status.CLOSED:
            closed.append((pk, c, office, team[0]))
    for writer in (out, assign, findings, deadlines, rects):
        writer.flush()
    return {"inspection orders": out.count, "open inspection orders": open_count, "order inspectors": assign.count,
            "open rectifications": rects.count}, closed


def enforcement(n: int, org: Org, cust: Customers, closed_orders: list, now: datetime, w, rng,
                audit: Audit) -> dict:
    """Enforcement cases, half found by a (closed) inspection, half opened on site; every case's
    fees calculated (back-billing and violation fee); the newest OPEN_SHARE open."""
    from utilicase.enforcement.models import EnforcementCase, Source, Status
    from utilicase.enforcement.services import number_format

    out, team = w(EnforcementCase), w(EnforcementCase.inspectors.through)
    first, first_team = _next_id(EnforcementCase), _next_id(EnforcementCase.inspectors.through)
    first_open = int(n * (1 - OPEN_SHARE))
    span = timedelta(days=365 * YEARS)
    step = span / max(n, 1)
    sequence: dict[int, int] = {}
    open_count = 0
    for i in range(n):
        pk = first + i
        discovered = now - span + step * (i + 1)
        year = discovered.astimezone(SHANGHAI).year
        sequence[year] = sequence.get(year, 0) + 1
        if closed_orders and i % 2 == 0:
            order_id, c, office, inspector = closed_orders[rng.randrange(len(closed_orders))]
            source = Source.FINDING
        else:
            c = rng.randrange(len(cust.ids))
            office, order_id, source = cust.office[c], None, Source.ON_SITE
            inspector = rng.choice(org.inspectors[office])
        if i < first_open:
            status = Status.CLOSED
        else:
            status = rng.choice([Status.DISCOVERED, Status.NOTICE_SERVED, Status.FEES_CALCULATED])
            open_count += 1
        theft = rng.random() < 0.3
        kwh = rng.randint(200, 20_000)
        back = Decimal(kwh) * Decimal("0.5")
        fee = back * (3 if theft else 1)
        calculated = discovered + timedelta(days=2)
        number = number_format(year, sequence[year])
        out.add(
            id=pk, number=number, kind="THEFT" if theft else "VIOLATION", source=source, status=status,
            supply="NORMAL", utility=cust.utility[c], customer_id=cust.ids[c], office_id=office,
            customer_class="RESIDENTIAL", voltage_level="LOW", inspection_order_id=order_id,
            facts="私自绕越计量装置用电。" if theft else "擅自超过合同约定容量用电。", discovered_at=discovered,
            notice_served_at=discovered + timedelta(days=1) if status != Status.DISCOVERED else None,
            fee_input={"kwh": kwh, "price": "0.5"}, fee_result={"back_billing": str(back), "violation_fee": str(fee)},
            rule_set="2024", back_billing=back, violation_fee=fee, total=back + fee,
            fees_calculated_at=calculated, fees_calculated_by_id=inspector,
            due_date=(calculated + timedelta(days=15)).astimezone(SHANGHAI).date(),
            paid_at=calculated + timedelta(days=5) if status == Status.CLOSED else None,
            closed_at=calculated + timedelta(days=6) if status == Status.CLOSED else None,
            closing_note="已缴清费用，结案。" if status == Status.CLOSED else "",
            created_by_id=inspector, created_at=discovered,
        )
        team.add(id=first_team + team.count, enforcementcase_id=pk, user_id=inspector)
        audit.add(discovered, inspector, "enforcement.case.opened", "enforcement.enforcementcase", pk, "§2.6(3)",
                  {"number": number, "source": source})
        audit.add(calculated, inspector, "enforcement.case.fees_calculated", "enforcement.enforcementcase", pk,
                  "§2.7", {"total": str(back + fee)})
    out.flush()
    team.flush()
    return {"enforcement cases": out.count, "open enforcement cases": open_count}


def _reset_sequences(models: list) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def generate(*, scale: float, now: datetime, seed: int = 2026, report=print) -> dict:
    """Write everything at `scale` (1 = the full size) into the current database, in one
    transaction; returns the row counts and the seconds each part took."""
    from django.apps import apps
    from django.db import connection, transaction

    vendor = connection.vendor
    rng = random.Random(seed)
    sizes = {name: max(1, round(full * scale)) for name, full in FULL.items()}
    counts: dict = {}
    timings: dict = {}
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor if vendor == "postgresql" else cursor

        def w(model):
            return Writer(model, raw, vendor)

        t = time.perf_counter()
        org = organisation(now)
        timings["organisation"] = time.perf_counter() - t
        audit = Audit(w)
        t = time.perf_counter()
        cust = customers(sizes["customers"], org, now, w, rng)
        counts["customers"] = counts["service points"] = len(cust.ids)
        timings["customers"] = time.perf_counter() - t
        report(f"{len(cust.ids)} customers in {timings['customers']:.0f} s")
        t = time.perf_counter()
        counts.update(complaints(sizes["complaints"], org, cust, now, w, rng, audit))
        timings["complaints"] = time.perf_counter() - t
        report(f"{counts['complaints']} complaints in {timings['complaints']:.0f} s")
        t = time.perf_counter()
        more, closed_orders = inspections(sizes["inspections"], org, cust, now, w, rng, audit)
        counts.update(more)
        timings["inspections"] = time.perf_counter() - t
        report(f"{counts['inspection orders']} inspection orders in {timings['inspections']:.0f} s")
        t = time.perf_counter()
        counts.update(enforcement(sizes["enforcement"], org, cust, closed_orders, now, w, rng, audit))
        timings["enforcement"] = time.perf_counter() - t
        report(f"{counts['enforcement cases']} enforcement cases in {timings['enforcement']:.0f} s")
        counts["audit events"] = audit.finish()
        t = time.perf_counter()
        _reset_sequences([m for m in apps.get_models() if m._meta.app_label in
                          ("customers", "complaints", "inspections", "enforcement", "workcalendar")])
    timings["sequences and commit"] = time.perf_counter() - t
    return {"counts": counts, "seconds": timings}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.001, help="1 = 1,000,000 customers and complaints")
    args = parser.parse_args(argv)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # The ~170 generated staff get a fast password hash: hashing is not what is measured (with the
    # production hasher it is minutes of the organisation's set-up alone).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.db import connection
    from django.utils import timezone

    from utilicase.customers.models import Customer

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    if Customer.objects.exists():
        raise SystemExit("this database already holds customers: use a new one")
    t_migrate = time.perf_counter() - t0
    result = generate(scale=args.scale, now=timezone.now())
    t = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    t_analyze = time.perf_counter() - t
    load = os.getloadavg()
    print(f"\n{connection.vendor}, scale {args.scale}, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"{'table':<26} | {'rows':>10}")
    for name, count in result["counts"].items():
        print(f"{name:<26} | {count:>10}")
    print(f"\n{'step':<26} | {'seconds':>8}")
    for name, seconds in [("migrate", t_migrate), *result["seconds"].items(), ("analyze", t_analyze),
                          ("total", time.perf_counter() - t0)]:
        print(f"{name:<26} | {seconds:>8.1f}")


if __name__ == "__main__":
    main()
