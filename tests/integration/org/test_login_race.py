"""Parallel wrong passwords for one user cannot outrun the login throttle: counting and
recording are one atomic step, so exactly the limit's worth of attempts reach the password
check (PostgreSQL: SQLite in memory cannot serve parallel connections)."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.db import connection
from django.test import Client
from django.urls import reverse

from utilicase.org.models import LoginFailure

ATTEMPTS, WORKERS = 40, 16
checked: list[str] = []
_checked_lock = threading.Lock()


class SlowCountingHasher(MD5PasswordHasher):
    """Verifies like MD5, but counts each check and takes 50 ms, as a real hash takes time:
    a throttle that counts only after the check lets many through in that time."""

    def verify(self, password, encoded):
        with _checked_lock:
            checked.append(password)
        time.sleep(0.05)
        return super().verify(password, encoded)


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="parallel connections need a server database")
@pytest.mark.django_db(transaction=True)
def test_forty_parallel_wrong_passwords_exactly_five_are_checked(org, settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.SlowCountingHasher"]
    checked.clear()
    barrier = threading.Barrier(WORKERS)

    def attempt(i):
        try:
            if i < WORKERS:
                barrier.wait()
            page = Client().post(reverse("login"), {"username": "inspector1", "password": f"wrong{i}"})
            return page.content.decode()
        finally:
            connection.close()

    with ThreadPoolExecutor(WORKERS) as pool:
        pages = list(pool.map(attempt, range(ATTEMPTS)))
    assert len(checked) == 5
    assert sum("用户名或密码不正确" in page for page in pages) == 5
    assert sum("登录失败次数过多" in page for page in pages) == 35
    assert LoginFailure.objects.filter(username="inspector1").count() == 5
