"""The report page's action forms: an invalid or refused action keeps what was typed in its own
block; success and a GET on an action URL lead back to a page; the steps that cannot be undone
(confirming, closing as not a report) ask first."""

import pytest
from django.urls import reverse

from utilicase.whistleblowing import services
from utilicase.whistleblowing.models import Report, Status

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def block(page: str, name: str) -> str:
    return page.split(f'id="action-{name}"')[1].split("</form>")[0]


@pytest.mark.parametrize("name", ["confirm", "not_a_report", "investigate", "note", "attach"])
def test_get_on_an_action_url_redirects_to_the_report_page(as_user, take, name):
    report, _ = take()
    response = as_user("hall_staff1").get(reverse(f"whistleblowing:{name}", args=[report.number]))
    assert response.status_code == 302 and response.url == reverse("whistleblowing:detail", args=[report.number])
    assert Report.objects.get(pk=report.pk).status == Status.RECEIVED


def test_the_language_switch_returns_to_the_report_page_after_an_error(as_user, take):
    report, _ = take()
    response = as_user("hall_staff1").post(reverse("whistleblowing:not_a_report", args=[report.number]), {"reason": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert f'name="next" value="{reverse("whistleblowing:detail", args=[report.number])}"' in page


def test_confirming_and_closing_as_not_a_report_ask_first_s6_7_iii_5(as_user, take):
    report, _ = take()
    page = as_user("hall_staff1").get(reverse("whistleblowing:detail", args=[report.number])).content.decode()
    confirm_tag = page.split('id="action-confirm"')[1].split(">")[0]
    close_tag = page.split('id="action-not_a_report"')[1].split(">")[0]
    assert 'hx-confirm="确认后，该举报只有纪检监察部门可以查看，您将不能再打开它。确定转纪检监察部门吗？"' in confirm_tag
    assert 'hx-confirm="办结后不能撤销。确定按不属于举报办结吗？"' in close_tag
    assert "hx-vals" in confirm_tag and "hx-vals" in close_tag


def test_confirming_without_the_confirmation_changes_nothing_s6_7_iii_5(as_user, take):
    report, _ = take()
    client = as_user("hall_staff1")
    response = client.post(reverse("whistleblowing:confirm", args=[report.number]), {})
    assert response.status_code == 400 and "请确认后再提交" in block(response.content.decode(), "confirm")
    assert Report.objects.get(pk=report.pk).status == Status.RECEIVED


def test_confirming_over_htmx_sends_the_front_line_to_the_list_s6_7_iii_5(as_user, take):
    report, _ = take()
    response = as_user("hall_staff1").post(reverse("whistleblowing:confirm", args=[report.number]),
                                           {"confirmed": "1"}, **HTMX)
    assert response.status_code == 204 and response["HX-Redirect"] == reverse("whistleblowing:list")
    assert Report.objects.get(pk=report.pk).status == Status.WITH_DISCIPLINE


def test_a_note_too_long_keeps_what_was_typed_in_its_block(as_user, take, example_user, now):
    report, _ = take(confirm=True)
    services.report_investigate(actor=example_user("discipline1"), report=report, now=now)
    typed = "约谈当事人。" * 1700  # 10200 characters: over the 10000 allowed
    response = as_user("discipline1").post(reverse("whistleblowing:note", args=[report.number]), {"text": typed}, **HTMX)
    assert response.status_code == 400
    form = block(response.content.decode(), "note")
    assert f">\n{typed}</textarea>" in form and "调查记录不能为空（不超过10000字）" in form
    assert "no-store" in response["Cache-Control"]  # the page shown again holds the report's content


def test_an_action_no_longer_open_goes_back_to_the_page_with_its_refusal(as_user, take):
    report, _ = take(confirm=True)  # with discipline, not yet under investigation: no notes yet
    response = as_user("discipline1").post(reverse("whistleblowing:note", args=[report.number]), {"text": "约谈"},
                                           follow=True)
    assert response.redirect_chain == [(reverse("whistleblowing:detail", args=[report.number]), 303)]
    assert "§6.7(i-ii)" in response.content.decode().split('class="messages"')[1].split("</ul>")[0]


def test_recording_the_reply_asks_first_s6_7_iii_7(as_user, take, example_user, now):
    report, _ = take(confirm=True)
    services.report_investigate(actor=example_user("discipline1"), report=report, now=now)
    page = as_user("discipline1").get(reverse("whistleblowing:reply", args=[report.number])).content.decode()
    tag = page.split('id="reply-form"')[1].split(">")[0]
    assert 'hx-confirm="记录后答复期限即完成，不能修改。确定保存调查结果和反馈吗？"' in tag and "hx-vals" in tag
