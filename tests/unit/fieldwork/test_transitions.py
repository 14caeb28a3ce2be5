"""The field work order's stages and rules (§4.3, §4.4), without a database."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from utilicase.core.rules import RuleViolation
from utilicase.fieldwork.domain import transitions as t

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def test_4_3_seven_kinds():
    assert len(t.KINDS) == 7 and len(set(t.KINDS)) == 7


def test_4_3_inspection_kind_must_link_an_inspection_order():
    assert t.link_refusal(kind=t.INSPECTION, link_type="").clause == "§4.3"
    assert t.link_refusal(kind=t.INSPECTION, link_type=t.INSPECTION_TYPE) is None


def test_4_3_only_suspension_links_an_enforcement_case():
    assert t.link_refusal(kind=t.SUSPENSION_RESTORATION, link_type=t.ENFORCEMENT_TYPE) is None
    assert t.link_refusal(kind=t.SUSPENSION_RESTORATION, link_type="") is None
    assert t.link_refusal(kind=t.METERING, link_type=t.ENFORCEMENT_TYPE).clause == "§4.3"
    assert t.link_refusal(kind=t.SUSPENSION_RESTORATION, link_type=t.INSPECTION_TYPE).clause == "§4.3"


def test_stages_in_order():
    path = [("appoint", t.NEW), ("depart", t.APPOINTED), ("arrive", t.DEPARTED), ("start_work", t.ARRIVED),
            ("finish", t.WORKING)]
    assert [t.TABLE[n].target for n, _ in path] == [t.APPOINTED, t.DEPARTED, t.ARRIVED, t.WORKING, t.COMPLETED]
    for name, source in path:
        t.check(name, source)
    with pytest.raises(RuleViolation) as refused:
        t.check("arrive", t.APPOINTED)
    assert refused.value.clause == "§4.4(3)"
    with pytest.raises(RuleViolation):
        t.check("cancel", t.COMPLETED)


def test_4_4_1_someone_else_answered_needs_the_customers_contact():
    args = dict(address_confirmed=True, slot_start=T0, slot_end=T0 + timedelta(hours=2))
    assert t.appointment_refusal(reached=t.OTHER, customer_contact="", **args).clause == "§4.4(1)"
    assert t.appointment_refusal(reached=t.OTHER, customer_contact="13900000000", **args) is None
    assert t.appointment_refusal(reached=t.CUSTOMER, customer_contact="", **args) is None


def test_4_4_1_address_confirmed_and_slot_is_an_interval():
    assert t.appointment_refusal(reached=t.CUSTOMER, customer_contact="", address_confirmed=False,
                                 slot_start=T0, slot_end=T0 + timedelta(hours=1)).clause == "§4.4(1)"
    assert t.appointment_refusal(reached=t.CUSTOMER, customer_contact="", address_confirmed=True,
                                 slot_start=T0, slot_end=T0).clause == "§4.4(1)"


def test_4_4_1_phone_script_introduces_and_thanks():
    assert "天富热电" in t.PHONE_SCRIPT[0] and "感谢" in t.PHONE_SCRIPT[-1]


def test_4_4_2_and_4_4_4_every_item_ticked():
    refused = t.checklist_refusal(stage=t.BEFORE_LEAVING, items=["安全帽", "工作牌"], checked=["安全帽"])
    assert refused.clause == "§4.4(2)" and "工作牌" in refused.message and "安全帽" not in refused.message
    assert t.checklist_refusal(stage=t.BEFORE_WORK, items=["警示牌"], checked=[]).clause == "§4.4(4)"
    assert t.checklist_refusal(stage=t.BEFORE_WORK, items=["警示牌"], checked=["警示牌"]) is None


def test_4_4_3_lateness_against_the_slot_end():
    end = T0 + timedelta(hours=2)
    assert t.minutes_late(arrived_at=end, slot_end=end) == 0
    assert t.minutes_late(arrived_at=end + timedelta(seconds=59), slot_end=end) == 0
    assert t.minutes_late(arrived_at=end + timedelta(minutes=25, seconds=30), slot_end=end) == 25
    assert t.minutes_late(arrived_at=T0, slot_end=end) == 0


def test_4_4_3_late_needs_the_apology():
    assert t.arrival_refusal(late=5, apology="").clause == "§4.4(3)"
    assert t.arrival_refusal(late=5, apology="已当面致歉") is None
    assert t.arrival_refusal(late=0, apology="") is None


def test_4_4_3_delay_told_before_the_slot():
    assert t.delay_refusal(now=T0, slot_start=T0).clause == "§4.4(3)"
    assert t.delay_refusal(now=T0 - timedelta(minutes=1), slot_start=T0) is None


def test_4_4_5_compensation_has_an_amount():
    assert t.damage_refusal(remedy=t.COMPENSATION, amount=None).clause == "§4.4(5)"
    assert t.damage_refusal(remedy=t.COMPENSATION, amount=Decimal("0")).clause == "§4.4(5)"
    assert t.damage_refusal(remedy=t.COMPENSATION, amount=Decimal("80.00")) is None
    assert t.damage_refusal(remedy=t.REPAIR, amount=None) is None


def test_4_4_6_meals_that_happened_are_paid():
    assert t.meals_refusal(happened=True, amount=None, paid_to="张三").clause == "§4.4(6)"
    assert t.meals_refusal(happened=True, amount=Decimal("30"), paid_to="").clause == "§4.4(6)"
    assert t.meals_refusal(happened=True, amount=Decimal("30"), paid_to="张三") is None
    assert t.meals_refusal(happened=False, amount=None, paid_to="") is None


def _facts(**kw):
    base = dict(borrowed_returned=True, damages_unresolved=0, confirmed=True, safety_reminded=True,
                meals_declared=True)
    return t.FinishFacts(**{**base, **kw})


@pytest.mark.parametrize(("missing", "clause"), [
    ({"borrowed_returned": False}, "§4.4(5)"), ({"damages_unresolved": 1}, "§4.4(5)"),
    ({"confirmed": False}, "§4.4(5)"), ({"safety_reminded": False}, "§4.4(5)"),
    ({"meals_declared": False}, "§4.4(6)"),
])
def test_4_4_5_completion_refused_until_everything_is_done(missing, clause):
    assert t.finish_refusal(_facts(**missing)).clause == clause
    assert t.finish_refusal(_facts()) is None


@pytest.mark.parametrize("rating", [0, 6, -1, True, "5"])
def test_4_4_5_rating_is_1_to_5(rating):
    assert t.rating_refusal(rating=rating, already_rated=False).clause == "§4.4(5)"


def test_4_4_5_rated_once():
    assert t.rating_refusal(rating=5, already_rated=False) is None
    assert t.rating_refusal(rating=1, already_rated=False) is None
    assert t.rating_refusal(rating=4, already_rated=True).clause == "§4.4(5)"
