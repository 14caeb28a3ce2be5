from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from utilicase.calendar.selectors import open_deadlines_for
from utilicase.web.roles import role_home
from utilicase.web.targets import describe_targets


@login_required
def home(request):
    now = timezone.now()
    deadlines = open_deadlines_for(user=request.user, now=now, limit=50)
    describe_targets(deadlines)
    return render(request, "web/home.html", {
        "now": now,
        "deadlines": deadlines,
        "overdue_count": sum(1 for d in deadlines if d.is_overdue),
        "role_home": role_home(request.user),
    })
