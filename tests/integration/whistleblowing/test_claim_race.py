"""Parallel wrong claim codes from one client cannot outrun the claim throttle: exactly the
limit's worth are looked at, the rest refused (PostgreSQL: SQLite in memory cannot serve
parallel connections)."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client

from utilicase.whistleblowing import claims
from utilicase.whistleblowing.models import ClaimFailure

ATTEMPTS, WORKERS = 40, 16


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="parallel connections need a server database")
@pytest.mark.django_db(transaction=True)
def test_forty_parallel_wrong_codes_exactly_ten_are_looked_at_s6_7(take, monkeypatch):
    take(claim_code_wanted=True)
    hash_code = claims.claim_code_hash

    def slow_hash(code):  # a lookup takes time, as on a loaded server
        time.sleep(0.05)
        return hash_code(code)

    monkeypatch.setattr(claims, "claim_code_hash", slow_hash)
    barrier = threading.Barrier(WORKERS)

    def attempt(i):
        try:
            if i < WORKERS:
                barrier.wait()
            return Client().post("/reports/claim/", {"code": f"0000-0000-0000-{i:04d}"}).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(WORKERS) as pool:
        statuses = list(pool.map(attempt, range(ATTEMPTS)))
    assert (statuses.count(200), statuses.count(429)) == (10, 30)
    assert ClaimFailure.objects.count() == 10
