"""Service of documents, pure rules (§2.5(2), §2.6(3)): each means and its required proof."""

from datetime import date

import pytest

from utilicase.documents.domain.catalogue import SERVE_BY_CONFIRMATION, SERVE_BY_NOTICE, SERVE_NEVER
from utilicase.documents.domain.service import ServiceProof, proof_errors, serves

TODAY = date(2026, 9, 30)


def errors(serve_mode=SERVE_BY_NOTICE, **kw):
    return proof_errors(ServiceProof(**kw), serve_mode=serve_mode, today=TODAY)


def test_signing_requires_the_customers_signature_and_name_s2_5_2():
    assert errors(method="SIGNED") == {"customer_signature": "须有客户签名。", "signer_name": "须填写签收人姓名。"}
    assert errors(method="SIGNED", customer_signature=1, signer_name="熊超") == {}


def test_a_refusal_needs_no_proof_and_does_not_serve_s2_5_2():
    assert errors(method="REFUSED") == {}
    assert not serves("REFUSED")
    assert serves("SIGNED") and serves("REGISTERED_POST")


def test_left_with_witnesses_needs_named_witnesses_each_signing_and_a_photo_s2_6_3():
    assert errors(method="LEFT_WITH_WITNESSES") == {"witness_names": "须填写每位见证人的姓名。",
                                                    "photos": "须有文书留置于客户处的照片。"}
    assert "witness_signatures" in errors(method="LEFT_WITH_WITNESSES", witness_names=("张三", "李四"),
                                          witness_signatures=1, photos=1)
    assert errors(method="LEFT_WITH_WITNESSES", witness_names=("张三", "张三"), witness_signatures=2,
                  photos=1) == {"witness_names": "见证人姓名重复。"}
    assert errors(method="LEFT_WITH_WITNESSES", witness_names=("张三",), witness_signatures=1, photos=1) == {}


def test_registered_post_needs_tracking_number_and_receipt_s2_5_2():
    assert set(errors(method="REGISTERED_POST")) == {"tracking_number", "receipts"}
    assert set(errors(method="REGISTERED_POST", tracking_number="12 34", receipts=1)) == {"tracking_number"}
    assert errors(method="REGISTERED_POST", tracking_number="XA123456789CN", receipts=1) == {}


def test_notarised_needs_the_office_and_the_certificate_s2_5_2():
    assert set(errors(method="NOTARISED")) == {"notary_office", "certificates"}
    assert errors(method="NOTARISED", notary_office="石河子市公证处", certificates=1) == {}


def test_public_notice_needs_place_dates_and_photo_and_is_complete_when_posting_ended_s2_5_2():
    assert set(errors(method="PUBLIC_NOTICE")) == {"notice_place", "notice_start_date", "notice_end_date", "photos"}
    base = {"method": "PUBLIC_NOTICE", "notice_place": "北三路12小区公告栏", "photos": 1}
    assert errors(**base, notice_start_date=date(2026, 9, 1), notice_end_date=date(2026, 8, 1)) == \
        {"notice_end_date": "不能早于开始日期。"}
    assert list(errors(**base, notice_start_date=date(2026, 9, 20), notice_end_date=date(2026, 10, 20))) == \
        ["notice_end_date"]
    assert errors(**base, notice_start_date=date(2026, 8, 1), notice_end_date=date(2026, 9, 29)) == {}


def test_an_upload_the_means_does_not_use_is_refused_by_name():
    assert errors(method="REGISTERED_POST", tracking_number="XA123456789CN", receipts=1, photos=2) == \
        {"photos": "送达方式 REGISTERED_POST 不使用此项。"}


def test_confirmed_records_are_signed_or_refused_only_s4_4_5():
    assert list(errors(SERVE_BY_CONFIRMATION, method="REGISTERED_POST")) == ["method"]
    assert errors(SERVE_BY_CONFIRMATION, method="SIGNED", customer_signature=1, signer_name="x") == {}


def test_internal_records_are_not_served():
    assert list(errors(SERVE_NEVER, method="SIGNED", customer_signature=1, signer_name="x")) == ["method"]


@pytest.mark.parametrize("field", ["signer_name", "note", "tracking_number"])
def test_nul_characters_are_refused(field):
    kw = {"method": "SIGNED", "customer_signature": 1, "signer_name": "熊超", field: "a\x00"}
    assert field in errors(**kw)


def test_the_party_signs_the_survey_record_and_transcript_or_a_witnessed_refusal_is_recorded_s2_6_2():
    from utilicase.documents.domain.service import party_signature_refusal

    def refusal(code="transcript", signed=False, witnesses=0, photos=0):
        return party_signature_refusal(code=code, party_signed=signed, refusal_witnesses=witnesses,
                                       refusal_photos=photos)

    assert refusal().clause == "§2.6(2)"
    assert refusal(code="survey_record", witnesses=1, photos=1).clause == "§2.6(2)"
    assert refusal(witnesses=2, photos=0).clause == "§2.6(2)"
    assert refusal(signed=True) is None
    assert refusal(witnesses=2, photos=1) is None
    assert refusal(code="violation_notice") is None


def test_a_refusal_names_two_distinct_signing_witnesses_and_has_a_photo_s2_6_2():
    from utilicase.documents.domain.service import party_refusal_errors

    def check(names=("李海燕", "张伟"), signatures=2, photos=1, note=""):
        return party_refusal_errors(witness_names=names, witness_signatures=signatures, photos=photos, note=note)

    assert check() == {}
    assert check(names=("李海燕",), signatures=1) == {"witness_names": "须有至少 2 位见证人。"}
    assert check(names=("李海燕", " 李海燕")) == {"witness_names": "见证人姓名重复。"}
    assert check(signatures=1) == {"witness_signatures": "每位见证人都须签名：见证人 2 位，签名 1 个。"}
    assert check(photos=0) == {"photos": "须有当事人拒签现场的照片。"}
    assert check(note="a\x00") == {"note": "含有不允许的字符。"}
