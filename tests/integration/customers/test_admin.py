"""The admin for customer reference data saves through the services (validated, audited)
and offers no deletion."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.integration.customers.factories import ServicePointFactory
from utilicase.audit.models import AuditEvent
from utilicase.customers.models import Customer, MonthlyAveragePrice

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, example_user):
    client.force_login(example_user("admin"))
    return client


def customer_form(org, **changes) -> dict:
    return {
        "enterprise": org["tf-power"].pk, "office": org["tf-power-city"].pk, "account_number": "1010000001",
        "name": "王建华", "address": "石河子市北三路52小区3栋2单元401", "contact_phone": "13912345678",
        "service_points-TOTAL_FORMS": "0", "service_points-INITIAL_FORMS": "0",
        **changes,
    }


def test_changelists_load(admin_client, org):
    ServicePointFactory(customer__office=org["tf-power-city"])
    for model in ("customer", "servicepoint", "monthlyaverageprice"):
        assert admin_client.get(reverse(f"admin:customers_{model}_changelist")).status_code == 200


def test_adding_a_customer_goes_through_the_service(admin_client, org):
    response = admin_client.post(reverse("admin:customers_customer_add"), customer_form(org))
    assert response.status_code == 302
    customer = Customer.objects.get()
    assert AuditEvent.objects.filter(action="customers.customer.created", target_id=str(customer.pk)).exists()


def test_admin_form_shows_the_rule_errors(admin_client, org):
    response = admin_client.post(reverse("admin:customers_customer_add"),
                                 customer_form(org, office=org["tf-heat-east"].pk, contact_phone="12345"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "is not a phone number" in page and "is not below enterprise" in page
    assert not Customer.objects.exists()


def test_changing_a_customer_is_audited(admin_client, org):
    customer = ServicePointFactory(customer__office=org["tf-power-city"]).customer
    form = customer_form(org, name=customer.name, address=customer.address, contact_phone="0993-2123456")
    form.update({"service_points-TOTAL_FORMS": "1", "service_points-INITIAL_FORMS": "1",
                 "service_points-0-id": str(customer.service_points.get().pk),
                 "service_points-0-customer": str(customer.pk)})
    response = admin_client.post(reverse("admin:customers_customer_change", args=[customer.pk]), form)
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.contact_phone == "0993-2123456"
    assert AuditEvent.objects.get(action="customers.customer.updated").after["contact_phone"] == "0993-2123456"


def test_monthly_price_added_in_admin_is_audited(admin_client, org):
    response = admin_client.post(reverse("admin:customers_monthlyaverageprice_add"), {
        "enterprise": org["tf-power"].pk, "month_date": "2026-08-01", "price": "0.5521", "source": "billing",
    })
    assert response.status_code == 302
    assert MonthlyAveragePrice.objects.get().price == Decimal("0.5521")
    assert AuditEvent.objects.get(action="customers.monthly_price.set").clause == "§2.7(5)"


def test_monthly_price_must_be_the_first_day(admin_client, org):
    response = admin_client.post(reverse("admin:customers_monthlyaverageprice_add"), {
        "enterprise": org["tf-power"].pk, "month_date": "2026-08-15", "price": "0.5521", "source": "billing",
    })
    assert response.status_code == 200 and not MonthlyAveragePrice.objects.filter(month_date=date(2026, 8, 15)).exists()


def test_nothing_can_be_deleted(admin_client, org):
    customer = ServicePointFactory(customer__office=org["tf-power-city"]).customer
    assert admin_client.get(reverse("admin:customers_customer_delete", args=[customer.pk])).status_code == 403
