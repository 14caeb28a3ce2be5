"""The inbox page: the reader's own notices, marking them read, and their lead time."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from utilicase.notifications import selectors, services
from utilicase.notifications.forms import PreferenceForm
from utilicase.notifications.models import Notification
from utilicase.web.paging import CappedPaginator

PAGE_SIZE = 25


@login_required
def inbox(request, form: PreferenceForm | None = None):
    page = CappedPaginator(selectors.inbox(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.decorate(page.object_list)
    if form is None:
        form = PreferenceForm(initial={"lead_hours": selectors.lead_hours(user=request.user)})
    return render(request, "notifications/inbox.html", {
        "page": page, "form": form, "default_lead_hours": settings.NOTIFY_LEAD_HOURS,
        "unread": selectors.unread_count(user=request.user),
    })


@login_required
@require_POST
def mark_read(request, pk: int):
    """Mark one of the reader's notices read, then go to its case when asked to (`open`)."""
    try:
        notice = services.mark_read(user=request.user, notification_id=pk, now=timezone.now())
    except Notification.DoesNotExist:
        raise Http404 from None
    nxt = request.POST.get("next", "")
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return redirect(nxt)
    if request.POST.get("open"):
        url = selectors.decorate([notice])[0].url
        if url:
            return redirect(url)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(user=request.user, now=timezone.now())
    messages.success(request, _("已将 %(count)s 条通知标为已读。") % {"count": count})
    return redirect("notifications:inbox")


@login_required
@require_POST
def preferences(request):
    form = PreferenceForm(request.POST)
    if not form.is_valid():
        return inbox(request, form=form)
    services.preference_set(user=request.user, lead_hours=form.cleaned_data["lead_hours"], now=timezone.now())
    messages.success(request, _("通知设置已保存。"))
    return redirect("notifications:inbox")
