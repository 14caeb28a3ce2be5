"""How a sign-in code reaches the customer's phone: the class named by the setting
UTILICASE_OTP_SENDER (a dotted path), called as `send(phone=..., code=..., customer=...)`.
The demo's ConsoleSender writes the code to the server's log (the console); production
names its SMS gateway's sender."""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("utilicase.portal")

DEFAULT_SENDER = "utilicase.portal.senders.ConsoleSender"


class ConsoleSender:
    """Demo only: the code is printed, not sent."""

    def send(self, *, phone: str, code: str, customer) -> None:
        line = f"utilicase portal sign-in code for account {customer.account_number} ({phone}): {code}"
        logger.warning(line)


def sender():
    return import_string(getattr(settings, "UTILICASE_OTP_SENDER", "") or DEFAULT_SENDER)()
