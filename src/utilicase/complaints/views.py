"""Complaint pages: the work list, the intake form (with the customer lookup as you type), the
case page with its actions, and the KPIs. Each view reads the clock, parses a form, and calls
one selector or one service."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from utilicase.audit.timeline import case_timeline
from utilicase.calendar.selectors import deadlines_for
from utilicase.complaints import forms, selectors, services
from utilicase.complaints.models import Complaint
from utilicase.complaints.permissions import can_receive_complaint
from utilicase.core.rules import RuleViolation
from utilicase.customers.selectors import customer_find_for_intake
from utilicase.web.actions import action_done, action_gone, case_action
from utilicase.web.exports import Column, deadline_text, export_format, export_rows, table_response
from utilicase.web.paging import CappedPaginator

PAGE_SIZE = 25
LOOKUP_MIN = 3
OPEN_SHOWN = 5  # open complaints named in the intake warning


def _party(c: Complaint) -> str:
    return f"{c.customer.account_number} {c.customer.name}" if c.customer else c.contact_name


def _owner(c: Complaint) -> str:
    return c.current_owner.display_name if c.current_owner else c.current_owner_unit.name


# The work list's columns, as its page shows them (worklist.html).
WORKLIST_COLUMNS = (
    Column(gettext_lazy("编号"), lambda c: c.number),
    Column(gettext_lazy("客户 / 联系人"), _party),
    Column(gettext_lazy("渠道"), lambda c: c.get_channel_display()),
    Column(gettext_lazy("状态"), lambda c: c.get_status_display()),
    Column(gettext_lazy("当前办理"), _owner),
    Column(gettext_lazy("期限"), lambda c: deadline_text(c.open_deadline, overdue=c.is_overdue)),
)


@login_required
def worklist(request):
    now = timezone.now()
    form = forms.WorklistFilter(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.Filters(status=data.get("status") or None, overdue=data.get("overdue"),
                                text=data.get("q") or "")
    complaints = selectors.complaint_worklist(user=request.user, now=now, filters=filters,
                                              everything=bool(data.get("all")))
    fmt = export_format(request)
    if fmt:
        return table_response(fmt=fmt, name="complaints", title=pgettext_lazy("section", "投诉"),
                              columns=WORKLIST_COLUMNS, rows=export_rows(complaints))
    page = CappedPaginator(complaints, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "complaints/worklist.html", {
        "page": page, "form": form, "now": now, "everything": bool(data.get("all")),
        "can_receive": can_receive_complaint(request.user),
    })


@login_required
def new(request):
    if not can_receive_complaint(request.user):
        raise PermissionDenied
    now = timezone.now()
    customer = None
    if request.method == "POST":
        form = forms.IntakeForm(request.POST)
        valid = form.is_valid()
        picked = form.cleaned_data.get("customer")
        if picked:
            customer = selectors.intake_customer(user=request.user, id=picked)
        if valid:
            data = form.cleaned_data
            try:
                if picked and customer is None:
                    raise services.ComplaintInvalid({"customer": _("本公司没有这个客户。")})
                complaint = services.complaint_receive(
                    actor=request.user, channel=data["channel"], customer=customer,
                    contact_name=data["contact_name"], contact_phone=data["contact_phone"],
                    no_contact=data["no_contact"], content=data["content"],
                    reception_started_at=data["reception_started_at"],
                    reception_ended_at=now if data["end_now"] else data["reception_ended_at"], now=now)
            except services.ComplaintInvalid as exc:
                _add_errors(form, exc.errors)
            else:
                messages.success(request, _("已受理投诉 %(number)s。") % {"number": complaint.number})
                return redirect("complaints:detail", complaint.pk)
        status = 400
    else:
        minute = timezone.localtime(now).replace(second=0, microsecond=0)
        form = forms.IntakeForm(initial={"reception_started_at": minute, "reception_ended_at": minute})
        status = 200
    return render(request, "complaints/new.html", {
        "form": form, "customer": customer, "customer_list": [customer] if customer else [],
        **_open_complaints(request.user, customer, now),
    }, status=status)


@login_required
def customer_lookup(request):
    """The intake form's lookup (htmx): matches by account number (prefix) or phone."""
    if not can_receive_complaint(request.user):
        raise PermissionDenied
    text = request.GET.get("q", "").strip()
    matches = customer_find_for_intake(user=request.user, text=text) if len(text) >= LOOKUP_MIN else []
    return render(request, "complaints/_customer_matches.html",
                  {"matches": matches, "q": text, "too_short": 0 < len(text) < LOOKUP_MIN})


@login_required
def customer_pick(request):
    """The intake form's pick of a match (htmx): the contact fields filled from the customer record
    (the clerk may still edit them) and a warning of the customer's open complaints. "None of
    these" keeps what was typed."""
    if not can_receive_complaint(request.user):
        raise PermissionDenied
    picked = request.GET.get("customer", "")
    if picked:
        customer = selectors.intake_customer(user=request.user, id=int(picked)) if picked.isdigit() else None
        if customer is None:
            raise Http404
        contact = {"contact_name": customer.name, "contact_phone": customer.contact_phone}
    else:
        customer = None
        contact = {field: request.GET.get(field, "") for field in ("contact_name", "contact_phone")}
    return render(request, "complaints/_customer_pick.html", {
        "form": forms.IntakeForm(initial=contact), **_open_complaints(request.user, customer, timezone.now()),
    })


def _open_complaints(user, customer, now) -> dict:
    """The intake warning: the customer's first OPEN_SHOWN open complaints and how many there are."""
    if customer is None:
        return {}
    complaints = selectors.customer_open_complaints(user=user, customer=customer, now=now)
    shown = list(complaints[:OPEN_SHOWN])
    count = len(shown) if len(shown) < OPEN_SHOWN else complaints.count()
    return {"open_complaints": shown, "open_count": count, "customer": customer}


def _get(request, pk: int, now) -> Complaint:
    try:
        return selectors.complaint_get(user=request.user, id=pk, now=now)
    except Complaint.DoesNotExist:
        raise Http404 from None


def _form_for(name: str, complaint: Complaint, data=None):
    auto_id = f"id_{name}_%s"  # several action forms share a page
    if name == "complete_form":
        return forms.FormCompleteForm(data, initial={"content": complaint.content}, auto_id=auto_id)
    if name == "route":
        return forms.RouteForm(data, complaint=complaint, auto_id=auto_id)
    if name == "hand_over":
        return forms.HandOverForm(data, complaint=complaint, auto_id=auto_id)
    if name == "confirm_record":
        return forms.RecordConfirmForm(data, complaint=complaint, auto_id=auto_id)
    return ACTION_FORMS[name](data, auto_id=auto_id)


ACTION_FORMS = {
    "assess": forms.AssessForm, "reply": forms.ReplyForm,
    "close": forms.CloseForm, "link": forms.LinkForm,
    "return_visit": forms.ReturnVisitForm, "reply_again": forms.ReplyAgainForm,
    "vip_room": forms.CounterRecordForm, "hall_head_told": forms.CounterRecordForm,
}
SECONDARY = ("hand_over", "link", "vip_room", "hall_head_told")
# Irreversible steps ask first.
CONFIRM = {"close": gettext_lazy("办结后不能再答复或修改。确定办结这件投诉吗？")}
ACTION_LABELS = {
    "complete_form": gettext_lazy("完成投诉单"), "confirm_record": gettext_lazy("客户已核对确认记录"),
    "assess": gettext_lazy("分类研判"), "route": gettext_lazy("转办"), "reply": gettext_lazy("答复客户"),
    "close": gettext_lazy("办结"), "return_visit": gettext_lazy("回访"), "reply_again": gettext_lazy("再次答复客户"),
    "hand_over": gettext_lazy("移交首问责任"), "link": gettext_lazy("关联"),
    "vip_room": gettext_lazy("已引导客户到贵宾室"), "hall_head_told": gettext_lazy("已报告营业厅负责人"),
}


def _perform(name: str, *, user, complaint: Complaint, data: dict, now):
    if name == "complete_form":
        return services.complaint_form_complete(actor=user, complaint=complaint, content=data["content"], now=now)
    if name == "confirm_record":
        return services.complaint_record_confirm(actor=user, complaint=complaint, now=now, **data)
    if name == "assess":
        return services.complaint_assess(actor=user, complaint=complaint, now=now, **data)
    if name == "route":
        return services.complaint_route(actor=user, complaint=complaint, unit=data["unit"], handler=data["handler"],
                                        reason=data["reason"], now=now)
    if name == "reply":
        return services.complaint_reply(actor=user, complaint=complaint, method=data["method"],
                                        content=data["content"], now=now)
    if name == "close":
        return services.complaint_close(actor=user, complaint=complaint, now=now)
    if name == "return_visit":
        return services.complaint_return_visit(actor=user, complaint=complaint, now=now, **data)
    if name == "reply_again":
        return services.complaint_reply_again(actor=user, complaint=complaint, content=data["content"], now=now)
    if name == "hand_over":
        return services.complaint_hand_over(actor=user, complaint=complaint, to_user=data["to_user"],
                                            note=data["note"], now=now)
    if name == "link":
        return services.complaint_link(actor=user, complaint=complaint, now=now, **data)
    if name in ("vip_room", "hall_head_told"):
        return services.complaint_counter_record(actor=user, complaint=complaint, kind=name, at=data["at"], now=now)
    raise Http404


@login_required
def detail(request, pk: int):
    now = timezone.now()
    return _render_detail(request, _get(request, pk, now), now)


def _render_detail(request, complaint: Complaint, now, *, posted: tuple | None = None, status: int = 200):
    """The case page. `posted` (name, form, refusal or None): the action just refused or
    invalid, shown in its own block with what was typed and why."""
    available, others = [], []
    for action in selectors.complaint_actions(user=request.user, complaint=complaint):
        entry = {"action": action, "label": ACTION_LABELS[action.name], "confirm": CONFIRM.get(action.name, ""),
                 "url": reverse("complaints:act", args=[complaint.pk, action.name]),
                 "primary": action.name not in SECONDARY}
        if posted and posted[0] == action.name:
            available.append({**entry, "form": posted[1], "refusal": posted[2]})
        elif action.available:
            available.append({**entry, "form": _form_for(action.name, complaint)})
        elif action.name not in ("link", "vip_room", "hall_head_told"):  # not refusals: nobody waits on them
            others.append({**entry, "why": _(action.refusal.message) if action.refusal else action.responsible,
                           "clause": action.refusal.clause if action.refusal else action.clause})
    if posted and not any(a["action"].name == posted[0] for a in available):
        return action_gone(request, reverse("complaints:detail", args=[complaint.pk]), posted[2])
    return render(request, "complaints/detail.html", {
        "complaint": complaint, "now": now,
        "deadlines": deadlines_for(target=complaint, now=now).select_related("owner", "owner_unit"),
        "events": case_timeline(target_type=selectors.TARGET_TYPE, target_id=complaint.pk),
        "hand_overs": complaint.hand_overs.select_related("from_user", "to_user"),
        "links": complaint.links.all(),
        "return_visits": complaint.return_visits.select_related("visited_by", "answered_by"),
        "available": available, "others": others,
    }, status=status)


@login_required
@case_action("complaints:detail")
def act(request, pk: int, name: str):
    if name not in ACTION_LABELS:
        raise Http404
    now = timezone.now()
    complaint = _get(request, pk, now)
    form = _form_for(name, complaint, request.POST)
    if form.is_valid():
        try:
            _perform(name, user=request.user, complaint=complaint, data=form.cleaned_data, now=now)
        except RuleViolation as exc:
            return _render_detail(request, complaint, now, posted=(name, form, exc), status=409)
        except services.ComplaintInvalid as exc:
            _add_errors(form, exc.errors)
        else:
            messages.success(request, _("已完成：%(action)s。") % {"action": ACTION_LABELS[name]})
            return action_done(request, reverse("complaints:detail", args=[complaint.pk]))
    return _render_detail(request, complaint, now, posted=(name, form, None), status=400)


def _add_errors(form, errors: dict[str, str]) -> None:
    for field, message in errors.items():
        form.add_error(field if field in form.fields else None, message)


@login_required
def kpis(request):
    now = timezone.now()
    form = forms.MonthForm(request.GET or None)
    month = form.cleaned_data.get("month") if form.is_valid() else None
    month = month or date(timezone.localtime(now).year, timezone.localtime(now).month, 1)
    table = selectors.complaint_kpis(user=request.user, month_date=month, now=now)
    rows = [{"unit": unit.name, **_shown(figures)} for unit, figures in table.rows]
    routing = [{"hall": hall.name, **_routing_shown(figures)} for hall, figures in table.routing]
    if fmt := export_format(request):
        stamp = month.strftime("%Y-%m")
        if request.GET.get("table") == "routing":
            total = {"hall": _("合计"), **_routing_shown(table.routing_total)}
            return table_response(fmt=fmt, name=f"complaint-routing-{stamp}", title=_("转办及时性（§6.6(6)）"),
                                  columns=ROUTING_COLUMNS, rows=[*routing, total] if routing else [])
        total = {"unit": _("合计"), **_shown(table.total)}
        return table_response(fmt=fmt, name=f"complaint-kpis-{stamp}", title=_("投诉指标"),
                              columns=KPI_COLUMNS, rows=[*rows, total] if rows else [])
    return render(request, "complaints/kpis.html", {
        "rows": rows, "total": _shown(table.total), "form": form, "month": month, "now": now,
        "routing": routing, "routing_total": _routing_shown(table.routing_total),
    })


# The KPI page's two tables as it shows them (kpis.html), the total as the last row.
KPI_COLUMNS = (
    Column(gettext_lazy("单位"), lambda r: r["unit"]),
    Column(gettext_lazy("受理"), lambda r: r["received"]),
    Column(gettext_lazy("已答复"), lambda r: r["replied"]),
    Column(gettext_lazy("答复率"), lambda r: r["reply_rate_text"]),
    Column(gettext_lazy("按时答复"), lambda r: r["replied_on_time"]),
    Column(gettext_lazy("按时率"), lambda r: r["on_time_rate_text"]),
    Column(gettext_lazy("答复用时中位数(小时)"), lambda r: r["median_text"]),
    Column(gettext_lazy("当前超期"), lambda r: r["overdue_now"]),
    Column(gettext_lazy("回访"), lambda r: r["visited"]),
    Column(gettext_lazy("满意"), lambda r: r["satisfied"]),
    Column(gettext_lazy("满意率"), lambda r: r["satisfaction_rate_text"]),
)
ROUTING_COLUMNS = (
    Column(gettext_lazy("受理营业厅"), lambda r: r["hall"]),
    Column(gettext_lazy("已转办"), lambda r: r["routed"]),
    Column(gettext_lazy("填单至转办用时中位数(分钟)"), lambda r: r["median_text"]),
)


def _routing_shown(figures) -> dict:
    minutes = figures.median_minutes_to_route
    return {**vars(figures), "median_text": "—" if minutes is None else f"{minutes:.1f}"}


def _shown(figures) -> dict:
    def pct(rate):
        return "—" if rate is None else f"{rate * 100:.1f}%"

    return {**vars(figures), "reply_rate_text": pct(figures.reply_rate), "on_time_rate_text": pct(figures.on_time_rate),
            "satisfaction_rate_text": pct(figures.satisfaction_rate),
            "median_text": "—" if figures.median_hours_to_reply is None else f"{figures.median_hours_to_reply:.1f}"}
