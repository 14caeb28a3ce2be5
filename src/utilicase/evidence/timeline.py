"""Evidence on a case's timeline: the labels of the actions evidence writes, and the records of a
case whose events belong on its timeline (items, their files, seals and custody moves, the
customer's confirmations, and the signatures on seals and confirmations), each linking to its
item's page or to the case's evidence register."""

from django.db.models import BigIntegerField, OuterRef, Subquery, TextField, Value
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from utilicase.audit.timeline import Attached, Link, pack, unpack
from utilicase.documents.models import Signature
from utilicase.evidence.models import (
    CustodyEntry,
    CustodyStep,
    EvidenceFile,
    EvidenceItem,
    ItemKind,
    RegisterConfirmation,
    Seal,
)

LABELS = {
    "evidence.item.registered": gettext_lazy("证据已登记"),
    "evidence.file.added": gettext_lazy("证据照片或录音已添加"),
    "evidence.seal.applied": gettext_lazy("证据已封存"),
    "evidence.seal.applied_refused": gettext_lazy("证据已封存，客户拒签"),
    "evidence.custody.moved": gettext_lazy("证据保管流转已登记"),
    "evidence.register.confirmed": gettext_lazy("证据登记已经客户签字确认"),
    "evidence.package.pdf_built": gettext_lazy("证据包PDF已生成"),
    "evidence.package.zip_built": gettext_lazy("证据原件包已导出"),
}


def _item_ref(prefix: str = "", *more):
    return pack(*(prefix + f for f in ("id", "number", "kind")), *more)


def _item_link(ref: str) -> Link:
    pk, number, kind, *step = unpack(ref)
    text = _("证据%(number)s（%(kind)s）") % {"number": number, "kind": ItemKind(kind).label}
    if step:
        text += _("：%(step)s") % {"step": CustodyStep(step[0]).label}
    return Link(reverse("evidence:item", args=[pk]), text)


def attached_records(target_type: str, target_id: str) -> list[Attached]:
    items = EvidenceItem.objects.filter(target_type=target_type, target_id=target_id)
    seals = Seal.objects.filter(item__in=items)
    confirmations = RegisterConfirmation.objects.filter(target_type=target_type, target_id=target_id)
    register = Link(reverse("evidence:register", args=[target_type, target_id]), _("证据登记"))

    def register_link(_ref: str) -> Link:
        return register

    sealed_item = Seal.objects.filter(pk=Cast(OuterRef("target_id"), BigIntegerField())).order_by().values(
        ref=_item_ref("item__"))
    return [
        Attached(items, _item_ref(), _item_link),
        Attached(EvidenceFile.objects.filter(item__in=items), _item_ref("item__"), _item_link),
        Attached(seals, _item_ref("item__"), _item_link),
        Attached(CustodyEntry.objects.filter(item__in=items), _item_ref("item__", "step"), _item_link),
        Attached(confirmations, Value(""), register_link),
        Attached(Signature.objects.filter(target_type=Seal._meta.label_lower,
                                          target_id__in=seals.values(sid=Cast("pk", TextField()))),
                 Subquery(sealed_item[:1]), _item_link),
        Attached(Signature.objects.filter(target_type=RegisterConfirmation._meta.label_lower,
                                          target_id__in=confirmations.values(sid=Cast("pk", TextField()))),
                 Value(""), register_link),
    ]
