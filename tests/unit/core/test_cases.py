from utilicase.core.cases import CaseInfo, case_for, register_case_type


def _info(case):
    return CaseInfo(target_type="test.case", target_id=str(case["id"]), number=case["no"], title="t",
                    utility="POWER", issuer_code="tf-power", issuer_short_name="天富电")


def test_visible_case_is_described(monkeypatch):
    monkeypatch.setattr("utilicase.core.cases.CASE_TYPES", {})
    cases = {"7": {"id": 7, "no": "JC2026000007", "owner": "inspector1"}}
    register_case_type("test.case", load=lambda user, i: cases.get(i) if user == "inspector1" else None, info=_info)
    case, info = case_for("inspector1", "test.case", 7)
    assert info.number == "JC2026000007" and info.issuer_short_name == "天富电"


def test_missing_unknown_and_invisible_look_the_same(monkeypatch):
    monkeypatch.setattr("utilicase.core.cases.CASE_TYPES", {})
    register_case_type("test.case", load=lambda user, i: {"id": 1, "no": "x"} if user == "a" else None, info=_info)
    assert case_for("b", "test.case", "1") is None
    assert case_for("a", "other.case", "1") is None


def test_a_case_type_declares_its_document_types_and_an_unknown_type_declares_none(monkeypatch):
    from utilicase.core.cases import CaseDocument, declared_documents

    monkeypatch.setattr("utilicase.core.cases.CASE_TYPES", {})
    form = CaseDocument(prefill=lambda case: {"complaint": case["text"]})
    register_case_type("test.case", load=lambda user, i: None, info=_info, documents={"complaint_form": form})
    assert list(declared_documents("test.case")) == ["complaint_form"]
    assert declared_documents("test.case")["complaint_form"].content({"text": "电压低"}) == {"complaint": "电压低"}
    assert declared_documents("other.case") == {}
    register_case_type("bare.case", load=lambda user, i: None, info=_info)
    assert declared_documents("bare.case") == {}
    assert CaseDocument().content({"text": "x"}) == {} and CaseDocument().refusal({"text": "x"}) is None


def test_a_case_reference_is_found_by_number_only_by_who_may_see_it(monkeypatch):
    from utilicase.core.cases import case_reference, register_case_reference

    monkeypatch.setattr("utilicase.core.cases.CASE_REFERENCES", {})
    reports = {"JB2026000001": 41}
    register_case_reference("test.report", lambda user, number: reports.get(number) if user == "discipline1" else None)
    assert case_reference("discipline1", "test.report", "JB2026000001") == "41"
    assert case_reference("inspector1", "test.report", "JB2026000001") is None
    assert case_reference("discipline1", "test.report", "JB2026000002") is None
    assert case_reference("discipline1", "other.type", "JB2026000001") is None
