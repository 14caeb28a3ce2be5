"""Who is told of payments. A case type registers, in its AppConfig.ready(), a handler for its
target type; after each payment (or reversal) on a receivable of such a case, in the same
transaction, `handler(receivable, now)` is called with the receivable as it is now (its `paid`
updated), so that the case can move on (e.g. to PAID when billing.selectors.case_fully_paid).
An exception in a handler rolls the payment back."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

PaymentListener = Callable[[Any, datetime], None]

_LISTENERS: dict[str, list[PaymentListener]] = {}


def register_payment_listener(target_type: str, handler: PaymentListener) -> None:
    handlers = _LISTENERS.setdefault(target_type, [])
    if handler not in handlers:
        handlers.append(handler)


def payment_listeners(target_type: str) -> list[PaymentListener]:
    return list(_LISTENERS.get(target_type, ()))


def notify_payment(receivable, now: datetime) -> None:
    for handler in payment_listeners(receivable.target_type):
        handler(receivable, now)
