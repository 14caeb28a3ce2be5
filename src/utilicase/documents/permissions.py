"""Access functions of the documents context. Each condition on its own line.

A document belongs to a case: whoever may see the case (core.cases.case_for) sees its
documents; a document of a case the user may not see answers 404 like a missing one (the
selectors do that). Members of staff with a role who see the case write its documents, each
action only on the types its case type declares and its role writes (documents/domain/
issuing.py; the services refuse the rest with the clause); any of them records service.
Whistleblower reports' documents follow the same rule, and only discipline inspection sees
those cases."""

from utilicase.core.cases import declared_documents
from utilicase.documents.domain import issuing
from utilicase.org.models import User


def can_write_documents(user: User) -> bool:
    if not user.is_authenticated:
        return False
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    return bool(user.role)


def can_view_verification_details(user: User, *, case_visible: bool) -> bool:
    """The public verification page shows no personal data; a signed-in user who may see the
    case is also given the link to the document."""
    if not user.is_authenticated:
        return False
    return case_visible


def creatable_types(user: User, *, target_type: str, case) -> list[str]:
    """The document types the user may draft on this case now: declared by its case type, drafted
    by the user's role, the case's precondition met (documents/domain/issuing.py)."""
    if not can_write_documents(user):
        return []
    return issuing.creatable(role=user.role or "", declared=declared_documents(target_type), case=case)


def can_act_on_document(user: User, document, action: str) -> bool:
    """Whether the user's role may take `action` (issuing.EDIT, SIGN, ISSUE, DISCARD, CORRECT) on
    this document; the case's precondition is checked when the document is issued."""
    if not can_write_documents(user):
        return False
    refused = issuing.writer_refusal(code=document.doc_type, action=action, role=user.role or "",
                                     declared=declared_documents(document.target_type))
    return refused is None
