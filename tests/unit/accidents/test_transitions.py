"""The accident case's transition table (§2.7), pure."""

import pytest

from utilicase.accidents.domain import transitions as table
from utilicase.core.rules import RuleViolation

READY = table.Facts(identity_shown=True, witness="李师傅", cause="电缆头受潮击穿", cause_removed=True, restored=True,
                    items_open=(), report_signed=True, rectification_date_set=True, refusal_recorded=True)


def _clause(name, state, facts):
    refused = table.TABLE.refusal(name, state, facts)
    return None if refused is None else refused.clause


def test_arrive_without_identity_is_refused_s2_7_2():
    facts = table.Facts(identity_shown=False, witness="李师傅")
    assert _clause("arrive", table.REPORTED, facts) == "§2.7(2)"


def test_arrive_without_customer_witness_is_refused_s2_7_1():
    assert _clause("arrive", table.REPORTED, table.Facts(identity_shown=True, witness="  ")) == "§2.7(1)"
    assert table.check("arrive", table.REPORTED, table.Facts(identity_shown=True, witness="李师傅")).target == \
        table.ON_SITE


def test_entry_where_inspector_operated_customer_equipment_is_refused_s2_7_1():
    refused = table.operation_refusal(True)
    assert isinstance(refused, RuleViolation) and refused.clause == "§2.7(1)"
    assert table.operation_refusal(False) is None


def test_end_of_investigation_needs_the_cause_s2_7_2():
    assert _clause("end", table.ON_SITE, table.Facts(cause="")) == "§2.7(2)"
    assert _clause("end", table.ON_SITE, table.Facts(cause="雷击")) is None


def test_restoration_only_once_cause_confirmed_removed_s2_7_2():
    assert table.restoration_refusal(table.Facts(cause="雷击", cause_removed=False)).clause == "§2.7(2)"
    assert table.restoration_refusal(table.Facts(cause="雷击", cause_removed=True)) is None
    assert table.restoration_refusal(table.Facts(cause="雷击", cause_removed=True, restored=True)) is not None


def test_report_needs_all_four_items_and_customer_signature_s2_7_4():
    one_open = table.Facts(items_open=(table.PEOPLE_EDUCATED,), report_signed=True)
    refused = table.TABLE.refusal("file_report", table.INVESTIGATED, one_open)
    assert refused.clause == "§2.7(4)" and refused.params == {"n": "1"}
    assert _clause("file_report", table.INVESTIGATED, table.Facts(items_open=(), report_signed=False)) == "§2.7(4)"
    assert _clause("file_report", table.INVESTIGATED, READY) is None


@pytest.mark.parametrize("item", table.FOUR_ITEMS)
def test_case_cannot_close_while_any_dont_let_go_item_is_open_s2_7_4(item):
    facts = table.Facts(**{**READY.__dict__, "items_open": (item,)})
    assert _clause("close", table.RECTIFIED, facts) == "§2.7(4)"
    assert _clause("close", table.RECTIFIED, READY) is None


def test_close_needs_restoration_after_an_outage_s2_7_2():
    facts = table.Facts(**{**READY.__dict__, "restored": False})
    assert _clause("close", table.REPORT_FILED, facts) == "§2.7(2)"
    assert _clause("close", table.REPORT_FILED, table.Facts(**{**facts.__dict__, "outage": False})) is None


def test_result_notice_needs_rectification_deadline_and_referral_needs_refusal_s2_7_6():
    assert _clause("issue_notice", table.REPORT_FILED, table.Facts(rectification_date_set=False)) == "§2.7(6)"
    assert _clause("refer", table.NOTICE_ISSUED, table.Facts(refusal_recorded=False)) == "§2.7(6)"
    assert table.check("refer", table.NOTICE_ISSUED, READY).target == table.REFERRED
    assert table.check("reinspect", table.NOTICE_ISSUED, READY).target == table.RECTIFIED
