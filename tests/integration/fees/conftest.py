"""Shared by the fee calculator's tests."""

import pytest
from django.core.management import execute_from_command_line


@pytest.fixture
def cli(capsys, monkeypatch):
    """`utilicase calc` as from the shell: (exit status, stdout, stderr)."""
    from django.core.management import base

    monkeypatch.setattr(base.connections, "close_all", lambda: None)

    def run(*args: str) -> tuple[int, str, str]:
        try:
            execute_from_command_line(["utilicase", "calc", *args])
            code = 0
        except SystemExit as exc:
            code = exc.code
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run
