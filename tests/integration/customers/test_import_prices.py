"""`utilicase import prices FILE`: monthly average prices of the billing system (§2.7(5))."""

from datetime import date
from decimal import Decimal

import pytest

from tests.integration.customers.conftest import price_row
from utilicase.audit.models import AuditEvent
from utilicase.customers.models import MonthlyAveragePrice

pytestmark = pytest.mark.django_db


def test_prices_are_imported_for_each_enterprise_and_month(org, write_prices, run_import):
    rows = [price_row("tf-power", "2026-07", "0.5521"), price_row("tf-power", "2026-08", "0.5610"),
            price_row("tf-heat", "2026-08", "24.8")]
    result = run_import("prices", write_prices(rows))
    assert result.out.strip() == "imported prices from prices.csv: 3 rows, 3 created, 0 updated, 0 unchanged"
    row = MonthlyAveragePrice.objects.get(enterprise=org["tf-power"], month_date=date(2026, 8, 1))
    assert row.price == Decimal("0.5610") and row.source == "billing"


def test_prices_are_upserted(org, write_prices, run_import):
    run_import("prices", write_prices([price_row("tf-power", "2026-07", "0.5521"),
                                       price_row("tf-power", "2026-08", "0.5610")]))
    result = run_import("prices", write_prices([price_row("tf-power", "2026-07", "0.5521"),
                                                price_row("tf-power", "2026-08", "0.5655"),
                                                price_row("tf-power", "2026-09", "0.5700")], "fix.csv"))
    assert result.out.strip().endswith("3 rows, 1 created, 1 updated, 1 unchanged")
    assert MonthlyAveragePrice.objects.get(month_date=date(2026, 8, 1)).price == Decimal("0.5655")
    assert MonthlyAveragePrice.objects.count() == 3


def test_bad_price_rows_import_nothing(org, write_prices, run_import):
    rows = [
        price_row("tf-power", "2026-07", "0.5521"),   # line 2: good
        price_row("tf-nowhere", "2026-07", "0.55"),   # line 3
        price_row("tf-power-city", "2026-07", "0.55"),  # line 4: an office
        price_row("tf-power", "2026-13", "0.55"),     # line 5
        price_row("tf-power", "2026-07", "0.56"),     # line 6: month again
        price_row("tf-gas", "2026-07", "0"),          # line 7
    ]
    result = run_import("prices", write_prices(rows))
    assert result.err == [
        'line 3, enterprise: unknown unit code "tf-nowhere"',
        'line 4, enterprise: "tf-power-city" is not an enterprise',
        'line 5, month: "2026-13" is not a month (YYYY-MM)',
        'line 6, month: "2026-07" is already on line 2 of this file',
        'line 7, price: "0" is not a positive amount',
    ]
    assert str(result.error) == "5 error(s) in prices.csv; nothing imported"
    assert not MonthlyAveragePrice.objects.exists()


def test_price_import_is_audited_under_s2_7_5(org, write_prices, run_import):
    run_import("prices", write_prices([price_row("tf-gas", "2026-08", "2.21")]), "--actor", "admin")
    event = AuditEvent.objects.get(action="customers.prices.import")
    assert event.clause == "§2.7(5)"
    assert event.after == {"file": "prices.csv", "created": 1, "updated": 0, "unchanged": 0}


@pytest.mark.parametrize("price", ["NaN", "Infinity", "-Infinity", "1e308", "-1", "-0.01"])
def test_an_absurd_price_is_refused_naming_the_field_and_nothing_is_stored(org, write_prices, run_import, price):
    result = run_import("prices", write_prices([price_row("tf-power", "2026-07", "0.55"),
                                                price_row("tf-gas", "2026-07", price)]))
    assert result.err == [f'line 3, price: "{price}" is not a positive decimal number']
    assert not MonthlyAveragePrice.objects.exists()


def test_a_price_of_400_digits_is_refused_as_too_large(org, write_prices, run_import):
    huge = "1" + "0" * 400
    result = run_import("prices", write_prices([price_row("tf-power", "2026-07", huge)]))
    assert result.err == [f'line 2, price: "{huge}" is too large (at most 999999.9999)']
    assert not MonthlyAveragePrice.objects.exists()
