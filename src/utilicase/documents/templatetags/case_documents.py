"""`{% case_documents_card target_type target_id %}`: a case's documents on its own page (number,
status, time, each linked), so the page, and its print, holds the case's documents with its facts,
deadlines and timeline. Read through the documents' scoped selector: nothing for a user who may
not see the case."""

from django import template

from utilicase.documents import selectors
from utilicase.documents.views.common import page_lang

register = template.Library()


@register.inclusion_tag("documents/_case_documents_card.html", takes_context=True)
def case_documents_card(context, target_type: str, target_id) -> dict:
    found = selectors.case_documents(user=context["request"].user, target_type=target_type, target_id=str(target_id))
    documents = list(found.documents) if found is not None else []
    lang = page_lang()
    for d in documents:
        d.display_title = d.title(lang)
    return {"found": found is not None, "documents": documents, "target_type": target_type,
            "target_id": str(target_id)}
