"""Evidence register pages, phone-first (the inspector is on site). Every record is read through
the selectors, which ask the case registry: a case the user may not see, and any of its items,
files or reports, answer Django's plain 404, the same as a missing one."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from utilicase.blobs.storage import BlobMissing, blob_read
from utilicase.core.rules import RuleViolation
from utilicase.documents.domain.signatures import SignatureRefused, png_from_data_url
from utilicase.evidence import selectors, services
from utilicase.evidence.domain import custody as rules
from utilicase.evidence.domain.uploads import MAX_BYTES
from utilicase.evidence.forms import ConfirmForm, CustodyForm, FileForm, ItemForm, SealForm, client_time
from utilicase.evidence.models import CustodyStep
from utilicase.evidence.permissions import can_record_evidence
from utilicase.org.models import User
from utilicase.web.actions import action_done, action_gone, case_action
from utilicase.web.exports import Column, export_format, table_response


def _register_or_404(user, target_type: str, target_id: str) -> selectors.Register:
    register = selectors.register_get(user=user, target_type=target_type, target_id=target_id)
    if register is None:
        raise Http404
    return register


def _item_or_404(user, pk: int):
    found = selectors.item_get(user=user, id=pk)
    if found is None:
        raise Http404
    return found


def _recorder_or_404(user) -> None:
    # A user who sees the case but does not record evidence gets no form to submit.
    if not can_record_evidence(user):
        raise Http404


def _error(form, exc: services.EvidenceInvalid) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _refusal(violation: RuleViolation) -> str:
    return _("%(message)s（%(clause)s）") % {"message": violation.text(_), "clause": violation.clause}


def _read(upload, form, field: str) -> bytes | None:
    if upload is None:
        return None
    if upload.size is not None and upload.size > MAX_BYTES:
        form.add_error(field, _("文件过大：最多 %(mb)d MB。") % {"mb": MAX_BYTES // (1024 * 1024)})
        return None
    return upload.read(MAX_BYTES + 1)


def _custody_options(item) -> tuple[list[str], list[tuple[str, str, RuleViolation]]]:
    allowed, refused = rules.custody_options(item.state, rules.CustodyFacts(kind=item.kind,
                                                                            sealed=item.current_seal is not None))
    return allowed, [(step, CustodyStep(step).label, refusal) for step, refusal in refused]


def _seal(item) -> str:
    if item.current_seal:
        return f"{_('封条')} {item.current_seal.number} {_('完好')}"
    return _("封条已启封") if item.seals.all() else ""


def _confirmed(item) -> str:
    if item.confirmation is None:
        return _("客户未确认")
    return _("确认后有新增") if item.changed_since_confirmed else _("客户已确认")


# The register's items as its page shows them (register.html).
REGISTER_COLUMNS = (
    Column(gettext_lazy("编号"), lambda i: i.number), Column(gettext_lazy("类别"), lambda i: i.get_kind_display()),
    Column(gettext_lazy("名称及特征"), lambda i: i.description), Column(gettext_lazy("状态"), lambda i: i.state_label),
    Column(gettext_lazy("封条"), _seal), Column(gettext_lazy("客户确认"), _confirmed),
)


@login_required
def register(request, target_type: str, target_id: str):
    reg = _register_or_404(request.user, target_type, target_id)
    fmt = export_format(request)
    if fmt:
        return table_response(fmt=fmt, name=f"evidence-{reg.info.number}", title=_("证据登记表"),
                              columns=REGISTER_COLUMNS, rows=reg.items)
    return render(request, "evidence/register.html", {
        "register": reg, "info": reg.info, "items": reg.items, "can_record": can_record_evidence(request.user),
    })


@login_required
def item_new(request, target_type: str, target_id: str):
    reg = _register_or_404(request.user, target_type, target_id)
    _recorder_or_404(request.user)
    user = request.user
    colleagues = User.objects.filter(unit=user.unit, is_active=True).exclude(pk=user.pk).order_by("username")
    form = ItemForm(request.POST or None, request.FILES or None, colleagues=colleagues)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        now = timezone.now()
        photo = _read(data["photo"], form, "photo")
        if not form.errors:
            try:
                with transaction.atomic():  # a refused photo leaves no item behind
                    item = services.item_register(
                        actor=user, target_type=reg.info.target_type, target_id=reg.info.target_id,
                        kind=data["kind"], description=data["description"], location=data["location"],
                        latitude=data["latitude"], longitude=data["longitude"], collected_at=data["collected_at"],
                        collectors=list(data["collectors"]), now=now)
                    if photo is not None:
                        try:
                            services.evidence_file_add(actor=user, item=item, data=photo,
                                                       original_name=data["photo"].name or "",
                                                       captured_at=client_time(data["captured_at"]), now=now)
                        except services.EvidenceInvalid as exc:
                            raise services.EvidenceInvalid("photo", exc.message) from None
            except services.EvidenceInvalid as exc:
                _error(form, exc)
            except RuleViolation as exc:
                form.add_error(None, _refusal(exc))
            else:
                messages.success(request, _("已登记证据 %(number)d。") % {"number": item.number})
                return redirect("evidence:item", item.pk)
    return render(request, "evidence/item_new.html", {"register": reg, "info": reg.info, "form": form})


@login_required
def item_detail(request, pk: int):
    item, _case, info = _item_or_404(request.user, pk)
    return _render_item(request, item, info)


def _render_item(request, item, info, *, file_form=None, custody_form=None, custody_refusal=None, status=200):
    """The item's page; a form given is the one just posted, refused or invalid, shown in its own
    block with what was typed and why."""
    allowed, refused = _custody_options(item)
    sealed = item.current_seal is not None
    if custody_form is None:
        custody_form = CustodyForm(steps=allowed, sealed=sealed)
    elif not allowed:  # the chain of custody ended meanwhile: no form left to answer in
        return action_gone(request, reverse("evidence:item", args=[item.pk]), custody_refusal)
    else:
        custody_form.fields["step"].choices = [c for c in custody_form.fields["step"].choices if c[0] in allowed]
    sealable = rules.seal_refusal(kind=item.kind, state=item.state, sealed=sealed,
                                  seal_number=item.current_seal.number if sealed else "")
    return render(request, "evidence/item.html", {
        "item": item, "info": info, "can_record": can_record_evidence(request.user),
        "file_form": file_form or FileForm(), "custody_form": custody_form, "custody_refusal": custody_refusal,
        "custody_refused": refused, "seal_refusal": sealable,
    }, status=status)


@login_required
@case_action("evidence:item")
def file_add(request, pk: int):
    item, _case, info = _item_or_404(request.user, pk)
    _recorder_or_404(request.user)
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        data = _read(form.cleaned_data["file"], form, "file")
        if data is not None:
            try:
                services.evidence_file_add(actor=request.user, item=item, data=data,
                                           original_name=form.cleaned_data["file"].name or "",
                                           captured_at=client_time(form.cleaned_data["captured_at"]),
                                           now=timezone.now())
            except services.EvidenceInvalid as exc:
                _error(form, exc)
            else:
                messages.success(request, _("已添加文件。"))
                return action_done(request, reverse("evidence:item", args=[item.pk]))
    return _render_item(request, item, info, file_form=form, status=422)


def _signature(form, field: str = "signature") -> bytes | None:
    try:
        return png_from_data_url(form.cleaned_data.get(field, ""))
    except SignatureRefused:
        form.add_error(None, _("请客户在签字板上签字。"))
        return None


def _seal_save(request, item, form) -> str | None:
    """Seal the item from the form (the customer's signature, or the refusal before two
    witnesses); the message to show, or None with the errors on the form."""
    data = form.cleaned_data
    try:
        if data["customer_refused"]:
            names = [n for n in (data["witness_name_1"], data["witness_name_2"]) if n]
            pngs = [png_from_data_url(data[f], field="witness_signatures")
                    for f in ("witness_signature_1", "witness_signature_2") if data[f]]
            services.seal_apply_refused(actor=request.user, item=item, number=data["number"], witness_names=names,
                                        witness_pngs=pngs, photo=_read(data["photo"], form, "photo"),
                                        now=timezone.now())
            return _("已封存，客户拒签已由见证人签字并拍照记录。")
        png = _signature(form)
        if png is None:
            return None
        services.seal_apply(actor=request.user, item=item, number=data["number"], signer_name=data["signer_name"],
                            png=png, now=timezone.now())
        return _("已封存并由客户签字确认。")
    except SignatureRefused:
        form.add_error(None, _("见证人须在签字板上签字。"))
    except services.EvidenceInvalid as exc:
        _error(form, exc)
    except RuleViolation as exc:
        form.add_error(None, _refusal(exc))
    return None


@login_required
def seal(request, pk: int):
    item, _case, info = _item_or_404(request.user, pk)
    _recorder_or_404(request.user)
    form = SealForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        done = _seal_save(request, item, form)
        if done:
            messages.success(request, done)
            return redirect("evidence:item", item.pk)
    return render(request, "evidence/seal.html", {"item": item, "info": info, "form": form},
                  status=422 if form.errors else 200)


@login_required
@case_action("evidence:item")
def custody(request, pk: int):
    item, _case, info = _item_or_404(request.user, pk)
    _recorder_or_404(request.user)
    form = CustodyForm(request.POST, request.FILES, steps=rules.MOVES, sealed=item.current_seal is not None)
    if form.is_valid():
        data = form.cleaned_data
        report = _read(data.get("report"), form, "report")
        if not form.errors:
            try:
                services.custody_move(
                    actor=request.user, item=item, step=data["step"], location=data["location"], note=data["note"],
                    seal_state=data.get("seal_state", ""), seal_note=data.get("seal_note", ""), result=data["result"],
                    report=report, now=timezone.now())
            except services.EvidenceInvalid as exc:
                _error(form, exc)
            except RuleViolation as exc:
                return _render_item(request, item, info, custody_form=form, custody_refusal=exc, status=409)
            else:
                messages.success(request, _("已登记保管流转。"))
                return action_done(request, reverse("evidence:item", args=[item.pk]))
    return _render_item(request, item, info, custody_form=form, status=422)


@login_required
def confirm(request, target_type: str, target_id: str):
    reg = _register_or_404(request.user, target_type, target_id)
    _recorder_or_404(request.user)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        png = _signature(form)
        if png is not None:
            try:
                services.register_confirm(actor=request.user, target_type=reg.info.target_type,
                                          target_id=reg.info.target_id, signer_name=form.cleaned_data["signer_name"],
                                          png=png, now=timezone.now())
            except services.EvidenceInvalid as exc:
                _error(form, exc)
            except RuleViolation as exc:
                form.add_error(None, _refusal(exc))
            else:
                messages.success(request, _("客户已签字确认证据登记。"))
                return redirect("evidence:register", reg.info.target_type, reg.info.target_id)
    return render(request, "evidence/confirm.html", {"register": reg, "info": reg.info, "items": reg.items,
                                                     "form": form}, status=422 if form.errors else 200)


def _filename(info, extension: str) -> str:
    safe = "".join(c for c in info.number if c.isascii() and (c.isalnum() or c in "-_")) or "case"
    return f"evidence-{safe}.{extension}"


@login_required
def package_pdf(request, target_type: str, target_id: str):
    reg = _register_or_404(request.user, target_type, target_id)
    pdf = services.package_pdf_build(actor=request.user, register=reg, now=timezone.now())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(reg.info, "pdf")}"'
    return response


@login_required
def package_zip(request, target_type: str, target_id: str):
    reg = _register_or_404(request.user, target_type, target_id)
    out, _sha, _size = services.package_zip_build(actor=request.user, register=reg, now=timezone.now())
    return FileResponse(out, content_type="application/zip", as_attachment=True, filename=_filename(reg.info, "zip"))


def _blob(sha256: str, content_type: str, filename: str, *, attachment: bool) -> FileResponse:
    try:
        data = blob_read(services.BLOB_NAMESPACE, sha256)
    except BlobMissing:
        raise Http404 from None
    response = FileResponse(io.BytesIO(data), content_type=content_type, as_attachment=attachment, filename=filename)
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def file_original(request, pk: int):
    f = selectors.file_get(user=request.user, id=pk)
    if f is None:
        raise Http404
    extension = f.content_type.split("/")[-1]
    return _blob(f.sha256, f.content_type, f"{f.sha256[:16]}.{extension}", attachment=False)


@login_required
def file_thumbnail(request, pk: int):
    f = selectors.file_get(user=request.user, id=pk)
    if f is None or not f.thumbnail_sha256:
        raise Http404
    return _blob(f.thumbnail_sha256, "image/jpeg", f"{f.thumbnail_sha256[:16]}.jpg", attachment=False)


@login_required
def appraisal_report(request, pk: int):
    entry = selectors.report_get(user=request.user, id=pk)
    if entry is None:
        raise Http404
    extension = entry.report_content_type.split("/")[-1]
    return _blob(entry.report_sha256, entry.report_content_type, f"appraisal-{entry.pk}.{extension}", attachment=True)
