"""Progress lines of the import command: a tenth at a time on large files, none on small ones."""

import importlib

ProgressLine = importlib.import_module("utilicase.customers.management.commands.import").ProgressLine


def run(total: int, *, phase: str = "validated") -> list[str]:
    lines: list[str] = []
    progress = ProgressLine(lines.append)
    for done in range(1, total + 1):
        progress(phase, done, total)
    return lines


def test_large_file_reports_each_tenth_and_the_end():
    lines = run(20_000)
    assert len(lines) == 10
    assert lines[0] == "validated 2000/20000 (10%)"
    assert "validated 10000/20000 (50%)" in lines
    assert lines[-1] == "validated 20000/20000 (100%)"


def test_uneven_totals_still_end_at_100_percent_once():
    lines = run(1234)
    assert lines[-1] == "validated 1234/1234 (100%)"
    assert len(lines) == 10 and len(set(lines)) == 10


def test_small_file_is_quiet():
    assert run(999) == []


def test_batches_report_the_tenths_they_cross():
    lines: list[str] = []
    progress = ProgressLine(lines.append)
    for done in (1000, 5000, 10_000):
        progress("imported", done, 10_000)
    assert lines == ["imported 1000/10000 (10%)", "imported 5000/10000 (50%)", "imported 10000/10000 (100%)"]
