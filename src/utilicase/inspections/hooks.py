"""What other contexts subscribe to in inspections.

A finding of suspected violation or theft (§2.5(2)) is handled under chapter 1 and §2.6: an
enforcement case is opened and linked to the order. The enforcement context (step 5) does not
exist yet, so inspections only records that an enforcement case is required
(`InspectionOrder.enforcement_required_at`, an audit event) and calls the listeners registered
here, in the transaction that recorded the finding. Step 5 subscribes in its AppConfig.ready():

    register_suspicion_listener(open_enforcement_case)   # (order, finding, actor, now) -> None

No enforcement case is made up here while nobody listens."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

SuspicionListener = Callable[..., None]  # (*, order, finding, actor, now) -> None

SUSPICION_LISTENERS: list[SuspicionListener] = []


def register_suspicion_listener(listener: SuspicionListener) -> None:
    if listener not in SUSPICION_LISTENERS:
        SUSPICION_LISTENERS.append(listener)


def suspicion_found(*, order: Any, finding: Any, actor: Any, now: datetime) -> None:
    for listener in list(SUSPICION_LISTENERS):
        listener(order=order, finding=finding, actor=actor, now=now)
