import pytest

from utilicase.org.services import token_create


@pytest.fixture
def token_headers(example_user, now):
    """token_headers("hall_staff1"): the Authorization header of that user's API token."""

    def make(username: str) -> dict:
        _, token = token_create(actor=None, user=example_user(username), now=now)
        return {"Authorization": f"Bearer {token}"}

    return make


@pytest.fixture
def auth_headers(token_headers):
    return token_headers("hall_head1")
