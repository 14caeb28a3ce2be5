"""How long working-day arithmetic takes: building the calendar from the holidays package, and
one deadline computation for limits from 5 to 3,650 working days (it should not grow with N).

    .venv/bin/python benchmarks/workdays.py
"""

import os
import time
from datetime import datetime
from zoneinfo import ZoneInfo

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "utilicase.config.settings")


def main() -> None:
    import django

    django.setup()
    from utilicase.calendar.sources import build_calendar

    t0 = time.perf_counter()
    calendar = build_calendar(())
    build_ms = (time.perf_counter() - t0) * 1000
    start = datetime(2026, 9, 30, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    rounds = 20_000
    print(f"build calendar from the holidays package: {build_ms:8.1f} ms")
    print(f"{'working days':>12} | {'µs per due computation':>22} | due date")
    for n in (5, 10, 250, 3650):
        t0 = time.perf_counter()
        for _ in range(rounds):
            due = calendar.due_in_working_days(start, n)
        per_call = (time.perf_counter() - t0) / rounds * 1e6
        print(f"{n:>12} | {per_call:>22.2f} | {due.due_date}")


if __name__ == "__main__":
    main()
