"""A NUL character in an address (path or query) is a missing record, never a server error:
PostgreSQL refuses NUL in text, so such an address must not reach a query (SQLite would store
it). The pages and API routes that take a text address, as the user who may see the most."""

import pytest

from utilicase.org.services import token_create

NUL = "a%00b"

PAGES = [
    f"/reports/{NUL}/",
    f"/reports/{NUL}/attachments/1/",
    f"/documents/verify/{NUL}/",
    f"/documents/case/complaints.complaint/{NUL}/",
    f"/documents/case/inspections.inspectionorder/{NUL}/",
    f"/documents/case/{NUL}/1/",
    f"/evidence/case/complaints.complaint/{NUL}/",
    f"/evidence/case/inspections.inspectionorder/{NUL}/",
    f"/evidence/case/inspections.inspectionorder/{NUL}/package.pdf",
]

API = [
    f"/api/v1/whistleblower-reports/{NUL}",
    f"/api/v1/whistleblower-reports/{NUL}/attachments/1",
    f"/api/v1/documents?target_type=complaints.complaint&target_id={NUL}",
    f"/api/v1/evidence/items?target_type=inspections.inspectionorder&target_id={NUL}",
]


@pytest.mark.parametrize("username", ["discipline1", "inspector1"])
@pytest.mark.parametrize("path", PAGES)
def test_a_nul_in_a_page_address_is_not_found(client, example_user, username, path):
    client.force_login(example_user(username))
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("username", ["discipline1", "inspector1"])
@pytest.mark.parametrize("path", API)
def test_a_nul_in_an_api_address_is_refused_not_a_server_error(client, example_user, now, username, path):
    _, token = token_create(actor=None, user=example_user(username), now=now)
    response = client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code in (404, 422), response.content[:300]
    assert response["Content-Type"].startswith("application/json")
