"""The `utilicase` console script: Django's management commands under one name.

`utilicase migrate`, `utilicase demo`, `utilicase calendar due ...`, `utilicase audit verify`,
`utilicase import customers FILE`, `utilicase token create USERNAME`, and `utilicase serve`
(gunicorn on 127.0.0.1:8000 unless --bind is given; it does not start without the audit key).
"""

import os
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
    import django

    django.setup()
    from gunicorn.app.wsgiapp import run

    from utilicase.audit.keys import AuditKeyMissing, audit_key

    try:
        audit_key()  # every change writes an audit event: without the key nothing could be saved
    except AuditKeyMissing as exc:
        sys.exit(f"utilicase serve: {exc}")

    if not any(a.startswith("--bind") or a == "-b" for a in args):
        args = ["--bind", "127.0.0.1:8000", *args]
    sys.argv = ["gunicorn", "--workers", os.environ.get("UTILICASE_WORKERS", "2"), *args,
                "utilicase.config.wsgi:application"]
    run()


if __name__ == "__main__":
    main()
