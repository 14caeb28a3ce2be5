"""A case's timeline: the audit events of the case and of every record attached to it (its
documents, evidence, deadlines, ...), oldest first, each attached event with a link to its
record's page.

Contexts whose records attach to cases register, in their AppConfig.ready(), a function that
lists them for a case (`register_attached`), so a new case type gets a full timeline for free.
Two queries whatever the size of the case: one (a UNION) finds the attached records, one reads
their events and the case's. Confidential events (whistleblower reports, §6.7(iii)(1-6)) never
come in through an attached record."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet, TextField, Value
from django.db.models.functions import Cast, Concat

from utilicase.audit.confidential import confidential_events
from utilicase.audit.models import AuditEvent

SEPARATOR = "|"


@dataclass(frozen=True)
class Link:
    url: str | None  # the record's page, or None where it has none
    text: str  # what the record is, in words ("Evidence 2", a document's title and number)


@dataclass(frozen=True)
class Attached:
    """Records of one model attached to a case. `ref` is an expression over `records` giving
    the text that `link` turns into the record's link (see `pack`/`unpack`)."""

    records: QuerySet
    ref: Any
    link: Callable[[str], Link]


# (case target_type, case target_id) -> the case's attached records, one Attached per model.
Lister = Callable[[str, str], Iterable[Attached]]
_LISTERS: list[Lister] = []


def register_attached(lister: Lister) -> None:
    if lister not in _LISTERS:
        _LISTERS.append(lister)


def pack(*fields: Any) -> Concat:
    """One text column made of several fields or expressions (`unpack` gives them back)."""
    parts: list[Any] = [fields[0]]
    for field in fields[1:]:
        parts += [Value(SEPARATOR), field]
    return Concat(*parts, output_field=TextField())


def unpack(ref: str, fields: int = 0) -> list[str]:
    """The fields of a `pack`ed column; with `fields`, the last one may hold the separator."""
    return ref.split(SEPARATOR, fields - 1)


def case_timeline(*, target_type: str, target_id: str) -> list[AuditEvent]:
    """Every audit event of the case and of its attached records, ordered by seq. Events of
    attached records carry `link` (a Link). Callers check that the user may see the case."""
    attached = [a for lister in _LISTERS for a in lister(target_type, str(target_id))]
    links: dict[tuple[str, str], tuple[Attached, str]] = {}
    ids: dict[str, list[str]] = defaultdict(list)
    if attached:
        parts = [
            a.records.order_by().annotate(_k=Value(k), _id=Cast("pk", TextField()), _ref=Cast(a.ref, TextField()))
            .values_list("_k", "_id", "_ref")
            for k, a in enumerate(attached)
        ]
        for k, record_id, ref in parts[0].union(*parts[1:], all=True):
            a = attached[int(k)]
            record_type = a.records.model._meta.label_lower
            ids[record_type].append(record_id)
            links[record_type, record_id] = (a, ref or "")
    wanted = Q(target_type=target_type, target_id=str(target_id))
    hidden = confidential_events()
    for record_type, record_ids in ids.items():
        # One branch per type, each with the exclusion, so the database reads each by its index.
        of_records = Q(target_type=record_type, target_id__in=record_ids)
        wanted |= of_records if hidden is None else of_records & ~hidden
    events = list(AuditEvent.objects.filter(wanted).order_by("seq"))
    for event in events:
        found = links.get((event.target_type, event.target_id))
        if found is not None:
            event.link = found[0].link(found[1])
    return events
