from utilicase.core.i18n import Message, gettext_noop, translated

ENGLISH = {"最多 %(n)s 个。": "At most %(n)s.", "送达方式 %(method)s 不使用此项。": "%(method)s does not use this.",
           "邮寄": "post", "必填。": "Required."}


def english(message: str) -> str:
    return ENGLISH.get(message, message)


def test_a_message_reads_in_chinese_with_its_values_and_keeps_them_apart():
    message = Message("最多 %(n)s 个。", n=5)
    assert message == "最多 5 个。"
    assert (message.msgid, message.params) == ("最多 %(n)s 个。", {"n": 5})


def test_translated_fills_the_values_into_the_translated_entry():
    assert translated(Message("最多 %(n)s 个。", n=5), english) == "At most 5."
    # a text value is a word of the domain and follows the language; a code stays as it is
    assert translated(Message("送达方式 %(method)s 不使用此项。", method="邮寄"), english) == "post does not use this."
    assert translated(Message("送达方式 %(method)s 不使用此项。", method="SIGNED"), english) == "SIGNED does not use this."


def test_translated_translates_a_plain_marked_message():
    assert translated(gettext_noop("必填。"), english) == "Required."
    assert translated(gettext_noop("必填。"), str) == "必填。"


def test_a_message_within_a_message_is_translated_with_its_own_values():
    outer = Message("送达方式 %(method)s 不使用此项。", method=Message("最多 %(n)s 个。", n=5))
    assert outer == "送达方式 最多 5 个。 不使用此项。"
    assert translated(outer, english) == "At most 5. does not use this."
