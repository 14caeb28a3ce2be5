"""Absurd numbers and dates in a case's fee calculation (§2.6(4)), through the API and the
service behind the page: negative, NaN, Infinity, 1e308, a 400-digit integer, a date out of the
supported years. Each is refused naming the field first (a
missing quantity or a rule set the date rules out may follow); the case stays NOTICE_SERVED with no fee line
and no audit event."""

import json

import pytest

from tests.integration.enforcement.conftest import THEFT_1000_KWH
from utilicase.audit.models import AuditEvent
from utilicase.enforcement.models import Status
from utilicase.org.services import token_create

pytestmark = pytest.mark.django_db

ABSURD = [
    ("stolen_kwh", "-1"), ("stolen_kwh", "NaN"), ("stolen_kwh", "Infinity"), ("stolen_kwh", "1" + "0" * 400),
    ("price_yuan_per_kwh", "1e308"), ("price_yuan_per_kwh", "-1e308"), ("price_yuan_per_kwh", "-Infinity"),
    ("act_date", '"0001-01-01"'), ("act_date", '"9999-12-31"'), ("act_date", '"2023-02-30"'),
]


def test_each_absurd_fee_input_is_422_naming_the_field_and_the_case_is_unchanged(flow, residential, client,
                                                                                  example_user, now):
    case = flow.noticed(residential)
    _, token = token_create(actor=None, user=example_user("inspector1"), now=now)
    events = AuditEvent.objects.count()
    answers = {}
    for field, raw in ABSURD:
        data = json.dumps({**THEFT_1000_KWH, field: "@"}).replace('"@"', raw)
        response = client.post(f"/api/v1/enforcement/cases/{case.pk}/fees", data=f'{{"data": {data}}}',
                               content_type="application/json", headers={"Authorization": f"Bearer {token}"})
        named = [e["loc"][-1] for e in response.json()["detail"]] if response.status_code == 422 else []
        answers[(field, raw[:12])] = (response.status_code, named[0] if named else None)
    assert answers == {(field, raw[:12]): (422, field) for field, raw in ABSURD}
    case.refresh_from_db()
    assert (case.status, case.fee_input, case.fee_result, case.total, case.fees_calculated_at) == (
        Status.NOTICE_SERVED, {}, {}, 0, None)
    assert AuditEvent.objects.count() == events
