"""Documents as printed: the HTML of each type's template, its PDF (WeasyPrint, A4, the CJK font
WenQuanYi Micro Hei embedded), the QR code of its verification address (segno), and the
signatures placed on it (PNG images from the blob store).

Each copy is its own PDF (存根联 kept, 客户联 handed or posted to the customer): the customer's
copy travels alone and its QR code and hash verify exactly that file; the kept copy is archived
without page ranges to remember. Every page carries the copy mark, the document number and
"第 N 页 共 M 页" in its margins."""

import base64
import threading
from datetime import datetime
from functools import lru_cache

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from utilicase.blobs.storage import blob_read
from utilicase.documents.domain.catalogue import (
    ANY_UTILITY_WORD,
    ANY_UTILITY_WORD_EN,
    TEXTAREA,
    UTILITY_WORD,
    UTILITY_WORD_EN,
    display_value,
)
from utilicase.documents.models import CopyKind, Document, Signature

SIGNATURE_NAMESPACE = "signatures"
DOCUMENT_SIGN_PURPOSE = "documents.document.sign"
COPY_LABELS = {
    CopyKind.KEPT: ("存根联（本公司留存）", "Counterfoil (kept by the company)"),
    CopyKind.CUSTOMER: ("客户联（交客户收执）", "Customer's copy"),
    CopyKind.SINGLE: ("", ""),
}
CUSTOMER_SIGN_LINE = ("客户签收", "Received by the customer")


def copies_of(document: Document) -> list[str]:
    """The copies a document of this type is made in."""
    return [CopyKind.KEPT, CopyKind.CUSTOMER] if document.type.two_copies else [CopyKind.SINGLE]


def verify_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("documents:verify", args=[token])


@lru_cache(maxsize=64)
def qr_data_uri(url: str) -> str:
    """The QR code as an SVG data URI; kept for the other copies of the same document."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def _css_string(text: str) -> str:
    """A CSS string literal (for @page margin boxes), safe inside <style>."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3C ")
    return mark_safe(f'"{escaped}"')


def _local(moment: datetime | None, *, en: bool, with_time: bool = True) -> str:
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    if en:
        return local.strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d")
    text = f"{local.year}年{local.month}月{local.day}日"
    return f"{text} {local:%H:%M}" if with_time else text


def document_signatures(document: Document) -> list[Signature]:
    """The signatures placed on the document: those captured while it was a draft."""
    return list(Signature.objects.filter(target_type="documents.document", target_id=str(document.pk),
                                         purpose=DOCUMENT_SIGN_PURPOSE).order_by("signed_at", "id"))


def signature_data_uri(signature: Signature) -> str:
    png = blob_read(SIGNATURE_NAMESPACE, signature.image_sha256)
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def document_html(document: Document, *, copy: str, lang: str = "zh", signatures: list[Signature] | None = None) -> str:
    """The document as HTML for WeasyPrint. A draft is marked 草稿 and has no number or QR code."""
    en = lang == "en"
    spec = document.type
    if signatures is None:
        signatures = document_signatures(document)
    with translation.override("en" if en else "zh-hans"):
        fields, display, labels = [], {}, {}
        for f in spec.fields:
            value = document.content.get(f.name, "")
            shown = display_value(f, value, lang)
            display[f.name] = shown
            labels[f.name] = f.label_en if en else f.label_zh
            if value:
                fields.append({"label": labels[f.name], "value": shown, "long": f.kind == TEXTAREA})
        number = document.number_display
        copy_label = COPY_LABELS[CopyKind(copy)][1 if en else 0]
        if en:
            page = ('"Page "', '" of "', '""')
        else:
            page = ('"第 "', '" 页 共 "', '" 页"')
        draft = document.is_draft
        url = verify_url(document.verify_token) if document.verify_token and not draft else ""
        replaces = document.replaces.number_display if document.replaces_id else ""
        sign_lines = []
        if spec.served and copy != CopyKind.CUSTOMER:
            sign_lines.append(CUSTOMER_SIGN_LINE[1 if en else 0])
        context = {
            "doc": document, "en": en, "draft": draft,
            "title": document.title(lang), "number": number, "copy_label": copy_label,
            "u": UTILITY_WORD.get(document.utility, ANY_UTILITY_WORD),
            "u_en": UTILITY_WORD_EN.get(document.utility, ANY_UTILITY_WORD_EN),
            "fields": fields, "c": display, "raw": document.content, "labels": labels,
            "signatures": [{"role": s.get_signer_role_display(), "name": s.signer_name,
                            "signed_at": _local(s.signed_at, en=en), "image": signature_data_uri(s)}
                           for s in signatures],
            "sign_lines": sign_lines,
            "issued_at": _local(document.issued_at, en=en, with_time=False),
            "issued_by": document.issued_by.display_name if document.issued_by_id else "",
            "replaces": replaces,
            "qr": qr_data_uri(url) if url else "", "verify_url": url,
            "css": {
                "copy": _css_string(copy_label.split("（")[0] if not en else copy_label),
                "number": _css_string(number or ("DRAFT" if en else "草稿")),
                "issuer": _css_string(document.issuer_name or document.issuer_short_name),
                "page_before": mark_safe(page[0]), "page_middle": mark_safe(page[1]), "page_after": mark_safe(page[2]),
            },
        }
        return render_to_string(f"documents/pdf/{document.doc_type}.html", context)


_fonts = threading.local()


def _font_config():
    """The fonts WeasyPrint found, kept for the next PDFs of this thread (Pango's font map is
    not to be shared between threads) keeps the faces it loaded, a few ms of each PDF."""
    from weasyprint.text.fonts import FontConfiguration  # imported when needed: loading Pango takes a moment

    if getattr(_fonts, "config", None) is None:
        _fonts.config = FontConfiguration()
    return _fonts.config


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=None).write_pdf(font_config=_font_config())


def document_pdf(document: Document, *, copy: str, lang: str = "zh", signatures: list[Signature] | None = None) -> bytes:
    return html_to_pdf(document_html(document, copy=copy, lang=lang, signatures=signatures))
