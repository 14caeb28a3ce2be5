"""Response headers every page carries."""

from django.conf import settings
from django.db import NotSupportedError
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
