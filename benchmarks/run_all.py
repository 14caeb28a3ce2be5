"""Runs every benchmark and writes `benchmarks/RESULTS.md`: the machine, the date, and for each
benchmark what it measures and how to read it (`benchmarks/about/<name>.md`), the command, and
the figures it printed in this run.

    .venv/bin/python benchmarks/run_all.py                 # full sizes (about an hour and a half)
    .venv/bin/python benchmarks/run_all.py --quick         # small sizes, to see that all run
    .venv/bin/python benchmarks/run_all.py --only calendar documents   # replaces those sections
    .venv/bin/python benchmarks/run_all.py --only scale --scale 0.2    # the data at a fifth of the size
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
import tempfile
import time
from dataclasses import dataclass, replace
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
    # Scripts run one after the other against one database made for them (and dropped after):
    # the data-scale generator, then the pages on what it generated.
    then: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Benchmark:
    name: str
    title: str
    script: str
    runs: tuple[Run, ...]


PG, SQLITE = "postgresql", "sqlite"

SCALE_PAGES = ("scale_pages.py", ("--rounds", "10", "--plans"), ("--rounds", "2"))

BENCHMARKS = (
    Benchmark("scale", "1-2. Data scale, and work lists and dashboards at that scale", "scale_generate.py",
              (Run(PG, ("--scale", "1"), ("--scale", "0.001"), then=(SCALE_PAGES,)),
               Run(SQLITE, ("--scale", "1"), ("--scale", "0.001"), then=(SCALE_PAGES,)))),
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


# A new audit key for a new database (`utilicase audit init` wants the database migrated first;
# the generator migrates it).
MAKE_AUDIT_KEY = ("import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'utilicase.config.settings'); "
                  "django.setup(); from utilicase.audit.keys import create_key; create_key(legacy=None)")


def _command(script: str, args: tuple[str, ...], url: str | None) -> tuple[list[str], str]:
    shown = " ".join([".venv/bin/python", f"benchmarks/{script}", *args])
    return [sys.executable, str(HERE / script), *args], (f"DATABASE_URL={url} {shown}" if url else shown)


def run(benchmark: Benchmark, spec: Run, *, quick: bool) -> tuple[str, int, float, str]:
    """(the commands, the exit status, seconds, the output)."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    steps = [(benchmark.script, spec.quick_args if quick else spec.args),
             *((script, quick_args if quick else args) for script, args, quick_args in spec.then)]
    with tempfile.TemporaryDirectory(prefix="utilicase-bench-") as folder:
        url = POSTGRES_URL if spec.database == PG else None
        if spec.then:  # one database for the steps, made here: a new PostgreSQL database or SQLite file
            name = f"bench_run_{os.getpid()}"
            url = (POSTGRES_URL.rsplit("/", 1)[0] + "/" + name if spec.database == PG
                   else f"sqlite:///{folder}/{name}.sqlite3")
            if spec.database == PG:
                subprocess.run(["psql", POSTGRES_URL, "-qc", f"CREATE DATABASE {name}"], check=True)
            env["UTILICASE_AUDIT_KEY_FILE"] = f"{folder}/audit.key"
            env["UTILICASE_VAR_DIR"] = folder
            subprocess.run([sys.executable, "-c", MAKE_AUDIT_KEY], cwd=ROOT, env=env, check=True)
        if url:
            env["DATABASE_URL"] = url
        shown, output, status = [], [], 0
        start = time.perf_counter()
        try:
            for script, args in steps:
                command, text = _command(script, args, url)
                shown.append(text)
                done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
                output.append(done.stdout.rstrip())
                if done.returncode:
                    status = done.returncode
                    output.append(f"--- stderr ---\n{done.stderr[-4000:]}")
                    break
        finally:
            if spec.then and spec.database == PG:
                subprocess.run(["psql", POSTGRES_URL, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"])
    return "`, then `".join(shown), status, time.perf_counter() - start, "\n\n".join(output)


def about(name: str) -> str:
    path = HERE / "about" / f"{name}.md"
    return path.read_text().strip() if path.exists() else ""


def sections(text: str) -> dict[str, str]:
    """The sections of a results file by their heading line ("## ...")."""
    parts = text.split("\n## ")[1:]
    return {"## " + part.split("\n", 1)[0]: "## " + part.rstrip() + "\n" for part in parts}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes: checks that every benchmark runs")
    parser.add_argument("--only", nargs="+", choices=[b.name for b in BENCHMARKS],
                        help="these benchmarks only; the other sections of --out are kept as they are")
    parser.add_argument("--scale", help="the data-scale factor instead of 1 (1 = 1,000,000 customers)")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args(argv)
    chosen = [b for b in BENCHMARKS if not args.only or b.name in args.only]
    kept = sections(args.out.read_text(encoding="utf-8")) if args.only and args.out.exists() else {}

    written: dict[str, str] = {}
    failed = 0
    for benchmark in chosen:
        started = datetime.now(UTC)
        lines = [f"## {benchmark.title}", ""]
        if text := about(benchmark.name):
            lines += [text, ""]
        lines += [f"Figures of the run from {started:%Y-%m-%d %H:%M} UTC"
                  f"{' (--quick: small sizes)' if args.quick else ''}:", ""]
        for spec in benchmark.runs:
            if args.scale and not args.quick and "--scale" in spec.args:
                spec = replace(spec, args=("--scale", args.scale))
            before = load()
            print(f"{benchmark.name} ({spec.database}) ...", file=sys.stderr, flush=True)
            shown, status, seconds, output = run(benchmark, spec, quick=args.quick)
            failed += status != 0
            lines += [f"On {spec.database}: `{shown}`, {seconds:.0f} s, load average {before} before and "
                      f"{load()} after{'' if status == 0 else f'; **failed with exit status {status}**'}:", "",
                      "```", output.rstrip(), "```", ""]
        written[f"## {benchmark.title}"] = "\n".join(lines)
    body = [written.get(b_title, kept.get(b_title, "")) for b_title in (f"## {b.title}" for b in BENCHMARKS)]
    head = ["# Benchmark results", "",
            "Written by `benchmarks/run_all.py` (see its docstring); a section re-run alone with `--only`",
            "replaces its own section. The machine of the latest run:", "", *machine(), ""]
    args.out.write_text("\n".join(head) + "\n" + "\n".join(part.rstrip() + "\n" for part in body if part),
                        encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
