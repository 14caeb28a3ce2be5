"""Enforcement API under /api/v1/enforcement (chapter 1, §2.6(2)-(5)).

Answers: 201/200 with the case; 422 `{"detail": [{"loc": [...], "msg": ...}]}` naming the field
and the reason for bad input (nothing is stored); 403 for an action the caller may not take;
409 `{"clause", "detail"}` for an action the regulation refuses now; 404 for a case that is
missing or out of the caller's sight (not told apart). Times are ISO 8601; a time without an
offset is Asia/Shanghai.

Documents of a case (violation or theft notice, survey record, transcript, suspension notice,
restoration notice) are made, issued and served through /api/v1/documents with target type
`enforcement.enforcementcase`; evidence through /api/v1/evidence; payments of its receivables
through /api/v1/billing."""

from datetime import datetime

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status as Answer

from utilicase.calendar.selectors import deadlines_for
from utilicase.config.api_types import CappedPages, DbId, invalid_input
from utilicase.enforcement import selectors, services
from utilicase.enforcement.models import EnforcementCase, Referral, Suspension, SuspensionApplication
from utilicase.enforcement.permissions import NotAllowed
from utilicase.enforcement.schemas import (
    EnforcementActStoppedIn,
    EnforcementApplicationIn,
    EnforcementApplicationOut,
    EnforcementCaseIn,
    EnforcementCaseOut,
    EnforcementCaseSummary,
    EnforcementChargeIn,
    EnforcementCommentIn,
    EnforcementFeesIn,
    EnforcementInspectorsIn,
    EnforcementLegalBasisOut,
    EnforcementNoteIn,
    EnforcementOptionalNoteIn,
    EnforcementOutcomeIn,
    EnforcementOverdueReportRow,
    EnforcementReasonIn,
    EnforcementReferralIn,
    EnforcementReportIn,
    EnforcementSuspendIn,
    KindCode,
    StatusCode,
    SupplyCode,
)
from utilicase.org.models import User

router = Router(tags=["enforcement"])

PAGE_SIZE = 50


def _users(usernames: list[str], field: str) -> list[User]:
    found = {u.username: u for u in User.objects.filter(username__in=usernames).select_related("unit")}
    missing = [name for name in usernames if name not in found]
    if missing:
        raise invalid_input({field: f"no member of staff {', '.join(repr(m) for m in missing)}"})
    return [found[name] for name in usernames]


def _get(request: HttpRequest, case_id: int, now: datetime) -> EnforcementCase:
    try:
        return selectors.case_get(user=request.auth, id=case_id, now=now)
    except EnforcementCase.DoesNotExist:
        raise Http404("enforcement case not found") from None


def _out(request: HttpRequest, case_id: int, now: datetime) -> EnforcementCase:
    case = _get(request, case_id, now)
    case.fee_lines = [{"text": str(line.get("text", "")), "amount_yuan": line.get("amount_yuan"),
                       "rule": str(line.get("rule") or "")} for line in selectors.fee_lines(case=case)]
    case.balance = selectors.balance(case)
    case.receivables = list(selectors.receivables(case=case)) if case.charged_at else []
    case.application_rows = list(selectors.applications(case=case))
    case.suspension_rows = list(selectors.suspensions(case=case))
    case.referral_rows = list(selectors.referrals(case=case))
    case.deadlines = list(deadlines_for(target=case, now=now))
    case.actions = [
        {"name": a.name, "clause": a.clause, "allowed": a.refusal is None, "permitted": a.permitted,
         "refused_clause": a.refusal.clause if a.refusal else None,
         "refused_detail": a.refusal.message if a.refusal else None}
        for a in selectors.case_actions(user=request.auth, case=case, now=now)
    ]
    return case


def _call(action, **rename):
    try:
        return action()
    except NotAllowed as exc:
        raise HttpError(403, str(exc)) from None
    except services.EnforcementInvalid as exc:
        raise invalid_input(exc.errors, rename=rename) from None


def _run(request: HttpRequest, case_id: int, action, **rename):
    """One service call on a visible case, answered with the case."""
    now = timezone.now()
    case = _get(request, case_id, now)
    _call(lambda: action(case=case, now=now), **rename)
    return _out(request, case_id, now)


# -- cases --------------------------------------------------------------------------------------------------

@router.post("/cases", response={201: EnforcementCaseOut}, summary="Open a case found on site (§2.6(2)-(3))")
def create_case(request: HttpRequest, payload: EnforcementCaseIn):
    """Kind VIOLATION or THEFT of a customer served by the caller's unit; `inspectors`
    (usernames) default to the caller; the act stopped at once (§2.6(3)): `act_stopped_at` and
    `act_stopped_how`, here or with /cases/{id}/act-stopped. Cases are also opened from an
    inspection finding of suspected violation or theft (inspections API)."""
    now = timezone.now()
    customer = selectors.customers_for(user=request.auth).filter(pk=payload.customer_id).first()
    if customer is None:
        raise invalid_input({"customer_id": "no customer with this id served by your unit"})
    inspectors = _users(payload.inspectors, "inspectors") if payload.inspectors else None
    case = _call(lambda: services.case_open(
        actor=request.auth, kind=payload.kind, customer=customer, facts=payload.facts,
        discovered_at=payload.discovered_at, inspectors=inspectors, act_stopped_at=payload.act_stopped_at,
        act_stopped_how=payload.act_stopped_how, now=now), customer="customer_id")
    return Answer(201, _out(request, case.pk, now))


@router.get("/cases", response=list[EnforcementCaseSummary], summary="Enforcement cases the caller may see")
@paginate(CappedPages, page_size=PAGE_SIZE)
def list_cases(request: HttpRequest, status: StatusCode | None = None, kind: KindCode | None = None,
               supply: SupplyCode | None = None):
    return selectors.case_list(user=request.auth, now=timezone.now(),
                               filters=selectors.Filters(status=status, kind=kind, supply=supply))


@router.get("/cases/{case_id}", response=EnforcementCaseOut, summary="One enforcement case")
def get_case(request: HttpRequest, case_id: DbId):
    return _out(request, case_id, timezone.now())


@router.post("/cases/{case_id}/act-stopped", response=EnforcementCaseOut, summary="The act stopped at once (§2.6(3))")
def act_stopped(request: HttpRequest, case_id: DbId, payload: EnforcementActStoppedIn):
    return _run(request, case_id, lambda **kw: services.case_record_act_stopped(
        actor=request.auth, stopped_at=payload.stopped_at, how=payload.how, **kw))


@router.post("/cases/{case_id}/inspectors", response=EnforcementCaseOut, summary="Assign the case's inspectors")
def assign(request: HttpRequest, case_id: DbId, payload: EnforcementInspectorsIn):
    inspectors = _users(payload.inspectors, "inspectors")
    return _run(request, case_id, lambda **kw: services.case_assign_inspectors(
        actor=request.auth, inspectors=inspectors, **kw))


@router.post("/cases/{case_id}/serve-notice", response=EnforcementCaseOut,
             summary="The violation or theft notice is served (§2.6(3))")
def serve_notice(request: HttpRequest, case_id: DbId):
    return _run(request, case_id, lambda **kw: services.case_serve_notice(actor=request.auth, **kw))


@router.post("/cases/{case_id}/fees", response=EnforcementCaseOut,
             summary="Calculate back-billing and violation fee (§2.6(4))")
def calculate_fees(request: HttpRequest, case_id: DbId, payload: EnforcementFeesIn):
    """`data` is the calculator's input object (as POST /api/v1/calculations); errors name
    `data.<field>`."""
    return _run(request, case_id, lambda **kw: services.case_calculate_fees(actor=request.auth, data=payload.data,
                                                                             **kw))


@router.post("/cases/{case_id}/charge", response=EnforcementCaseOut, summary="Charge the fees as receivables (§2.6(4))")
def charge(request: HttpRequest, case_id: DbId, payload: EnforcementChargeIn):
    return _run(request, case_id, lambda **kw: services.case_charge(actor=request.auth, due_date=payload.due_date,
                                                                     **kw))


@router.post("/cases/{case_id}/correction", response=EnforcementCaseOut, summary="The correction accepted (§2.6(4))")
def correction(request: HttpRequest, case_id: DbId, payload: EnforcementNoteIn):
    return _run(request, case_id, lambda **kw: services.case_accept_correction(actor=request.auth,
                                                                                note=payload.note, **kw))


@router.post("/cases/{case_id}/liability", response=EnforcementCaseOut, summary="The liability borne (§2.6(4))")
def liability(request: HttpRequest, case_id: DbId, payload: EnforcementNoteIn):
    return _run(request, case_id, lambda **kw: services.case_record_liability(actor=request.auth,
                                                                               note=payload.note, **kw))


@router.post("/cases/{case_id}/suspend", response=EnforcementCaseOut,
             summary="Suspend or limit supply on the case's path (§1.1, §1.2, §1.3)")
def suspend(request: HttpRequest, case_id: DbId, payload: EnforcementSuspendIn):
    """The path follows the case: on site at once for a residential or general customer's theft
    (§1.2(1)); after the two approvals for an important customer (§1.2(2)); once fees are past
    due and the suspension notice served (§1.1). What was told on site (§1.3)."""
    return _run(request, case_id, lambda **kw: services.case_suspend(
        actor=request.auth, scope=payload.scope, legal_basis=payload.legal_basis,
        customer_response=payload.customer_response, response_note=payload.response_note,
        police_called_at=payload.police_called_at, superior_reported_at=payload.superior_reported_at,
        superior_name=payload.superior_name, suspended_at=payload.suspended_at, **kw))


@router.post("/cases/{case_id}/restore", response=EnforcementCaseOut,
             summary="Restore supply: paid, corrected, liability borne (§2.6(4))")
def restore(request: HttpRequest, case_id: DbId):
    return _run(request, case_id, lambda **kw: services.case_restore(actor=request.auth, **kw))


@router.post("/cases/{case_id}/applications", response={201: EnforcementCaseOut},
             summary="Apply to suspend an important customer's supply (§1.2(2))")
def apply(request: HttpRequest, case_id: DbId, payload: EnforcementApplicationIn):
    now = timezone.now()
    case = _get(request, case_id, now)
    _call(lambda: services.application_submit(actor=request.auth, case=case, reason=payload.reason,
                                              scope=payload.scope, now=now))
    return Answer(201, _out(request, case_id, now))


@router.post("/cases/{case_id}/referrals", response={201: EnforcementCaseOut},
             summary="Refer the case (§1.1, §2.6(4)-(5))")
def refer(request: HttpRequest, case_id: DbId, payload: EnforcementReferralIn):
    now = timezone.now()
    case = _get(request, case_id, now)
    _call(lambda: services.referral_record(actor=request.auth, case=case, reason=payload.reason,
                                           recipient=payload.recipient, referred_on=payload.referred_on,
                                           documents=payload.documents, now=now))
    return Answer(201, _out(request, case_id, now))


@router.post("/cases/{case_id}/close", response=EnforcementCaseOut, summary="Close the case (§2.6(4))")
def close(request: HttpRequest, case_id: DbId, payload: EnforcementOptionalNoteIn):
    return _run(request, case_id, lambda **kw: services.case_close(actor=request.auth, note=payload.note, **kw))


@router.post("/cases/{case_id}/dismiss", response=EnforcementCaseOut,
             summary="Dismiss a case the facts do not bear out (§2.6(1))")
def dismiss(request: HttpRequest, case_id: DbId, payload: EnforcementReasonIn):
    return _run(request, case_id, lambda **kw: services.case_dismiss(actor=request.auth, reason=payload.reason,
                                                                      **kw))


# -- applications (§1.2(2)) ------------------------------------------------------------------------------------

def _application(request: HttpRequest, application_id: int) -> SuspensionApplication:
    try:
        return selectors.application_get(user=request.auth, id=application_id)
    except SuspensionApplication.DoesNotExist:
        raise Http404("application not found") from None


def _decide(request: HttpRequest, application_id: int, service, **kwargs):
    application = _application(request, application_id)
    now = timezone.now()
    decided = _call(lambda: service(actor=request.auth, application=application, now=now, **kwargs))
    return selectors.application_get(user=request.auth, id=decided.pk)


@router.get("/applications/{application_id}", response=EnforcementApplicationOut, summary="One suspension application")
def get_application(request: HttpRequest, application_id: DbId):
    return _application(request, application_id)


@router.post("/applications/{application_id}/review", response=EnforcementApplicationOut,
             summary="Enterprise deputy manager reviews and submits (§1.2(2))")
def review(request: HttpRequest, application_id: DbId, payload: EnforcementCommentIn):
    return _decide(request, application_id, services.application_review, comment=payload.comment)


@router.post("/applications/{application_id}/approve", response=EnforcementApplicationOut,
             summary="Company deputy manager approves, after the review (§1.2(2))")
def approve(request: HttpRequest, application_id: DbId, payload: EnforcementCommentIn):
    return _decide(request, application_id, services.application_approve, comment=payload.comment)


@router.post("/applications/{application_id}/reject", response=EnforcementApplicationOut,
             summary="Reject with the reason; the application ends (§1.2(2))")
def reject(request: HttpRequest, application_id: DbId, payload: EnforcementReasonIn):
    return _decide(request, application_id, services.application_reject, reason=payload.reason)


# -- suspensions, referrals ----------------------------------------------------------------------------------------

@router.post("/suspensions/{suspension_id}/report", response=EnforcementCaseOut,
             summary="File the post-hoc report of an on-site suspension to the office head (§1.2(1))")
def report(request: HttpRequest, suspension_id: DbId, payload: EnforcementReportIn):
    try:
        suspension = selectors.suspension_get(user=request.auth, id=suspension_id)
    except Suspension.DoesNotExist:
        raise Http404("suspension not found") from None
    now = timezone.now()
    _call(lambda: services.suspension_report(actor=request.auth, suspension=suspension, text=payload.text, now=now))
    return _out(request, suspension.case_id, now)


@router.post("/referrals/{referral_id}/outcome", response=EnforcementCaseOut, summary="Record a referral's outcome")
def referral_outcome(request: HttpRequest, referral_id: DbId, payload: EnforcementOutcomeIn):
    try:
        referral = selectors.referral_get(user=request.auth, id=referral_id)
    except Referral.DoesNotExist:
        raise Http404("referral not found") from None
    now = timezone.now()
    _call(lambda: services.referral_record_outcome(actor=request.auth, referral=referral, outcome=payload.outcome,
                                                   now=now))
    return _out(request, referral.case_id, now)


# -- work lists, catalogue ---------------------------------------------------------------------------------------

@router.get("/work/applications", response=list[EnforcementApplicationOut],
            summary="Suspension applications waiting for my review or approval (§1.2(2))")
@paginate(CappedPages, page_size=PAGE_SIZE)
def work_applications(request: HttpRequest):
    return selectors.applications_to_decide(user=request.auth)


@router.get("/work/overdue-reports", response=list[EnforcementOverdueReportRow],
            summary="On-site suspensions whose post-hoc report is overdue (§1.2(1))")
@paginate(CappedPages, page_size=PAGE_SIZE)
def work_overdue_reports(request: HttpRequest):
    return selectors.overdue_reports(user=request.auth, now=timezone.now())


@router.get("/work/unpaid", response=list[EnforcementCaseSummary], summary="Charged cases past their due date (§1.1)")
@paginate(CappedPages, page_size=PAGE_SIZE)
def work_unpaid(request: HttpRequest):
    return selectors.unpaid_past_due(user=request.auth, now=timezone.now())


@router.get("/legal-basis", response=list[EnforcementLegalBasisOut],
            summary="The catalogue of rule set and article a suspension rests on (§1.3)")
def legal_basis(request: HttpRequest):
    from django.utils.translation import gettext

    return [{"code": code, "label": gettext(label)} for code, label in selectors.legal_basis_choices()]
