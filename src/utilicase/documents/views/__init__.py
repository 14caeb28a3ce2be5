"""Document pages: a case's documents, a draft's form and preview, a document with its actions
(sign, issue, discard, correct, record service), its PDFs, its service records, and the public
verification page its QR code opens. Each view reads the clock, parses a form, and calls one
selector or one service; a document of a case the user may not see answers 404.

The pages are split by what they do: reading.py (reading pages and files), drafting.py (a draft
from creation to issue, and corrections), serving.py (service and a party's refusal to sign);
common.py is what they share. `views.<name>` stays the address of each page."""

from utilicase.documents.views.drafting import correct, discard, edit, issue, new, sign
from utilicase.documents.views.reading import (
    case_documents,
    detail,
    pdf,
    preview,
    proof_file,
    service_detail,
    signature_image,
    verify,
)
from utilicase.documents.views.serving import refusal, service

__all__ = [
    "case_documents", "correct", "detail", "discard", "edit", "issue", "new", "pdf", "preview", "proof_file",
    "refusal", "service", "service_detail", "sign", "signature_image", "verify",
]
