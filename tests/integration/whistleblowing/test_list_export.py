"""The report list as Excel: discipline inspection's alone, the list's columns, never the content
or the reporter (§6.7(iii)(1-6)); for anyone else `?export=` answers like a missing page."""

import pytest
from django.urls import reverse

from tests.integration.web.exports_helpers import xlsx_rows
from tests.integration.whistleblowing.conftest import SECRETS
from utilicase.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
URL = reverse("whistleblowing:list")


def test_discipline_exports_the_list_as_excel_without_content_s6_7_iii_1_6(as_user, full_report):
    client = as_user("discipline1")
    page = client.get(URL).content.decode()
    assert "export=xlsx" in page and "export=csv" in page
    response = client.get(URL, {"export": "xlsx"})
    rows = xlsx_rows(response)
    assert rows[0][:4] == ("编号", "状态", "来源", "受理时间")
    assert [r[0] for r in rows[1:]] == [full_report.number]
    cells = " ".join(str(v) for row in rows for v in row if v is not None)
    assert not [s for s in SECRETS if s in cells]
    assert AuditEvent.objects.filter(action="whistleblowing.report.exported").count() == 1


@pytest.mark.parametrize("username", ["hall_staff1", "hall_head1", "office_head1", "admin"])
def test_nobody_else_exports_reports_s6_7_iii_1_6(as_user, full_report, username):
    for fmt in ("xlsx", "csv"):
        assert as_user(username).get(URL, {"export": fmt}).status_code == 404
