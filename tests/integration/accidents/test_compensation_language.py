"""The calculator's reasons for refusing a compensation input (§2.7(5)) reach the reader in their
language, on the case page and through the API, with their values filled in."""

from datetime import timedelta

import pytest
from django.urls import reverse

from utilicase.accidents import services
from utilicase.core.i18n import Message
from utilicase.org.services import token_create

pytestmark = pytest.mark.django_db

NO_PRICE = {"zh-hans": "没有 2026-08 的电力月平均售价：请先导入营销系统的月平均售价。",
            "en": "No Power average price of 2026-08: import the billing system's monthly average prices first."}
BAD_MONTH = {"zh-hans": "应为 YYYY-MM 格式的月份。", "en": "Must be a month as YYYY-MM."}


@pytest.fixture
def case(flow, customer):
    return flow.on_site(customer)


def test_the_service_keeps_the_calculators_marked_messages_s2_7_5(case, flow, now):
    with pytest.raises(services.AccidentInvalid) as exc:
        services.case_calculate_compensation(actor=flow.user("inspector1"), case=case, now=now,
                                             data={"outage_minutes": 90, "interrupted_rate_per_hour": 10,
                                                   "month": "2026-09"})
    reason = exc.value.errors["data.month"]
    assert isinstance(reason, Message) and reason.params["month"] == "2026-08"
    assert reason == NO_PRICE["zh-hans"]


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_the_case_page_gives_the_reason_in_the_readers_language_s2_7_5(case, client, example_user, lang, now,
                                                                       monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)
    client.force_login(example_user("inspector1"))
    client.cookies["django_language"] = lang
    response = client.post(reverse("accidents:act", args=[case.pk, "compensate"]),
                           {"outage_minutes": "90", "interrupted_rate_per_hour": "200", "month": "2026-09"})
    assert response.status_code == 400
    form = response.content.decode().split('id="action-compensate"')[1].split("</form>")[0]
    assert NO_PRICE[lang].replace("'", "&#x27;") in form
    other = "zh-hans" if lang == "en" else "en"
    assert NO_PRICE[other].replace("'", "&#x27;") not in form


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_the_api_gives_the_reasons_in_the_readers_language_s2_7_5(case, client, example_user, lang, now):
    _, token = token_create(actor=None, user=example_user("inspector1"), now=now - timedelta(days=1))
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": lang}

    def post(data):
        return client.post(f"/api/v1/accidents/cases/{case.pk}/compensation", data=data,
                           content_type="application/json", headers=headers)

    answer = post({"outage_minutes": 90, "interrupted_rate_per_hour": 10, "month": "2026-09"})
    assert answer.status_code == 422
    assert [(d["loc"], d["msg"]) for d in answer.json()["detail"]] == [
        (["body", "payload", "data", "month"], NO_PRICE[lang])]
    answer = post({"outage_minutes": 90, "interrupted_rate_per_hour": 10, "month": "2026/9"})
    assert answer.status_code == 422
    assert [d["msg"] for d in answer.json()["detail"]] == [BAD_MONTH[lang]]
