"""The signed-in customer, kept in the session under its own key. Separate from staff sign-in:
no Django user is made for a customer, so a customer's session opens no staff page
(`login_required` sees an anonymous user), and a session with a staff user signed in is never a
customer's (`current_customer` is None then), so a staff login opens no customer's pages."""

from functools import wraps

from django.contrib.auth import logout
from django.shortcuts import redirect

from utilicase.customers.models import Customer

CUSTOMER_KEY = "portal_customer_id"
PENDING_KEY = "portal_pending"  # the code asked for: its id and the account it was asked for


def sign_in(request, customer: Customer) -> None:
    """A new session (the old key is dropped: no fixation), holding the customer alone; a staff
    user signed in in the same browser is signed out."""
    if request.user.is_authenticated:
        logout(request)
    request.session.flush()
    request.session[CUSTOMER_KEY] = customer.pk


def sign_out(request) -> None:
    request.session.flush()


def current_customer(request) -> Customer | None:
    if request.user.is_authenticated:
        return None
    customer_id = request.session.get(CUSTOMER_KEY)
    if not isinstance(customer_id, int):
        return None
    return Customer.objects.select_related("enterprise", "office").filter(pk=customer_id).first()


def customer_required(view):
    """The page is the signed-in customer's: others are sent to the portal's sign-in."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        customer = current_customer(request)
        if customer is None:
            return redirect("portal:sign_in")
        request.customer = customer
        return view(request, *args, **kwargs)

    return wrapped
