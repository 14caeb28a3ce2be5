"""What every document page shares: the page's language, the document the user may see (404
otherwise), the writers-only gate, and telling a refusal or input errors."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from utilicase.core.i18n import translated
from utilicase.core.rules import RuleViolation
from utilicase.documents import forms, selectors, services
from utilicase.documents.models import Document
from utilicase.documents.permissions import can_write_documents


def page_lang() -> str:
    return "en" if forms.is_english() else "zh"


def document_or_404(request, pk: int):
    try:
        return selectors.document_get(user=request.user, id=pk)
    except Document.DoesNotExist:
        raise Http404 from None


def writers_only(request) -> None:
    if not can_write_documents(request.user):
        raise PermissionDenied


def tell_refused(request, exc: RuleViolation) -> None:
    messages.error(request, _("%(message)s（%(clause)s）") % {"message": exc.text(_), "clause": exc.clause})


def role_allows(request, document: Document, action: str) -> bool:
    """Whether the user's role may take `action` on this document; if not, the refusal (with its
    clause) is told."""
    try:
        services.require_writer(actor=request.user, code=document.doc_type, action=action,
                                target_type=document.target_type)
    except RuleViolation as exc:
        tell_refused(request, exc)
        return False
    return True


def add_errors(form, errors: dict[str, str]) -> None:
    for name, message in errors.items():
        field = name.removeprefix("content.")
        form.add_error(field if field in form.fields else None, translated(message, _))
