"""Races on PostgreSQL (SQLite in memory cannot serve parallel connections): two deputies deciding
one §1.2(2) application at once never make two decisions; two suspensions of one case at once
never make two."""

import pytest
from django.db import connection  # noqa: F401 - read by the skipif condition

from tests.integration.inspections.test_races import _race
from utilicase.audit.models import AuditEvent
from utilicase.core.rules import RuleViolation
from utilicase.enforcement import services
from utilicase.enforcement.models import Suspension, SuspensionApplication

pytestmark = [
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="concurrent connections need a server database"),
    pytest.mark.django_db(transaction=True),
]


def test_1_2_2_approve_and_reject_at_once_make_one_decision(flow, important, example_user, now):
    case = flow.opened(important)
    application = services.application_submit(actor=example_user("inspector1"), case=case, reason="申请停电", now=now)
    services.application_review(actor=example_user("enterprise_deputy1"), application=application, now=now)
    deputy = example_user("company_deputy1")

    def decide(i):
        if i == 0:
            return services.application_approve(actor=deputy, application=application, comment="批准", now=now)
        return services.application_reject(actor=deputy, application=application, reason="不予批准", now=now)

    results = _race(2, decide)
    refused = [r for r in results if isinstance(r, RuleViolation)]
    assert len(refused) == 1 and refused[0].clause == "§1.2(2)"
    final = SuspensionApplication.objects.get(pk=application.pk)
    assert final.status in ("APPROVED", "REJECTED")
    decisions = AuditEvent.objects.filter(action__in=["enforcement.application.approved",
                                                      "enforcement.application.rejected"])
    assert decisions.count() == 1


def test_1_2_2_two_reviews_at_once_make_one(flow, important, example_user, now):
    case = flow.opened(important)
    application = services.application_submit(actor=example_user("inspector1"), case=case, reason="申请停电", now=now)
    deputy = example_user("enterprise_deputy1")
    results = _race(3, lambda i: services.application_review(actor=deputy, application=application, now=now))
    assert sum(isinstance(r, RuleViolation) for r in results) == 2
    assert AuditEvent.objects.filter(action="enforcement.application.reviewed").count() == 1


def test_1_2_1_two_suspensions_at_once_make_one(flow, residential, example_user, now):
    case = flow.opened(residential)
    results = _race(2, lambda i: flow.suspend(case, actor=("inspector1", "inspector2")[i]))
    assert sum(isinstance(r, RuleViolation) for r in results) == 1
    assert Suspension.objects.filter(case=case).count() == 1


def test_1_2_2_the_same_approval_sent_twice_at_once_makes_one_decision(flow, important, example_user, now):
    case = flow.opened(important)
    application = services.application_submit(actor=example_user("inspector1"), case=case, reason="申请停电", now=now)
    services.application_review(actor=example_user("enterprise_deputy1"), application=application, now=now)
    deputy = example_user("company_deputy1")
    results = _race(3, lambda i: services.application_approve(actor=deputy, application=application,
                                                              comment=f"批准{i}", now=now))
    approved = [r for r in results if isinstance(r, SuspensionApplication)]
    refused = [r for r in results if isinstance(r, RuleViolation)]
    assert len(approved) == 1 and len(refused) == 2 and {r.clause for r in refused} == {"§1.2(2)"}, results
    final = SuspensionApplication.objects.get(pk=application.pk)
    assert final.status == "APPROVED" and final.approval_comment == approved[0].approval_comment
    assert AuditEvent.objects.filter(action="enforcement.application.approved").count() == 1
