"""Translation marking for pure code (no Django): `gettext_noop` marks a Chinese message for
makemessages (which knows this name) and returns it unchanged; pages translate it when shown.

A message with values is a `Message`: it reads as the Chinese text with its values filled in,
and keeps the catalogue entry (`msgid`, with %(name)s placeholders) and the values apart, so that
`translated` gives it in the active language."""

from collections.abc import Callable


def gettext_noop(message: str) -> str:
    return message


class Message(str):
    """A marked Chinese message with its values filled in (`Message("最多 %(n)s 个。", n=5)`)."""

    msgid: str
    params: dict[str, object]

    def __new__(cls, msgid: str, **params: object) -> "Message":
        message = super().__new__(cls, msgid % params)
        message.msgid = msgid
        message.params = params
        return message


def translated(message: str, translate: Callable[[str], str]) -> str:
    """`message` (a marked message or a `Message`) in the language of `translate` (gettext); a
    text value (or a `Message`) is translated too, so a word of the domain follows the page's language."""
    if not isinstance(message, Message):
        return translate(message)
    return translate(message.msgid) % {
        name: translated(value, translate) if isinstance(value, str) else value
        for name, value in message.params.items()}
