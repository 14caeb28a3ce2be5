"""Shared fixtures: a pinned clock and the demo organisation with its named users
(`example_user("inspector1")`), built fresh in each test's transaction."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def now() -> datetime:
    return datetime(2026, 9, 30, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def org(db, now):
    from utilicase.demo.data import load_demo_org

    return load_demo_org(now=now)


@pytest.fixture
def example_user(org):
    from utilicase.org.models import User

    def get(username: str) -> User:
        return User.objects.select_related("unit").get(username=username)

    return get
