"""The database going away mid-request (PostgreSQL: the request's server process terminated after
its first write) answers 503 with Retry-After — a page in the site's language, JSON on the API —
and leaves nothing of the request stored: the transaction never committed. On SQLite the database
is a file in the process and does not go away like a server: those tests are PostgreSQL's."""

import json
from contextlib import contextmanager

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from utilicase.audit.models import AuditEvent
from utilicase.complaints.models import Complaint
from utilicase.org.services import token_create

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="a server whose connection can be terminated"),
]

INTAKE = {"q": "", "contact_name": "李秀英", "contact_phone": "13899001122", "channel": "PHONE",
          "content": "电费突增，要求核查电表。", "reception_started_at": "2026-09-30T09:50", "end_now": "on"}
API_COMPLAINT = {"channel": "PHONE", "contact_name": "李秀英", "contact_phone": "13899001122",
                 "content": "电费突增，要求核查电表。", "reception_started_at": "2026-09-30T10:00:00+08:00",
                 "reception_ended_at": "2026-09-30T10:00:00+08:00"}


@contextmanager
def backend_terminated_after_insert_into(table: str):
    """Once a statement inserting into `table` has run, another connection terminates this
    connection's server process (pg_terminate_backend), as a database restart or a dropped
    network would: the next statement of the request fails. Yields the list of terminated pids."""
    import psycopg

    terminated: list[int] = []

    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not terminated and sql.lstrip().upper().startswith("INSERT") and f'"{table}"' in sql:
            pid = context["connection"].connection.info.backend_pid
            s = connection.settings_dict
            with psycopg.connect(host=s["HOST"] or None, port=s["PORT"] or None, user=s["USER"] or None,
                                 password=s["PASSWORD"] or None, dbname=s["NAME"], autocommit=True) as other:
                assert other.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone() == (True,)
            terminated.append(pid)
        return result

    with connection.execute_wrapper(wrapper):
        yield terminated


def test_a_page_whose_connection_is_terminated_mid_request_answers_503_and_stores_nothing(client, example_user):
    client.force_login(example_user("hall_staff1"))
    events_before = AuditEvent.objects.count()
    with backend_terminated_after_insert_into("complaints_complaint") as terminated:
        response = client.post(reverse("complaints:new"), INTAKE, HTTP_ACCEPT_LANGUAGE="en")
    assert terminated, "the request never inserted its complaint"
    assert response.status_code == 503 and response["Retry-After"] == "5"
    page = response.content.decode()
    assert "cannot be reached" in page and "nothing was saved" in page
    assert not Complaint.objects.exists()
    assert AuditEvent.objects.count() == events_before


def test_the_page_is_in_chinese_by_default(client, example_user):
    client.force_login(example_user("hall_staff1"))
    with backend_terminated_after_insert_into("complaints_complaint") as terminated:
        response = client.post(reverse("complaints:new"), INTAKE)
    assert terminated and response.status_code == 503
    assert "数据库暂时无法连接，本次操作没有保存。" in response.content.decode()


def test_an_api_call_whose_connection_is_terminated_answers_503_json_and_stores_nothing(client, example_user):
    _, token = token_create(actor=None, user=example_user("hall_staff1"), now=timezone.now())
    events_before = AuditEvent.objects.count()
    with backend_terminated_after_insert_into("complaints_complaint") as terminated:
        response = client.post("/api/v1/complaints", json.dumps(API_COMPLAINT), content_type="application/json",
                               headers={"Authorization": f"Bearer {token}"})
    assert terminated
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert response.json() == {"detail": "the database is unavailable; nothing was stored, try again"}
    assert not Complaint.objects.exists()
    assert AuditEvent.objects.count() == events_before


def test_the_next_request_is_served_on_a_new_connection(client, example_user):
    client.force_login(example_user("hall_staff1"))
    with backend_terminated_after_insert_into("complaints_complaint"):
        assert client.post(reverse("complaints:new"), INTAKE).status_code == 503
    response = client.post(reverse("complaints:new"), INTAKE)
    assert response.status_code == 302
    assert Complaint.objects.count() == 1


def test_a_database_down_when_the_request_begins_answers_503_rather_than_500(client, example_user):
    """The server cannot be reached at all (here: a port nothing listens on): the session and the
    user, read by the middleware before any view, fail first."""
    client.force_login(example_user("hall_staff1"))
    client.raise_request_exception = False
    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = "1"
    try:
        response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "cannot be reached" in response.content.decode()
