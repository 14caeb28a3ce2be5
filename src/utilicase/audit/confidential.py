"""Events some cases keep from everyone but one role: each entry gives the Q of such events
(whistleblower reports register theirs, §6.7(iii)(1-6)). Callables, so they are evaluated per
request against the current data."""

from collections.abc import Callable

from django.db.models import Q

_CONFIDENTIAL: list[Callable[[], Q]] = []


def register_confidential(events: Callable[[], Q]) -> None:
    """Hide the events matching `events()` from everyone but discipline inspection (audit admin)
    and from every case timeline's attached records."""
    if events not in _CONFIDENTIAL:
        _CONFIDENTIAL.append(events)


def confidential_events() -> Q | None:
    """The Q of every confidential event, or None when no context registered any."""
    found = None
    for events in _CONFIDENTIAL:
        found = events() if found is None else found | events()
    return found
