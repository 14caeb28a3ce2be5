"""The billing operations fuzzed on their own (the suite's API fuzzing covers every operation;
this runs the billing ones with data behind them): no 5xx, every 2xx body matches the schema."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from tests.integration.api.test_openapi_fuzz import EXAMPLES, _keep_the_test_connection  # noqa: F401
from utilicase.config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application).include(path_regex="^/api/v1/billing")


@pytest.fixture
def deputy_headers(example_user, now):
    from utilicase.org.services import token_create

    _, token = token_create(actor=None, user=example_user("enterprise_deputy1"), now=now)
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=max(EXAMPLES // 4, 10), deadline=None, suppress_health_check=list(HealthCheck))
def test_billing_api_never_fails_and_matches_its_schema(case, deputy_headers, make_receivable, customer):
    make_receivable(customer)
    case.call_and_validate(headers=deputy_headers, checks=[not_a_server_error, response_schema_conformance])
