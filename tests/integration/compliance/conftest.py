"""Hand-built cases for compliance by clause: for each rule, one complied, one late, one refused or
missing, one out of scope (a heat office), one out of the period (August), in September 2026."""

from datetime import date, datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import pytest

from tests.integration.customers.factories import CustomerFactory
from utilicase.calendar.models import Deadline
from utilicase.compliance.registry import Period
from utilicase.org.models import Unit

SHANGHAI = ZoneInfo("Asia/Shanghai")
SEPTEMBER = Period(date(2026, 9, 1), date(2026, 9, 30))
_numbers = count(1)


def at(month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def later():
    """When the report is read: after September."""
    return at(10, 10)


@pytest.fixture
def unit():
    return lambda code: Unit.objects.get(code=code)


@pytest.fixture
def customers(org):
    return {"power": CustomerFactory(office=org["tf-power-city"], name="Power Customer"),
            "heat": CustomerFactory(office=org["tf-heat-east"], name="Heat Customer")}


def deadline(kind: str, *, unit: Unit, start: datetime, due: datetime, met: datetime | None = None,
             target_type: str = "inspections.inspectionorder", target_id: str | None = None,
             clause: str = "") -> Deadline:
    return Deadline.objects.create(kind=kind, clause=clause, target_type=target_type,
                                   target_id=target_id or str(9000 + next(_numbers)), owner_unit=unit,
                                   start_at=start, working_days=5, due_at=due,
                                   due_date=(due - timedelta(days=1)).date(), met_at=met, created_at=start)
