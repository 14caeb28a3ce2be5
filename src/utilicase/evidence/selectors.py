"""Reads of the evidence register, restricted at the source: every read starts from the case and
asks the case registry whether the user may see it (`case_for`); a case, item or file the user
may not see is answered exactly like a missing one (None)."""

import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from utilicase.core.cases import CaseInfo, case_for
from utilicase.documents.models import Signature
from utilicase.evidence.domain import custody as rules
from utilicase.evidence.domain.times import time_difference, times_disagree
from utilicase.evidence.models import (
    SEAL_WITNESS_PURPOSE,
    STATE_LABELS,
    CustodyEntry,
    EvidenceFile,
    EvidenceItem,
    RegisterConfirmation,
    Seal,
)

_TARGET_TYPE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
_TARGET_ID = re.compile(r"^[0-9A-Za-z_.:-]{1,64}$")


def safe_case_for(user, target_type: str, target_id: str) -> tuple[Any, CaseInfo] | None:
    """`case_for`, with a malformed name or id (control characters, which PostgreSQL refuses in
    text; text for a numeric key; a number beyond the column) answered like a missing case
    rather than as an error."""
    target_id = str(target_id)
    if not _TARGET_TYPE.match(target_type or "") or not _TARGET_ID.match(target_id):
        return None
    try:
        return case_for(user, target_type, str(target_id))
    except (ValueError, TypeError, OverflowError):
        return None


@dataclass
class Register:
    case: Any
    info: CaseInfo
    items: list[EvidenceItem]
    confirmations: list[RegisterConfirmation] = field(default_factory=list)

    @property
    def unconfirmed(self) -> list[EvidenceItem]:
        return [i for i in self.items if i.confirmation is None]

    @property
    def changed_since_confirmed(self) -> list[EvidenceItem]:
        return [i for i in self.items if i.confirmation is not None and i.changed_since_confirmed]


def item_snapshot(item: EvidenceItem) -> dict:
    """What the customer is shown of an item when confirming the register."""
    return {
        "number": item.number, "kind": item.kind, "description": item.description, "location": item.location,
        "files": [f.sha256 for f in item.files.all()],
        "seals": [s.number for s in item.seals.all()],
    }


def register_items(target_type: str, target_id: str):
    return (
        EvidenceItem.objects.filter(target_type=target_type, target_id=str(target_id))
        .select_related("registered_by")
        .prefetch_related(
            "collectors",
            Prefetch("files", queryset=EvidenceFile.objects.select_related("uploaded_by").order_by("id")),
            Prefetch("seals", queryset=Seal.objects.select_related("sealed_by", "customer_signature", "refusal_photo")
                     .order_by("sealed_at", "id")),
            Prefetch("custody", queryset=CustodyEntry.objects.select_related("moved_by", "seal").order_by("seq")),
        )
        .order_by("number")
    )


def decorate(item: EvidenceItem, confirmations: list[RegisterConfirmation]) -> EvidenceItem:
    """Derived facts the pages, the API and the package show: custody state, the seal now on
    the item, which confirmation covers it and whether anything was added since, and for each
    photo whether the camera's time disagrees with the reported time."""
    custody = list(item.custody.all())
    item.state = custody[-1].step if custody else rules.COLLECTED
    item.state_label = STATE_LABELS.get(item.state, item.state)
    item.current_seal = next((s for s in item.seals.all() if s.broken_at is None), None)
    item.confirmation = next((c for c in reversed(confirmations) if item.number in c.item_numbers), None)
    item.changed_since_confirmed = False
    confirmed_files: set[str] = set()
    if item.confirmation is not None:
        shown = next((s for s in item.confirmation.snapshot if s.get("number") == item.number), None)
        item.changed_since_confirmed = shown != item_snapshot(item)
        confirmed_files = set((shown or {}).get("files", []))
    for f in item.files.all():
        f.time_difference = time_difference(f.exif_taken_at, f.reference_at)
        f.times_disagree = times_disagree(f.exif_taken_at, f.reference_at)
        f.minutes_apart = int(f.time_difference.total_seconds() // 60) if f.time_difference is not None else None
        f.confirmed = f.sha256 in confirmed_files
    return item


def with_seal_witnesses(items: list[EvidenceItem]) -> list[EvidenceItem]:
    """Each seal with `witnesses`: the witnesses' signatures (name, hash), in the order signed,
    of a seal whose customer refused to confirm it (§2.6(2)); one query for all the items."""
    seals = {s.pk: s for item in items for s in item.seals.all()}
    for seal in seals.values():
        seal.witnesses = []
    refused = [str(pk) for pk, seal in seals.items() if seal.customer_refused]
    if refused:
        for signature in Signature.objects.filter(target_type=Seal._meta.label_lower, target_id__in=refused,
                                                  purpose=SEAL_WITNESS_PURPOSE).order_by("signed_at", "id"):
            seals[int(signature.target_id)].witnesses.append(signature)
    return items


def confirmations_for(target_type: str, target_id: str) -> list[RegisterConfirmation]:
    return list(
        RegisterConfirmation.objects.filter(target_type=target_type, target_id=str(target_id))
        .select_related("signature", "recorded_by").order_by("confirmed_at", "id")
    )


def register_get(*, user, target_type: str, target_id: str) -> Register | None:
    """A case's register with everything on it, or None when the user may not see the case."""
    found = safe_case_for(user, target_type, target_id)
    if found is None:
        return None
    case, info = found
    confirmations = confirmations_for(info.target_type, info.target_id)
    items = with_seal_witnesses([decorate(i, confirmations) for i in register_items(info.target_type, info.target_id)])
    return Register(case=case, info=info, items=items, confirmations=confirmations)


def item_get(*, user, id: int) -> tuple[EvidenceItem, Any, CaseInfo] | None:
    """One item (decorated) with its case, or None when missing or its case is not visible."""
    item = EvidenceItem.objects.filter(pk=id).only("target_type", "target_id").first()
    if item is None:
        return None
    found = safe_case_for(user, item.target_type, item.target_id)
    if found is None:
        return None
    case, info = found
    item = register_items(item.target_type, item.target_id).get(pk=id)
    return with_seal_witnesses([decorate(item, confirmations_for(info.target_type, info.target_id))])[0], case, info


def _visible(user, item: EvidenceItem) -> bool:
    return safe_case_for(user, item.target_type, item.target_id) is not None


def file_get(*, user, id: int) -> EvidenceFile | None:
    f = EvidenceFile.objects.select_related("item").filter(pk=id).first()
    if f is None or not _visible(user, f.item):
        return None
    return f


def report_get(*, user, id: int) -> CustodyEntry | None:
    """A custody entry that carries an appraisal report."""
    entry = CustodyEntry.objects.select_related("item").filter(pk=id).exclude(report_sha256="").first()
    if entry is None or not _visible(user, entry.item):
        return None
    return entry


def item_state(item: EvidenceItem) -> str:
    """The item's custody state from the log (for writers, on a locked item)."""
    last = CustodyEntry.objects.filter(item=item).order_by("-seq").only("step").first()
    return last.step if last is not None else rules.COLLECTED
