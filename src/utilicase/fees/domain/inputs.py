"""Reading the calculator's input object (the JSON contract): numbers are JSON numbers, an
omitted field is unknown, every fault is collected under the field it concerns."""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from utilicase.core.i18n import Message, gettext_noop

REQUIRED = gettext_noop("必填。")


class Reader:
    def __init__(self, data: Any):
        if not isinstance(data, dict):
            self.data: dict = {}
            self.errors: dict[str, str] = {"body": gettext_noop("应为 JSON 对象。")}
        else:
            self.data = data
            self.errors = {}
        self.read: set[str] = set()

    def fail(self, name: str, reason: str) -> None:
        self.errors.setdefault(name, reason)

    def has(self, name: str) -> bool:
        return self.data.get(name) is not None

    def choice(self, name: str, choices, *, default=None, required=True):
        self.read.add(name)
        value = self.data.get(name)
        if value is None:
            if default is None and required:
                self.fail(name, REQUIRED)
            return default
        if isinstance(value, bool) or value not in choices:
            self.fail(name, Message("应为以下之一：%(choices)s。", choices=", ".join(map(str, choices))))
            return None
        return value

    def day(self, name: str) -> date | None:
        self.read.add(name)
        value = self.data.get(name)
        if value is None:
            self.fail(name, REQUIRED)
            return None
        try:
            if not isinstance(value, str) or len(value) != 10:
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            self.fail(name, gettext_noop("应为 YYYY-MM-DD 格式的日期。"))
            return None

    def flag(self, name: str, *, required: bool) -> bool | None:
        self.read.add(name)
        value = self.data.get(name)
        if value is None:
            if required:
                self.fail(name, REQUIRED)
            return None
        if not isinstance(value, bool):
            self.fail(name, gettext_noop("应为 true 或 false。"))
            return None
        return value

    def number(self, name: str, *, high: Decimal, low: Decimal = Decimal(0), required: bool = False,
               positive: bool = False, integer: bool = False) -> Decimal | None:
        """A JSON number within [low, high] (above 0 when `positive`; a whole number when
        `integer`); None when omitted (unknown)."""
        self.read.add(name)
        value = self.data.get(name)
        if value is None:
            if required:
                self.fail(name, REQUIRED)
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(name, gettext_noop("应为数字（JSON number）。"))
            return None
        try:
            number = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
        except (InvalidOperation, ValueError, OverflowError):
            number = None
        if number is None or not number.is_finite() or number < low or number > high or (positive and number == 0):
            if positive:
                self.fail(name, Message("应为大于 %(low)s、不超过 %(high)s 的数，实为 %(value)s。",
                                        low=low, high=high, value=value))
            else:
                self.fail(name, Message("应为 %(low)s 到 %(high)s 之间的数，实为 %(value)s。",
                                        low=low, high=high, value=value))
            return None
        if integer and number != number.to_integral_value():
            self.fail(name, gettext_noop("应为整数。"))
            return None
        if number.as_tuple().exponent < -6:
            self.fail(name, gettext_noop("最多 6 位小数。"))
            return None
        return number + 0  # normalised sign of zero

    def unknown_fields(self) -> None:
        """Fields the calculation did not read are refused: a misspelt field would otherwise be
        taken for an unknown value."""
        for name in self.data:
            if name not in self.read and isinstance(name, str):
                self.fail(name, gettext_noop("不是此项计算的字段。"))
