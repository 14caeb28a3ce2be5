"""How a case page's action forms are answered, the same for every case type.

An action form posts to its own URL. With htmx it posts in the background and, when refused
(409) or invalid (400, 422), swaps only its own block out of the case page rendered again, so
what was typed stays, the refusal with its clause sits beside the form and the address bar keeps
the case page. Without JavaScript the form posts normally and the case page is rendered at the
action URL, which therefore answers a GET (a reload, the language switch) with the case page.

A case type's page gets this from:
- its action views: `@case_action("<app>:detail")`, `action_done(...)` on success, the case page
  rendered with the posted form (and the RuleViolation) and status 409/400/422 otherwise, and
  `action_gone(...)` when the posted action is no longer on the page;
- its template: `<form {% action_form url "action-<name>" confirm=question %}>` (case_actions
  tags) around `{% include "web/_form_fields.html" with form=... refusal=... %}`;
- irreversible steps: a form deriving from web.forms.ConfirmedForm and a `confirm` question;
- base.html's htmx-config, which swaps 400/409/422 answers and shows other errors as the page.
"""

from functools import wraps

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, resolve_url
from django.utils.translation import gettext as _

from utilicase.core.rules import RuleViolation


def case_action(case_view: str, key: str = "pk"):
    """An action URL of the case page `case_view` (a URL name taking the case's `key`): POST runs
    the view; any other method is sent to the case page. Pages rendered at the action URL name
    the case page as the place to come back to (`request.case_url`, the language switch's)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            request.case_url = resolve_url(case_view, **{key: kwargs[key]})
            if request.method != "POST":
                return redirect(request.case_url)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def action_done(request, url: str) -> HttpResponse:
    """After a successful action, to the case page: htmx follows HX-Redirect (a full page load,
    with the success message); a plain form gets 303 See Other, so a reload does not post again."""
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return SeeOther(url)


def action_gone(request, url: str, refusal: RuleViolation | None) -> HttpResponse:
    """The case moved on while the form was open (someone else acted) and the posted action is
    no longer on its page: there is no block to show the answer in, so the refusal goes with the
    messages and the browser to the case page."""
    if refusal is not None:
        messages.error(request, f"{refusal.text(_)} {refusal.clause}")
    return action_done(request, url)


class SeeOther(HttpResponseRedirect):
    status_code = 303
