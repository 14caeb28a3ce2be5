"""The public claim page: status and the feedback meant for the reporter, nothing else; wrong
codes throttled."""

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.integration.whistleblowing.conftest import (
    SECRET_CONTACT,
    SECRET_CONTENT,
    SECRET_FEEDBACK,
    SECRET_NAME,
    SECRET_NOTE,
    SECRET_OUTCOME,
)
from utilicase.whistleblowing import claims
from utilicase.whistleblowing.claims import ClaimThrottled, claim_lookup
from utilicase.whistleblowing.models import ClaimFailure

pytestmark = pytest.mark.django_db
URL = "/reports/claim/"


def test_claim_url():
    assert reverse("whistleblowing:claim") == URL


def test_code_gives_status_and_feedback_only(client, full_report):
    response = client.post(URL, {"code": full_report.claim_code.lower().replace("-", " ")})
    page = response.content.decode()
    assert response.status_code == 200
    assert "已办结并答复" in page and SECRET_FEEDBACK in page
    for secret in (SECRET_CONTENT, SECRET_NAME, SECRET_CONTACT, SECRET_NOTE, SECRET_OUTCOME, full_report.number):
        assert secret not in page


def test_claim_page_needs_no_login(client, take):
    _, code = take(claim_code_wanted=True)
    response = client.post(URL, {"code": code})
    assert response.status_code == 200 and "已受理，正在处理" in response.content.decode()
    assert response["Referrer-Policy"] == "same-origin"


def test_status_before_reply_has_no_feedback(take, now):
    _, code = take(claim_code_wanted=True, confirm=True)
    answer = claim_lookup(code=code, client="10.0.0.1", now=now)
    assert (answer.status, answer.feedback) == ("WITH_DISCIPLINE", None)


def test_wrong_code_is_not_found_and_recorded_without_the_address(client, take, now):
    take(claim_code_wanted=True)
    response = client.post(URL, {"code": "0000-0000-0000-0000"})
    assert "没有找到" in response.content.decode()
    failure = ClaimFailure.objects.get()
    assert "127.0.0.1" not in failure.client_hash and len(failure.client_hash) == 64


def test_guessing_is_throttled_per_client(take, now):
    _, code = take(claim_code_wanted=True)
    for i in range(claims.FAILURE_LIMIT):
        assert claim_lookup(code=f"0000-0000-0000-{i:04d}", client="10.0.0.9", now=now) is None
    with pytest.raises(ClaimThrottled):
        claim_lookup(code=code, client="10.0.0.9", now=now)  # even the right code, while locked
    assert claim_lookup(code=code, client="10.0.0.10", now=now).status == "RECEIVED"
    assert claim_lookup(code=code, client="10.0.0.9", now=now + claims.WINDOW + timedelta(seconds=1)) is not None


def test_throttled_page_answers_429(client, take, now, monkeypatch):
    monkeypatch.setattr(claims, "FAILURE_LIMIT", 2)
    take(claim_code_wanted=True)
    for _ in range(2):
        client.post(URL, {"code": "0000-0000-0000-0000"})
    response = client.post(URL, {"code": "0000-0000-0000-0000"})
    assert response.status_code == 429 and "次数过多" in response.content.decode()


def test_successful_lookups_leave_no_trace(take, now):
    _, code = take(claim_code_wanted=True)
    claim_lookup(code=code, client="10.0.0.1", now=now)
    assert not ClaimFailure.objects.exists()
