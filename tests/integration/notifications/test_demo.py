"""`utilicase demo` leaves notifications: the approvals it submitted, and the sweep's warnings
of its deadlines as they stand."""

import pytest
from django.core.management import call_command

from utilicase.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def env_file(settings, tmp_path, monkeypatch):
    monkeypatch.delenv("DJANGO_SECRET_KEY", raising=False)
    settings.ENV_FILE = tmp_path / ".env"


def test_the_demo_leaves_a_few_notifications(django_capture_on_commit_callbacks, capsys):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", "--no-migrate", "--customers", "60")
    assert "notifications" in capsys.readouterr().out
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert {Kind.APPROVAL, Kind.OVERDUE} <= kinds
    assert Notification.objects.filter(recipient__username="office_head1", kind=Kind.APPROVAL).exists()
    # The demo's overdue whistleblower report reaches discipline inspection alone.
    report_notices = Notification.objects.filter(target_type="whistleblowing.report")
    assert set(report_notices.values_list("recipient__username", flat=True)) == {"discipline1"}
