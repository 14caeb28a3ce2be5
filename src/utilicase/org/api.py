from datetime import date, datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from utilicase.calendar.selectors import open_deadlines_for
from utilicase.org.selectors import units_in_scope

router = Router(tags=["organisation"])


class UnitOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    utility: str
    parent_id: int | None


class MyDeadlineOut(Schema):
    kind: str
    clause: str
    target_type: str
    target_id: str
    due_at: datetime
    due_date: date | None
    provisional: bool
    overdue: bool


class MeOut(Schema):
    username: str
    full_name: str
    role: str
    unit: UnitOut | None
    open_deadlines: list[MyDeadlineOut]


@router.get("/me", response=MeOut, summary="Who am I: role, unit, open deadlines by due time")
def me(request: HttpRequest):
    user = request.auth
    deadlines = open_deadlines_for(user=user, now=timezone.now(), limit=100)
    return {
        "username": user.username,
        "full_name": user.full_name,
        "role": user.role,
        "unit": user.unit,
        "open_deadlines": [
            {"kind": d.kind, "clause": d.clause, "target_type": d.target_type, "target_id": d.target_id,
             "due_at": d.due_at, "due_date": d.due_date, "provisional": d.provisional, "overdue": d.is_overdue}
            for d in deadlines
        ],
    }


@router.get("/units", response=list[UnitOut], summary="The units in my scope: my unit and those below it")
def units(request: HttpRequest):
    return list(units_in_scope(user=request.auth).order_by("path"))
