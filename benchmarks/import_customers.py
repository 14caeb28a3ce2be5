"""Benchmark of `utilicase import customers` against PostgreSQL's COPY of the same rows.

For each size N (default 100,000) it writes N customer rows to a temporary CSV file, then
runs, in turn and REPEAT times each (A B A B ...):

- the import: `customers_import` on the file (decode, check every row, look up units and
  existing accounts, write customers and service points, one audit event), in one transaction;
- the anchor: the same file read with Python's csv module and its rows written with psycopg's
  COPY (`write_row`) into a scratch table with the same eleven columns and column types,
  no index, in one transaction.

Between runs both tables are emptied. It prints the median rows/s of each and their ratio,
the import's split between checking and writing, its query count, and one re-import of the
same file with --update (nothing changes).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python benchmarks/import_customers.py
    ... benchmarks/import_customers.py --rows 20000 100000 --repeat 5
    .venv/bin/python benchmarks/import_customers.py --rows 20000   # SQLite: the import only

It works in a throwaway database of its own (SQLite in a temporary folder, or a
`bench_import_<pid>` database on the PostgreSQL server), dropped at the end.
"""

import argparse
import csv
import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

SCRATCH = "bench_copy_anchor"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "utilicase.config.settings")
    # Keep the SQLite files (and the test database name) away from the project's var/.
    os.environ.setdefault("UTILICASE_VAR_DIR", tempfile.mkdtemp(prefix="utilicase-bench-"))
    import django
    from django.conf import settings

    django.setup()
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = (
        str(Path(os.environ["UTILICASE_VAR_DIR"]) / "bench.sqlite3")
        if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
        else f"bench_import_{os.getpid()}"
    )
    # A throwaway audit key too (nothing is audited without one).
    from utilicase.audit.keys import create_key

    settings.AUDIT_KEY_FILE = Path(tempfile.mkdtemp(prefix="utilicase-bench-key-")) / "audit.key"
    create_key(legacy=None)


def make_org(now):
    from utilicase.org.models import UnitKind
    from utilicase.org.services import unit_create

    company = unit_create(actor=None, name="基准公司", code="bench", kind=UnitKind.COMPANY, parent=None, now=now)
    power = unit_create(actor=None, name="基准供电公司", code="bench-power", kind=UnitKind.ENTERPRISE,
                        parent=company, utility="POWER", now=now)
    for code in ("bench-power-a", "bench-power-b"):
        unit_create(actor=None, name=code, code=code, kind=UnitKind.OFFICE, parent=power, now=now)


def write_rows(path: Path, count: int, seed: int = 1) -> None:
    from utilicase.customers.domain.rows import CUSTOMER_COLUMNS

    rng = random.Random(seed)
    lines = [",".join(CUSTOMER_COLUMNS)]
    for i in range(count):
        important = rng.random() < 0.04
        lines.append(",".join([
            "bench-power", rng.choice(("bench-power-a", "bench-power-b")), f"1{i:09d}",
            f"客户{i}", f"石河子市北三路{rng.randint(1, 60)}小区{rng.randint(1, 40)}栋{rng.randint(1, 4)}单元101",
            f"139{rng.randrange(10**8):08d}", "POWER", "HIGH" if important else "LOW",
            "IMPORTANT" if important else "RESIDENTIAL", "大工业" if important else "居民生活用电",
            "0.4230" if important else "0.5100",
        ]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")


def create_scratch_table() -> None:
    """The anchor's table: the file's eleven columns, typed as the customer and service point
    columns they land in."""
    from django.db import connection

    from utilicase.customers.domain.rows import CUSTOMER_COLUMNS
    from utilicase.customers.models import Customer, ServicePoint

    types = []
    for name in CUSTOMER_COLUMNS:
        model = Customer if name in {f.name for f in Customer._meta.fields} else ServicePoint
        field = model._meta.get_field(name)
        column_type = "varchar(40)" if field.is_relation else field.db_type(connection)
        types.append(f'"{name}" {column_type} NOT NULL')
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {SCRATCH} ({', '.join(types)})")


def timed_anchor(path: Path) -> float:
    """Seconds to read the file and COPY its rows into the scratch table, committed."""
    from django.db import connection, transaction

    from utilicase.customers.domain.rows import CUSTOMER_COLUMNS

    start = time.perf_counter()
    with transaction.atomic():
        text = path.read_bytes().decode("utf-8-sig")
        reader = csv.reader(io.StringIO(text, newline=""))
        next(reader)
        with connection.cursor() as cursor:
            with cursor.connection.cursor().copy(
                f"COPY {SCRATCH} ({', '.join(CUSTOMER_COLUMNS)}) FROM STDIN"
            ) as copy:
                for cells in reader:
                    copy.write_row(cells)
    return time.perf_counter() - start


def timed_import(path: Path, *, update: bool, now) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from utilicase.customers.importing import customers_import

    marks: dict[str, float] = {}

    def progress(phase: str, done: int, total: int) -> None:
        if done >= total:
            marks.setdefault(phase, time.perf_counter())

    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        result = customers_import(actor=None, file_name=path.name, data=path.read_bytes(), update=update, now=now,
                                  progress=progress)
    end = time.perf_counter()
    validated = marks.get("validated", end)
    return {"validate": validated - start, "write": end - validated, "total": end - start,
            "queries": len(queries), "result": result}


def empty_tables(postgres: bool) -> None:
    from django.db import connection

    from utilicase.customers.models import Customer, ServicePoint

    if postgres:  # The throwaway database holds no case that names a customer.
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {ServicePoint._meta.db_table}, {Customer._meta.db_table}, {SCRATCH} CASCADE")
    else:
        ServicePoint.objects.all().delete()
        Customer.objects.all().delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000])
    parser.add_argument("--repeat", type=int, default=3, help="paired runs per size (the median is shown)")
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from django.utils import timezone

    from utilicase.customers.models import Customer

    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    postgres = connection.vendor == "postgresql"
    try:
        now = timezone.now()
        make_org(now)
        if postgres:
            create_scratch_table()
        print(f"database: {connection.vendor}; median of {args.repeat} paired runs")
        print(f"{'rows':>7} | {'import s':>8} | {'check s':>7} | {'write s':>7} | {'import rows/s':>13} | "
              f"{'COPY s':>6} | {'COPY rows/s':>11} | {'import/COPY':>11} | {'queries':>7} | "
              f"{'re-import --update s':>20}")
        print("-" * 122)
        with tempfile.TemporaryDirectory() as folder:
            for count in args.rows:
                path = Path(folder) / f"customers-{count}.csv"
                write_rows(path, count)
                imports, anchors = [], []
                for _ in range(args.repeat):
                    if postgres:
                        empty_tables(postgres)
                        anchors.append(timed_anchor(path))
                    empty_tables(postgres)
                    run = timed_import(path, update=False, now=now)
                    assert run["result"].created == count, run["result"]
                    assert Customer.objects.count() == count
                    imports.append(run)
                again = timed_import(path, update=True, now=now)
                assert again["result"].unchanged == count, again["result"]
                total = statistics.median(r["total"] for r in imports)
                check = statistics.median(r["validate"] for r in imports)
                write = statistics.median(r["write"] for r in imports)
                copy_s = statistics.median(anchors) if anchors else float("nan")
                print(f"{count:>7} | {total:>8.2f} | {check:>7.2f} | {write:>7.2f} | {count / total:>13.0f} | "
                      f"{copy_s:>6.2f} | {count / copy_s:>11.0f} | {copy_s / total:>11.2f} | "
                      f"{imports[0]['queries']:>7} | {again['total']:>20.2f}")
                empty_tables(postgres)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
