"""API throughput under a production server: complaint intake (`POST /api/v1/complaints`), a
case transition (`POST /api/v1/complaints/{id}/form-complete`, on the complaints the intake run
just took) and a bare endpoint (`POST /bench/bare`: one INSERT into a table with the complaint
table's columns and indexes, see api_bench_urls.py), answered by the same gunicorn (sync
workers = cores) to N concurrent clients on the same machine. The three runs alternate, round
after round, so each ratio compares runs taken under the same load of the machine.

    python benchmarks/api_throughput.py                          # 8 clients, 3 rounds of 5 s
    python benchmarks/api_throughput.py --clients 16 --rounds 5 --seconds 10
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test python benchmarks/api_throughput.py

It creates a throwaway PostgreSQL database next to the one DATABASE_URL names (migrated, with
the demo organisation, an API token and a fresh audit key in a temporary directory), checks the
audit chain after the runs, and drops the database at the end.
"""

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/test"


# -- the throwaway database and the server ---------------------------------------------------------

def admin_execute(base_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(sql)


def prepare(env: dict[str, str]) -> str:
    """Migrate, load the demo organisation, make the bare table; the hall staff's API token."""
    os.environ.update(env)
    sys.path.insert(0, str(HERE))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from utilicase.audit.keys import create_key
    from utilicase.demo.data import load_demo_org
    from utilicase.org.auth import hash_token, new_token
    from utilicase.org.models import ApiToken, User

    create_key(legacy=None)
    call_command("migrate", verbosity=0)
    now = timezone.now()
    load_demo_org(now=now)
    token = new_token()
    ApiToken.objects.create(user=User.objects.get(username="hall_staff1"), name="bench", key_hash=hash_token(token),
                            prefix=token[:8], created_at=now)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_bare (LIKE complaints_complaint "
                       "INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING INDEXES)")
    connection.close()
    return token


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "utilicase.config.wsgi:application", "--workers", str(workers),
         "--bind", f"127.0.0.1:{port}", "--pythonpath", str(HERE), "--log-level", "warning",
         "--backlog", "2048", "--timeout", "300"],  # a loaded machine may take long to load the code
        env={**os.environ, **env},
    )
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        try:
            status, _ = request(port, "GET", "/bench/bare", None, {})
            if status == 405:
                return server
        except OSError:
            pass
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited")
        time.sleep(0.5)
    stop_server(server)
    raise RuntimeError("gunicorn did not answer within 600 s")


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


# -- the load generator ----------------------------------------------------------------------------

def request(port: int, method: str, path: str, body: dict | None, headers: dict[str, str]) -> tuple[int, bytes]:
    """One request on its own connection (gunicorn's sync workers close it after each answer)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        data = None if body is None else json.dumps(body).encode()
        conn.request(method, path, body=data, headers={"Content-Type": "application/json", **headers})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def intake_body() -> dict:
    now = datetime.now(UTC)
    return {"channel": "PHONE", "contact_name": "李秀英", "contact_phone": "13899001122",
            "content": "电费突增，怀疑电表有问题，请尽快核查。",
            "reception_started_at": (now - timedelta(minutes=10)).isoformat(),
            "reception_ended_at": now.isoformat()}


class Run:
    """N clients sending one kind of request for `seconds` (or until `pool` runs out)."""

    def __init__(self, *, port: int, token: str, kind: str, clients: int, seconds: float,
                 pool: list[int] | None = None):
        self.port, self.kind, self.clients, self.seconds = port, kind, clients, seconds
        self.auth = {"Authorization": f"Bearer {token}"}
        self.pool = pool
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.created: list[int] = []

    def one(self) -> bool:
        if self.kind == "bare":
            status, body = request(self.port, "POST", "/bench/bare", intake_body(), {})
            expected = 201
        elif self.kind == "intake":
            status, body = request(self.port, "POST", "/api/v1/complaints", intake_body(), self.auth)
            expected = 201
        else:
            with self.lock:
                if not self.pool:
                    return False
                complaint_id = self.pool.pop()
            status, body = request(self.port, "POST", f"/api/v1/complaints/{complaint_id}/form-complete",
                                   {}, self.auth)
            expected = 200
        if status != expected:
            raise RuntimeError(f"{status} {body[:200]!r}")
        if self.kind == "intake":
            with self.lock:
                self.created.append(json.loads(body)["id"])
        return True

    def client(self, stop_at: float) -> None:
        while time.monotonic() < stop_at:
            start = time.perf_counter()
            try:
                if not self.one():
                    return
            except Exception as exc:  # noqa: BLE001 - every failure counts as an error of the run
                with self.lock:
                    self.errors.append(str(exc))
                continue
            elapsed = time.perf_counter() - start
            with self.lock:
                self.latencies.append(elapsed)

    def go(self) -> dict:
        stop_at = time.monotonic() + self.seconds
        threads = [threading.Thread(target=self.client, args=(stop_at,)) for _ in range(self.clients)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - start
        lat = sorted(self.latencies)
        return {
            "kind": self.kind, "requests": len(lat), "errors": len(self.errors), "rps": len(lat) / wall,
            "p50": percentile(lat, 50) * 1000, "p99": percentile(lat, 99) * 1000,
            "first_error": self.errors[0] if self.errors else "",
        }


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    index = min(len(values) - 1, max(0, round(p / 100 * len(values) + 0.5) - 1))
    return values[index]


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# -- main ------------------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    base_url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not base_url.startswith("postgres"):
        print("DATABASE_URL must name a PostgreSQL database (the new one is created next to it)")
        return 2
    name = f"bench_api_{os.getpid()}"
    parts = urlsplit(base_url)
    url = urlunsplit(parts._replace(path=f"/{name}"))
    tmp = Path(tempfile.mkdtemp(prefix="utilicase-bench-api-"))
    env = {
        "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "api_bench_settings", "UTILICASE_VAR_DIR": str(tmp),
        "UTILICASE_AUDIT_KEY_FILE": str(tmp / "audit.key"), "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    admin_execute(base_url, f'CREATE DATABASE "{name}"')
    server = None
    try:
        token = prepare(env)
        port = free_port()
        server = start_server(env, port, args.workers)
        print(f"gunicorn: {args.workers} sync workers; clients: {args.clients}; {args.rounds} rounds of "
              f"{args.seconds:g} s; database: PostgreSQL {name}")
        print(f"load average before: {load_average()}")
        # Warm-up: every worker loads its code and URLconf before the first measured run.
        warm_pool: list[int] = []
        for kind in ("bare", "intake", "transition"):
            warm = Run(port=port, token=token, kind=kind, clients=args.clients, seconds=1.0, pool=warm_pool)
            result = warm.go()
            warm_pool.extend(warm.created)
            if result["errors"]:
                print(f"warm-up {kind}: {result['errors']} errors, first: {result['first_error']}")
        header = f"{'round':>5} | {'endpoint':<10} | {'requests':>8} | {'errors':>6} | {'req/s':>7} | " \
                 f"{'p50 ms':>7} | {'p99 ms':>7}"
        print(header)
        print("-" * len(header))
        results: list[dict] = []
        for r in range(1, args.rounds + 1):
            bare = Run(port=port, token=token, kind="bare", clients=args.clients, seconds=args.seconds).go()
            intake_run = Run(port=port, token=token, kind="intake", clients=args.clients, seconds=args.seconds)
            intake = intake_run.go()
            transition = Run(port=port, token=token, kind="transition", clients=args.clients,
                             seconds=args.seconds, pool=list(reversed(intake_run.created))).go()
            for row in (bare, intake, transition):
                row["round"] = r
                results.append(row)
                print(f"{r:>5} | {row['kind']:<10} | {row['requests']:>8} | {row['errors']:>6} | {row['rps']:>7.1f} | "
                      f"{row['p50']:>7.1f} | {row['p99']:>7.1f}")
                if row["errors"]:
                    print(f"      first error: {row['first_error']}")
        print(f"load average after: {load_average()}")
        print()
        print(f"{'endpoint':<10} | {'median req/s':>12} | {'median p50 ms':>13} | {'median p99 ms':>13} | "
              f"{'errors':>6} | {'ratio to bare (per round)':<28}")
        by_round = {(row["round"], row["kind"]): row for row in results}
        for kind in ("bare", "intake", "transition"):
            rows = [row for row in results if row["kind"] == kind]
            ratios = [by_round[(row["round"], kind)]["rps"] / by_round[(row["round"], "bare")]["rps"] for row in rows]
            print(f"{kind:<10} | {statistics.median(r['rps'] for r in rows):>12.1f} | "
                  f"{statistics.median(r['p50'] for r in rows):>13.1f} | "
                  f"{statistics.median(r['p99'] for r in rows):>13.1f} | {sum(r['errors'] for r in rows):>6} | "
                  f"median {statistics.median(ratios):.2f} ({', '.join(f'{x:.2f}' for x in ratios)})")
        stop_server(server)
        server = None
        problem = verify_chain()
        print(f"audit chain: {problem}")
        errors = sum(r["errors"] for r in results)
        return 1 if errors or problem != "intact" else 0
    finally:
        if server is not None:
            stop_server(server)
        from django.db import connections

        connections.close_all()
        admin_execute(base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(tmp, ignore_errors=True)


def verify_chain() -> str:
    from utilicase.audit.selectors import chain_verify

    count, problem = chain_verify()
    return "intact" if problem is None else f"{problem} ({count} events read)"


if __name__ == "__main__":
    sys.exit(main())
