"""Discipline inspection's own pages: a member confirms or declines a proposal and removes a
membership of their unit (§6.7(iii)(1-6)). Anyone else gets the 404 of a grant that is not
there. Each answers by going back to the home page, where the unit's grants are listed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from utilicase.core.rules import RuleViolation
from utilicase.org import services
from utilicase.org.selectors import unit_grants

ACTIONS = {
    "confirm": (services.discipline_confirm, gettext_lazy("已确认：该员工成为纪检监察成员。")),
    "decline": (services.discipline_decline, gettext_lazy("已拒绝该提名。")),
    "remove": (services.discipline_remove, gettext_lazy("已撤销该成员资格。")),
}


@login_required
@require_POST
def grant_action(request, pk: int, action: str):
    grant = unit_grants(member=request.user).filter(pk=pk).first()
    if grant is None or action not in ACTIONS:
        raise Http404("no such grant")
    service, done = ACTIONS[action]
    try:
        service(actor=request.user, grant=grant, now=timezone.now())
    except RuleViolation as exc:
        messages.error(request, f"{exc.clause} {_(exc.message)}")
    else:
        messages.success(request, done)
    url = reverse("home") + "#discipline"
    if request.headers.get("HX-Request"):
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    return redirect(url)
