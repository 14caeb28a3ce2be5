import pytest


@pytest.fixture(autouse=True)
def env_file(settings, tmp_path, monkeypatch):
    """The demo writes a secret key into .env when none is set: here into a file of the test's own."""
    monkeypatch.delenv("DJANGO_SECRET_KEY", raising=False)
    settings.ENV_FILE = tmp_path / ".env"
    return settings.ENV_FILE
