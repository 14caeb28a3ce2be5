"""The REST API under /api/v1/ (django-ninja), with its OpenAPI document at /api/v1/openapi.json."""

from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from utilicase.config.api_types import TextSafeParser
from utilicase.config.dbfaults import RETRY_AFTER_SECONDS, database_fault
from utilicase.config.middleware import api_detail
from utilicase.core.rules import RuleViolation
from utilicase.org.auth import api_auth

api = NinjaAPI(
    title="utilicase API",
    version="1",
    urls_namespace="api",
    auth=api_auth,
    parser=TextSafeParser(),
    description="Cases under the service regulation. Refused actions answer 409 with the clause.",
)


@api.exception_handler(RuleViolation)
def rule_violation(request: HttpRequest, exc: RuleViolation):
    return api.create_response(request, exc.as_dict(), status=409)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError):
    # A body the parser refused (see TextSafeParser) is bad input: 422 with the fields, not 400.
    if exc.status_code == 400 and isinstance(exc.__cause__, ValidationError):
        return api.create_response(request, {"detail": exc.__cause__.errors}, status=422)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: RequestDataTooBig):
    return api.create_response(request, {"detail": [{"loc": ["body"], "msg": str(exc), "type": "too_big"}]},
                               status=413)


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def database_unavailable(request: HttpRequest, exc: OperationalError | InterfaceError):
    """SQLite's write lock could not be had in time, or the database went away mid-request: nothing
    was stored; ask the client to retry (config/dbfaults.py). Other database errors are server errors."""
    fault = database_fault(exc)
    if fault is None:
        raise exc
    response = api.create_response(request, {"detail": api_detail(fault)}, status=503)
    response["Retry-After"] = RETRY_AFTER_SECONDS
    return response


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError):
    return api.create_response(request, {"detail": "authentication required"}, status=401)


def _mount() -> None:
    from utilicase.accidents.api import router as accidents_router
    from utilicase.billing.api import router as billing_router
    from utilicase.calendar.api import router as calendar_router
    from utilicase.complaints.api import router as complaints_router
    from utilicase.customers.api import router as customers_router
    from utilicase.documents.api import router as documents_router
    from utilicase.enforcement.api import router as enforcement_router
    from utilicase.evidence.api import router as evidence_router
    from utilicase.fees.api import router as fees_router
    from utilicase.fieldwork.api import router as fieldwork_router
    from utilicase.inspections.api import router as inspections_router
    from utilicase.notifications.api import router as notifications_router
    from utilicase.org.api import router as org_router
    from utilicase.whistleblowing.api import router as reports_router

    api.add_router("/", org_router)
    api.add_router("/calendar", calendar_router)
    api.add_router("/customers", customers_router)
    api.add_router("/complaints", complaints_router)
    api.add_router("/whistleblower-reports", reports_router)
    api.add_router("/documents", documents_router)
    api.add_router("/evidence", evidence_router)
    api.add_router("/inspections", inspections_router)
    api.add_router("/enforcement", enforcement_router)
    api.add_router("/accidents", accidents_router)
    api.add_router("/billing", billing_router)
    api.add_router("/fieldwork", fieldwork_router)
    api.add_router("/", fees_router)
    api.add_router("/notifications", notifications_router)


_mount()
