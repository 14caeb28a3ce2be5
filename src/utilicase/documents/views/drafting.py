"""Writing a document: a new draft filled from its case, editing, signing, issuing, discarding
a draft, and correcting an issued document (a new version)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from utilicase.core.cases import declared_documents
from utilicase.core.i18n import translated
from utilicase.core.rules import RuleViolation
from utilicase.documents import forms, selectors, services
from utilicase.documents.domain import issuing
from utilicase.documents.domain.catalogue import CATALOGUE
from utilicase.documents.domain.signatures import SignatureRefused, png_from_data_url
from utilicase.documents.views.common import (
    add_errors,
    document_or_404,
    page_lang,
    role_allows,
    tell_refused,
    writers_only,
)


@login_required
def new(request, target_type: str, target_id: str):
    writers_only(request)
    found = selectors.case_documents(user=request.user, target_type=target_type, target_id=target_id)
    if found is None:
        raise Http404
    code = request.POST.get("doc_type") or request.GET.get("type", "")
    spec = CATALOGUE.get(code)
    if spec is None:
        raise Http404
    info = found.info
    try:
        services.require_writer(actor=request.user, code=code, action=issuing.CREATE, target_type=info.target_type,
                                case=found.case)
    except RuleViolation as exc:
        tell_refused(request, exc)
        return redirect("documents:case", info.target_type, info.target_id)
    status = 200
    if request.method == "POST":
        form = forms.ContentForm(spec, request.POST)
        if form.is_valid():
            try:
                document = services.document_create(actor=request.user, case=info, doc_type_code=code,
                                                    content=form.content(), now=timezone.now())
            except services.DocumentInvalid as exc:
                add_errors(form, exc.errors)
            except RuleViolation as exc:
                tell_refused(request, exc)
                return redirect("documents:case", info.target_type, info.target_id)
            else:
                messages.success(request, _("已保存草稿。"))
                return redirect("documents:detail", document.pk)
        status = 400
    else:
        prefill = declared_documents(info.target_type)[code].content(found.case)
        form = forms.ContentForm(spec, initial=forms.ContentForm.initial_from(prefill))
    return render(request, "documents/form.html", {
        "form": form, "info": found.info, "title": spec.title(found.info.utility, page_lang()), "doc_type": code,
        "document": None,
    }, status=status)


@login_required
def edit(request, pk: int):
    writers_only(request)
    document, info = document_or_404(request, pk)
    spec = document.type
    status = 200
    if request.method == "POST":
        form = forms.ContentForm(spec, request.POST)
        if form.is_valid():
            try:
                services.document_edit(actor=request.user, document=document, content=form.content(),
                                       now=timezone.now())
            except services.DocumentInvalid as exc:
                add_errors(form, exc.errors)
            except RuleViolation as exc:
                tell_refused(request, exc)
                return redirect("documents:detail", document.pk)
            else:
                messages.success(request, _("已保存草稿。"))
                return redirect("documents:detail", document.pk)
        status = 400
    else:
        if not document.is_draft:
            messages.error(request, _("已签发的文书不能修改；如有错误，请更正（签发新版本）。"))
            return redirect("documents:detail", document.pk)
        if not role_allows(request, document, issuing.EDIT):
            return redirect("documents:detail", document.pk)
        form = forms.ContentForm(spec, initial=forms.ContentForm.initial_from(document.content))
    return render(request, "documents/form.html", {
        "form": form, "info": info, "title": document.title(page_lang()), "doc_type": document.doc_type,
        "document": document,
    }, status=status)


@login_required
def sign(request, pk: int):
    writers_only(request)
    document, info = document_or_404(request, pk)
    if not document.is_draft:
        messages.error(request, _("已签发的文书不能再加签名。"))
        return redirect("documents:detail", document.pk)
    if request.method != "POST" and not role_allows(request, document, issuing.SIGN):
        return redirect("documents:detail", document.pk)
    status = 200
    if request.method == "POST":
        form = forms.SignForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                png = png_from_data_url(data["signature"])
                services.document_sign(actor=request.user, document=document, signer_role=data["signer_role"],
                                       signer_name=data["signer_name"], png=png, now=timezone.now())
            except SignatureRefused as exc:
                form.add_error(exc.field if exc.field in form.fields else None, translated(exc.message, _))
            except RuleViolation as exc:
                tell_refused(request, exc)
                return redirect("documents:detail", document.pk)
            else:
                messages.success(request, _("已签名。"))
                return redirect("documents:detail", document.pk)
        status = 400
    else:
        form = forms.SignForm()
    return render(request, "documents/sign.html", {"form": form, "document": document, "info": info,
                                                   "title": document.title(page_lang())}, status=status)


@login_required
@require_POST
def issue(request, pk: int):
    """Issue a draft. The page's button posts with htmx (a confirmation first, progress while the
    PDFs are made); htmx is then sent to the document page in full."""
    writers_only(request)
    document, _info = document_or_404(request, pk)
    try:
        document = services.document_issue(actor=request.user, document=document, now=timezone.now())
    except RuleViolation as exc:
        tell_refused(request, exc)
    except services.DocumentInvalid as exc:
        messages.error(request, "; ".join(f"{k}: {translated(v, _)}" for k, v in exc.errors.items()))
    else:
        messages.success(request, _("已签发，文号 %(number)s。") % {"number": document.number_display})
    url = reverse("documents:detail", args=[document.pk])
    if request.headers.get("HX-Request"):
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    return redirect(url)


@login_required
@require_POST
def discard(request, pk: int):
    writers_only(request)
    document, _info = document_or_404(request, pk)
    try:
        services.document_discard(actor=request.user, document=document, reason=request.POST.get("reason", ""),
                                  now=timezone.now())
    except RuleViolation as exc:
        tell_refused(request, exc)
        return redirect("documents:detail", document.pk)
    messages.success(request, _("草稿已作废。"))
    return redirect("documents:case", document.target_type, document.target_id)


@login_required
@require_POST
def correct(request, pk: int):
    writers_only(request)
    document, _info = document_or_404(request, pk)
    form = forms.ReasonForm(request.POST)
    try:
        correction = services.document_correct(actor=request.user, document=document,
                                               reason=form.data.get("reason", ""), now=timezone.now())
    except RuleViolation as exc:
        tell_refused(request, exc)
        return redirect("documents:detail", document.pk)
    except services.DocumentInvalid as exc:
        messages.error(request, "; ".join(translated(v, _) for v in exc.errors.values()))
        return redirect("documents:detail", document.pk)
    messages.success(request, _("已建立更正稿（第 %(version)s 版），修改后签发。") % {"version": correction.version})
    return redirect("documents:edit", correction.pk)
