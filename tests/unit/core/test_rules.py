from utilicase.core.rules import RuleViolation

CATALOGUE = {"证据已有完好的封条 %(number)s，不能重复封存。": "Already sealed with %(number)s.", "已退还": "Returned",
             "证据%(state)s，不能封存。": "Evidence %(state)s: cannot seal."}


def test_a_refusal_reads_with_its_params_filled_in_and_translates_as_one_message_s2_6_2():
    refusal = RuleViolation("§2.6(2)", "证据已有完好的封条 %(number)s，不能重复封存。", {"number": "S-0001"})
    assert refusal.message == "证据已有完好的封条 S-0001，不能重复封存。"
    assert refusal.as_dict() == {"clause": "§2.6(2)", "detail": "证据已有完好的封条 S-0001，不能重复封存。"}
    assert refusal.text(lambda s: CATALOGUE.get(s, s)) == "Already sealed with S-0001."


def test_params_that_are_words_of_the_domain_are_translated_too_s2_6_2():
    refusal = RuleViolation("§2.6(2)", "证据%(state)s，不能封存。", {"state": "已退还"})
    assert refusal.text(lambda s: CATALOGUE.get(s, s)) == "Evidence Returned: cannot seal."


def test_a_refusal_without_params_is_its_message():
    refusal = RuleViolation("§2.6(2)", "100%不能")
    assert refusal.message == "100%不能" and refusal.text(str.upper) == "100%不能".upper()
