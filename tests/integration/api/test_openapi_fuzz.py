"""Schemathesis against our own OpenAPI document: generated requests to every operation, as an
authenticated hall-staff member, never make the server fail (no 5xx) and every 2xx body matches
the documented schema."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from utilicase.config.wsgi import application
from utilicase.org.services import token_create

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def auth_headers(example_user, now):
    _, token = token_create(actor=None, user=example_user("hall_head1"), now=now)
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_never_fails_and_matches_its_schema(case, auth_headers):
    case.call_and_validate(headers=auth_headers, checks=[not_a_server_error, response_schema_conformance])


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/customers?page=533823432719124922961645010944",
                                  "/api/v1/customers/9223372036854775808", "/api/v1/customers?page=0"])
def test_out_of_range_page_or_id_is_422_not_a_server_error(client, auth_headers, path):
    response = client.get(path, headers=auth_headers)
    assert response.status_code == 422
