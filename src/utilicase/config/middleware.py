"""Response headers every page carries."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db import NotSupportedError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, reverse
from django.views.defaults import bad_request


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
    """SQLite's write lock could not be had in time: the transaction was rolled back, so nothing
    was stored. A page answers 503 with Retry-After, as the API does (config/api.py), rather than
    a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not (isinstance(exception, OperationalError) and "database is locked" in str(exception)):
            return None
        response = HttpResponse(render_to_string("503.html", request=request), status=503)
        response["Retry-After"] = "5"
        return response


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


class ApiMethodNotAllowedMiddleware:
    """An API address asked with a method it does not have answers 405 in the API's JSON error
    shape (`{"detail": ...}`) with the Allow header, not the framework's plain-text answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (response.status_code == 405 and request.path_info.startswith("/api/")
                and not response.get("Content-Type", "").startswith("application/json")):
            allowed = response.get("Allow", "")
            answer = JsonResponse({"detail": f"method {request.method} not allowed; allowed: {allowed}"},
                                  status=405)
            answer["Allow"] = allowed
            return answer
        return response
