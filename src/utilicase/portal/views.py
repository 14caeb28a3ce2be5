"""The customer portal's pages: sign-in by a code sent to the phone on file, then the customer's
own cases, notices, fees and field work, a complaint form and the rating of completed work.
Every read goes through portal.selectors with the signed-in customer."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from utilicase.blobs.storage import blob_read
from utilicase.complaints.models import Complaint
from utilicase.complaints.services import ComplaintInvalid
from utilicase.core.rules import RuleViolation
from utilicase.documents.models import Document
from utilicase.documents.services import DOCUMENT_NAMESPACE
from utilicase.documents.views.common import page_lang
from utilicase.fieldwork.forms import RatingForm
from utilicase.fieldwork.models import FieldWorkOrder
from utilicase.fieldwork.services import FieldworkInvalid
from utilicase.portal import forms, selectors, services
from utilicase.portal.session import PENDING_KEY, current_customer, customer_required
from utilicase.portal.session import sign_in as session_sign_in
from utilicase.portal.session import sign_out as session_sign_out

THROTTLED = _("尝试次数过多，请稍后再试。")


def _client(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def sign_in(request):
    """Step one: the account (enterprise and account number) and the phone on file."""
    if current_customer(request) is not None:
        return redirect("portal:home")
    form = forms.SignInForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                code_id = services.code_request(enterprise_id=data["enterprise"].pk,
                                                account_number=data["account_number"], phone=data["phone"],
                                                client=_client(request), now=timezone.now())
            except services.SignInThrottled:
                form.add_error(None, THROTTLED)
                status = 429
            else:
                request.session[PENDING_KEY] = {"code": code_id, "enterprise": data["enterprise"].pk,
                                                "account": data["account_number"].strip()}
                return redirect("portal:code")
    return render(request, "portal/sign_in.html", {"form": form}, status=status)


def code(request):
    """Step two: the code sent by text message."""
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return redirect("portal:sign_in")
    form = forms.CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                customer = services.code_verify(code_id=pending.get("code"), code=form.cleaned_data["code"],
                                                enterprise_id=pending.get("enterprise"),
                                                account_number=pending.get("account", ""), client=_client(request),
                                                now=timezone.now())
            except services.SignInThrottled:
                form.add_error(None, THROTTLED)
                status = 429
            else:
                if customer is not None:
                    session_sign_in(request, customer)
                    return redirect("portal:home")
                form.add_error("code", _("验证码不正确或已失效。"))
    return render(request, "portal/code.html", {"form": form, "account": pending.get("account", "")}, status=status)


@require_POST
def sign_out(request):
    if current_customer(request) is not None:
        session_sign_out(request)
    return redirect("portal:sign_in")


@customer_required
def home(request):
    customer = request.customer
    inspections = list(selectors.inspections_of(customer))
    for order in inspections:
        order.shown_inspectors = selectors.inspectors_shown(order)
    return render(request, "portal/home.html", {
        "customer": customer, "complaints": selectors.complaints_of(customer), "inspections": inspections,
        "enforcement": selectors.enforcement_of(customer), "accidents": selectors.accidents_of(customer),
    })


@customer_required
def complaint_detail(request, number: str):
    try:
        complaint = selectors.complaint_get(request.customer, number)
    except Complaint.DoesNotExist:
        raise Http404 from None
    return render(request, "portal/complaint.html", {"customer": request.customer, "complaint": complaint,
                                                     "further_answers": selectors.further_answers(complaint)})


@customer_required
def complaint_new(request):
    form = forms.ComplaintForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                complaint = services.complaint_file(customer=request.customer, content=form.cleaned_data["content"],
                                                    now=timezone.now())
            except ComplaintInvalid as exc:
                for field, message in exc.errors.items():
                    form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(request, _("投诉已受理，编号 %(number)s。") % {"number": complaint.number})
                return redirect("portal:complaint", number=complaint.number)
    return render(request, "portal/complaint_new.html", {"customer": request.customer, "form": form}, status=status)


@customer_required
def notices(request):
    customer = request.customer
    lang = page_lang()
    documents = list(selectors.documents_of(customer))
    for d in documents:
        d.display_title = d.title(lang)
    return render(request, "portal/notices.html", {
        "customer": customer, "documents": documents, "receivables": selectors.receivables_of(customer),
        "payments": selectors.payments_of(customer),
    })


@customer_required
def notice_pdf(request, pk: int):
    """The customer copy (客户联) of an issued document of the customer's, as issued."""
    try:
        document, copy = selectors.customer_copy(request.customer, pk)
    except Document.DoesNotExist:  # missing and another customer's are answered alike
        raise Http404 from None
    try:
        data = blob_read(DOCUMENT_NAMESPACE, copy.pdf_sha256)
    except (OSError, ValueError):
        raise Http404 from None
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document.doc_type}-{document.pk}-customer.pdf"'
    return response


@customer_required
def field_orders(request):
    return render(request, "portal/field_orders.html", {
        "customer": request.customer, "orders": selectors.field_orders_of(request.customer)})


@customer_required
def field_order(request, number: str):
    """An order with its appointment and, once completed and not yet rated, the rating form."""
    try:
        order = selectors.field_order_get(request.customer, number)
    except FieldWorkOrder.DoesNotExist:
        raise Http404 from None
    form = RatingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not selectors.may_rate(order):
            raise PermissionDenied
        status = 400
        if form.is_valid():
            try:
                services.order_rate(customer=request.customer, order=order, rating=form.cleaned_data["rating"],
                                    comment=form.cleaned_data["comment"], now=timezone.now())
            except RuleViolation as exc:
                form.add_error("rating", f"{exc.text(_)} {exc.clause}")
            except FieldworkInvalid as exc:
                for field, message in exc.errors.items():
                    form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(request, _("感谢您的评价。"))
                return redirect("portal:field_order", number=order.number)
    return render(request, "portal/field_order.html", {
        "customer": request.customer, "order": order, "form": form, "may_rate": selectors.may_rate(order)},
        status=status)
