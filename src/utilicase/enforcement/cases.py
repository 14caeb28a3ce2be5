"""An enforcement case as a case that documents and evidence attach to. It issues the violation
or theft notice (§2.6(3): once the act is recorded as stopped), the survey record and the
transcript (§2.6(2)), the suspension notice (§1.1: once the §1.2 path is complete, or on the
§1.1 path after the due date) and the restoration notice (§2.6(4): once supply was suspended or
limited), each filled from the case."""

from collections.abc import Collection

from django.utils import timezone

from utilicase.core.cases import CaseDocument, CaseInfo, ids_visible
from utilicase.core.i18n import gettext_noop
from utilicase.core.rules import RuleViolation
from utilicase.enforcement import selectors
from utilicase.enforcement.domain import transitions as table
from utilicase.enforcement.models import EnforcementCase
from utilicase.enforcement.selectors import TARGET_TYPE, case_get, case_ids_visible


def load(user, target_id: str) -> EnforcementCase | None:
    if not target_id.isdigit():
        return None
    try:
        return case_get(user=user, id=int(target_id), now=timezone.now())
    except EnforcementCase.DoesNotExist:
        return None


def visible_ids(user, target_ids: Collection[str]) -> set[str]:
    """Those of the ids `load` answers a case for, in one query."""
    return ids_visible(target_ids, lambda ids: case_ids_visible(user=user, ids=ids))

def info(case: EnforcementCase) -> CaseInfo:
    customer = case.customer
    enterprise = customer.enterprise
    return CaseInfo(
        target_type=TARGET_TYPE, target_id=str(case.pk), number=case.number,
        title=f"{case.get_kind_display()} {customer.name}"[:40], utility=case.utility,
        issuer_code=enterprise.code, issuer_short_name=enterprise.short_name or enterprise.name,
        customer_name=customer.name, customer_account=customer.account_number, customer_address=customer.address,
    )


def _now():
    """The time the documents' preconditions are judged at (a function, so tests pin it)."""
    return timezone.now()


def _minute(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _names(case: EnforcementCase) -> str:
    return "、".join(u.display_name for u in case.inspectors.order_by("username"))


def _legal_basis(case: EnforcementCase) -> str:
    rules = sorted({str(line.get("rule", "")) for line in selectors.fee_lines(case=case) if line.get("rule")})
    return "、".join(rules) or case.rule_set


def _open_refusal(case: EnforcementCase) -> RuleViolation | None:
    return table.closed_refusal(case.status)


def violation_notice_refusal(case: EnforcementCase) -> RuleViolation | None:
    """Issued once the act is stopped (§2.6(3)), on an open case."""
    refused = _open_refusal(case)
    if refused is None and case.act_stopped_at is None:
        refused = RuleViolation("§2.6(3)", gettext_noop("须先记录已当场制止违约用电、窃电行为（时间、方式）。"))
    return refused


def violation_notice_content(case: EnforcementCase) -> dict[str, str]:
    return {
        "act": "theft" if case.kind == table.THEFT else "violation",
        "found_at": _minute(case.discovered_at),
        "facts": case.facts,
        "legal_basis": _legal_basis(case),
        "back_billing": f"{case.back_billing:.2f}" if case.fees_calculated_at else "",
        "violation_fee": f"{case.violation_fee:.2f}" if case.fees_calculated_at else "",
        "pay_by_date": case.due_date.isoformat() if case.due_date else "",
        "demands": "立即停止违约用电、窃电行为，按期交纳追补费用和违约使用费，并接受处理。",
    }


def survey_record_content(case: EnforcementCase) -> dict[str, str]:
    return {"survey_at": _minute(case.discovered_at), "place": case.customer.address, "present": _names(case),
            "findings": case.facts}


def transcript_content(case: EnforcementCase) -> dict[str, str]:
    return {"interview_at": _minute(_now()), "place": case.customer.address, "interviewer": _names(case),
            "interviewee": case.customer.name}


def suspension_notice_refusal(case: EnforcementCase) -> RuleViolation | None:
    return table.suspension_notice_refusal(
        kind=case.kind, customer_class=case.customer_class, status=case.status,
        application_approved=selectors.approved_application(case) is not None,
        past_due=selectors.past_due(case, _now()))


def suspension_notice_content(case: EnforcementCase) -> dict[str, str]:
    balance = selectors.balance(case)
    unpaid = case.status in table.CHARGED and selectors.past_due(case, _now())
    return {
        "reason": (f"违约用电、窃电所涉费用逾期未交（缴费期限 {case.due_date.isoformat()}）。" if unpaid and case.due_date
                   else f"{case.get_kind_display()}：{case.facts}"),
        "legal_basis": _legal_basis(case),
        "amount_due": f"{balance:.2f}" if balance else "",
        "scope": table.FULL,
        "planned_at": "",
    }


def restoration_notice_refusal(case: EnforcementCase) -> RuleViolation | None:
    return _open_refusal(case) or table.restoration_notice_refusal(supply=case.supply)


def restoration_notice_content(case: EnforcementCase) -> dict[str, str]:
    last = case.suspensions.order_by("-suspended_at").first()
    return {
        "suspended_at": _minute(last.suspended_at) if last else "",
        "fees_paid": f"{case.total:.2f}" if case.charged_at else "",
        "correction": case.correction_note,
        "liability": case.liability_note,
        "restore_at": _minute(case.restored_at),
    }


DOCUMENTS = {
    "violation_notice": CaseDocument(precondition=violation_notice_refusal, prefill=violation_notice_content),
    "survey_record": CaseDocument(precondition=_open_refusal, prefill=survey_record_content),
    "transcript": CaseDocument(precondition=_open_refusal, prefill=transcript_content),
    "suspension_notice": CaseDocument(precondition=suspension_notice_refusal, prefill=suspension_notice_content),
    "restoration_notice": CaseDocument(precondition=restoration_notice_refusal, prefill=restoration_notice_content),
}
