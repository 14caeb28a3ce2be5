"""Many inspectors issue at once: numbers have no gaps and no duplicates (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from tests.integration.documents.conftest import RESULT_NOTICE
from tests.integration.inspections.test_races import _race
from utilicase.audit.models import AuditEvent
from utilicase.core.rules import RuleViolation
from utilicase.documents import services
from utilicase.documents.models import Document

ISSUERS, EACH = 6, 4


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="concurrent connections need a server database")
@pytest.mark.django_db(transaction=True)
def test_concurrent_issuers_get_no_gaps_and_no_duplicates_s2_5_2(example_user, info, now):
    users = [example_user("inspector1"), example_user("inspector2")]
    drafts = [services.document_create(actor=users[i % 2], case=info, doc_type_code="result_notice",
                                       content=RESULT_NOTICE, now=now) for i in range(ISSUERS * EACH)]
    # one draft is discarded: it must leave no gap
    services.document_discard(actor=users[0], document=drafts.pop(), now=now)
    errors: list[BaseException] = []
    barrier = threading.Barrier(ISSUERS)

    def issuer(mine):
        try:
            barrier.wait()
            for document in mine:
                services.document_issue(actor=users[0], document=document, now=now)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issuer, args=(drafts[i::ISSUERS],)) for i in range(ISSUERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = list(Document.objects.filter(status="ISSUED").values_list("sequence_no", "number"))
    assert sorted(n for n, _ in numbers) == list(range(1, ISSUERS * EACH))
    assert len({number for _, number in numbers}) == ISSUERS * EACH - 1
    assert "天富电检〔2026〕第000023号" in {number for _, number in numbers}


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="concurrent connections need a server database")
@pytest.mark.django_db(transaction=True)
def test_one_draft_issued_twice_at_once_gets_one_number_s2_5_2(example_user, info, now):
    users = [example_user("inspector1"), example_user("inspector2")]
    draft = services.document_create(actor=users[0], case=info, doc_type_code="result_notice", content=RESULT_NOTICE,
                                      now=now)
    results = _race(3, lambda i: services.document_issue(actor=users[i % 2], document=draft, now=now))
    issued = [r for r in results if isinstance(r, Document)]
    refused = [r for r in results if isinstance(r, RuleViolation)]
    assert len(issued) == 1 and len(refused) == 2, results
    assert {r.clause for r in refused} == {issued[0].type.clause}
    assert list(Document.objects.filter(status="ISSUED").values_list("pk", "sequence_no")) == [(draft.pk, 1)]
    assert AuditEvent.objects.filter(action="documents.document.issued").count() == 1
    # the number was taken once: the next draft gets 2
    following = services.document_create(actor=users[0], case=info, doc_type_code="result_notice",
                                          content=RESULT_NOTICE, now=now)
    assert services.document_issue(actor=users[0], document=following, now=now).sequence_no == 2
