"""Runs every benchmark and writes `benchmarks/RESULTS.md`: the machine, the date, and for each
benchmark what it measures and how to read it (`benchmarks/about/<name>.md`), the command, and
the figures it printed in this run.

    .venv/bin/python benchmarks/run_all.py                 # full sizes (about an hour and a half)
    .venv/bin/python benchmarks/run_all.py --quick         # small sizes, to see that all run
    .venv/bin/python benchmarks/run_all.py --only calendar documents
    .venv/bin/python benchmarks/run_all.py --out /tmp/results.md

The PostgreSQL runs use POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test); each
benchmark makes and drops a throwaway database of its own there. A benchmark that fails is
reported with its exit status and its output; the others still run.
"""

import argparse
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
POSTGRES_URL = os.environ.get("POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")


@dataclass(frozen=True)
class Run:
    database: str  # "postgresql" or "sqlite"
    args: tuple[str, ...]
    quick_args: tuple[str, ...]


@dataclass(frozen=True)
class Benchmark:
    name: str
    title: str
    script: str
    runs: tuple[Run, ...]


PG, SQLITE = "postgresql", "sqlite"

BENCHMARKS = (
    Benchmark("api", "3. API throughput: intake and a transition against a bare insert", "api_throughput.py",
              (Run(PG, ("--clients", "8", "--rounds", "5", "--seconds", "10"),
                   ("--clients", "4", "--rounds", "1", "--seconds", "2")),)),
    Benchmark("calendar", "4. Calendar: deadlines against the peers", "calendar_peers.py",
              (Run(SQLITE, (), ("--starts", "200", "--budget", "0.1", "--rounds", "1")),)),
    Benchmark("documents", "5. Documents: PDF notices, single and in a batch of 1,000", "documents_pdf.py",
              (Run(PG, ("--rounds", "10", "--batch", "1000"), ("--rounds", "2", "--batch", "10")),)),
    Benchmark("import", "Customer import against PostgreSQL's COPY", "import_customers.py",
              (Run(PG, ("--rows", "100000", "--repeat", "3"), ("--rows", "5000", "--repeat", "1")),)),
)


def machine() -> list[str]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                     if line.startswith("MemTotal"))
    postgres = subprocess.run(["psql", POSTGRES_URL, "-tAc", "SHOW server_version"], capture_output=True,
                              text=True).stdout.strip() or "not reachable"
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    return [
        f"- CPU: {os.cpu_count()} cores, {cpu}; memory {memory_kb / 1024 / 1024:.1f} GiB",
        f"- Python {platform.python_version()}, PostgreSQL {postgres}, SQLite {_sqlite_version()}",
        f"- Code: commit {commit or 'unknown'}",
    ]


def _sqlite_version() -> str:
    import sqlite3

    return sqlite3.sqlite_version


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def run(benchmark: Benchmark, spec: Run, *, quick: bool) -> tuple[str, int, float, str]:
    """(the command, its exit status, seconds, its output)."""
    args = spec.quick_args if quick else spec.args
    command = [sys.executable, str(HERE / benchmark.script), *args]
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    if spec.database == PG:
        env["DATABASE_URL"] = POSTGRES_URL
    shown = ("DATABASE_URL=" + POSTGRES_URL + " " if spec.database == PG else "") + \
        " ".join([".venv/bin/python", f"benchmarks/{benchmark.script}", *args])
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    output = done.stdout + (f"\n--- stderr ---\n{done.stderr[-4000:]}" if done.returncode else "")
    return shown, done.returncode, seconds, output


def about(name: str) -> str:
    path = HERE / "about" / f"{name}.md"
    return path.read_text().strip() if path.exists() else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes: checks that every benchmark runs")
    parser.add_argument("--only", nargs="+", choices=[b.name for b in BENCHMARKS], help="these benchmarks only")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args(argv)
    chosen = [b for b in BENCHMARKS if not args.only or b.name in args.only]

    started = datetime.now(UTC)
    lines = ["# Benchmark results", "",
             f"Written by `benchmarks/run_all.py{' --quick' if args.quick else ''}` "
             f"from {started:%Y-%m-%d %H:%M} UTC.", "", *machine(), ""]
    failed = 0
    for benchmark in chosen:
        lines += [f"## {benchmark.title}", ""]
        if text := about(benchmark.name):
            lines += [text, ""]
        for spec in benchmark.runs:
            before = load()
            print(f"{benchmark.name} ({spec.database}) ...", file=sys.stderr, flush=True)
            shown, status, seconds, output = run(benchmark, spec, quick=args.quick)
            failed += status != 0
            lines += [f"On {spec.database}: `{shown}`, {seconds:.0f} s, load average {before} before and "
                      f"{load()} after{'' if status == 0 else f'; **failed with exit status {status}**'}:", "",
                      "```", output.rstrip(), "```", ""]
    lines.append(f"Finished {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.")
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
