"""How long the complaint lists take per role on a large database (made by
benchmarks/complaints_generate.py): the work list, the API list, the home page (open deadlines)
and the KPI page of the current month, p50 and p95 over R requests each, through the whole
Django stack (session, view, template). Goals at 1,000,000 complaints on PostgreSQL: work list
and home under 50 ms, KPI under 500 ms at p95.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
        .venv/bin/python benchmarks/complaints_lists.py [--rounds 20] [--plans]

--plans prints EXPLAIN (ANALYZE, BUFFERS) of every query each page runs (for every role).
"""

import argparse
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "utilicase.config.settings")

ROLES = ["hall_staff1", "hall_head1", "handler1", "office_head1", "enterprise_deputy1", "company_deputy1"]
PAGES = [
    ("work list", "/complaints/"),
    ("work list, all", "/complaints/?all=on"),
    ("work list, search", "/complaints/?all=on&q=TS2026"),
    ("API list", "/api/v1/complaints"),
    ("home", "/"),
    ("KPI month", "/complaints/kpis/"),
]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def plans(client, url: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    for query in captured.captured_queries:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith("SELECT") or "django_session" in sql:
            continue
        print(f"\n-- {query['time']} s: {sql[:600]}")
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            print("\n".join(row[0] for row in cursor.fetchall()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--plans", action="store_true")
    args = parser.parse_args()
    import django

    django.setup()
    from django.test import Client

    from utilicase.complaints.models import Complaint
    from utilicase.org.models import User

    print(f"{Complaint.objects.count()} complaints; {args.rounds} requests per cell after one warm-up")
    print(f"{'role':<20} | {'page':<18} | {'p50 ms':>8} | {'p95 ms':>8}")
    for username in ROLES:
        client = Client()
        client.force_login(User.objects.get(username=username))
        for name, url in PAGES:
            assert client.get(url).status_code == 200, (username, url)
            times = []
            for _ in range(args.rounds):
                t0 = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - t0) * 1000)
            print(f"{username:<20} | {name:<18} | {statistics.median(times):>8.1f} | {percentile(times, 95):>8.1f}",
                  flush=True)
            if args.plans:
                print(f"\n== plans: {username} {name} {url}")
                plans(client, url)
                print()


if __name__ == "__main__":
    main()
