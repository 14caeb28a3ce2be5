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
from utilicase.audit.models import AuditEvent
from utilicase.whistleblowing.claims import ClaimSecretNeeded, ClaimThrottled, claim_lookup
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


def test_shipped_limit_the_eleventh_guess_is_refused_s6_7(take, now):
    _, code = take(claim_code_wanted=True)
    for i in range(10):  # the shipped limit, not overridden
        assert claim_lookup(code=f"0000-0000-0000-{i:04d}", client="10.0.0.9", now=now) is None
    with pytest.raises(ClaimThrottled):
        claim_lookup(code=code, client="10.0.0.9", now=now)  # even the right code, while locked
    assert claim_lookup(code=code, client="10.0.0.10", now=now).status == "RECEIVED"


def test_shipped_window_the_lock_lasts_900_seconds(take, now):
    _, code = take(claim_code_wanted=True)
    for i in range(10):
        claim_lookup(code=f"0000-0000-0000-{i:04d}", client="10.0.0.9", now=now)
    with pytest.raises(ClaimThrottled):
        claim_lookup(code=code, client="10.0.0.9", now=now + timedelta(seconds=899))
    assert claim_lookup(code=code, client="10.0.0.9", now=now + timedelta(seconds=901)) is not None


def test_throttled_page_answers_429(client, take, now):
    take(claim_code_wanted=True)
    for _ in range(10):
        assert client.post(URL, {"code": "0000-0000-0000-0000"}).status_code == 200
    response = client.post(URL, {"code": "0000-0000-0000-0000"})
    assert response.status_code == 429 and "次数过多" in response.content.decode()


def test_reporter_sets_a_secret_then_the_code_alone_opens_nothing(full_report, now):
    code = full_report.claim_code
    answer = claim_lookup(code=code, client="10.0.0.1", now=now)
    assert (answer.feedback, answer.secret_set) == (SECRET_FEEDBACK, False)  # the clerk could read this
    answer = claim_lookup(code=code, new_secret="mein-geheimnis", client="10.0.0.1", now=now)
    assert (answer.feedback, answer.secret_set) == (SECRET_FEEDBACK, True)
    for secret in ("", "mein-geheimnix"):
        with pytest.raises(ClaimSecretNeeded):
            claim_lookup(code=code, secret=secret, client="10.0.0.2", now=now)
    with pytest.raises(ClaimSecretNeeded):  # nor can the clerk replace it
        claim_lookup(code=code, new_secret="clerks-secret", client="10.0.0.2", now=now)
    assert claim_lookup(code=code, secret="mein-geheimnis", client="10.0.0.1", now=now).feedback == SECRET_FEEDBACK
    full_report.refresh_from_db()
    assert full_report.claim_secret_hash and "mein-geheimnis" not in full_report.claim_secret_hash
    event = AuditEvent.objects.get(action="whistleblowing.report.claim_secret_set")
    assert (event.actor_id, event.after) == (None, {"status": "REPLIED", "claim_secret_set": True})
    # three wrong secrets from 10.0.0.2 are failures; the right one left none
    assert ClaimFailure.objects.count() == 3


def test_secret_guesses_are_throttled_per_code_across_addresses(full_report, now):
    code = full_report.claim_code
    claim_lookup(code=code, new_secret="mein-geheimnis", client="10.0.0.1", now=now)
    for i in range(10):
        with pytest.raises(ClaimSecretNeeded):
            claim_lookup(code=code, secret=f"guess-{i:04d}", client=f"10.0.1.{i}", now=now)
    with pytest.raises(ClaimThrottled):
        claim_lookup(code=code, secret="mein-geheimnis", client="10.0.2.1", now=now)


def test_a_short_secret_is_refused(take, now):
    _, code = take(claim_code_wanted=True)
    with pytest.raises(ValueError):
        claim_lookup(code=code, new_secret="1234567", client="10.0.0.1", now=now)
    assert not ClaimFailure.objects.exists()


def test_claim_page_offers_and_sets_the_secret(client, take):
    _, code = take(claim_code_wanted=True)
    page = client.post(URL, {"code": code}).content.decode()
    assert 'id="claim-secret"' in page and "设置查询密码" in page
    page = client.post(URL, {"code": code, "new_secret": "mein-geheimnis",
                             "new_secret_again": "mein-geheimnix"}).content.decode()
    assert "两次输入的查询密码不一致" in page and 'id="claim-answer"' not in page
    page = client.post(URL, {"code": code, "new_secret": "mein-geheimnis",
                             "new_secret_again": "mein-geheimnis"}).content.decode()
    assert "查询密码已设置" in page and 'id="claim-secret"' not in page
    page = client.post(URL, {"code": code}).content.decode()
    assert "请输入正确的查询密码" in page and 'id="claim-answer"' not in page
    page = client.post(URL, {"code": code, "secret": "mein-geheimnis"}).content.decode()
    assert "已受理，正在处理" in page and 'id="claim-secret"' not in page


def test_successful_lookups_leave_no_trace(take, now):
    _, code = take(claim_code_wanted=True)
    claim_lookup(code=code, client="10.0.0.1", now=now)
    assert not ClaimFailure.objects.exists()
