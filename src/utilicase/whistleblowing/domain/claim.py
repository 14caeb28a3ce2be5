"""Claim codes: what an (often anonymous) reporter is given at intake to ask for the outcome
at /reports/claim/ without saying who they are (§6.7(i-ii): discipline inspection gives
feedback to the reporter).

A code is 16 symbols of Crockford's base 32 (80 random bits), shown in groups of four. Only
its SHA-256 is stored, so nobody (staff included) can read a code back from the database. With
80 bits and throttled guessing, looking codes up by hash alone is safe."""

import hashlib
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
LENGTH = 16
GROUP = 4
# What people type for what they read: O for 0, I and L for 1.
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def claim_code_new() -> str:
    """A fresh code as it is shown: "7K3M-PQ9X-2D4R-HW8N"."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i:i + GROUP] for i in range(0, LENGTH, GROUP))


def claim_code_normalize(text: str) -> str | None:
    """The code's 16 symbols (case, spaces and dashes ignored; O read as 0, I and L as 1),
    or None when the text cannot be a code."""
    compact = "".join(ch for ch in (text or "").upper() if ch not in " -\t").translate(_READ_AS)
    if len(compact) != LENGTH or any(ch not in ALPHABET for ch in compact):
        return None
    return compact


def claim_code_hash(code: str) -> str:
    """SHA-256 of the normalized code; "" for text that is not a code."""
    normalized = claim_code_normalize(code)
    if normalized is None:
        return ""
    return hashlib.sha256(normalized.encode("ascii")).hexdigest()
