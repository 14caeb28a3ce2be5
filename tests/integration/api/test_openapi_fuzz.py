"""Schemathesis against our own OpenAPI document: generated requests to every operation, as an
authenticated hall-staff member, never make the server fail (no 5xx) and every 2xx body matches
the documented schema."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from utilicase.config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
# Generated requests per operation. The fuzzing is most of the suite's time: CI's second
# (PostgreSQL) pass, whose inputs the SQLite pass already covered, asks for fewer.
EXAMPLES = int(os.environ.get("UTILICASE_API_FUZZ_EXAMPLES", "100"))


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Schemathesis calls the WSGI app directly; Django would close the test transaction's
    connection at the end of each request (the test client disconnects this handler too)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_never_fails_and_matches_its_schema(case, auth_headers):
    case.call_and_validate(headers=auth_headers, checks=[not_a_server_error, response_schema_conformance])


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/customers?page=533823432719124922961645010944",
                                  "/api/v1/customers/9223372036854775808", "/api/v1/customers?page=0"])
def test_out_of_range_page_or_id_is_422_not_a_server_error(client, auth_headers, path):
    response = client.get(path, headers=auth_headers)
    assert response.status_code == 422


@pytest.mark.django_db
def test_nul_characters_are_refused_with_422_naming_the_field(client, auth_headers):
    response = client.get("/api/v1/customers?q=a%00b", headers=auth_headers)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "q"]
    response = client.post("/api/v1/complaints", data={"channel": "PHONE", "content": "x\x00y"},
                           content_type="application/json", headers=auth_headers)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "content"]
