"""Work lists, dashboards and search on a database made by benchmarks/scale_generate.py: every
case type's "my open items, soonest due first" (first page) and an office's overdue items, the
complaints KPI page of a month and the company's dashboards of a month and of a year, a
customer search by phone (the cross-case search and the customers list), and the home page;
p50 and p95 over R requests each through the whole Django stack (session, view, template), each
page as a signed-in user of the role that works on it. Targets on PostgreSQL: a work list or
search under 50 ms, a KPI page under 500 ms (p95).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_scale \\
        .venv/bin/python benchmarks/scale_pages.py [--rounds 20] [--plans] [--only work]

--plans prints EXPLAIN of the slowest SELECTs of each page (EXPLAIN ANALYZE on PostgreSQL,
EXPLAIN QUERY PLAN on SQLite). `main()` without arguments runs 3 rounds.
"""

import argparse
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "utilicase.config.settings")

WORK, KPI, SEARCH = "work list", "KPI", "search"
TARGET_MS = {WORK: 50, KPI: 500, SEARCH: 50}


def pages(phone: str, month: str, year: str) -> list[tuple[str, str, str, str]]:
    """(kind, name, user, url) of every measured page."""
    return [
        (WORK, "complaints: mine, by due", "hall_staff1", "/complaints/"),
        (WORK, "complaints: mine, by due", "handler1", "/complaints/"),
        (WORK, "complaints: hall's overdue", "hall_head1", "/complaints/?overdue=1"),
        (WORK, "complaints: all overdue", "company_deputy1", "/complaints/?all=on&overdue=1"),
        (WORK, "inspections: mine today", "inspector1", "/inspections/?list=today"),
        (WORK, "inspections: office overdue", "office_head1", "/inspections/?list=overdue"),
        (WORK, "inspections: office all", "office_head1", "/inspections/?list=all"),
        (WORK, "enforcement: mine open", "inspector1", "/enforcement/?list=mine"),
        (WORK, "enforcement: office all", "office_head1", "/enforcement/?list=all"),
        (WORK, "accidents: list", "office_head1", "/accidents/"),
        (WORK, "field work: mine", "field_worker1", "/field/"),
        (WORK, "home (all my deadlines)", "hall_staff1", "/"),
        (WORK, "home (all my deadlines)", "handler1", "/"),
        (WORK, "home (all my deadlines)", "inspector1", "/"),
        (WORK, "home (all my deadlines)", "office_head1", "/"),
        (KPI, "complaints KPI, month", "company_deputy1", "/complaints/kpis/"),
        (KPI, "complaints KPI, month", "hall_staff1", "/complaints/kpis/"),
        *((KPI, f"dashboard {section}, month", "company_deputy1", f"/dashboards/{section}/?period={month}")
          for section in ("complaints", "inspections", "enforcement", "deadlines")),
        *((KPI, f"dashboard {section}, year", "company_deputy1", f"/dashboards/{section}/?period={year}")
          for section in ("complaints", "inspections", "enforcement")),
        (SEARCH, "search by phone", "hall_staff1", f"/search/?q={phone}"),
        (SEARCH, "customers by phone", "hall_staff1", f"/customers/?q={phone}"),
        (SEARCH, "search by phone", "company_deputy1", f"/search/?q={phone}"),
    ]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def plans(client, url: str, top: int = 3) -> None:
    """The plans of the page's `top` slowest SELECTs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    queries = [q for q in captured.captured_queries
               if q["sql"].lstrip().upper().startswith(("SELECT", "WITH", "(SELECT")) and "django_session" not in q["sql"]]
    print(f"   {len(captured.captured_queries)} queries, {sum(float(q['time']) for q in captured.captured_queries) * 1000:.1f} ms in the database")
    explain = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    for query in sorted(queries, key=lambda q: -float(q["time"]))[:top]:
        print(f"\n-- {float(query['time']) * 1000:.1f} ms: {query['sql'][:500]}")
        with connection.cursor() as cursor:
            cursor.execute(explain + query["sql"])
            print("\n".join(str(row[0] if connection.vendor == "postgresql" else row[-1]) for row in cursor.fetchall()))


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--plans", action="store_true")
    parser.add_argument("--only", default="", help="measure only the pages whose name contains this")
    args = parser.parse_args(argv)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from utilicase.complaints.models import Complaint
    from utilicase.customers.models import Customer
    from utilicase.org.models import User

    now = timezone.localtime()
    phone = Customer.objects.order_by("-pk").values_list("contact_phone", flat=True).first() or "13800000000"
    load = os.getloadavg()
    print(f"{connection.vendor}: {Customer.objects.count()} customers, {Complaint.objects.count()} complaints; "
          f"{args.rounds} requests per page after one warm-up; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"{'kind':<9} | {'page':<32} | {'user':<16} | {'p50 ms':>7} | {'p95 ms':>7} | target")
    results = []
    clients: dict[str, Client] = {}
    for kind, name, username, url in pages(phone, now.strftime("%Y-%m"), now.strftime("%Y")):
        if args.only and args.only not in name:
            continue
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(User.objects.get(username=username))
        client = clients[username]
        response = client.get(url, follow=True)
        assert response.status_code == 200, (username, url, response.status_code)
        times = []
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
        p50, p95 = statistics.median(times), percentile(times, 95)
        met = "met" if p95 < TARGET_MS[kind] else "MISSED"
        results.append({"kind": kind, "page": name, "user": username, "url": url, "p50": p50, "p95": p95, "met": met})
        print(f"{kind:<9} | {name:<32} | {username:<16} | {p50:>7.1f} | {p95:>7.1f} | {met} (<{TARGET_MS[kind]})",
              flush=True)
        if args.plans:
            print(f"\n== plans: {username} {name} {url}")
            plans(client, url)
            print()
    return results


if __name__ == "__main__":
    main()
