"""Print views: every page loads the print stylesheet (A4, the content only) and the script that
binds the print buttons; a case page and a list offer the print button; no inline script."""

import pytest
from django.urls import reverse

from tests.integration.customers.factories import CustomerFactory
from tests.integration.inspections.conftest import Flow

pytestmark = pytest.mark.django_db


def _served(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()


def test_the_print_stylesheet_is_served_and_lays_pages_out_for_a4(client, example_user):
    client.force_login(example_user("office_head1"))
    page = client.get(reverse("home")).content.decode()
    assert 'href="/static/utilicase/print.css"' in page and 'src="/static/utilicase/print.js"' in page
    css = _served(client, "/static/utilicase/print.css")
    assert "@page { size: A4" in css and "@media print" in css
    assert ".topbar" in css.split("@media print")[1]  # the navigation is not printed
    assert "window.print()" in _served(client, "/static/utilicase/print.js")


def test_a_case_page_and_a_list_have_the_print_button(client, org, example_user, now):
    customer = CustomerFactory(office=org["tf-power-city"], account_number="1010000001", name="王建华")
    order = Flow(org, example_user, now, customer).order()
    client.force_login(example_user("inspector1"))
    for url in (reverse("inspections:detail", args=[order.pk]), reverse("inspections:worklist") + "?list=all"):
        page = client.get(url).content.decode()
        assert 'data-print>打印</button>' in page, url
        assert "onclick" not in page
