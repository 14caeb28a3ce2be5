"""Response headers every page carries."""

import sys

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db import NotSupportedError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, reverse
from django.views import defaults
from django.views.defaults import bad_request

from utilicase.config.dbfaults import RETRY_AFTER_SECONDS, database_fault


class ContentSecurityPolicyMiddleware:
    """Sends settings.CONTENT_SECURITY_POLICY unless the view set its own policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


class AdminLookupMiddleware:
    """The admin filters its lists by whatever lookups the query string names (`?after__contains=`);
    one the database cannot run (JSON containment on SQLite) is bad input: 400, not a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        match = request.resolver_match
        if isinstance(exception, NotSupportedError) and match is not None and match.app_name == "admin":
            return bad_request(request, exception)
        return None


class DatabaseBusyMiddleware:
    """The database could not serve the request: SQLite's write lock was not had in time, or the
    database went away (down, or the connection dropped mid-request). The transaction did not
    commit, so nothing was stored: a page answers 503 with Retry-After, an /api/ path the JSON
    `{"detail": ...}` the API gives (config/api.py), rather than a server error. Other database
    errors stay server errors (dbfaults.database_fault)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        fault = database_fault(exception)
        return None if fault is None else database_fault_response(request, fault)


def database_fault_response(request, fault: str) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        response = JsonResponse({"detail": api_detail(fault)}, status=503)
    elif fault == "busy":
        response = HttpResponse(render_to_string("503.html", request=request), status=503)
    else:
        # Rendered without the request: its context would read the signed-in user from the
        # database that is not there.
        response = HttpResponse(render_to_string("503_unavailable.html"), status=503)
    response["Retry-After"] = RETRY_AFTER_SECONDS
    return response


def server_error(request):
    """handler500: a database that is not there when the request begins (the session or the user
    read by a middleware, before any view) is a 503 too; anything else is the usual 500 page."""
    exception = sys.exc_info()[1]
    fault = database_fault(exception) if exception is not None else None
    if fault is not None:
        return database_fault_response(request, fault)
    return defaults.server_error(request)


def api_detail(fault: str) -> str:
    """The API speaks English to programs, as its other errors do."""
    if fault == "busy":
        return "the database is busy; nothing was stored, try again"
    return "the database is unavailable; nothing was stored, try again"


class PasswordChangeRequiredMiddleware:
    """A member of discipline inspection whose password was last set by someone else (an
    administrator) changes it before anything else (§6.7(iii)(1-6)): every page but the password
    page, signing out and the language switch sends them there; the API answers 403. The reports'
    access functions refuse them meanwhile too (org.selectors.member_unit_id), which also covers
    API tokens."""

    ALLOWED = ("password_change", "logout", "set_language")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from utilicase.org.selectors import password_change_required

        user = getattr(request, "user", None)
        if user is None or not password_change_required(user=user):
            return self.get_response(request)
        if request.path_info.startswith(settings.STATIC_URL) or request.path_info == "/favicon.ico":
            return self.get_response(request)
        try:
            name = resolve(request.path_info).url_name
        except Resolver404:
            name = None
        if name in self.ALLOWED:
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": "password change required: an administrator set this password"},
                                status=403)
        return redirect_to_login(request.get_full_path(), reverse("password_change"), "next")


class ApiErrorShapeMiddleware:
    """An API address asked with a method it does not have (405, with the Allow header), or an
    address under /api/ that no operation matches (404, e.g. a path parameter of the wrong form),
    answers in the API's JSON error shape (`{"detail": ...}`), not the site's HTML pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (response.status_code not in (404, 405) or not request.path_info.startswith("/api/")
                or response.get("Content-Type", "").startswith("application/json")):
            return response
        if response.status_code == 404:
            return JsonResponse({"detail": "not found"}, status=404)
        allowed = response.get("Allow", "")
        answer = JsonResponse({"detail": f"method {request.method} not allowed; allowed: {allowed}"}, status=405)
        answer["Allow"] = allowed
        return answer
