"""Signing in to the customer portal: a one-time code sent to the phone on file, expiring, used
once, throttled per account and per client; a customer session and a staff session open
nothing of each other."""

from datetime import timedelta

import pytest
from django.urls import reverse

from utilicase.org.models import User
from utilicase.portal import services
from utilicase.portal.models import OneTimeCode
from utilicase.portal.session import CUSTOMER_KEY

pytestmark = pytest.mark.django_db


def _request(customer, now, *, phone=None, client="10.0.0.1"):
    return services.code_request(enterprise_id=customer.enterprise_id, account_number=customer.account_number,
                                 phone=phone or customer.contact_phone, client=client, now=now)


def _verify(customer, code_id, code, now, *, client="10.0.0.1"):
    return services.code_verify(code_id=code_id, code=code, enterprise_id=customer.enterprise_id,
                                account_number=customer.account_number, client=client, now=now)


def test_the_code_goes_to_the_phone_on_file_and_signs_the_customer_in(customers, sent, now):
    a, _b = customers
    code_id = _request(a, now, phone="139 1111 0000")  # spaces as typed are the same number
    assert [(s["phone"], s["account"]) for s in sent] == [("13911110000", "1010000011")]
    row = OneTimeCode.objects.get(pk=code_id)
    assert sent[0]["code"] not in row.code_hash and len(row.code_hash) == 64  # kept hashed
    assert row.expires_at == now + timedelta(minutes=5)
    assert _verify(a, code_id, sent[0]["code"], now + timedelta(minutes=4)) == a


def test_a_wrong_phone_sends_nothing_and_no_code_signs_in(customers, sent, now):
    a, b = customers
    assert _request(a, now, phone=b.contact_phone) is None
    assert sent == []
    assert _verify(a, None, "123456", now) is None


def test_an_expired_code_does_not_sign_in(customers, sent, now):
    a, _ = customers
    code_id = _request(a, now)
    assert _verify(a, code_id, sent[0]["code"], now + timedelta(minutes=5, seconds=1)) is None


def test_a_code_signs_in_once(customers, sent, now):
    a, _ = customers
    code_id = _request(a, now)
    assert _verify(a, code_id, sent[0]["code"], now) == a
    assert _verify(a, code_id, sent[0]["code"], now) is None


def test_a_code_is_for_its_own_account(customers, sent, now):
    a, b = customers
    code_id = _request(a, now)
    assert _verify(b, code_id, sent[0]["code"], now) is None


def test_a_new_code_replaces_the_earlier_one(customers, sent, now):
    a, _ = customers
    first = _request(a, now)
    _request(a, now)
    assert _verify(a, first, sent[0]["code"], now) is None


def test_three_wrong_codes_kill_the_code(customers, sent, now):
    a, _ = customers
    code_id = _request(a, now)
    wrong = f"{(int(sent[0]['code']) + 1) % 10**6:06d}"
    for _ in range(3):
        assert _verify(a, code_id, wrong, now) is None
    assert _verify(a, code_id, sent[0]["code"], now) is None


def test_attempts_are_throttled_per_account(customers, sent, now):
    a, b = customers
    for n in range(services.ACCOUNT_LIMIT):
        _request(a, now + timedelta(seconds=n), phone=b.contact_phone, client=f"10.0.1.{n}")
    with pytest.raises(services.SignInThrottled):
        _request(a, now + timedelta(minutes=1), client="10.0.2.1")  # even with the right phone
    assert sent == []
    assert _request(b, now + timedelta(minutes=1), client="10.0.2.1") is not None  # another account is not locked
    assert _request(a, now + services.WINDOW + timedelta(minutes=1), client="10.0.2.1") is not None


def test_attempts_are_throttled_per_client(org, customers, sent, now):
    from tests.integration.customers.factories import CustomerFactory

    others = [CustomerFactory(office=org["tf-power-city"]) for _ in range(services.CLIENT_LIMIT)]
    for c in others:
        _request(c, now, phone="13800000000")
    with pytest.raises(services.SignInThrottled):
        _request(customers[0], now)


def test_a_successful_sign_in_clears_the_account_attempts(customers, sent, now):
    a, b = customers
    for _ in range(services.ACCOUNT_LIMIT - 2):
        _request(a, now, phone=b.contact_phone)
    code_id = _request(a, now)
    assert _verify(a, code_id, sent[-1]["code"], now) == a
    for _ in range(services.ACCOUNT_LIMIT - 1):
        _request(a, now, phone=b.contact_phone)  # not locked: the earlier attempts were taken back


def test_sign_in_pages_rotate_the_session_and_sign_out_clears_it(client, customers, sent):
    a, _ = customers
    client.get(reverse("portal:sign_in"))
    client.post(reverse("portal:sign_in"), {"enterprise": a.enterprise_id, "account_number": a.account_number,
                                            "phone": a.contact_phone})
    before = client.session.session_key
    client.post(reverse("portal:code"), {"code": sent[-1]["code"]})
    assert client.session.session_key != before
    assert client.session[CUSTOMER_KEY] == a.pk
    assert client.get(reverse("portal:home")).status_code == 200
    client.post(reverse("portal:sign_out"))
    assert CUSTOMER_KEY not in client.session
    assert client.get(reverse("portal:home"))["Location"] == reverse("portal:sign_in")


def test_a_wrong_code_on_the_page_is_refused(client, customers, sent):
    a, _ = customers
    client.post(reverse("portal:sign_in"), {"enterprise": a.enterprise_id, "account_number": a.account_number,
                                            "phone": a.contact_phone})
    wrong = f"{(int(sent[-1]['code']) + 1) % 10**6:06d}"
    response = client.post(reverse("portal:code"), {"code": wrong})
    assert response.status_code == 400
    assert CUSTOMER_KEY not in client.session


def test_forms_need_the_csrf_token(customers, sent):
    from django.test import Client

    a, _ = customers
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("portal:sign_in"), {"enterprise": a.enterprise_id,
                                                       "account_number": a.account_number, "phone": a.contact_phone})
    assert response.status_code == 403 and sent == []


def test_a_customer_session_opens_no_staff_page(as_customer, customers):
    client = as_customer(customers[0])
    for url in (reverse("home"), reverse("complaints:worklist"), reverse("customers:list"),
                reverse("whistleblowing:list")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url
    assert client.get("/api/v1/complaints/").status_code in (401, 403, 404)
    assert not User.objects.filter(username__icontains=customers[0].account_number).exists()


def test_a_staff_login_opens_no_customer_page(client, example_user, customers, sent):
    client.force_login(example_user("hall_staff1"))
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302 and response["Location"] == reverse("portal:sign_in")


def test_staff_signing_in_after_a_customer_gets_no_customer_page(as_customer, customers, example_user):
    client = as_customer(customers[0])
    client.force_login(example_user("hall_staff1"))
    assert client.get(reverse("portal:home"))["Location"] == reverse("portal:sign_in")


def test_a_customer_signing_in_signs_the_staff_user_out(client, example_user, customers, sent):
    from tests.integration.portal.conftest import portal_sign_in

    client.force_login(example_user("hall_staff1"))
    portal_sign_in(client, customers[0], sent)
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("portal:home")).status_code == 200


def test_the_page_says_when_attempts_are_locked_out(client, customers, sent):
    a, b = customers
    data = {"enterprise": a.enterprise_id, "account_number": a.account_number, "phone": b.contact_phone}
    for _ in range(services.ACCOUNT_LIMIT):
        assert client.post(reverse("portal:sign_in"), data)["Location"] == reverse("portal:code")  # told alike
    response = client.post(reverse("portal:sign_in"), {**data, "phone": a.contact_phone})
    assert response.status_code == 429 and sent == []
    assert "尝试次数过多" in response.content.decode()
