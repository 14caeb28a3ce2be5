"""The type catalogue: titles follow the case's utility; content is cleaned and checked against
the type's fields, errors named by field."""

import pytest

from utilicase.core import clauses
from utilicase.documents.domain.catalogue import CATALOGUE, clean_content, display_value, doc_type

GLOSSARY_CODES = {"suspension_notice", "inspection_order", "result_notice", "violation_notice", "survey_record",
                  "transcript", "accident_report", "accident_result_notice", "field_work_order", "complaint_form",
                  "restoration_notice"}


def test_every_type_of_the_issue_is_catalogued_with_a_known_clause():
    assert set(CATALOGUE) == GLOSSARY_CODES
    for spec in CATALOGUE.values():
        clauses.get(spec.clause)


def test_two_copies_where_the_regulation_says_so_s2_5_2_s2_6_3_s2_7_4():
    assert {c for c, t in CATALOGUE.items() if t.two_copies} >= {"result_notice", "violation_notice",
                                                                  "accident_report"}
    assert not doc_type("transcript").two_copies


def test_number_words_are_distinct_so_numbers_of_two_types_never_look_alike():
    words = [t.number_word for t in CATALOGUE.values()]
    assert len(set(words)) == len(words)


def test_the_utility_word_follows_the_case_s2_6_3():
    spec = doc_type("violation_notice")
    assert spec.title("POWER") == "违约用电或窃电通知书"
    assert spec.title("HEAT") == "违约用热或窃热通知书"
    assert spec.title("GAS") == "违约用气或窃气通知书"
    assert spec.title("") == "违约用电(热、气)或窃电(热、气)通知书"
    assert spec.title("HEAT", "en") == "Notice of violation of use or theft of heat"
    assert doc_type("suspension_notice").title("GAS") == "停(限)气通知单"


def test_accident_report_carries_the_four_dont_let_go_s2_7_4():
    required = {f.name for f in doc_type("accident_report").fields if f.required}
    assert {"cause_found", "responsible_dealt_with", "people_educated", "measures_taken"} <= required


def test_accident_result_notice_requires_a_rectification_deadline_s2_7_6():
    _, errors = clean_content("accident_result_notice", {"summary": "a", "cause": "b", "rectification": "c"})
    assert errors == {"rectification_date": "必填。"}


def test_missing_and_unknown_fields_are_named():
    cleaned, errors = clean_content("result_notice", {"findings": "x", "colour": "red"})
    assert set(errors) == {"colour", "inspection_date", "rules_broken", "rectification", "rectification_date"}
    assert errors["inspection_date"] == "必填。"


def test_values_are_canonicalised():
    cleaned, errors = clean_content("violation_notice", {
        "act": "theft", "found_at": "2026-09-29T14:05", "facts": "  绕越电表接线  ", "legal_basis": "《供电营业规则》第一百零二条",
        "back_billing": "5485.6", "violation_fee": 16457, "demands": "立即停止窃电行为", "pay_by_date": "2026-10-09",
    })
    assert errors == {}
    assert cleaned["found_at"] == "2026-09-29 14:05"
    assert cleaned["facts"] == "绕越电表接线"
    assert (cleaned["back_billing"], cleaned["violation_fee"]) == ("5485.60", "16457.00")


@pytest.mark.parametrize("field,value,fragment", [
    ("inspection_date", "2026-13-01", "YYYY-MM-DD"),
    ("inspection_date", 20260929, "文字"),
    ("findings", "a\x00b", "不允许"),
    ("findings", "字" * 5001, "5000"),
])
def test_bad_values_are_refused_with_the_reason(field, value, fragment):
    content = {"inspection_date": "2026-09-29", "findings": "x", "rules_broken": "y", "rectification": "z",
               "rectification_date": "2026-10-20", field: value}
    _, errors = clean_content("result_notice", content)
    assert list(errors) == [field] and fragment in errors[field]


def test_amounts_have_at_most_two_decimals():
    _, errors = clean_content("suspension_notice", {"reason": "r", "legal_basis": "b", "scope": "FULL",
                                                    "planned_at": "2026-10-01 09:00", "amount_due": "12.345"})
    assert list(errors) == ["amount_due"]


def test_choice_must_be_a_known_code():
    _, errors = clean_content("suspension_notice", {"reason": "r", "legal_basis": "b", "scope": "HALF",
                                                    "planned_at": "2026-10-01 09:00"})
    assert list(errors) == ["scope"]


def test_content_must_be_an_object():
    assert clean_content("transcript", ["x"]) == ({}, {"content": "内容须为“字段名: 值”的对象。"})


def test_values_are_printed_in_chinese_dates():
    spec = doc_type("result_notice")
    assert display_value(spec.get_field("rectification_date"), "2026-10-05") == "2026年10月5日"
    assert display_value(spec.get_field("rectification_date"), "2026-10-05", "en") == "2026-10-05"
    scope = doc_type("suspension_notice").get_field("scope")
    assert display_value(scope, "LIMITED") == "限制供应"
