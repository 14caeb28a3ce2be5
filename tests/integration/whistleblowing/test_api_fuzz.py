"""Schemathesis over the report routes as discipline inspection (who reaches every branch) and
as hall staff, with reports present: no 5xx, and every 2xx body matches the documented schema."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from utilicase.config.wsgi import application
from utilicase.org.services import token_create

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application).include(
    path_regex="whistleblower-reports")


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Calling the WSGI application directly would close the test's database connection at the
    end of each request (PostgreSQL: "the connection is closed"); Django's test client
    disconnects the same handlers."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(params=["discipline1", "hall_staff1"])
def auth_headers(request, example_user, take, now):
    take(confirm=True)
    take()
    _, token = token_create(actor=None, user=example_user(request.param), now=now)
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_report_api_never_fails_and_matches_its_schema(case, auth_headers):
    from schemathesis.checks import not_a_server_error, response_schema_conformance

    case.call_and_validate(headers=auth_headers, checks=[not_a_server_error, response_schema_conformance])
