"""§2.6(2): the survey record and the transcript are signed by the party; a refusal is recorded
before two witnesses with a photo (as for service, §2.6(3)) before the record is issued."""

import pytest

from tests.integration.documents.conftest import RESULT_NOTICE, ink_png, jpeg
from utilicase.audit.models import AuditEvent
from utilicase.core.rules import RuleViolation
from utilicase.documents import services, serving
from utilicase.documents.models import Document, ServiceProof, ServiceRecord, Signature

pytestmark = pytest.mark.django_db

CONTENT = {
    "transcript": {"interview_at": "2026-09-30 09:00", "place": "客户配电室", "interviewer": "王建国",
                   "interviewee": "熊超", "record": "问：电表接线是谁改动的？答：不清楚。"},
    "survey_record": {"survey_at": "2026-09-29 10:00", "place": "配电室", "present": "王建国、李海燕、熊超",
                      "findings": "封印被破坏"},
}


@pytest.fixture
def user(example_user):
    return example_user("inspector1")


def draft(user, info, now, code="transcript"):
    return services.document_create(actor=user, case=info, doc_type_code=code, content=CONTENT[code], now=now)


def refuse(user, document, now, names=("李海燕", "张伟"), signatures=2, photos=1):
    return serving.party_refusal_record(actor=user, document=document, witness_names=list(names),
                                        witness_signatures=[ink_png(i) for i in range(signatures)],
                                        photos=[jpeg() for _ in range(photos)], now=now)


@pytest.mark.parametrize("code", ["transcript", "survey_record"])
def test_unsigned_record_is_not_issued_s2_6_2(user, info, now, code):
    document = draft(user, info, now, code)
    services.document_sign(actor=user, document=document, signer_role="INSPECTOR", signer_name="王建国",
                           png=ink_png(), now=now)
    with pytest.raises(RuleViolation) as exc:
        services.document_issue(actor=user, document=document, now=now)
    assert exc.value.clause == "§2.6(2)" and "当事人签名" in exc.value.message
    document.refresh_from_db()
    assert (document.status, document.number, document.copies.count()) == ("DRAFT", "", 0)


@pytest.mark.parametrize("code", ["transcript", "survey_record"])
def test_record_signed_by_the_party_is_issued_s2_6_2(user, info, now, code):
    document = draft(user, info, now, code)
    services.document_sign(actor=user, document=document, signer_role="CUSTOMER", signer_name="熊超",
                           png=ink_png(), now=now)
    assert services.document_issue(actor=user, document=document, now=now).status == "ISSUED"


def test_other_types_need_no_party_signature_s2_5_2(user, info, now):
    notice = services.document_create(actor=user, case=info, doc_type_code="result_notice", content=RESULT_NOTICE,
                                      now=now)
    assert services.document_issue(actor=user, document=notice, now=now).status == "ISSUED"


def test_refusal_before_two_witnesses_with_a_photo_lets_the_record_issue_s2_6_2(user, info, now):
    document = draft(user, info, now)
    record = refuse(user, document, now)
    assert (record.method, record.witness_names) == ("REFUSED", ["李海燕", "张伟"])
    assert ServiceProof.objects.filter(service=record, kind="PHOTO").count() == 1
    witnesses = Signature.objects.filter(target_type="documents.servicerecord", target_id=str(record.pk))
    assert sorted(witnesses.values_list("signer_name", "signer_role")) == [("张伟", "WITNESS"), ("李海燕", "WITNESS")]
    event = AuditEvent.objects.get(action="documents.document.signature_refused", target_id=str(document.pk))
    assert event.clause == "§2.6(2)" and event.after["witnesses"] == ["李海燕", "张伟"]
    issued = services.document_issue(actor=user, document=document, now=now)
    assert issued.number == "天富电录〔2026〕第000001号"


@pytest.mark.parametrize(("names", "signatures", "photos", "field"), [
    (("李海燕",), 1, 1, "witness_names"),  # one witness
    (("李海燕", "李海燕"), 2, 1, "witness_names"),  # the same witness twice
    (("李海燕", ""), 2, 1, "witness_names"),  # an unnamed witness
    (("李海燕", "张伟"), 1, 1, "witness_signatures"),  # a witness who did not sign
    (("李海燕", "张伟"), 2, 0, "photos"),  # no photo
])
def test_incomplete_refusal_is_refused_by_field_and_stores_nothing_s2_6_2(user, info, now, names, signatures,
                                                                          photos, field):
    document = draft(user, info, now)
    with pytest.raises(serving.ServiceInvalid) as exc:
        refuse(user, document, now, names=names, signatures=signatures, photos=photos)
    assert list(exc.value.errors) == [field]
    assert not ServiceRecord.objects.exists()
    with pytest.raises(RuleViolation):
        services.document_issue(actor=user, document=document, now=now)


def test_refusal_only_on_a_draft_record_of_the_party_s2_6_2(user, info, now):
    notice = services.document_create(actor=user, case=info, doc_type_code="result_notice", content=RESULT_NOTICE,
                                      now=now)
    with pytest.raises(RuleViolation) as exc:
        refuse(user, notice, now)
    assert exc.value.clause == "§2.6(2)"
    document = draft(user, info, now)
    refuse(user, document, now)
    services.document_issue(actor=user, document=document, now=now)
    with pytest.raises(RuleViolation):
        refuse(user, Document.objects.get(pk=document.pk), now)
    assert ServiceRecord.objects.count() == 1
