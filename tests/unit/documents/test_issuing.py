"""Who writes which document type on which case (documents/domain/issuing.py), without a database."""

import pytest

from utilicase.core.cases import CaseDocument
from utilicase.core.rules import RuleViolation
from utilicase.documents.domain.catalogue import CATALOGUE
from utilicase.documents.domain.issuing import (
    CORRECT,
    CREATE,
    DISCARD,
    EDIT,
    ISSUE,
    SIGN,
    WRITERS,
    creatable,
    refusal,
)

COMPLAINT = {"complaint_form": CaseDocument()}


def test_every_document_type_says_who_writes_it():
    assert set(WRITERS) == set(CATALOGUE)


def test_a_suspension_notice_is_refused_on_a_complaint_with_its_clause_s1_1():
    refused = refusal(code="suspension_notice", action=CREATE, role="inspector", declared=COMPLAINT, case=None)
    assert refused.clause == "§1.1"
    assert "§1.2" in refused.message


def test_a_result_notice_is_refused_on_a_complaint_s2_5_2():
    refused = refusal(code="result_notice", action=ISSUE, role="inspector", declared=COMPLAINT, case=None)
    assert refused.clause == "§2.5(2)"


@pytest.mark.parametrize("action", [CREATE, EDIT, SIGN, ISSUE, CORRECT])
def test_hall_staff_write_a_complaint_form_and_a_handler_does_not_s6_5_i(action):
    assert refusal(code="complaint_form", action=action, role="hall_staff", declared=COMPLAINT, case=None) is None
    assert refusal(code="complaint_form", action=action, role="hall_head", declared=COMPLAINT, case=None) is None
    refused = refusal(code="complaint_form", action=action, role="handler", declared=COMPLAINT, case=None)
    assert refused.clause == "§6.5(i)"


def test_an_inspector_drafts_an_inspection_order_and_an_approver_issues_it_s2_4_3():
    declared = {"inspection_order": CaseDocument()}
    assert refusal(code="inspection_order", action=CREATE, role="inspector", declared=declared, case=None) is None
    assert refusal(code="inspection_order", action=ISSUE, role="inspector", declared=declared, case=None).clause == (
        "§2.4(3)")
    assert refusal(code="inspection_order", action=ISSUE, role="office_head", declared=declared, case=None) is None
    assert refusal(code="inspection_order", action=CREATE, role="office_head", declared=declared, case=None) is not None


def test_a_draft_of_a_type_its_case_does_not_issue_can_only_be_discarded():
    assert refusal(code="suspension_notice", action=DISCARD, role="hall_staff", declared=COMPLAINT, case=None) is None
    for action in (EDIT, SIGN, ISSUE, CORRECT):
        assert refusal(code="suspension_notice", action=action, role="hall_staff", declared=COMPLAINT,
                       case=None).clause == "§1.1"


def test_the_case_precondition_holds_back_a_new_draft_and_its_issue_but_not_a_correction_s1_2_2():
    seen = []

    def not_approved(case):
        seen.append(case)
        return RuleViolation("§1.2(2)", "须经两级审批。")

    declared = {"suspension_notice": CaseDocument(precondition=not_approved)}
    assert refusal(code="suspension_notice", action=CREATE, role="inspector", declared=declared,
                   case="case-7").clause == "§1.2(2)"
    assert refusal(code="suspension_notice", action=ISSUE, role="inspector", declared=declared,
                   case="case-7").clause == "§1.2(2)"
    assert refusal(code="suspension_notice", action=ISSUE, role="inspector", declared=declared, case="case-7",
                   correction=True) is None
    assert refusal(code="suspension_notice", action=EDIT, role="inspector", declared=declared, case="case-7") is None
    assert seen == ["case-7", "case-7"]
    # the role is refused before the case is asked
    assert refusal(code="suspension_notice", action=CREATE, role="hall_staff", declared=declared,
                   case="case-7").clause == "§1.1"
    assert len(seen) == 2


def test_creatable_lists_in_catalogue_order_what_the_role_may_draft_now():
    every = {code: CaseDocument() for code in CATALOGUE}
    assert creatable(role="inspector", declared=every, case=None) == [
        "suspension_notice", "inspection_order", "result_notice", "violation_notice", "survey_record", "transcript",
        "accident_report", "accident_result_notice", "restoration_notice"]
    assert creatable(role="hall_staff", declared=every, case=None) == ["complaint_form"]
    assert creatable(role="field_worker", declared=COMPLAINT, case=None) == []
    assert creatable(role="", declared=every, case=None) == []


def test_the_restoration_notice_is_drafted_by_the_inspector_and_issued_by_the_office_head_s2_6_4():
    declared = {"restoration_notice": CaseDocument()}
    assert refusal(code="restoration_notice", action=CREATE, role="inspector", declared=declared, case=None) is None
    assert refusal(code="restoration_notice", action=ISSUE, role="office_head", declared=declared, case=None) is None
    refused = refusal(code="restoration_notice", action=ISSUE, role="inspector", declared=declared, case=None)
    assert refused is not None and refused.clause == "§2.6(4)"
    refused = refusal(code="restoration_notice", action=CREATE, role="inspector", declared=COMPLAINT, case=None)
    assert refused is not None and refused.clause == "§2.6(4)"
