from django.utils import translation

from utilicase.audit.labels import action_label


def test_actions_read_by_their_last_word():
    with translation.override("zh-hans"):
        assert action_label("complaints.complaint.routed") == "转办"
        assert action_label("documents.document.issued") == "签发"


def test_unknown_actions_show_as_they_are():
    assert action_label("something.odd.happened") == "something.odd.happened"
