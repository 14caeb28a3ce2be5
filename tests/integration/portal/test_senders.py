"""The demo's code sender writes the code to the server's log, where the demo's reader finds it."""

import logging

import pytest

from utilicase.portal import services

pytestmark = pytest.mark.django_db


def test_the_console_sender_logs_the_code_for_the_account(customers, now, settings, caplog):
    settings.UTILICASE_OTP_SENDER = "utilicase.portal.senders.ConsoleSender"
    a, _ = customers
    with caplog.at_level(logging.WARNING, logger="utilicase.portal"):
        assert services.code_request(enterprise_id=a.enterprise_id, account_number=a.account_number,
                                     phone=a.contact_phone, client="10.0.0.9", now=now) is not None
    [line] = [r.getMessage() for r in caplog.records if r.name == "utilicase.portal"]
    assert line.startswith("utilicase portal sign-in code for account 1010000011 (13911110000): ")
    assert line[-6:].isdigit()
