"""Named services one context offers another without either importing the other: the provider
registers it in its AppConfig.ready(), the caller looks it up by name when it needs it.

Registered today:
- "complaints.open_from_report": whistleblowing, closing a report as "not a report" (§6.7(i-ii)),
  opens a complaint from what the report said; returns the complaint's number (see
  complaints.services.complaint_receive_from_report for the arguments). It raises ValueError
  (with `errors`, field -> message) for what cannot be stored.
"""

from collections.abc import Callable
from typing import Any

_HOOKS: dict[str, Callable[..., Any]] = {}


def register_hook(name: str, function: Callable[..., Any]) -> None:
    _HOOKS[name] = function


def hook(name: str) -> Callable[..., Any]:
    try:
        return _HOOKS[name]
    except KeyError:
        raise LookupError(f"no hook {name!r} registered (is its app installed?)") from None
