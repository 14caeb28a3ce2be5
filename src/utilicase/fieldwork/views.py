"""Field service pages (chapter 4): the field worker's work list (today's orders by their slot),
the order page with its actions (one column, for a phone), and the customer's public rating page
opened from a link or QR code without signing in. Each view reads the clock, parses a form, and
calls one selector or one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from utilicase.audit.timeline import case_timeline
from utilicase.core.rules import RuleViolation
from utilicase.customers.models import Customer
from utilicase.fieldwork import forms, selectors, services
from utilicase.fieldwork import permissions as perms
from utilicase.fieldwork.domain import transitions as table
from utilicase.fieldwork.models import ChecklistItem, ChecklistStage, FieldWorkOrder
from utilicase.org.models import Role, User
from utilicase.web.actions import action_done, action_gone, case_action
from utilicase.web.exports import Column, export_format, export_rows, table_response
from utilicase.web.paging import CappedPaginator

PAGE_SIZE = 25
TODAY, OPEN, ALL = "today", "open", "all"
LIST_LABELS = {TODAY: gettext_lazy("今天的工单"), OPEN: gettext_lazy("未完成的工单"), ALL: gettext_lazy("我可见的全部")}

# The order's actions, in the order of the work (§4.4): label, and the clause each rests on.
ACTION_LABELS = {
    "assign": gettext_lazy("指派现场服务人员"),
    "appoint": gettext_lazy("电话预约"),
    "announce_delay": gettext_lazy("登记不能按时到达"),
    "notify_delay": gettext_lazy("已告知客户延误"),
    "depart": gettext_lazy("出发前检查并出发"),
    "arrive": gettext_lazy("到达现场"),
    "start_work": gettext_lazy("作业前检查并开工"),
    "record_damage": gettext_lazy("登记客户财物损坏"),
    "declare_meals": gettext_lazy("食宿情况声明"),
    "finish_facts": gettext_lazy("完工情况"),
    "confirm": gettext_lazy("客户确认工单"),
    "finish": gettext_lazy("完工"),
    "rate": gettext_lazy("客户现场评价"),
    "cancel": gettext_lazy("取消工单"),
}
CONFIRM = {"finish": gettext_lazy("完工后不能再修改本工单。确定完工吗？"),
           "cancel": gettext_lazy("取消后不能再办理本工单。确定取消吗？")}


# -- work list -----------------------------------------------------------------------------------

def _rows(user, tab: str, now, text: str):
    """Today's: the user's open orders with a slot today, by slot; open: all the user's open orders
    by slot (not yet appointed last); all: every order the user sees, newest first."""
    if tab == ALL:
        rows = selectors.order_list(user=user)
    else:
        rows = selectors.my_orders(user=user).order_by(F("slot_start").asc(nulls_last=True), "id")
        if tab == TODAY:
            rows = rows.filter(slot_start__date=timezone.localdate(now))
    text = text.strip()
    if text:
        rows = rows.filter(Q(number__istartswith=text) | Q(customer__account_number__startswith=text)
                           | Q(customer__name__startswith=text))
    return rows


def _slot(o) -> str:
    if not o.slot_start:
        return _("未预约")
    return f"{timezone.localtime(o.slot_start):%Y-%m-%d %H:%M}–{timezone.localtime(o.slot_end):%H:%M}"


# The work list's columns: what each of its entries shows (worklist.html).
WORKLIST_COLUMNS = (
    Column(gettext_lazy("约定时段"), _slot), Column(gettext_lazy("编号"), lambda o: o.number),
    Column(gettext_lazy("状态"), lambda o: o.get_status_display()),
    Column(gettext_lazy("类别"), lambda o: f"{o.get_kind_display()} · {o.get_utility_display()}"),
    Column(gettext_lazy("客户"), lambda o: o.customer.name), Column(gettext_lazy("地址"), lambda o: o.customer.address),
)


@login_required
def worklist(request):
    now = timezone.now()
    tab = request.GET.get("list") or TODAY
    if tab not in LIST_LABELS:
        raise Http404
    form = forms.WorklistFilter(request.GET or None)
    text = form.cleaned_data.get("q", "") if form.is_valid() else ""
    rows = _rows(request.user, tab, now, text)
    fmt = export_format(request)
    if fmt:
        return table_response(fmt=fmt, name=f"fieldwork-{tab}", title=LIST_LABELS[tab], columns=WORKLIST_COLUMNS,
                              rows=export_rows(rows))
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "fieldwork/worklist.html", {
        "page": page, "form": form, "tab": tab, "now": now, "tabs": list(LIST_LABELS.items()),
        "can_open": request.user.role in perms.OPENER_ROLES,
        "can_configure": perms.can_configure_checklists(request.user),
    })


# -- a new order (§4.3) --------------------------------------------------------------------------

def _workers_for(user):
    """The field workers of the user's company, to assign."""
    if user.unit_id is None:
        return User.objects.none()
    company = "/" + user.unit.path.strip("/").split("/")[0] + "/"
    return User.objects.filter(is_active=True, role=Role.FIELD_WORKER, unit__path__startswith=company).order_by(
        "username")


@login_required
def order_new(request):
    if request.user.role not in perms.OPENER_ROLES:
        raise PermissionDenied
    now = timezone.now()
    form = forms.OrderForm(request.POST or None, workers=_workers_for(request.user))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            customer = Customer.objects.filter(account_number=data["account_number"].strip()).first()
            try:
                if customer is not None and not perms.can_open_for(request.user, customer):
                    customer = None  # another office's customer is not told apart from a missing one
                if customer is None:
                    raise services.FieldworkInvalid({"account_number": _("本单位服务范围内没有这个户号的客户。")})
                order = services.order_create(actor=request.user, kind=data["kind"], customer=customer,
                                              description=data["description"], workers=list(data["workers"]),
                                              link_type=data["link_type"], link_id=data["link_id"], now=now)
            except RuleViolation as exc:
                form.add_error(None, f"{exc.text(_)} {exc.clause}")
                status = 409
            except services.FieldworkInvalid as exc:
                for field, message in exc.errors.items():
                    form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(request, _("已开具现场服务工单 %(number)s。") % {"number": order.number})
                return redirect("fieldwork:detail", order.pk)
    return render(request, "fieldwork/order_new.html", {"form": form}, status=status)


# -- the order page ------------------------------------------------------------------------------

def _get(request, pk: int) -> FieldWorkOrder:
    try:
        return selectors.order_get(user=request.user, id=pk)
    except FieldWorkOrder.DoesNotExist:
        raise Http404 from None


def _checklist(order, stage):
    return [(str(i), text) for i, text in enumerate(selectors.checklist_items(stage=stage, utility=order.utility))]


def action_form(name: str, order: FieldWorkOrder, data=None):
    auto_id = f"id_{name}_%s"  # several action forms share a page
    if name == "appoint":
        return forms.AppointForm(data, auto_id=auto_id, initial={
            "reached": order.reached or "CUSTOMER", "reached_name": order.reached_name or order.customer.name,
            "customer_contact": order.customer_contact, "address": order.address or order.customer.address,
            "slot_start": order.slot_start and timezone.localtime(order.slot_start),
            "slot_end": order.slot_end and timezone.localtime(order.slot_end), "preparation": order.preparation})
    if name == "assign":
        return forms.AssignForm(data, auto_id=auto_id, workers=selectors.assignable_workers(order=order),
                                initial={"workers": list(order.workers.values_list("pk", flat=True))})
    if name == "depart":
        return forms.ChecklistForm(data, auto_id=auto_id, items=_checklist(order, table.BEFORE_LEAVING))
    if name == "start_work":
        return forms.ChecklistForm(data, auto_id=auto_id, items=_checklist(order, table.BEFORE_WORK))
    if name == "announce_delay":
        return forms.DelayNoticeForm(data, auto_id=auto_id)
    if name == "arrive":
        return forms.ArriveForm(data, auto_id=auto_id)
    if name == "record_damage":
        return forms.DamageForm(data, auto_id=auto_id)
    if name == "declare_meals":
        return forms.MealsForm(data, auto_id=auto_id)
    if name == "finish_facts":
        return forms.FinishFactsForm(data, auto_id=auto_id)
    if name == "confirm":
        return forms.ConfirmForm(data, auto_id=auto_id, initial={"signer_name": order.customer.name})
    if name == "rate":
        return forms.OnSiteRatingForm(data, auto_id=auto_id)
    if name == "cancel":
        return forms.CancelForm(data, auto_id=auto_id)
    if name == "finish":
        return forms.FinishForm(data, auto_id=auto_id)
    if name == "notify_delay":
        return forms.NoFields(data, auto_id=auto_id)
    raise Http404


def _checked(form) -> list[str]:
    labels = dict(form.items)
    return [labels[code] for code in form.ticked()]


def perform(name: str, *, user, order: FieldWorkOrder, form, now):
    data = form.cleaned_data
    if name == "assign":
        return services.order_assign_workers(actor=user, order=order, workers=list(data["workers"]), now=now)
    if name == "appoint":
        return services.order_appoint(actor=user, order=order, now=now, **data)
    if name == "announce_delay":
        return services.order_announce_delay(actor=user, order=order, reason=data["reason"], now=now)
    if name == "notify_delay":
        return services.order_notify_delay(actor=user, order=order, now=now)
    if name == "depart":
        return services.order_depart(actor=user, order=order, checked=_checked(form), now=now)
    if name == "arrive":
        return services.order_arrive(actor=user, order=order, apology=data["apology"], now=now)
    if name == "start_work":
        return services.order_start_work(actor=user, order=order, checked=_checked(form), now=now)
    if name == "record_damage":
        return services.damage_record(actor=user, order=order, description=data["description"],
                                      remedy=data["remedy"], amount=data["amount"], remedy_note=data["note"], now=now)
    if name == "declare_meals":
        return services.order_declare_meals(actor=user, order=order, happened=data["happened"],
                                            amount=data["amount"], paid_to=data["paid_to"], now=now)
    if name == "finish_facts":
        return services.order_record_finish(
            actor=user, order=order, work_done=data["work_done"], borrowed_items=data["borrowed_items"],
            borrowed_returned=data["borrowed_returned"], safety_reminder=data["safety_reminder"], now=now)
    if name == "confirm":
        return services.order_confirm(actor=user, order=order, signer_name=data["signer_name"],
                                      signature=data["signature"], now=now)
    if name == "finish":
        return services.order_complete(actor=user, order=order, now=now)
    if name == "rate":
        return services.order_rate(actor=user, order=order, rating=data["rating"], comment=data["comment"], now=now)
    if name == "cancel":
        return services.order_cancel(actor=user, order=order, reason=data["reason"], now=now)
    raise Http404


def _entries(request, order, posted):
    """The order's actions the user may take now, in the order of the work (selectors.order_actions),
    each with its form (the posted one, refused or invalid, with what was typed and why)."""
    available = []
    for action in selectors.order_actions(user=request.user, order=order):
        if not (action.open and action.permitted):
            continue
        name = action.name
        entry = {"name": name, "label": ACTION_LABELS[name], "clause": action.clause,
                 "confirm": CONFIRM.get(name, ""), "url": reverse("fieldwork:act", args=[order.pk, name])}
        if posted and posted[0] == name:
            available.append({**entry, "form": posted[1], "refusal": posted[2]})
        else:
            available.append({**entry, "form": action_form(name, order)})
    return available


def _facts(order) -> list[tuple[str, str]]:
    local = timezone.localtime
    rows = [(_("服务内容"), order.description)]
    if order.link_number:
        rows.append((_("关联案件"), order.link_number))
    if order.slot_start:
        rows.append((_("约定时段"), f"{local(order.slot_start):%Y-%m-%d %H:%M}–{local(order.slot_end):%H:%M}"))
    if order.preparation:
        rows.append((_("需客户准备事项"), order.preparation))
    if order.delay_announced_at:
        rows.append((_("延误原因"), order.delay_reason))
        rows.append((_("延误告知客户"), f"{local(order.delay_notified_at):%Y-%m-%d %H:%M}"
                     if order.delay_notified_at else _("尚未告知")))
    if order.arrived_at:
        arrived = f"{local(order.arrived_at):%Y-%m-%d %H:%M}"
        if order.minutes_late:
            arrived += " · " + _("迟到 %(n)d 分钟，致歉：%(apology)s") % {"n": order.minutes_late,
                                                                   "apology": order.apology}
        rows.append((_("到达时间"), arrived))
    for damage in order.damages.all():
        rows.append((_("客户财物损坏"), f"{damage.description} · {damage.get_remedy_display()}"
                     + (f" {damage.amount}" if damage.amount is not None else "")))
    if order.confirmed_at:
        rows.append((_("客户确认"), f"{order.confirmed_by_name} {local(order.confirmed_at):%Y-%m-%d %H:%M}"))
    if order.meals_declared_at:
        rows.append((_("食宿情况"), _("在客户处食宿，已付 %(amount)s 元给 %(to)s") % {
            "amount": order.meals_amount, "to": order.meals_paid_to} if order.meals_happened
            else _("未在客户处食宿")))
    if order.rating:
        rows.append((_("客户评价"), f"{order.rating}/5 {order.rating_comment}"))
    return rows


def _rating_qr(url: str) -> str:
    import segno

    return mark_safe(segno.make(url, error="m").svg_inline(scale=4, border=2))


def _render(request, order, now, *, posted=None, status=200, rating_url=""):
    available = _entries(request, order, posted)
    here = reverse("fieldwork:detail", args=[order.pk])
    if posted and not any(a["name"] == posted[0] for a in available):
        return action_gone(request, here, posted[2])
    return render(request, "fieldwork/detail.html", {
        "order": order, "now": now, "available": available, "facts": _facts(order),
        "script": selectors.phone_script(order=order, gettext=_) if any(a["name"] == "appoint" for a in available) else [],
        "rating_url": rating_url, "rating_qr": _rating_qr(rating_url) if rating_url else "",
        "events": case_timeline(target_type=selectors.TARGET_TYPE, target_id=order.pk),
        "workers": order.workers.order_by("username"), "checklists": order.checklists.order_by("checked_at"),
        "documents_url": reverse("documents:case", args=[selectors.TARGET_TYPE, order.pk]),
    }, status=status)


@login_required
def detail(request, pk: int):
    return _render(request, _get(request, pk), timezone.now())


@login_required
@case_action("fieldwork:detail")
def act(request, pk: int, name: str):
    if name not in ACTION_LABELS:
        raise Http404
    now = timezone.now()
    order = _get(request, pk)
    form = action_form(name, order, request.POST)
    if form.is_valid():
        try:
            perform(name, user=request.user, order=order, form=form, now=now)
        except RuleViolation as exc:
            return _render(request, order, now, posted=(name, form, exc), status=409)
        except services.FieldworkInvalid as exc:
            for field, message in exc.errors.items():
                if field == "signature":
                    message = _("请客户在签字板上签字。")
                form.add_error(field if field in form.fields and field != "signature" else None, message)
        else:
            messages.success(request, _("已完成：%(action)s。") % {"action": ACTION_LABELS[name]})
            return action_done(request, reverse("fieldwork:detail", args=[order.pk]))
    return _render(request, order, now, posted=(name, form, None), status=400)


@login_required
@case_action("fieldwork:detail")
def rating_link(request, pk: int):
    """A one-time rating link for the customer (§4.4(5)), shown with its QR code."""
    now = timezone.now()
    order = _get(request, pk)
    try:
        token = services.rating_link_create(actor=request.user, order=order, now=now)
    except RuleViolation as exc:
        messages.error(request, format_html("{} {}", exc.text(_), exc.clause))
        return action_done(request, reverse("fieldwork:detail", args=[order.pk]))
    url = request.build_absolute_uri(reverse("fieldwork:rate", args=[token]))
    return _render(request, order, now, rating_url=url)


# -- the customer's rating page (public) ---------------------------------------------------------

def rate(request, token: str):
    """Public: the customer's rating from the link or QR code, without signing in; valid once.
    Shows the order's number and kind, and the customer's name, nothing more. A used, expired or
    unknown link is answered alike (a guessed token learns nothing)."""
    now = timezone.now()
    found = selectors.rating_link_get(token=token, now=now)
    form = forms.RatingForm(request.POST or None)
    state, status = ("open", 200) if found else ("gone", 404)
    if found and request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                rated = services.rating_submit_public(token=token, rating=form.cleaned_data["rating"],
                                                      comment=form.cleaned_data["comment"],
                                                      client=request.META.get("REMOTE_ADDR"), now=now)
            except services.RatingThrottled:
                state, status = "busy", 429
            except RuleViolation as exc:
                form.add_error("rating", f"{exc.text(_)} {exc.clause}")
            else:
                state, status = ("done", 200) if rated is not None else ("gone", 404)
    return render(request, "fieldwork/rate.html", {"state": state, "form": form, "found": found},
                  status=status)


# -- the configurable checklists (§4.4(2), (4)) --------------------------------------------------

def _require_configurer(user) -> None:
    if not perms.can_configure_checklists(user):
        raise PermissionDenied


def _save_item(request, form, item=None) -> bool:
    """Save the item the form describes through the service; its errors beside their fields."""
    if not form.is_valid():
        return False
    try:
        services.checklist_item_save(actor=request.user, item=item, now=timezone.now(), **form.cleaned_data)
    except services.FieldworkInvalid as exc:
        for field, message in exc.errors.items():
            form.add_error(field if field in form.fields else None, message)
        return False
    return True


@login_required
def checklists(request):
    """Every checklist item by stage (before leaving §4.4(2), before work §4.4(4)) and utility,
    with a form to add one."""
    _require_configurer(request.user)
    form = forms.ChecklistItemForm(request.POST or None, auto_id="id_new_%s")
    if request.method == "POST":
        if _save_item(request, form):
            messages.success(request, _("已添加检查项。"))
            return redirect("fieldwork:checklists")
    items = list(selectors.checklist_configuration())
    stages = [{"code": code, "label": label, "clause": table.CHECKLIST_CLAUSE[code],
               "items": [i for i in items if i.stage == code]} for code, label in ChecklistStage.choices]
    return render(request, "fieldwork/checklists.html", {"form": form, "stages": stages},
                  status=400 if request.method == "POST" else 200)


@login_required
def checklist_edit(request, item_pk: int):
    """One checklist item: its text, utility, position, and whether it is still asked."""
    _require_configurer(request.user)
    item = ChecklistItem.objects.filter(pk=item_pk).first()
    if item is None:
        raise Http404
    initial = {"stage": item.stage, "utility": item.utility, "text": item.text, "position": item.position,
               "active": item.active}
    form = forms.ChecklistItemForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if _save_item(request, form, item):
            messages.success(request, _("已保存检查项。"))
            return redirect("fieldwork:checklists")
    return render(request, "fieldwork/checklist_edit.html", {"form": form, "item": item},
                  status=400 if request.method == "POST" else 200)
