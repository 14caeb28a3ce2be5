"""Translation marking for pure code (no Django): `gettext_noop` marks a Chinese message for
makemessages (which knows this name) and returns it unchanged; pages translate it when shown."""


def gettext_noop(message: str) -> str:
    return message
