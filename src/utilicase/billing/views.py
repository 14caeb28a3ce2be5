"""Billing pages: the receivables in the user's scope (by due date, overdue marked), one case's
receivables with their breakdown, payments and the payment form, and the export batches with
their downloads. Reads through the scoped selectors; writes through the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from utilicase.billing import forms, permissions, selectors, services
from utilicase.billing.exports import batch_csv, batch_file_name, batch_json
from utilicase.billing.models import ExportBatch, Payment, Receivable
from utilicase.core.cases import case_for
from utilicase.core.rules import RuleViolation
from utilicase.web.actions import action_done
from utilicase.web.exports import Column, export_format, export_rows, table_response
from utilicase.web.paging import CappedPaginator
from utilicase.web.targets import target_url

PAGE_SIZE = 50


def _viewer(request) -> None:
    if not permissions.can_view_receivables(request.user):
        raise PermissionDenied


def _receivable_columns(today) -> tuple[Column, ...]:
    """The receivables list's columns, as its page shows them (list.html)."""
    def overdue(r) -> str:
        return _("逾期") if r.balance > 0 and r.due_date < today else ""

    return (
        Column(gettext_lazy("缴费期限"), lambda r: r.due_date), Column(gettext_lazy("逾期"), overdue),
        Column(gettext_lazy("案件号"), lambda r: r.case_number), Column(gettext_lazy("户号"), lambda r: r.account_number),
        Column(gettext_lazy("客户名称"), lambda r: r.customer_name),
        Column(gettext_lazy("费用类别"), lambda r: r.get_fee_type_display()),
        Column(gettext_lazy("金额（元）"), lambda r: r.amount), Column(gettext_lazy("已缴（元）"), lambda r: r.paid),
        Column(gettext_lazy("未缴余额（元）"), lambda r: r.balance),
    )


@login_required
def receivable_list(request):
    _viewer(request)
    now = timezone.now()
    shown = request.GET.get("show", "")
    if shown == "overdue":
        receivables = selectors.overdue_receivables(request.user, now)
    else:
        receivables = selectors.receivable_list(user=request.user, unpaid_only=shown == "unpaid")
    today = timezone.localdate(now)
    fmt = export_format(request)
    if fmt:
        return table_response(fmt=fmt, name="receivables", title=pgettext_lazy("section", "应收与缴费"),
                              columns=_receivable_columns(today), rows=export_rows(receivables))
    page = CappedPaginator(receivables, PAGE_SIZE).get_page(request.GET.get("page"))
    shown: dict[tuple[str, str], bool] = {}  # the list is by unit; a case's page only for who may see the case
    for r in page.object_list:
        r.overdue = r.balance > 0 and r.due_date < today
        key = (r.target_type, r.target_id)
        if key not in shown:
            shown[key] = case_for(request.user, *key) is not None
        r.case_shown = shown[key]
    return render(request, "billing/list.html", {"page": page, "show": shown,
                                                 "can_export": permissions.can_export(request.user)})


def _case_page(request, target_type: str, target_id: str, *, posted: tuple | None = None, status: int = 200):
    found = selectors.case_receivables(user=request.user, target_type=target_type, target_id=target_id)
    if found is None:
        raise Http404
    may_pay = permissions.can_record_payment(request.user)
    today = timezone.localdate()
    rows = []
    for r in found.receivables:
        pay_form = refusal = None
        if may_pay and r.balance > 0:
            pay_form = forms.PaymentForm(initial={"amount": r.balance, "paid_on": today})
            if posted and posted[0] == ("pay", r.pk):
                pay_form, refusal = posted[1], posted[2]
        payments = []
        for p in selectors.payments_of(r):
            reversible = may_pay and p.reverses_id is None and not hasattr(p, "reversed_by")
            form = forms.ReversalForm() if reversible else None
            p_refusal = None
            if posted and posted[0] == ("reverse", p.pk):
                form, p_refusal = posted[1], posted[2]
            payments.append({"payment": p, "form": form, "refusal": p_refusal, "block": f"reverse-{p.pk}"})
        rows.append({"receivable": r, "overdue": r.balance > 0 and r.due_date < today, "pay_form": pay_form,
                     "refusal": refusal, "payments": payments, "pay_block": f"pay-{r.pk}"})
    return render(request, "billing/case.html", {
        "info": found.info, "rows": rows, "balance": found.balance,
        "case_url": target_url(found.info.target_type, found.info.target_id),
    }, status=status)


@login_required
def case_receivables(request, target_type: str, target_id: str):
    _viewer(request)
    return _case_page(request, target_type, target_id)


def _case_url(receivable: Receivable) -> str:
    return reverse("billing:case", args=[receivable.target_type, receivable.target_id])


def _receivable(request, pk: int) -> Receivable:
    try:
        return selectors.receivable_get(user=request.user, id=pk)[0]
    except Receivable.DoesNotExist:
        raise Http404 from None


@login_required
def pay(request, pk: int):
    """Posts a payment by hand (source MANUAL) with its receipt number; GET goes to the case page."""
    _viewer(request)
    receivable = _receivable(request, pk)
    request.case_url = _case_url(receivable)
    if request.method != "POST":
        return redirect(request.case_url)
    if not permissions.can_record_payment(request.user):
        raise PermissionDenied
    form = forms.PaymentForm(request.POST)
    if form.is_valid():
        try:
            services.payment_record(actor=request.user, receivable=receivable, amount=form.cleaned_data["amount"],
                                    receipt_number=form.cleaned_data["receipt_number"],
                                    paid_at=form.cleaned_data["paid_at"], source="MANUAL", now=timezone.now())
        except RuleViolation as exc:
            return _case_page(request, receivable.target_type, receivable.target_id,
                              posted=(("pay", receivable.pk), form, exc), status=409)
        messages.success(request, _("收款已登记。"))
        return action_done(request, request.case_url)
    return _case_page(request, receivable.target_type, receivable.target_id,
                      posted=(("pay", receivable.pk), form, None), status=400)


@login_required
def reverse_payment(request, pk: int):
    _viewer(request)
    try:
        payment = selectors.payment_get(user=request.user, id=pk)
    except Payment.DoesNotExist:
        raise Http404 from None
    receivable = payment.receivable
    request.case_url = _case_url(receivable)
    if request.method != "POST":
        return redirect(request.case_url)
    if not permissions.can_record_payment(request.user):
        raise PermissionDenied
    form = forms.ReversalForm(request.POST)
    if form.is_valid():
        try:
            services.payment_reverse(actor=request.user, payment=payment, reason=form.cleaned_data["reason"],
                                     now=timezone.now())
        except RuleViolation as exc:
            return _case_page(request, receivable.target_type, receivable.target_id,
                              posted=(("reverse", payment.pk), form, exc), status=409)
        messages.success(request, _("收款已冲正。"))
        return action_done(request, request.case_url)
    return _case_page(request, receivable.target_type, receivable.target_id,
                      posted=(("reverse", payment.pk), form, None), status=400)


def _exports_page(request, *, form=None, status: int = 200):
    if not permissions.can_export(request.user):
        raise PermissionDenied
    enterprises = list(selectors.export_enterprises(user=request.user))
    page = CappedPaginator(selectors.export_batches(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    pending = [(e, selectors.pending_entries(enterprise=e)) for e in enterprises]
    return render(request, "billing/exports.html", {
        "page": page, "pending": pending,
        "form": form or forms.ExportForm(enterprises=enterprises),
    }, status=status)


@login_required
def export_list(request):
    return _exports_page(request)


@login_required
@require_POST
def export_new(request):
    if not permissions.can_export(request.user):
        raise PermissionDenied
    enterprises = list(selectors.export_enterprises(user=request.user))
    form = forms.ExportForm(request.POST, enterprises=enterprises)
    if not form.is_valid():
        return _exports_page(request, form=form, status=400)
    enterprise = next(e for e in enterprises if e.code == form.cleaned_data["enterprise"])
    batch = services.export_create(actor=request.user, enterprise=enterprise, now=timezone.now())
    if batch is None:
        messages.info(request, _("没有尚未导出的费用条目，未生成批次。"))
    else:
        messages.success(request, _("已生成导出批次 %(number)s，共 %(n)s 条。") % {"number": batch.number,
                                                                                  "n": batch.entry_count})
    return action_done(request, reverse("billing:exports"))


@login_required
def export_download(request, pk: int, fmt: str):
    if not permissions.can_export(request.user):
        raise PermissionDenied
    try:
        batch = selectors.export_batch_get(user=request.user, id=pk)
    except ExportBatch.DoesNotExist:
        raise Http404 from None
    if fmt == "csv":
        response = HttpResponse(batch_csv(batch), content_type="text/csv; charset=utf-8")
    elif fmt == "json":
        response = JsonResponse(batch_json(batch), json_dumps_params={"ensure_ascii": False, "indent": 2})
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{batch_file_name(batch, fmt)}"'
    return response
