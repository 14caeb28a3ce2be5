"""A special inspection started by a tip-off (§2.6(1)): the source is linked only by whoever may
see it, and nobody on the inspection side ever sees which report or complaint it was — as an
insider would look: the inspectors and the office head, through the services' reads, the API and
the order's timeline."""

import json

import pytest

from utilicase.audit.models import AuditEvent
from utilicase.inspections import selectors, services
from utilicase.inspections.models import Kind, Status


@pytest.fixture
def tip_off_order(flow):
    return flow.order(kind=Kind.SPECIAL, trigger="TIP_OFF")


def test_2_6_1_discipline_links_a_whistleblower_report(tip_off_order, take, example_user, now):
    report, _code = take(confirm=True)
    order = services.order_link_tip_off(actor=example_user("discipline1"), order=tip_off_order,
                                        source_type="whistleblowing.report", source_number=report.number, now=now)
    assert order.source_id == str(report.pk)
    assert selectors.order_tip_off_source(user=example_user("discipline1"), order=order) == (
        "whistleblowing.report", report.number)


@pytest.mark.parametrize("username", ["inspector1", "office_head1", "hall_staff1", "enterprise_deputy1"])
def test_2_6_1_nobody_else_can_link_a_whistleblower_report(tip_off_order, take, example_user, now, username):
    report, _code = take(confirm=True)
    with pytest.raises(services.InspectionInvalid) as exc:
        services.order_link_tip_off(actor=example_user(username), order=tip_off_order,
                                    source_type="whistleblowing.report", source_number=report.number, now=now)
    assert set(exc.value.errors) == {"source_number"}


def test_2_6_1_the_hall_links_a_complaint_an_inspector_cannot(tip_off_order, complaint, example_user, now):
    with pytest.raises(services.InspectionInvalid):
        services.order_link_tip_off(actor=example_user("inspector1"), order=tip_off_order,
                                    source_type="complaints.complaint", source_number=complaint.number, now=now)
    order = services.order_link_tip_off(actor=example_user("hall_staff1"), order=tip_off_order,
                                        source_type="complaints.complaint", source_number=complaint.number, now=now)
    assert order.source_id == str(complaint.pk)


def test_2_6_1_tip_off_must_be_linked_before_submission(tip_off_order, example_user, now):
    from utilicase.core.rules import RuleViolation

    with pytest.raises(RuleViolation, match=r"^§2\.6\(1\)"):
        services.order_submit(actor=example_user("inspector1"), order=tip_off_order, now=now)


def test_2_6_1_only_a_tip_off_order_takes_a_source_and_only_before_approval(flow, complaint, example_user, now):
    from utilicase.core.rules import RuleViolation

    suspicion = flow.order(kind=Kind.SPECIAL, trigger="SUSPICION")
    with pytest.raises(RuleViolation, match=r"^§2\.6\(1\)"):
        services.order_link_tip_off(actor=example_user("hall_staff1"), order=suspicion,
                                    source_type="complaints.complaint", source_number=complaint.number, now=now)


def _linked_and_approved(flow, take, example_user, now):
    report, _code = take(confirm=True)
    order = flow.order(kind=Kind.SPECIAL, trigger="TIP_OFF")
    services.order_link_tip_off(actor=example_user("discipline1"), order=order, source_type="whistleblowing.report",
                                source_number=report.number, now=now)
    services.order_submit(actor=example_user("inspector1"), order=order, now=now)
    order = services.order_approve(actor=example_user("office_head1"), order=order, now=now)
    assert order.status == Status.APPROVED
    return order, report


def _leaks(text: str, report) -> list[str]:
    return [s for s in (report.number, "whistleblowing", "XK7Q", "钱秘密", "13955554444") if s in text]


@pytest.mark.parametrize("username", ["inspector1", "inspector2", "office_head1", "enterprise_deputy1"])
def test_2_6_1_insiders_see_only_that_it_came_from_a_tip_off_api(flow, take, example_user, now, client, username):
    order, report = _linked_and_approved(flow, take, example_user, now)
    client.force_login(example_user(username))
    response = client.get(f"/api/v1/inspections/orders/{order.pk}")
    assert response.status_code == 200
    body = response.json()
    assert (body["trigger"], body["tip_off_linked"]) == ("TIP_OFF", True)
    assert _leaks(response.content.decode(), report) == []
    assert selectors.order_tip_off_source(user=example_user(username), order=order) is None


def test_2_6_1_the_timeline_of_the_order_does_not_name_the_source(flow, take, example_user, now):
    order, report = _linked_and_approved(flow, take, example_user, now)
    events = AuditEvent.objects.filter(target_type="inspections.inspectionorder", target_id=str(order.pk))
    linked = events.get(action="inspections.order.tip_off_linked")
    assert set(linked.after) == {"trigger", "source_digest"}
    dumped = json.dumps([[e.action, e.before, e.after] for e in events], ensure_ascii=False)
    assert _leaks(dumped, report) == []
    assert f'"{report.pk}"' not in dumped


def test_2_6_1_discipline_links_through_the_api_and_sees_nothing_of_the_order(flow, take, example_user, now, client):
    report, _code = take(confirm=True)
    order = flow.order(kind=Kind.SPECIAL, trigger="TIP_OFF", trigger_note="客户私拉乱接")
    client.force_login(example_user("discipline1"))
    assert client.get(f"/api/v1/inspections/orders/{order.pk}").status_code == 404
    response = client.post(f"/api/v1/inspections/orders/{order.pk}/tip-off",
                           {"source_type": "whistleblowing.report", "source_number": report.number},
                           content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {"number": order.number, "trigger": "TIP_OFF", "tip_off_linked": True}
    client.force_login(example_user("inspector1"))
    response = client.post(f"/api/v1/inspections/orders/{order.pk}/tip-off",
                           {"source_type": "whistleblowing.report", "source_number": report.number},
                           content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "source_number"
