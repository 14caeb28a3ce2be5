"""Shared fixtures: a pinned clock and the demo organisation with its named users
(`example_user("inspector1")`), built fresh in each test's transaction; the suite's own audit
key; a test database that lets Django empty the audit and documents tables between tests."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(scope="session", autouse=True)
def _audit_key(tmp_path_factory):
    """The suite's own audit key, checkpoint file and .env (where `utilicase demo` writes a secret
    key), never the project's."""
    from django.conf import settings

    from utilicase.audit.keys import create_key

    directory = tmp_path_factory.mktemp("audit")
    settings.ENV_FILE = directory / ".env"
    settings.AUDIT_KEY_FILE = directory / "audit.key"
    settings.AUDIT_CHECKPOINT_FILE = directory / "audit-checkpoints.txt"
    create_key(legacy=None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The marker table that lets the delete triggers of the audit tables (audit migration 0003)
    and, on SQLite, of the documents tables (documents migration 0004) through, so that flushing
    after a transactional test works. Only test databases have it."""
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute("CREATE TABLE audit_test_flush_allowed (id integer)")


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


@pytest.fixture
def as_user(client, example_user):
    """The test client signed in as a named demo user: `as_user("hall_staff1").get(...)`."""
    def login(username: str):
        client.force_login(example_user(username))
        return client

    return login


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's language (Chinese). A test-client request in English leaves
    English active in the thread (LocaleMiddleware activates, nothing deactivates), and the next
    test in the same process would render its PDFs and messages in English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
