"""An accident case as a case that documents and evidence attach to (§2.7(3): the evidence as in
§2.6(2)). It issues the survey record and the transcript (once on site), the accident
investigation report (§2.7(4): once the investigation ended, prefilled with the four
don't-let-go records) and the accident result notice (§2.7(6): once the report is filed)."""

from collections.abc import Collection

from django.utils import timezone

from utilicase.accidents import selectors
from utilicase.accidents.domain import transitions as table
from utilicase.accidents.models import AccidentCase, Status
from utilicase.accidents.selectors import TARGET_TYPE, case_get, case_ids_visible
from utilicase.core.cases import CaseDocument, CaseInfo, ids_visible
from utilicase.core.i18n import gettext_noop
from utilicase.core.rules import RuleViolation


def load(user, target_id: str) -> AccidentCase | None:
    if not target_id.isdigit():
        return None
    try:
        return case_get(user=user, id=int(target_id), now=timezone.now())
    except AccidentCase.DoesNotExist:
        return None


def visible_ids(user, target_ids: Collection[str]) -> set[str]:
    """Those of the ids `load` answers a case for, in one query."""
    return ids_visible(target_ids, lambda ids: case_ids_visible(user=user, ids=ids))

def info(case: AccidentCase) -> CaseInfo:
    customer = case.customer
    enterprise = customer.enterprise
    return CaseInfo(
        target_type=TARGET_TYPE, target_id=str(case.pk), number=case.number,
        title=f"事故调查 {customer.name}"[:40], utility=case.utility,
        issuer_code=enterprise.code, issuer_short_name=enterprise.short_name or enterprise.name,
        customer_name=customer.name, customer_account=customer.account_number, customer_address=customer.address,
    )


def _now():
    """The time the documents' preconditions are judged at (a function, so tests pin it)."""
    return timezone.now()


def _minute(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _names(case: AccidentCase) -> str:
    names = [u.display_name for u in case.inspectors.order_by("username")]
    if case.witness_name:
        names.append(f"{case.witness_name}（客户方）")
    return "、".join(names)


def on_site_refusal(case: AccidentCase) -> RuleViolation | None:
    """Survey record and transcript: once on site, on an open case."""
    refused = table.closed_refusal(case.status)
    if refused is None and case.status == Status.REPORTED:
        refused = RuleViolation("§2.7(2)", gettext_noop("到达现场（出示证件、客户方见证人在场）后才能制作。"))
    return refused


def survey_record_content(case: AccidentCase) -> dict[str, str]:
    return {"survey_at": _minute(case.arrived_at), "place": case.customer.address, "present": _names(case),
            "findings": case.cause or case.description}


def transcript_content(case: AccidentCase) -> dict[str, str]:
    return {"interview_at": _minute(_now()), "place": case.customer.address,
            "interviewer": "、".join(u.display_name for u in case.inspectors.order_by("username")),
            "interviewee": case.witness_name or case.customer.name}


def report_refusal(case: AccidentCase) -> RuleViolation | None:
    """The accident report (§2.7(4)): once the investigation ended, before it is filed."""
    if case.status != Status.INVESTIGATED:
        return RuleViolation("§2.7(4)", gettext_noop("调查结束后、报告完成前才能开具事故调查报告。"))
    return None


def report_content(case: AccidentCase) -> dict[str, str]:
    records = {row.item: row.record for row in selectors.items(case=case)}
    content = {"accident_at": _minute(case.accident_at or case.reported_at), "description": case.description,
               "countermeasures": case.countermeasures}
    for item, field in table.REPORT_FIELD.items():
        content[field] = records.get(item, "")
    if not content["cause_found"]:
        content["cause_found"] = case.cause
    return content


def notice_refusal(case: AccidentCase) -> RuleViolation | None:
    """The accident result notice (§2.7(6)): once the report is filed."""
    if case.status != Status.REPORT_FILED:
        return RuleViolation("§2.7(6)", gettext_noop("事故调查报告完成后才能开具事故调查结果通知书。"))
    return None


def notice_content(case: AccidentCase) -> dict[str, str]:
    return {"summary": case.description, "cause": case.cause, "rectification": case.countermeasures,
            "rectification_date": case.rectification_date.isoformat() if case.rectification_date else ""}


DOCUMENTS = {
    "survey_record": CaseDocument(precondition=on_site_refusal, prefill=survey_record_content),
    "transcript": CaseDocument(precondition=on_site_refusal, prefill=transcript_content),
    "accident_report": CaseDocument(precondition=report_refusal, prefill=report_content),
    "accident_result_notice": CaseDocument(precondition=notice_refusal, prefill=notice_content),
}
