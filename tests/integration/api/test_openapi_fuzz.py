"""Schemathesis against our own OpenAPI document: generated requests to every operation never make
the server fail (no 5xx), every documented answer (the 2xx) matches its schema, and every 4xx is
the API's JSON error (`{"detail": ...}`, a list of `{loc, msg}` for a refused field). Fuzzed at
length as the hall head, and with a few examples as each of the other roles."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from utilicase.config.wsgi import application
from utilicase.org.services import token_create

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
# Generated requests per operation, besides schemathesis' boundary cases of each parameter (its
# coverage phase). The fuzzing is the largest part of the suite's time: CI's second (PostgreSQL)
# pass, whose inputs the SQLite pass already covered, asks for fewer.
EXAMPLES = int(os.environ.get("UTILICASE_API_FUZZ_EXAMPLES", "50"))
# Generated requests per operation sent as each of the other roles (each request as every one of
# them, so nine requests an example): what a role may not do is refused 403/404, never a 5xx.
# One keeps the added time to a few minutes a pass (nine requests an operation); the boundary
# cases are left to the first fuzzing (as nine roles they tripled the suite's fuzzing time).
ROLE_EXAMPLES = int(os.environ.get("UTILICASE_API_FUZZ_ROLE_EXAMPLES", "1"))
# One member of each role but the hall head (fuzzed above); discipline1 holds the discipline grant.
OTHER_ROLES = ["inspector1", "office_head1", "enterprise_deputy1", "company_deputy1", "field_worker1",
               "hall_staff1", "handler1", "discipline1", "admin"]


def an_error_in_the_api_shape(ctx, response, case):
    """4xx answers are not in the document (only the 2xx are): each must still be the API's JSON
    error, `detail` a message or a list of refused fields each with `loc` and `msg`."""
    if not 400 <= response.status_code < 500:
        return None
    content_type = response.headers.get("content-type", [""])
    content_type = content_type[0] if isinstance(content_type, list) else content_type
    assert content_type.startswith("application/json"), (
        f"{response.status_code} answered as {content_type!r}, not JSON: {response.text[:200]!r}")
    body = response.json()
    assert isinstance(body, dict) and "detail" in body, f"{response.status_code} without `detail`: {body!r}"
    detail = body["detail"]
    if isinstance(detail, list):
        assert detail and all(isinstance(e, dict) and isinstance(e.get("loc"), list) and isinstance(e.get("msg"), str)
                              for e in detail), f"{response.status_code}: {detail!r}"
    else:
        assert isinstance(detail, str) and detail, f"{response.status_code}: {detail!r}"
    return True


CHECKS = [not_a_server_error, response_schema_conformance, an_error_in_the_api_shape]


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
    case.call_and_validate(headers=auth_headers, checks=CHECKS)


@pytest.fixture
def role_headers(example_user, now):
    """The Authorization header of each other role's member, made once per operation."""
    return {username: {"Authorization": f"Bearer {token_create(actor=None, user=example_user(username), now=now)[1]}"}
            for username in OTHER_ROLES}


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=ROLE_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck),
          phases=[Phase.generate])
def test_api_never_fails_for_any_role(case, role_headers):
    for username, headers in role_headers.items():
        try:
            case.call_and_validate(headers=headers, checks=CHECKS)
        except Exception as exc:
            exc.add_note(f"as {username}")
            raise


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


@pytest.mark.django_db
def test_a_method_an_address_does_not_have_is_405_in_json(client, auth_headers):
    response = client.generic("TRACE", "/api/v1/complaints/kpis", headers=auth_headers)
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"] == "method TRACE not allowed; allowed: GET"
    assert response["Allow"] == "GET"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/notifications/x%20y/read", "/api/v1/no-such-operation"])
def test_an_api_address_no_operation_matches_is_404_in_json(client, auth_headers, path):
    response = client.post(path, headers=auth_headers)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "not found"}


@pytest.mark.django_db
def test_a_page_address_that_does_not_exist_is_still_the_html_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")
