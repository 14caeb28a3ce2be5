from utilicase.core.links import CaseRef, case_taken, register_case_finder


def test_a_registered_case_type_finds_its_case_by_number_in_a_company(monkeypatch):
    monkeypatch.setattr("utilicase.core.links.CASE_FINDERS", {})
    taken = {("TS2026000007", "tianfu"): "7"}

    def find(number, unit):
        case_id = taken.get((number, unit))
        return CaseRef("test.case", case_id, number) if case_id else None

    register_case_finder("test.case", find)
    assert case_taken("test.case", number="TS2026000007", unit="tianfu") == CaseRef("test.case", "7", "TS2026000007")
    assert case_taken("test.case", number="TS2026000007", unit="other") is None
    assert case_taken("test.case", number="TS2026000008", unit="tianfu") is None


def test_an_empty_number_or_an_uninstalled_case_type_finds_nothing(monkeypatch):
    monkeypatch.setattr("utilicase.core.links.CASE_FINDERS", {})
    calls = []
    register_case_finder("test.case", lambda number, unit: calls.append(number) or CaseRef("test.case", "1", number))
    assert case_taken("test.case", number="", unit="tianfu") is None
    assert calls == []
    assert case_taken("other.case", number="TS2026000007", unit="tianfu") is None
