"""Access functions of the documents context. Each condition on its own line.

A document belongs to a case: whoever may see the case (core.cases.case_for) sees its
documents; a document of a case the user may not see answers 404 like a missing one (the
selectors do that). Members of staff with a role who see the case write its documents:
drafts, signatures, issue, service, correction. Whistleblower reports' documents follow the
same rule, and only discipline inspection sees those cases."""

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
