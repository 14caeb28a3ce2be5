"""Accidents API under /api/v1/accidents (§2.7).

Answers: 201/200 with the case; 422 naming the field for bad input; 403 for an action the
caller may not take; 409 `{"clause", "detail"}` for an action the regulation refuses now; 404
for a case missing or out of sight. Documents (survey record, transcript, accident report,
accident result notice) go through /api/v1/documents with target type
`accidents.accidentcase`; evidence (§2.7(3)) through /api/v1/evidence."""

from datetime import datetime

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status as Answer

from utilicase.accidents import selectors, services
from utilicase.accidents.models import AccidentCase, Damage
from utilicase.accidents.permissions import NotAllowed
from utilicase.accidents.schemas import (
    AccidentArriveIn,
    AccidentCaseIn,
    AccidentCaseOut,
    AccidentCaseSummary,
    AccidentCauseIn,
    AccidentChargeIn,
    AccidentClaimIn,
    AccidentCompensationIn,
    AccidentDamageIn,
    AccidentEntryIn,
    AccidentItemIn,
    AccidentNoteIn,
    AccidentNoticeIn,
    AccidentOptionalNoteIn,
    AccidentReportIn,
    AccidentRestoreIn,
    StatusCode,
)
from utilicase.calendar.selectors import deadlines_for
from utilicase.config.api_types import CappedPages, DbId, invalid_input
from utilicase.org.models import User

router = Router(tags=["accidents"])
PAGE_SIZE = 50


def _get(request: HttpRequest, case_id: int, now: datetime) -> AccidentCase:
    try:
        return selectors.case_get(user=request.auth, id=case_id, now=now)
    except AccidentCase.DoesNotExist:
        raise Http404("accident case not found") from None


def _out(request: HttpRequest, case_id: int, now: datetime) -> AccidentCase:
    case = _get(request, case_id, now)
    case.entry_rows = list(selectors.entries(case=case))
    case.item_rows = list(selectors.items(case=case))
    case.damage_rows = list(selectors.damages(case=case))
    case.deadline_rows = list(deadlines_for(target=case, now=now))
    case.actions = [{"name": o.transition.name, "clause": o.transition.clause, "allowed": o.allowed,
                     "refused_clause": o.refusal.clause if o.refusal else None,
                     "refused_detail": o.refusal.message if o.refusal else None}
                    for o in selectors.options(case)]
    return case


def _call(action):
    try:
        return action()
    except NotAllowed as exc:
        raise HttpError(403, str(exc)) from None
    except services.AccidentInvalid as exc:
        raise invalid_input(exc.errors) from None


def _run(request: HttpRequest, case_id: int, action):
    now = timezone.now()
    case = _get(request, case_id, now)
    _call(lambda: action(case=case, now=now))
    return _out(request, case_id, now)


@router.post("/cases", response={201: AccidentCaseOut}, summary="Take a customer's accident report (§2.7(2))")
def create_case(request: HttpRequest, payload: AccidentCaseIn):
    now = timezone.now()
    customer = selectors.customers_for(user=request.auth).filter(pk=payload.customer_id).first()
    if customer is None:
        raise invalid_input({"customer_id": "no customer with this id served by your unit"})
    inspectors = None
    if payload.inspectors:
        found = {u.username: u for u in User.objects.filter(username__in=payload.inspectors).select_related("unit")}
        if len(found) != len(set(payload.inspectors)):
            raise invalid_input({"inspectors": "no such member of staff"})
        inspectors = [found[n] for n in payload.inspectors]
    case = _call(lambda: services.case_open(
        actor=request.auth, customer=customer, description=payload.description, reported_at=payload.reported_at,
        reported_by_name=payload.reported_by_name, accident_at=payload.accident_at,
        supply_interrupted=payload.supply_interrupted, inspectors=inspectors, now=now))
    return Answer(201, _out(request, case.pk, now))


@router.get("/cases", response=list[AccidentCaseSummary], summary="Accident cases the caller may see")
@paginate(CappedPages, page_size=PAGE_SIZE)
def list_cases(request: HttpRequest, status: StatusCode | None = None):
    return selectors.case_list(user=request.auth, now=timezone.now(), filters=selectors.Filters(status=status))


@router.get("/cases/{case_id}", response=AccidentCaseOut, summary="One accident case")
def get_case(request: HttpRequest, case_id: DbId):
    return _out(request, case_id, timezone.now())


@router.post("/cases/{case_id}/arrive", response=AccidentCaseOut, summary="On site: identity, witness (§2.7(1)-(2))")
def arrive(request: HttpRequest, case_id: DbId, payload: AccidentArriveIn):
    return _run(request, case_id, lambda **kw: services.case_arrive(
        actor=request.auth, dispatched_at=payload.dispatched_at, arrived_at=payload.arrived_at,
        identity_shown=payload.identity_shown, witness_name=payload.witness_name, **kw))


@router.post("/cases/{case_id}/entries", response=AccidentCaseOut, summary="An investigation entry (§2.7(1))")
def add_entry(request: HttpRequest, case_id: DbId, payload: AccidentEntryIn):
    return _run(request, case_id, lambda **kw: services.entry_add(
        actor=request.auth, at=payload.at, text=payload.text, operated_by=payload.operated_by,
        inspector_operated_equipment=payload.inspector_operated_equipment, **kw))


@router.post("/cases/{case_id}/cause", response=AccidentCaseOut, summary="The cause (§2.7(2))")
def cause(request: HttpRequest, case_id: DbId, payload: AccidentCauseIn):
    return _run(request, case_id, lambda **kw: services.case_record_cause(actor=request.auth, cause=payload.cause,
                                                                          **kw))


@router.post("/cases/{case_id}/end", response=AccidentCaseOut, summary="End the investigation (§2.7(2), (4))")
def end(request: HttpRequest, case_id: DbId):
    return _run(request, case_id, lambda **kw: services.case_end_investigation(actor=request.auth, **kw))


@router.post("/cases/{case_id}/cause-removed", response=AccidentCaseOut, summary="Cause confirmed removed (§2.7(2))")
def cause_removed(request: HttpRequest, case_id: DbId, payload: AccidentNoteIn):
    return _run(request, case_id, lambda **kw: services.case_confirm_cause_removed(
        actor=request.auth, note=payload.note, **kw))


@router.post("/cases/{case_id}/restore", response=AccidentCaseOut, summary="Supply restored (§2.7(2))")
def restore(request: HttpRequest, case_id: DbId, payload: AccidentRestoreIn):
    return _run(request, case_id, lambda **kw: services.case_restore(
        actor=request.auth, restored_at=payload.restored_at, **kw))


@router.post("/cases/{case_id}/items", response=AccidentCaseOut, summary="A don't-let-go item carried out (§2.7(4))")
def item(request: HttpRequest, case_id: DbId, payload: AccidentItemIn):
    return _run(request, case_id, lambda **kw: services.item_record(
        actor=request.auth, item=payload.item, record=payload.record, **kw))


@router.post("/cases/{case_id}/report", response=AccidentCaseOut, summary="The signed report filed (§2.7(4))")
def report(request: HttpRequest, case_id: DbId, payload: AccidentReportIn):
    return _run(request, case_id, lambda **kw: services.case_file_report(
        actor=request.auth, countermeasures=payload.countermeasures, **kw))


@router.post("/cases/{case_id}/notice", response=AccidentCaseOut, summary="The result notice served (§2.7(6))")
def notice(request: HttpRequest, case_id: DbId, payload: AccidentNoticeIn):
    return _run(request, case_id, lambda **kw: services.case_issue_notice(
        actor=request.auth, rectification_date=payload.rectification_date, **kw))


@router.post("/cases/{case_id}/reinspect", response=AccidentCaseOut, summary="Rectification re-inspected (§2.7(6))")
def reinspect(request: HttpRequest, case_id: DbId, payload: AccidentNoteIn):
    return _run(request, case_id, lambda **kw: services.case_reinspect(actor=request.auth, note=payload.note, **kw))


@router.post("/cases/{case_id}/refusal", response=AccidentCaseOut, summary="Refusal to rectify (§2.7(6))")
def refusal(request: HttpRequest, case_id: DbId, payload: AccidentNoteIn):
    return _run(request, case_id, lambda **kw: services.case_record_refusal(
        actor=request.auth, note=payload.note, **kw))


@router.post("/cases/{case_id}/refer", response=AccidentCaseOut, summary="Referred to company management (§2.7(6))")
def refer(request: HttpRequest, case_id: DbId, payload: AccidentNoteIn):
    return _run(request, case_id, lambda **kw: services.case_refer(actor=request.auth, note=payload.note, **kw))


@router.post("/cases/{case_id}/close", response=AccidentCaseOut, summary="Close (§2.7(4))")
def close(request: HttpRequest, case_id: DbId, payload: AccidentOptionalNoteIn):
    return _run(request, case_id, lambda **kw: services.case_close(actor=request.auth, note=payload.note, **kw))


@router.post("/cases/{case_id}/compensation", response=AccidentCaseOut, summary="Calculate compensation (§2.7(5))")
def compensation(request: HttpRequest, case_id: DbId, payload: AccidentCompensationIn):
    return _run(request, case_id, lambda **kw: services.case_calculate_compensation(
        actor=request.auth, data=payload.dict(), **kw))


@router.post("/cases/{case_id}/compensation/charge", response=AccidentCaseOut,
             summary="Charge the compensation to billing (§2.7(5))")
def charge(request: HttpRequest, case_id: DbId, payload: AccidentChargeIn):
    return _run(request, case_id, lambda **kw: services.case_charge_compensation(
        actor=request.auth, due_date=payload.due_date, **kw))


@router.post("/cases/{case_id}/damages", response=AccidentCaseOut, summary="Other damage assessed (§2.7(5))")
def damage(request: HttpRequest, case_id: DbId, payload: AccidentDamageIn):
    return _run(request, case_id, lambda **kw: services.damage_record(
        actor=request.auth, description=payload.description, assessment=payload.assessment,
        assessed_amount=payload.assessed_amount, claim=payload.claim, **kw))


@router.post("/damages/{damage_id}/claim", response=AccidentCaseOut, summary="Claim of other damage (§2.7(5))")
def claim(request: HttpRequest, damage_id: DbId, payload: AccidentClaimIn):
    now = timezone.now()
    row = Damage.objects.filter(pk=damage_id).only("case_id").first()
    if row is None:
        raise Http404("damage not found")
    case = _get(request, row.case_id, now)
    _call(lambda: services.damage_claim(actor=request.auth, damage=row, claim=payload.claim,
                                        settled=payload.settled, now=now))
    return _out(request, case.pk, now)
