"""Who may write each document type, and on which cases. Pure: no Django.

Each type names the roles that draft it (make, edit, discard a draft, start a correction), sign
it (capture signatures on the draft) and issue it, with the clause that gives them the work. A
case issues only the types its case type declares (core.cases: `documents=` at registration),
each under the case's precondition; steps 4-6 declare theirs there.

    refused when                                        → clause
    ───────────────────────────────────────────────────  ──────────────────────────────
    the case type does not declare the type              the type's own clause (§1.1 …)
    the user's role is not among the action's roles      the clause naming who writes it
    the case's precondition refuses (new draft, issue)   the case type's clause

A draft of a type its case does not declare (made before this rule) can only be discarded, by
anyone who writes documents on the case. A correction is issued without the precondition: it
fixes a document the case did issue.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from utilicase.core.cases import CaseDocument
from utilicase.core.i18n import gettext_noop
from utilicase.core.rules import RuleViolation
from utilicase.documents.domain.catalogue import CATALOGUE, doc_type

# Roles as in org.Role.
INSPECTOR, OFFICE_HEAD, ENTERPRISE_DEPUTY, COMPANY_DEPUTY = "inspector", "office_head", "enterprise_deputy", "company_deputy"
FIELD_WORKER, HALL_STAFF, HALL_HEAD = "field_worker", "hall_staff", "hall_head"

CREATE, EDIT, SIGN, ISSUE, DISCARD, CORRECT = "create", "edit", "sign", "issue", "discard", "correct"
ACTIONS = (CREATE, EDIT, SIGN, ISSUE, DISCARD, CORRECT)


@dataclass(frozen=True)
class Writers:
    clause: str  # the clause that gives these roles the document
    draft: frozenset[str]
    sign: frozenset[str]
    issue: frozenset[str]
    wrong_case: str  # why a case that does not declare the type may not issue it

    def roles(self, action: str) -> frozenset[str]:
        if action == SIGN:
            return self.sign
        if action == ISSUE:
            return self.issue
        return self.draft


def _writers(clause: str, roles: set[str], wrong_case: str, *, issue: set[str] | None = None) -> Writers:
    return Writers(clause, frozenset(roles), frozenset(roles), frozenset(issue or roles), wrong_case)


WRITERS: dict[str, Writers] = {
    "suspension_notice": _writers("§1.1", {INSPECTOR}, gettext_noop(
        "停(限)电通知单只能由违约用电、窃电案件在停电程序（§1.2）完成后开具。")),
    # The order is approved before the inspection: by the office head for a routine one, by
    # whoever organises a special one (谁组织谁审批); its issue is that approval.
    "inspection_order": _writers("§2.4(3)", {INSPECTOR}, gettext_noop("检查工作单只能由检查案件开具。"),
                                 issue={OFFICE_HEAD, ENTERPRISE_DEPUTY, COMPANY_DEPUTY}),
    "result_notice": _writers("§2.5(2)", {INSPECTOR}, gettext_noop("检查结果通知单只能由检查案件开具。")),
    "violation_notice": _writers("§2.6(3)", {INSPECTOR}, gettext_noop(
        "违约用电或窃电通知书只能在查处违约用电、窃电时开具。")),
    "survey_record": _writers("§2.6(2)", {INSPECTOR}, gettext_noop(
        "现场勘查记录只能在查处违约用电、窃电或事故调查时制作。")),
    "transcript": _writers("§2.6(2)", {INSPECTOR}, gettext_noop(
        "调查笔录只能在查处违约用电、窃电或事故调查时制作。")),
    # §2.6(4): supply is restored once paid, corrected and liability borne; the inspector drafts
    # the notice, the office head issues it.
    "restoration_notice": _writers("§2.6(4)", {INSPECTOR}, gettext_noop(
        "恢复供电通知单只能由违约用电、窃电案件在停(限)电后开具。"), issue={OFFICE_HEAD}),
    "accident_report": _writers("§2.7(4)", {INSPECTOR}, gettext_noop("事故调查报告只能由事故调查案件开具。")),
    "accident_result_notice": _writers("§2.7(6)", {INSPECTOR}, gettext_noop(
        "事故调查结果通知书只能由事故调查案件开具。")),
    "field_work_order": _writers("§4.4(5)", {FIELD_WORKER}, gettext_noop("现场服务工单只能由现场服务案件开具。")),
    # The hall that receives a complaint fills its form (§6.5(i), first contact §6.5(ii)(1)).
    "complaint_form": _writers("§6.5(i)", {HALL_STAFF, HALL_HEAD}, gettext_noop("客户投诉受理单只能由投诉案件开具。")),
}
assert set(WRITERS) == set(CATALOGUE), "every document type says who writes it"

ROLE_REFUSED = {
    CREATE: gettext_noop("您的岗位不能开具此类文书。"),
    EDIT: gettext_noop("您的岗位不能修改此类文书。"),
    SIGN: gettext_noop("您的岗位不能在此类文书上采集签名。"),
    ISSUE: gettext_noop("您的岗位不能签发此类文书。"),
    DISCARD: gettext_noop("您的岗位不能作废此类文书的草稿。"),
    CORRECT: gettext_noop("您的岗位不能更正此类文书。"),
}


def writer_refusal(*, code: str, action: str, role: str, declared: Mapping[str, CaseDocument]) -> RuleViolation | None:
    """Why `role` may not take `action` on a document of type `code` of a case whose case type
    declares `declared`; None when it may (the case's precondition aside)."""
    spec = doc_type(code)
    if code not in declared:
        if action == DISCARD:
            return None
        return RuleViolation(spec.clause, WRITERS[code].wrong_case)
    writers = WRITERS[code]
    if role not in writers.roles(action):
        return RuleViolation(writers.clause, ROLE_REFUSED[action])
    return None


def case_refusal(*, code: str, action: str, declared: Mapping[str, CaseDocument], case: Any,
                 correction: bool = False) -> RuleViolation | None:
    """Why `case` may not have a new draft of type `code`, or have one issued, now; None when it
    may. A correction (`correction`) is issued without the precondition."""
    if action == CREATE or (action == ISSUE and not correction):
        return declared[code].refusal(case)
    return None


def refusal(*, code: str, action: str, role: str, declared: Mapping[str, CaseDocument], case: Any,
            correction: bool = False) -> RuleViolation | None:
    """The writer's refusal, else the case's."""
    return (writer_refusal(code=code, action=action, role=role, declared=declared)
            or case_refusal(code=code, action=action, declared=declared, case=case, correction=correction))


def creatable(*, role: str, declared: Mapping[str, CaseDocument], case: Any) -> list[str]:
    """The types `role` may draft on `case` now, in catalogue order."""
    return [code for code in CATALOGUE
            if refusal(code=code, action=CREATE, role=role, declared=declared, case=case) is None]
