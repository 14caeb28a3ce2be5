"""Pure checks of a captured signature image."""

import base64
import binascii

from utilicase.core.i18n import gettext_noop

MAX_SIGNATURE_BYTES = 512 * 1024
DATA_URL_PREFIX = "data:image/png;base64,"


class SignatureRefused(ValueError):
    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


def png_from_data_url(value: str, *, field: str = "signature") -> bytes:
    """The PNG bytes of the signature pad's `data:image/png;base64,…` value."""
    if not value or not value.startswith(DATA_URL_PREFIX):
        raise SignatureRefused(field, gettext_noop("未签名。"))
    try:
        data = base64.b64decode(value[len(DATA_URL_PREFIX):], validate=True)
    except (binascii.Error, ValueError):
        raise SignatureRefused(field, gettext_noop("签名图像已损坏。")) from None
    return data


def ink_ratio(alpha_histogram: list[int]) -> float:
    """The share of pixels with ink, from the histogram of the alpha channel (256 counts;
    0 = transparent, 255 = ink)."""
    total = sum(alpha_histogram)
    return sum(alpha_histogram[33:]) / total if total else 0.0


# A drawn name covers well over this share of a pad; a tap or an empty pad does not.
MIN_INK_RATIO = 0.002
