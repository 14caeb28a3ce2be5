from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordChangeView
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from utilicase.calendar.selectors import open_deadlines_for
from utilicase.core import cases
from utilicase.org.selectors import password_change_required
from utilicase.org.services import password_change_own
from utilicase.web.roles import role_home
from utilicase.web.search import search as search_all
from utilicase.web.targets import describe_targets


@login_required
def home(request):
    now = timezone.now()
    deadlines = _openable(request.user, open_deadlines_for(user=request.user, now=now, limit=50))
    describe_targets(deadlines)
    return render(request, "web/home.html", {
        "now": now,
        "deadlines": deadlines,
        "overdue_count": sum(1 for d in deadlines if d.is_overdue),
        "role_home": role_home(request.user),
    })


def _openable(user, deadlines: list) -> list:
    """The deadlines without the unit's unowned ones on a case the user may not open: a unit's
    deadline is listed to all its staff, but a field worker of an office does not open the
    office's inspection orders (their links would answer 404). One query per case type
    (core.cases.openable), however many deadlines."""
    def unowned(d) -> bool:
        return d.owner_id is None and d.target_type in cases.CASE_TYPES

    asked = {(d.target_type, d.target_id) for d in deadlines if unowned(d)}
    opens = cases.openable(user, asked) if asked else set()
    return [d for d in deadlines if not unowned(d) or (d.target_type, d.target_id) in opens]


@never_cache
@login_required
def search(request):
    """Customers and cases by number, account, name or phone (web.search): a case number that
    is found opens that case."""
    found = search_all(user=request.user, text=request.GET.get("q", ""))
    if found.cases and not found.customers:
        return redirect(found.cases[0].url)
    return render(request, "web/search.html", {"found": found, "search_q": found.text})


@method_decorator(never_cache, name="dispatch")
class PasswordChange(PasswordChangeView):
    """The user changes their own password (the old one first). A member of discipline
    inspection whose password an administrator set is sent here before anything else."""

    template_name = "web/password_change.html"
    success_url = reverse_lazy("home")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "required": password_change_required(user=self.request.user)}

    def form_valid(self, form):
        user = password_change_own(user=self.request.user, new_password=form.cleaned_data["new_password1"],
                                   now=timezone.now())
        update_session_auth_hash(self.request, user)
        messages.success(self.request, _("密码已修改。"))
        return super(PasswordChangeView, self).form_valid(form)
