"""Fixtures for discipline inspection membership (§6.7(iii)(1-6)): a second member of the demo's
discipline unit (proposed by the administrator, confirmed by discipline1), a confirmed report
with a secret, and the admin change form of a member of staff as a browser would post it."""

import pytest

from utilicase.org.services import discipline_confirm, discipline_propose, staff_create
from utilicase.whistleblowing import services as reports

SECRET = "机密举报内容XK7Q"


@pytest.fixture
def second_member(example_user, org, now):
    user = staff_create(actor=None, username="discipline2", full_name="纪检二", role="", unit=None,
                        password=None, now=now)
    grant = discipline_propose(actor=example_user("admin"), user=user, unit=org["tf-discipline"], now=now)
    discipline_confirm(actor=example_user("discipline1"), grant=grant, now=now)
    return example_user("discipline2")


@pytest.fixture
def report(example_user, now):
    made, _ = reports.report_receive(actor=example_user("hall_staff1"), channel="PHONE", received_at=now,
                                     content=SECRET, reporter_name="举报人", reporter_contact="13900001111",
                                     confirm=True, now=now)
    return made


def change_form(user, **overrides) -> dict:
    """The admin's change form of `user`, unchanged, with `overrides` applied."""
    data = {
        "username": user.username, "first_name": user.first_name, "last_name": user.last_name,
        "email": user.email, "full_name": user.full_name, "role": user.role,
        "unit": user.unit_id or "", "phone": user.phone,
        "certificates-TOTAL_FORMS": "0", "certificates-INITIAL_FORMS": "0",
        "certificates-MIN_NUM_FORMS": "0", "certificates-MAX_NUM_FORMS": "1000",
    }
    for flag in ("is_active", "is_staff", "is_superuser"):
        if getattr(user, flag):
            data[flag] = "on"
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
