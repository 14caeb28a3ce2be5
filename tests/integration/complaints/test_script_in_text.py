"""HTML and script typed into a complaint's text fields through the API is stored as text and
shown escaped on the complaint's page: no raw tag reaches the HTML (§2.1 intake; CSP is a second
line, not the first)."""

import json

import pytest
from django.urls import reverse

from utilicase.complaints.models import Complaint
from utilicase.org.services import token_create

pytestmark = pytest.mark.django_db
PAYLOADS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']


@pytest.mark.parametrize("payload", PAYLOADS)
def test_script_in_every_text_field_is_escaped_on_the_page(client, example_user, now, payload):
    _, token = token_create(actor=None, user=example_user("hall_staff1"), now=now)
    body = {"channel": "PHONE", "contact_name": payload[:20], "contact_phone": "13899001122",
            "content": f"电费突增 {payload} 要求核查", "reception_started_at": "2026-09-30T10:00:00+08:00",
            "reception_ended_at": "2026-09-30T10:00:00+08:00"}
    response = client.post("/api/v1/complaints", json.dumps(body), content_type="application/json",
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 201, response.content
    complaint = Complaint.objects.get()
    assert payload in complaint.content  # stored as typed, as text
    client.force_login(example_user("hall_staff1"))
    page = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    assert payload not in page and payload[:20] not in page
    assert "<script>alert" not in page and "<img src=x" not in page
    assert ("&lt;script&gt;alert(1)&lt;/script&gt;" in page) or ("&lt;img src=x onerror=alert(1)&gt;" in page)
