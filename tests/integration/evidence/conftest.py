"""Fixtures of the evidence tests: files under a temporary MEDIA_ROOT, the test case type
registered for the test only, and a case (customer account) that inspector1 sees."""

import pytest

from tests.integration.evidence.helpers import TARGET_TYPE, TEST_CASE_TYPE, make_customer
from utilicase.core import cases


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def case_type(monkeypatch):
    monkeypatch.setitem(cases.CASE_TYPES, TARGET_TYPE, TEST_CASE_TYPE)
    return TARGET_TYPE


@pytest.fixture
def case(org, case_type):
    return make_customer(org)


@pytest.fixture
def other_case(org, case_type):
    return make_customer(org, account="1010000002", name="王芳")


@pytest.fixture
def inspector(example_user):
    return example_user("inspector1")


def stored_files(media) -> list:
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []
