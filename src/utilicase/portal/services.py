"""The customer portal's writers: signing in by a one-time code sent to the phone on file, and
what a signed-in customer does (files a complaint, rates a completed field work order), each
through the service of the context it belongs to.

Sign-in is throttled like the staff login (org.throttle): each code asked for and each wrong
code is an attempt recorded before anything is checked, counted per account and per client
within the window; a successful sign-in takes the account's attempts back. A code is six digits,
kept as a keyed hash, valid for CODE_MINUTES, once, for CODE_TRIES wrong tries; a new code
replaces the account's earlier ones. A wrong account or phone is answered like a right one
(a code "was sent"), so the page tells no one whether an account has that phone."""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction

from utilicase.audit.services import audit_record
from utilicase.complaints import services as complaints
from utilicase.customers.domain.fields import FieldInvalid, parse_phone
from utilicase.customers.models import Customer
from utilicase.fieldwork import services as fieldwork
from utilicase.fieldwork.models import FieldWorkOrder
from utilicase.org.throttle import throttle_lock
from utilicase.portal.models import OneTimeCode, SignInAttempt
from utilicase.portal.senders import sender

CODE_MINUTES = 5
CODE_TRIES = 3
WINDOW = timedelta(minutes=15)
ACCOUNT_LIMIT = 5
CLIENT_LIMIT = 20  # a shared address (a hall's terminal, a carrier's NAT) gets more room
KEEP = timedelta(days=1)


class SignInThrottled(Exception):
    """Too many attempts for this account or from this client: nothing was checked or sent."""


def _keyed(text: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


def _account_key(enterprise_id, account_number: str) -> str:
    return _keyed(f"account:{enterprise_id}:{(account_number or '').strip()}")


def _attempt(*, account: str, client: str, now: datetime) -> None:
    """Records one attempt, or raises SignInThrottled (recording nothing) while locked out."""
    with transaction.atomic():
        throttle_lock(f"portal:account:{account}", f"portal:client:{client}")
        recent = SignInAttempt.objects.filter(at__gte=now - WINDOW)
        if (recent.filter(account_hash=account).count() >= ACCOUNT_LIMIT
                or recent.filter(client_hash=client).count() >= CLIENT_LIMIT):
            raise SignInThrottled
        SignInAttempt.objects.filter(at__lt=now - KEEP).delete()
        SignInAttempt.objects.create(account_hash=account, client_hash=client, at=now)


def _same_phone(given: str, on_file: str) -> bool:
    try:
        return bool(on_file) and parse_phone(given) == parse_phone(on_file)
    except FieldInvalid:
        return False


def code_request(*, enterprise_id, account_number: str, phone: str, client: str | None,
                 now: datetime) -> int | None:
    """Send a sign-in code to the account's phone when the phone given is the one on file: the
    code's id (kept in the session for the next step), else None (told to nobody). Raises
    SignInThrottled while the account or client is locked out."""
    _attempt(account=_account_key(enterprise_id, account_number), client=_keyed(f"client:{client or ''}"), now=now)
    customer = Customer.objects.filter(enterprise_id=enterprise_id,
                                       account_number=(account_number or "").strip()).first()
    if customer is None or not _same_phone(phone, customer.contact_phone):
        return None
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        OneTimeCode.objects.filter(customer=customer, used_at__isnull=True).update(used_at=now)  # replaced
        row = OneTimeCode.objects.create(customer=customer, code_hash=_keyed(f"code:{customer.pk}:{code}"),
                                         created_at=now, expires_at=now + timedelta(minutes=CODE_MINUTES))
    sender().send(phone=customer.contact_phone, code=code, customer=customer)
    return row.pk


def code_verify(*, code_id: int | None, code: str, enterprise_id, account_number: str, client: str | None,
                now: datetime) -> Customer | None:
    """The customer when `code` is the unused, unexpired code sent (its id from code_request) for
    this account; None otherwise, each wrong code counted against the account and the client
    (and the code, which dies after CODE_TRIES). Raises SignInThrottled while locked out."""
    account = _account_key(enterprise_id, account_number)
    _attempt(account=account, client=_keyed(f"client:{client or ''}"), now=now)
    with transaction.atomic():
        row = (OneTimeCode.objects.select_for_update().select_related("customer")
               .filter(pk=code_id, used_at__isnull=True, expires_at__gt=now).first() if code_id else None)
        if row is None or _account_key(row.customer.enterprise_id, row.customer.account_number) != account:
            return None
        if not hmac.compare_digest(row.code_hash, _keyed(f"code:{row.customer_id}:{(code or '').strip()}")):
            row.wrong_tries += 1
            fields = ["wrong_tries"]
            if row.wrong_tries >= CODE_TRIES:
                row.used_at = now
                fields.append("used_at")
            row.save(update_fields=fields)
            return None
        row.used_at = now
        row.save(update_fields=["used_at"])
        SignInAttempt.objects.filter(account_hash=account).delete()
        audit_record(actor=None, action="portal.customer.signed_in", target=row.customer, now=now,
                     after={"customer": row.customer_id, "via": "one-time code"})
    return row.customer


def complaint_file(*, customer: Customer, content: str, now: datetime):
    """The customer's own complaint, channel ONLINE (§6.5(i)), with the same 5-working-day reply
    deadline as any other (§6.6(8))."""
    return complaints.complaint_receive_online(customer=customer, content=content, now=now)


def order_rate(*, customer: Customer, order: FieldWorkOrder, rating: int, comment: str, now: datetime):
    """The customer rates their own completed field work order, once (§4.4(5))."""
    return fieldwork.order_rate_by_customer(customer=customer, order=order, rating=rating, comment=comment, now=now)
