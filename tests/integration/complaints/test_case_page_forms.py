"""The case page's action forms: a refused or invalid action keeps what was typed and says why
in its own block; success and a GET on an action URL lead back to the case page; irreversible
steps ask first; a refusal names who may act."""

import json
import re

import pytest
from django.urls import reverse

from utilicase.complaints.models import Complaint, ComplaintCategory, Status

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def clock(monkeypatch, now):
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)


def block(page: str, name: str) -> str:
    """The action's own form, as htmx selects it (hx-select="#action-<name>")."""
    return page.split(f'id="action-{name}"')[1].split("</form>")[0]


def at_fault_without_apology() -> dict:
    category = ComplaintCategory.objects.get(code="metering-billing")
    return {"category": str(category.pk), "impact": "SERIOUS", "is_valid": "1",
            "validity_reason": "抄表员漏抄，估抄电量偏高。", "company_at_fault": "1", "apology_text": ""}


def test_refused_assessment_keeps_what_was_typed_and_says_why_in_its_block_s6_6_3(as_user, flow):
    c = flow.receive()
    flow.complete_form(c)
    flow.confirm(c)
    typed = at_fault_without_apology()
    response = as_user("hall_staff1").post(reverse("complaints:act", args=[c.pk, "assess"]), typed)
    assert response.status_code == 409
    form = block(response.content.decode(), "assess")
    assert "抄表员漏抄，估抄电量偏高。</textarea>" in form
    assert f'<option value="{typed["category"]}" selected>' in form
    assert '<option value="SERIOUS" selected>' in form
    assert re.search(r'value="1"[^>]*id="id_assess_is_valid_0"[^>]*checked', form)
    assert re.search(r'value="1"[^>]*id="id_assess_company_at_fault_0"[^>]*checked', form)
    alert = form.split('role="alert"')[1].split("</div>")[0]
    assert "属我方原因的投诉须诚恳道歉" in alert and "§6.6(3)" in alert
    assert Complaint.objects.get(pk=c.pk).status == Status.RECEIVED


def test_a_refused_action_over_htmx_answers_409_with_the_page_to_select_from(as_user, flow):
    c = flow.receive()
    flow.complete_form(c)
    flow.confirm(c)
    response = as_user("hall_staff1").post(reverse("complaints:act", args=[c.pk, "assess"]),
                                           at_fault_without_apology(), **HTMX)
    assert response.status_code == 409 and "HX-Redirect" not in response
    assert "§6.6(3)" in block(response.content.decode(), "assess")


def test_success_over_htmx_redirects_the_browser_to_the_case_page(as_user, flow):
    c = flow.receive()
    response = as_user("hall_staff1").post(reverse("complaints:act", args=[c.pk, "complete_form"]),
                                           {"content": "完整记录。"}, **HTMX)
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("complaints:detail", args=[c.pk])


def test_get_on_an_action_url_redirects_to_the_case_page(as_user, flow):
    c = flow.receive()
    response = as_user("hall_staff1").get(reverse("complaints:act", args=[c.pk, "assess"]))
    assert response.status_code == 302 and response.url == reverse("complaints:detail", args=[c.pk])
    assert Complaint.objects.get(pk=c.pk).assessed_at is None


def test_get_on_an_action_url_of_a_complaint_out_of_sight_ends_in_404(as_user, flow):
    c = flow.receive()
    response = as_user("handler1").get(reverse("complaints:act", args=[c.pk, "assess"]), follow=True)
    assert response.status_code == 404


def language_next(page: str) -> str:
    return re.search(r'name="next" value="([^"]*)"', page).group(1)


def test_the_language_switch_returns_to_the_case_page_after_an_error(as_user, flow):
    c = flow.receive()
    client = as_user("hall_staff1")
    case_page = reverse("complaints:detail", args=[c.pk])
    assert language_next(client.get(case_page).content.decode()) == case_page
    invalid = client.post(reverse("complaints:act", args=[c.pk, "complete_form"]), {"content": ""})
    assert invalid.status_code == 400
    assert language_next(invalid.content.decode()) == case_page


def test_htmx_swaps_refusals_and_invalid_input_but_not_success_without_content(as_user, flow):
    c = flow.receive()
    page = as_user("hall_staff1").get(reverse("complaints:detail", args=[c.pk])).content.decode()
    config = json.loads(re.search(r'<meta name="htmx-config" content=\'([^\']*)\'', page).group(1))
    rules = config["responseHandling"]

    def first(status: int) -> dict:
        return next(r for r in rules if re.search(r["code"], str(status)))

    assert first(409)["swap"] is True and not first(409).get("error")
    assert first(400)["swap"] is True and first(422)["swap"] is True
    assert first(204)["swap"] is False
    assert first(403)["error"] is True and first(500)["error"] is True


def test_closing_asks_for_confirmation_s6_6_8(as_user, flow):
    c = flow.replied()
    page = as_user("hall_staff1").get(reverse("complaints:detail", args=[c.pk])).content.decode()
    form_tag = page.split('id="action-close"')[1].split(">")[0]
    assert 'hx-confirm="办结后不能再答复或修改。确定办结这件投诉吗？"' in form_tag
    assert "hx-vals='{&quot;confirmed&quot;: &quot;1&quot;}'" in form_tag or 'hx-vals=\'{"confirmed": "1"}\'' in form_tag
    assert '<noscript>' in block(page, "close") and 'name="confirmed"' in block(page, "close")


def test_closing_without_the_confirmation_is_refused_and_nothing_changes(as_user, flow):
    c = flow.replied()
    client = as_user("hall_staff1")
    response = client.post(reverse("complaints:act", args=[c.pk, "close"]), {})
    assert response.status_code == 400
    assert "请确认后再提交" in block(response.content.decode(), "close")
    assert Complaint.objects.get(pk=c.pk).status == Status.REPLIED
    assert client.post(reverse("complaints:act", args=[c.pk, "close"]), {"confirmed": "1"}).status_code == 303
    assert Complaint.objects.get(pk=c.pk).status == Status.CLOSED


def refused(page: str) -> dict[str, str]:
    section = page.split("暂不能办理")[1].split("</ul>")[0]
    return {m[0]: re.sub(r"<[^>]+>", "", m[1]).strip() for m in re.findall(r'id="refused-(\w+)">(.*?)</li>', section, re.S)}


def test_a_refusal_names_who_may_act(as_user, flow):
    c = flow.routed()
    staff = refused(as_user("hall_staff1").get(reverse("complaints:detail", args=[c.pk])).content.decode())
    assert staff["reply"] == "答复客户：需由处理人吴俊办理。 §6.6(8)"
    handler = refused(as_user("handler1").get(reverse("complaints:detail", args=[c.pk])).content.decode())
    assert handler["close"] == "办结：投诉须答复后才能办结（答复率100%）。 §6.6(8)"  # the rule comes first
    assert handler["hand_over"] == "移交首问责任：需由首问负责人孙丽娜或天富客户服务营业厅负责人周敏办理。 §6.5(ii)(1)"
    assert handler["route"] == "转办：需由首问负责人孙丽娜或天富客户服务营业厅负责人周敏办理。 §6.5(i)"


def test_a_complaint_routed_to_its_hall_is_replied_by_the_hall_head_by_name_s6_6_7(as_user, flow):
    c = flow.route(flow.assessed(), unit="tf-hall", handler=None)
    staff = refused(as_user("hall_staff1").get(reverse("complaints:detail", args=[c.pk])).content.decode())
    assert staff["reply"] == "答复客户：需由天富客户服务营业厅负责人周敏办理。 §6.6(8)"


def test_once_with_the_hall_head_the_clerk_sees_routing_on_refused_s6_6_7(as_user, flow):
    c = flow.receive(channel="OPINION_BOOK")
    flow.complete_form(c)
    flow.assess(c)
    flow.route(c, unit="tf-hall", handler=None)
    staff = refused(as_user("hall_staff1").get(reverse("complaints:detail", args=[c.pk])).content.decode())
    assert staff["route"].startswith("转办：意见簿投诉由营业厅负责人决定") and staff["route"].endswith("§6.6(7)")
    head = as_user("hall_head1").get(reverse("complaints:detail", args=[c.pk])).content.decode()
    assert "route" not in refused(head) and 'name="reason"' in head


def test_steps_already_done_are_not_listed_as_refused(as_user, flow):
    c = flow.receive()
    client = as_user("hall_staff1")
    before = refused(client.get(reverse("complaints:detail", args=[c.pk])).content.decode())
    assert "complete_form" not in before  # it can be done: it is a form above
    flow.complete_form(c)
    flow.confirm(c)
    page = client.get(reverse("complaints:detail", args=[c.pk])).content.decode()
    assert 'id="action-complete_form"' not in page and 'id="action-confirm_record"' not in page
    assert "complete_form" not in refused(page) and "confirm_record" not in refused(page)
    assert "已经填写完成" not in page and "记录已经由客户核对确认" not in page


# -- the customer's confirmation (§6.5(ii)(7)) -----------------------------------------------------

def test_a_call_s_read_back_without_the_answer_is_refused_in_its_block_s6_5_ii_7(as_user, flow):
    c = flow.receive(channel="PHONE")
    client = as_user("hall_staff1")
    assert 'name="answer"' in block(client.get(reverse("complaints:detail", args=[c.pk])).content.decode(),
                                    "confirm_record")
    response = client.post(reverse("complaints:act", args=[c.pk, "confirm_record"]),
                           {"method": "READ_BACK", "answer": "  "})
    assert response.status_code == 409
    assert "请记录客户对复述笔录的答复" in block(response.content.decode(), "confirm_record")
    assert client.post(reverse("complaints:act", args=[c.pk, "confirm_record"]),
                       {"method": "READ_BACK", "answer": "客户说记录无误"}).status_code == 303
    page = client.get(reverse("complaints:detail", args=[c.pk])).content.decode()
    assert "客户答复：客户说记录无误" in page


def test_a_visit_s_confirmation_offers_the_pad_and_keeps_what_was_typed_s6_5_ii_7(as_user, flow):
    c = flow.receive(channel="VISIT")
    client = as_user("hall_staff1")
    form = block(client.get(reverse("complaints:detail", args=[c.pk])).content.decode(), "confirm_record")
    assert "data-signature-pad" in form and 'name="contact"' in form and 'name="answer"' not in form
    response = client.post(reverse("complaints:act", args=[c.pk, "confirm_record"]),
                           {"method": "SIGNATURE", "signer_name": "李秀英", "signature": ""})
    assert response.status_code == 409
    form = block(response.content.decode(), "confirm_record")
    assert "请客户在工作单上签名确认" in form and "§6.5(ii)(7)" in form
    assert 'value="李秀英"' in form
    assert re.search(r'value="SIGNATURE"[^>]*checked', form)
    assert Complaint.objects.get(pk=c.pk).record_confirmed_at is None


def test_a_visit_s_contact_that_is_no_phone_is_shown_at_its_field_s6_5_ii_7(as_user, flow):
    c = flow.receive(channel="VISIT")
    client = as_user("hall_staff1")
    response = client.post(reverse("complaints:act", args=[c.pk, "confirm_record"]),
                           {"method": "CONTACT", "contact": "问前台"})
    assert response.status_code == 400
    form = block(response.content.decode(), "confirm_record")
    assert 'value="问前台"' in form and "“问前台”不是电话号码。" in form
    assert client.post(reverse("complaints:act", args=[c.pk, "confirm_record"]),
                       {"method": "CONTACT", "contact": "13912345678"}).status_code == 303
    c.refresh_from_db()
    assert (c.record_confirmation, c.record_contact) == ("CONTACT", "13912345678")
    assert "联系电话 13912345678" in client.get(reverse("complaints:detail", args=[c.pk])).content.decode()
