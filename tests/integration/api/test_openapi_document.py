"""The OpenAPI document: one name, one schema (two classes of one name would share a component and
describe one of their routes wrongly)."""

import pytest
from ninja import Schema

from utilicase.config.api import api


def _schemas(cls) -> list[type]:
    return [c for sub in cls.__subclasses__() for c in [sub, *_schemas(sub)]]


def _component(spec: dict, ref_holder: dict) -> dict:
    ref = ref_holder.get("$ref") or next(r["$ref"] for r in ref_holder["anyOf"] if "$ref" in r)
    return spec["components"]["schemas"][ref.rsplit("/", 1)[-1]]


@pytest.fixture(scope="module")
def spec() -> dict:
    return api.get_openapi_schema()


def test_no_two_api_schemas_share_a_name():
    names = [c.__name__ for c in _schemas(Schema) if c.__module__.startswith("utilicase.")]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []


def test_complaint_reply_and_deadlines_are_the_complaints_own(spec):
    complaint = spec["components"]["schemas"]["ComplaintOut"]["properties"]
    assert set(_component(spec, complaint["reply"])["properties"]) == {"method", "content", "replied_by", "replied_at"}
    deadline = _component(spec, complaint["deadlines"]["items"])
    assert set(deadline["properties"]) == {"kind", "clause", "due_at", "due_date", "provisional", "met_at", "overdue"}


def test_me_lists_deadlines_with_their_target(spec):
    me = spec["paths"]["/api/v1/me"]["get"]["responses"][200]["content"]["application/json"]["schema"]
    deadline = _component(spec, _component(spec, me)["properties"]["open_deadlines"]["items"])
    assert {"target_type", "target_id"} <= set(deadline["properties"])
