"""Benchmark of `utilicase import customers`: generates N rows to a temporary CSV file and
times validation and writing, then a re-import with --update (nothing changed).

    python benchmarks/import_customers.py                 # 1000, 5000, 20000 rows, SQLite
    python benchmarks/import_customers.py --rows 20000 50000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test python benchmarks/import_customers.py

It works in a throwaway database of its own (SQLite in a temporary folder, or a
`utilicase_bench_<pid>` database on the PostgreSQL server), dropped at the end.
"""

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path


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
        else f"utilicase_bench_{os.getpid()}"
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 5000, 20000])
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from django.utils import timezone

    from utilicase.customers.models import Customer

    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        now = timezone.now()
        make_org(now)
        print(f"database: {connection.vendor}")
        print(f"{'rows':>7} | {'validate s':>10} | {'write s':>8} | {'total s':>8} | {'rows/s':>7} | "
              f"{'queries':>7} | {'re-import --update s':>20} | {'queries':>7}")
        print("-" * 96)
        with tempfile.TemporaryDirectory() as folder:
            for count in args.rows:
                path = Path(folder) / f"customers-{count}.csv"
                write_rows(path, count)
                first = timed_import(path, update=False, now=now)
                assert first["result"].created == count, first["result"]
                again = timed_import(path, update=True, now=now)
                assert again["result"].unchanged == count, again["result"]
                print(f"{count:>7} | {first['validate']:>10.2f} | {first['write']:>8.2f} | {first['total']:>8.2f} | "
                      f"{count / first['total']:>7.0f} | {first['queries']:>7} | {again['total']:>20.2f} | "
                      f"{again['queries']:>7}")
                Customer.objects.all().delete()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
