import pytest


@pytest.fixture(autouse=True)
def checkpoint_file(settings, tmp_path):
    """Each test's own checkpoint file (`audit verify` reads the configured one)."""
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit-checkpoints.txt"
    return settings.AUDIT_CHECKPOINT_FILE
