"""Every page works under the Content-Security-Policy: signed in as each of several roles, the
pages reachable from the menus (lists, and the cases, reports, documents and evidence they link
to) load without one policy violation in the console (no inline script, style or handler)."""

import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from tests.browser.test_complaints import sign_in, sign_out
from tests.integration.complaints.conftest import ensure_categories
from utilicase.demo.data import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Files, not pages: PDFs, downloads, images; and the one action a GET link performs.
NOT_PAGES = re.compile(r"/(pdf|preview|file|files|thumbnail|download|attachments|signature|package|export)\b|"
                       r"/logout/|/admin/|\.(pdf|png|jpe?g|csv|zip|js|css)$")
PAGES_PER_USER = 25


def _crawl(page) -> list[str]:
    """Visits the signed-in user's pages breadth-first from home; returns the paths visited."""
    queue, seen, visited = ["/"], {"/"}, []
    while queue and len(visited) < PAGES_PER_USER:
        path = queue.pop(0)
        visited.append(path)
        response = page.goto(path)
        assert response.ok, (path, response.status)
        assert response.headers["content-security-policy"].startswith("default-src 'self'")
        for href in page.eval_on_selector_all(
                "a[href]", "links => links.map(a => new URL(a.getAttribute('href'), location.href).href)"):
            link = urlsplit(href)
            target = link.path + (f"?{link.query}" if link.query else "")
            downloads = NOT_PAGES.search(link.path) or "export=" in link.query  # files, not pages
            if link.netloc == urlsplit(page.url).netloc and not downloads and link.path not in seen:
                seen.add(link.path)
                queue.append(target)
    return visited


@pytest.mark.parametrize("username", ["hall_staff1", "handler1", "inspector1", "office_head1", "discipline1", "admin"])
def test_pages_load_without_a_policy_violation(page, username):
    ensure_categories()
    load_demo(now=timezone.now(), customers=5)
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script("document.addEventListener('securitypolicyviolation', e => console.error("
                         "'Content Security Policy: ' + e.violatedDirective + ' ' + e.blockedURI))")
    sign_in(page, username)
    visited = _crawl(page)
    assert len(visited) >= 5, visited
    sign_out(page)
    assert violations == []
