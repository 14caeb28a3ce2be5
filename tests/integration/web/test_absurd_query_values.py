"""Absurd values in the query strings of the report pages (periods, months, units, pages): each
page answers with its form's error naming the field, a clamped period, or 404, never a 5xx.
Years outside the supported ones (2000 to 2100, `core.workdays`) are refused before any date
arithmetic: a period starting on 0001-01-01 would overflow turning Shanghai midnight into UTC."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db

PAGES = [
    ("company_deputy1", "/dashboards/complaints/"),
    ("company_deputy1", "/compliance/"),
    ("hall_head1", "/complaints/kpis/"),
    ("discipline1", "/reports/kpis/"),
    ("office_head1", "/inspections/plans/"),
]
QUERIES = [
    "month=9999-12", "month=0001-01", "month=99999-01", "month=2026-13",
    "from=0001-01-01&to=9999-12-31", "first=0001-01-01&last=0001-02-01", "first=9999-12-01&last=9999-12-31",
    "period=0000", "period=2026-Q9", "period=1e308", "unit=-1", "unit=1e308", "page=-1",
    "page=99999999999999999999999",
]


@pytest.mark.parametrize(("user", "url"), PAGES)
def test_no_absurd_query_value_makes_a_report_page_fail(as_user, user, url):
    client = as_user(user)
    failed = [(q, r.status_code) for q in QUERIES if (r := client.get(f"{url}?{q}")).status_code >= 500]
    assert failed == []


@pytest.mark.parametrize(("first", "last"), [("0001-01-01", "0001-02-01"), ("9999-12-01", "9999-12-31"),
                                             ("1999-12-31", "2000-01-31")])
def test_the_compliance_page_refuses_a_day_outside_the_supported_years_naming_it(as_user, first, last):
    response = as_user("company_deputy1").get("/compliance/", {"first": first, "last": last})
    assert response.status_code == 200
    form = response.context["form"]
    outside = [field for field, day in (("first", first), ("last", last)) if not "2000" <= day[:4] <= "2100"]
    assert form.errors == {field: ["请选择2000年至2100年之间的日期。"] for field in outside}


def test_the_dashboard_clamps_a_period_of_ten_thousand_years_to_the_supported_ones(as_user):
    response = as_user("company_deputy1").get("/dashboards/complaints/", {"from": "0001-01-01", "to": "9999-12-31"})
    assert response.status_code == 200
    period = response.context["period"]
    assert (period.first.isoformat(), period.last.isoformat()) == ("2000-01-01", "2100-12-31")


@pytest.mark.parametrize("month", ["0001-01", "1999-12", "2101-01", "9999-12"])
def test_a_monthly_report_of_an_unsupported_year_is_404_on_the_page_and_an_error_in_the_command(
        as_user, tmp_path, month):
    assert as_user("company_deputy1").get(f"/compliance/monthly/tf-power/{month}.pdf").status_code == 404
    with pytest.raises(CommandError, match=month):
        call_command("compliance", "monthly", "--enterprise", "tf-power", "--month", month,
                     "--out", str(tmp_path / "m.pdf"))
    assert not (tmp_path / "m.pdf").exists()


@pytest.mark.parametrize("month", ["99999-01", "9999-12", "2026-13"])
def test_the_complaint_kpi_page_names_the_month_it_cannot_take(as_user, month):
    response = as_user("hall_head1").get("/complaints/kpis/", {"month": month})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["month"]
