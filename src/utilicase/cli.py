"""The `utilicase` console script: Django's management commands under one name.

`utilicase migrate`, `utilicase demo`, `utilicase calendar due ...`, `utilicase audit verify`,
`utilicase import customers FILE`, `utilicase token create USERNAME`, `utilicase calc --json OBJECT`
(the fee calculator), `utilicase backup OUT` and `utilicase restore IN` (every row and stored file
in one archive, and back into an empty migrated database: backup/archive.py), and `utilicase serve`
(gunicorn on 127.0.0.1:8000 unless --bind is given; documents' QR codes point to the address
it serves unless UTILICASE_SITE_URL says otherwise; it does not start without the audit key
or without a real DJANGO_SECRET_KEY).
"""

import os
import socket
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "utilicase.config.settings")
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "serve":
        _serve(argv[2:])
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(["utilicase", *argv[1:]])


def _serve(args: list[str]) -> None:
    bind = _first_bind(args)
    if bind is None:
        bind = "127.0.0.1:8000"
        args = ["--bind", bind, *args]
    served = served_url(bind)
    if served:
        # Read by the settings as SITE_URL's default: an explicit UTILICASE_SITE_URL wins. Set before
        # django.setup(), which reads the settings.
        os.environ["UTILICASE_SERVED_URL"] = served

    import django

    django.setup()
    from gunicorn.app.wsgiapp import run

    refusal = secret_key_refusal()
    if refusal:
        sys.exit(refusal)

    from utilicase.audit.keys import AuditKeyMissing, audit_key

    try:
        audit_key()  # every change writes an audit event: without the key nothing could be saved
    except AuditKeyMissing as exc:
        sys.exit(f"utilicase serve: {exc}")
    sys.argv = ["gunicorn", "--workers", os.environ.get("UTILICASE_WORKERS", "2"), *args,
                "utilicase.config.wsgi:application"]
    run()


def secret_key_refusal() -> str | None:
    """Why the server must not start with the configured secret key (it signs sessions and keys the
    hashes of claim-code addresses): none set, or a weak one. `utilicase demo` writes a random one."""
    from django.conf import settings
    from django.core.checks.security.base import check_secret_key

    if settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        return ("utilicase serve: DJANGO_SECRET_KEY is not set. Set a random key of 50+ characters in the "
                "environment or .env (`utilicase demo` writes one for a demo).")
    if check_secret_key(None):
        return "utilicase serve: DJANGO_SECRET_KEY is too weak: use a random key of 50+ characters."
    return None


def _first_bind(args: list[str]) -> str | None:
    for i, arg in enumerate(args):
        if arg in ("--bind", "-b") and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--bind="):
            return arg.removeprefix("--bind=")
        if arg.startswith("-b") and len(arg) > 2:
            return arg[2:]
    return None


def served_url(bind: str) -> str | None:
    """The address people reach a gunicorn bind at: "0.0.0.0:9000" (every interface) is this
    machine's name, port 9000; a host without a port is port 8000, as gunicorn takes it; a
    Unix socket or file descriptor has no address (None)."""
    if bind.startswith(("unix:", "fd://")):
        return None
    host, colon, port = bind.rpartition(":")
    if not colon or host.endswith(":") or not port.isdigit():  # "host" or a bare IPv6 address
        host, port = bind, "8000"
    host = host.strip("[]")
    if host in ("", "0.0.0.0", "::"):
        host = socket.gethostname()
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


if __name__ == "__main__":
    main()
