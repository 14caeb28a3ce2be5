"""Two customers of the city power office, a code sender that keeps what it sends, and a client
signed in to the portal as a customer through the pages."""

import re

import pytest
from django.urls import reverse

from tests.integration.customers.factories import CustomerFactory, ServicePointFactory

SENT: list[dict] = []


class CapturingSender:
    def send(self, *, phone, code, customer):
        SENT.append({"phone": phone, "code": code, "account": customer.account_number})


@pytest.fixture
def sent(settings):
    settings.UTILICASE_OTP_SENDER = "tests.integration.portal.conftest.CapturingSender"
    SENT.clear()
    yield SENT
    SENT.clear()


@pytest.fixture
def customers(org):
    a = CustomerFactory(office=org["tf-power-city"], account_number="1010000011", name="Customer A",
                        contact_phone="13911110000")
    b = CustomerFactory(office=org["tf-power-city"], account_number="1010000022", name="Customer B",
                        contact_phone="13922220000")
    for c in (a, b):
        ServicePointFactory(customer=c, voltage_level="LOW", customer_class="RESIDENTIAL", tariff_category="Power")
    return a, b


def portal_sign_in(client, customer, sent) -> None:
    """Through the pages: account and phone, then the code the sender got."""
    response = client.post(reverse("portal:sign_in"), {"enterprise": customer.enterprise_id,
                                                       "account_number": customer.account_number,
                                                       "phone": customer.contact_phone})
    assert response.status_code == 302 and response["Location"] == reverse("portal:code")
    code = sent[-1]["code"]
    assert re.fullmatch(r"\d{6}", code)
    response = client.post(reverse("portal:code"), {"code": code})
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")


@pytest.fixture
def as_customer(client, sent):
    def sign_in(customer):
        portal_sign_in(client, customer, sent)
        return client

    return sign_in
