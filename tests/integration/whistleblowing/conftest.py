"""Fixtures for whistleblower reports: files go to a temporary MEDIA_ROOT; `take` records a
report as hall_staff1; `full_report` is a confirmed report carrying a secret in every
confidential place (content, reporter, contact, file name and bytes, note, outcome, feedback)."""

from datetime import timedelta

import pytest

from utilicase.whistleblowing import services

SECRET_CONTENT = "机密举报内容：副经理甲收受燃气表厂家回扣XK7Q"
SECRET_NAME = "钱秘密"
SECRET_CONTACT = "13955554444"
SECRET_FILENAME = "举报信原件-机密.pdf"
SECRET_NOTE = "机密调查记录：约谈副经理甲"
SECRET_OUTCOME = "机密处理结果：副经理甲已被立案"
SECRET_FEEDBACK = "机密反馈：您举报的问题已查实处理"
SECRETS = [SECRET_CONTENT, SECRET_NAME, SECRET_CONTACT, SECRET_FILENAME, SECRET_NOTE, SECRET_OUTCOME,
           SECRET_FEEDBACK, "XK7Q", "副经理甲"]
PDF = b"%PDF-1.4\n% XK7Q secret letter\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def take(example_user, now):
    def take(username: str = "hall_staff1", **kwargs):
        args = {"channel": "PHONE", "received_at": now, "content": SECRET_CONTENT, "reporter_name": SECRET_NAME,
                "reporter_contact": SECRET_CONTACT, "now": now, **kwargs}
        return services.report_receive(actor=example_user(username), **args)

    return take


@pytest.fixture
def full_report(take, example_user, now):
    """Confirmed, investigated, replied: every confidential table holds a secret."""
    discipline = example_user("discipline1")
    report, code = take(claim_code_wanted=True, files=[services.IncomingFile(SECRET_FILENAME, PDF)], confirm=True)
    later = now + timedelta(days=1)
    services.report_investigate(actor=discipline, report=report, now=later)
    services.report_note_add(actor=discipline, report=report, text=SECRET_NOTE, now=later)
    services.report_reply(actor=discipline, report=report, outcome=SECRET_OUTCOME, feedback_method="PHONE",
                          feedback_content=SECRET_FEEDBACK, feedback_at=later, now=later)
    report.refresh_from_db()
    report.claim_code = code
    return report


@pytest.fixture
def complaint_number(example_user, now):
    """The number of a complaint taken at hall_staff1's hall, for what turns out not to be a report."""
    from utilicase.complaints.services import complaint_receive

    return complaint_receive(actor=example_user("hall_staff1"), channel="PHONE", contact_name="李秀英",
                             contact_phone="13899001122", content="电费多收", reception_started_at=now,
                             reception_ended_at=now, now=now).number
