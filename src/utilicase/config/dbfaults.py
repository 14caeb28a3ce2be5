"""Which database errors mean "try again later" rather than a fault of the request: SQLite's write
lock not had in time ("busy"), or the database gone away (server down, connection dropped or
terminated mid-request: "unavailable"). Either way the request's transaction did not commit, so
nothing of it was stored; pages and the API answer 503 with Retry-After."""

from typing import Literal

from django.db import InterfaceError, OperationalError, connections

RETRY_AFTER_SECONDS = "5"

# SQLSTATE classes of a lost or refused connection: 08 (connection exception); 57P01-57P03
# (the server shutting down, crashed, or not yet accepting connections).
_GONE_STATES = ("08", "57P01", "57P02", "57P03")


def database_fault(exc: BaseException) -> Literal["busy", "unavailable"] | None:
    if isinstance(exc, InterfaceError):  # "connection already closed"
        return "unavailable"
    if not isinstance(exc, OperationalError):
        return None
    if "database is locked" in str(exc):
        return "busy"
    state = getattr(exc.__cause__, "sqlstate", None) or ""
    if state.startswith(_GONE_STATES):
        return "unavailable"
    # No state (the driver lost the socket, or could not connect): the connection is gone or
    # unusable. Any other error (a missing table, say) leaves it usable and is a server error.
    for conn in connections.all(initialized_only=True):
        if conn.connection is None or not conn.is_usable():
            return "unavailable"
    return None
