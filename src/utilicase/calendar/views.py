from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from utilicase.calendar.forms import DueForm
from utilicase.calendar.selectors import work_calendar


@login_required
def due(request):
    """Staff type a start and N working days and read when the limit ends."""
    now = timezone.localtime(timezone.now())
    form = DueForm(request.GET or None, initial={"start": now.strftime("%Y-%m-%d %H:%M"), "working_days": 5})
    result = label = None
    if form.is_bound and form.is_valid():
        try:
            result = work_calendar().due_in_working_days(form.cleaned_data["start"], form.cleaned_data["working_days"])
        except ValueError:  # past the last representable date
            form.add_error("start", _("请输入有效的日期时间，如 2026-09-30 10:00"))
        else:
            label = _("%(date)s 24:00前") % {"date": result.due_date.isoformat()}
    return render(request, "calendar/due.html", {"form": form, "result": result, "label": label})
