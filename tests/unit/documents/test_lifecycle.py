"""A document's transitions, pure."""

import pytest

from utilicase.core.rules import RuleViolation
from utilicase.documents.domain.catalogue import SERVE_BY_NOTICE, SERVE_NEVER
from utilicase.documents.domain.lifecycle import (
    DocumentFacts,
    correction_refusal,
    lifecycle,
    served_refusal,
)

FACTS = DocumentFacts(clause="§2.5(2)", serve_mode=SERVE_BY_NOTICE)


def test_an_issued_document_is_not_edited_s2_5_2():
    with pytest.raises(RuleViolation) as exc:
        lifecycle("§2.5(2)").check("edit", "ISSUED", FACTS)
    assert exc.value.clause == "§2.5(2)"
    lifecycle("§2.5(2)").check("edit", "DRAFT", FACTS)


def test_another_means_needs_a_recorded_refusal_first_s2_6_3():
    facts = DocumentFacts(clause="§2.6(3)", serve_mode=SERVE_BY_NOTICE, method="REGISTERED_POST")
    with pytest.raises(RuleViolation) as exc:
        lifecycle("§2.6(3)").check("serve", "ISSUED", facts)
    assert exc.value.clause == "§2.6(3)" and "拒绝签收" in exc.value.message
    lifecycle("§2.6(3)").check("serve", "ISSUED", DocumentFacts(**{**facts.__dict__, "refused_before": True}))
    lifecycle("§2.6(3)").check("serve", "ISSUED", DocumentFacts(**{**facts.__dict__, "method": "SIGNED"}))


def test_a_superseded_or_internal_or_draft_document_is_not_served():
    table = lifecycle("§2.5(2)")
    assert table.refusal("serve", "ISSUED", DocumentFacts("§2.5(2)", SERVE_BY_NOTICE, superseded=True)) is not None
    assert table.refusal("serve", "ISSUED", DocumentFacts("§2.5(2)", SERVE_NEVER, method="SIGNED")) is not None
    assert table.refusal("serve", "DRAFT", DocumentFacts("§2.5(2)", SERVE_BY_NOTICE, method="SIGNED")) is not None
    assert table.refusal("serve", "SERVED", DocumentFacts("§2.5(2)", SERVE_BY_NOTICE, method="SIGNED")) is not None


def test_only_the_latest_issued_version_is_corrected_once_at_a_time():
    assert correction_refusal(state="DRAFT", facts=FACTS, has_open_correction=False) is not None
    assert correction_refusal(state="ISSUED", facts=FACTS, has_open_correction=True) is not None
    assert correction_refusal(state="SERVED", facts=FACTS, has_open_correction=False) is None
    superseded = DocumentFacts("§2.5(2)", SERVE_BY_NOTICE, superseded=True)
    assert correction_refusal(state="ISSUED", facts=superseded, has_open_correction=False) is not None


def test_a_later_step_needs_the_document_served_and_current_s1_1():
    refused = served_refusal(state="ISSUED", superseded=False, clause="§1.1", title="停(限)电通知单")
    assert refused.clause == "§1.1" and "尚未送达" in refused.message
    assert served_refusal(state="SERVED", superseded=True, clause="§1.1", title="x") is not None
    assert served_refusal(state="SERVED", superseded=False, clause="§1.1", title="x") is None
