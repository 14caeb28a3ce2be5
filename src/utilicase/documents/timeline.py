"""Documents on a case's timeline: the labels of the actions documents write, and the records
of a case whose events belong on its timeline (its documents, every version, and the signatures
captured for them and for their service records), each linking to its document's page."""

from django.db.models import BigIntegerField, OuterRef, Subquery, TextField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from utilicase.audit.timeline import Attached, Link, pack, unpack
from utilicase.documents.domain.catalogue import doc_type
from utilicase.documents.domain.numbers import display_number
from utilicase.documents.models import Document, ServiceRecord, Signature

LABELS = {
    "documents.document.drafted": _("文书已起草"),
    "documents.document.edited": _("文书草稿已修改"),
    "documents.document.issued": _("文书已签发"),
    "documents.document.superseded": _("文书已被更正版取代"),
    "documents.document.correction_started": _("文书更正已开始"),
    "documents.document.discarded": _("文书草稿已作废"),
    "documents.document.served": _("文书已送达"),
    "documents.document.service_refused": _("文书已被客户拒签"),
    "documents.document.signature_refused": _("当事人拒签已登记"),
    "documents.signature.captured": _("签名已采集"),
}


def _document_ref(prefix: str = ""):
    return pack(*(prefix + f for f in ("id", "doc_type", "utility", "version", "number")))


def _document_link(ref: str) -> Link:
    pk, code, utility, version, number = unpack(ref, 5)
    lang = "en" if (get_language() or "").startswith("en") else "zh"
    text = " ".join(t for t in (doc_type(code).title(utility, lang), display_number(number, int(version))) if t)
    return Link(reverse("documents:detail", args=[pk]), text)


def _signatures_on(model, ref_prefix: str, records) -> Attached:
    """The signatures captured for `records` (of `model`), each linking to its document."""
    owner = model.objects.filter(pk=Cast(OuterRef("target_id"), BigIntegerField())).order_by().values(
        ref=_document_ref(ref_prefix))
    signatures = Signature.objects.filter(target_type=model._meta.label_lower,
                                          target_id__in=records.values(sid=Cast("pk", TextField())))
    return Attached(signatures, Subquery(owner[:1]), _document_link)


def attached_records(target_type: str, target_id: str) -> list[Attached]:
    documents = Document.objects.filter(target_type=target_type, target_id=target_id)
    records = ServiceRecord.objects.filter(document__in=documents)
    return [
        Attached(documents, _document_ref(), _document_link),
        _signatures_on(Document, "", documents),
        _signatures_on(ServiceRecord, "document__", records),
    ]
