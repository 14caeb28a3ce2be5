"""§6.7(iii)(1)-(6) through the exports: every Excel and CSV download a role other than discipline
inspection can reach (each export link on the pages it can open from its home page, two links
deep) carries nothing of a report: no content, reporter, contact, file name, note, outcome or
feedback. The discipline department's own export is the only one with the reports."""

import io
import re
import zipfile
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from tests.integration.whistleblowing.conftest import SECRETS
from utilicase.demo.data import STAFF

pytestmark = pytest.mark.django_db

OTHERS = [username for username, *_ in STAFF if username != "discipline1"]
HREF = re.compile(r"""href=["']([^"'#]+)["']""")
SKIP = ("/admin/", "/logout/", "/static/", "/api/", "/media/", "/portal/")
PAGES_PER_ROLE = 40
# the roles whose pages offer exports with these records (a complaint at the hall, the dashboards)
WITH_EXPORTS = {"hall_staff1", "hall_head1", "office_head1", "enterprise_deputy1", "company_deputy1"}


def _text_of(response) -> str:
    """The whole text of a download: each part of an .xlsx (a zip of XML), or the CSV."""
    body = response.content
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return body.decode("utf-8-sig", "replace")


def _links(page_url: str, html: str) -> list[str]:
    return [urljoin(page_url, h.replace("&amp;", "&")) for h in HREF.findall(html)]


def _crawl(client: Client) -> tuple[set[str], set[str]]:
    """The pages (two links from home) and the export links found on them."""
    seen, exports, frontier = set(), set(), [reverse("home")]
    for _depth in range(3):
        following = []
        for url in frontier:
            if url in seen or len(seen) >= PAGES_PER_ROLE:
                continue
            seen.add(url)
            page = client.get(url)
            if page.status_code != 200 or not page["Content-Type"].startswith("text/html"):
                continue
            for link in _links(url, page.content.decode()):
                path = urlsplit(link)
                if path.netloc or path.path.startswith(SKIP):
                    continue
                if "export=" in path.query or path.path.endswith((".csv", ".xlsx")):
                    exports.add(link)
                else:
                    following.append(link)
        frontier = following
    return seen, exports


@pytest.mark.parametrize("username", OTHERS)
def test_no_export_a_non_discipline_role_downloads_carries_a_report_s6_7_iii_1_6(full_report, complaint_number,
                                                                                example_user, username):
    client = Client()
    client.force_login(example_user(username))
    pages, exports = _crawl(client)
    downloaded = 0
    for link in sorted(exports):
        answer = client.get(link)
        if answer.status_code != 200:
            continue
        downloaded += 1
        text = _text_of(answer)
        leaked = [s for s in SECRETS if s in text]
        assert leaked == [], (link, leaked)
        assert full_report.number not in text, link
    # the whistleblowing export itself stays closed to them
    assert client.get(reverse("whistleblowing:export")).status_code in (403, 404)
    assert len(pages) >= 5
    if username in WITH_EXPORTS:
        assert downloaded >= 1, (username, sorted(pages))


def test_the_discipline_export_is_the_one_that_lists_the_report(full_report, example_user):
    client = Client()
    client.force_login(example_user("discipline1"))
    answer = client.get(reverse("whistleblowing:export"))
    assert answer.status_code == 200 and full_report.number in _text_of(answer)
