"""CSRF on every form: every page of the English page list, read by several roles, carries the
CSRF token in each of its POST forms; and a POST without the token to those forms' actions is
refused with 403 before the view runs (the audit chain does not grow)."""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client

from tests.integration.web.test_english import _pages, sample  # noqa: F401, F811 (the fixture)
from utilicase.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

ROLES = ["hall_staff1", "inspector1", "company_deputy1", "field_worker1", "discipline1", "admin"]
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
METHOD_POST = re.compile(r"""\bmethod\s*=\s*["']?post""", re.I)
ACTION = re.compile(r"""\baction\s*=\s*["']([^"']*)["']""", re.I)
TOKEN = re.compile(r"""name=["']csrfmiddlewaretoken["']\s+value=["'][^"']{32,}["']""")


def _post_forms(client, url) -> list[tuple[str, str]]:
    """(action, form) of each POST form on the page at url (an HTML page answering 200)."""
    page = client.get(url)
    if page.status_code != 200 or not page.get("Content-Type", "").startswith("text/html"):
        return []
    forms = []
    for attrs, body in FORM.findall(page.content.decode()):
        if METHOD_POST.search(attrs):
            action = ACTION.search(attrs)
            forms.append((urljoin(url, action.group(1).replace("&amp;", "&")) if action and action.group(1)
                          else url, body))
    return forms


def test_every_post_form_on_every_page_carries_the_csrf_token_and_posting_without_it_is_403(sample, example_user,  # noqa: F811
                                                                                             caplog):
    actions: dict[str, str] = {}  # action -> the user whose page showed it
    missing, pages = [], 0
    for username in ROLES:
        client = Client()
        client.force_login(example_user(username))
        for urls in _pages(sample).values():
            for url in urls:
                for action, body in _post_forms(client, url):
                    pages += 1
                    if not TOKEN.search(body):
                        missing.append((username, url, action))
                    actions.setdefault(urlsplit(action).path, username)
    assert missing == []
    assert pages > 50 and len(actions) > 20, (pages, sorted(actions))  # the crawl did reach the forms
    events = AuditEvent.objects.count()
    allowed = []
    for action, username in sorted(actions.items()):
        strict = Client(enforce_csrf_checks=True)
        strict.force_login(example_user(username))
        caplog.clear()
        answer = strict.post(action, {"reason": "x", "comment": "x", "text": "x"})
        refusal = [r for r in caplog.records if r.name == "django.security.csrf" and urlsplit(action).path in r.getMessage()]
        if answer.status_code != 403 or not refusal:
            allowed.append((action, answer.status_code))
    assert allowed == []
    assert AuditEvent.objects.count() == events
