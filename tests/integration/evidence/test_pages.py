"""Evidence pages: each for who sees the case, 404 for who does not, and the form errors naming
the field."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse

from tests.integration.evidence.helpers import data_url, exe, jpeg, signature_png
from utilicase.evidence import services
from utilicase.evidence.models import CustodyEntry, EvidenceFile, EvidenceItem, RegisterConfirmation, Seal

pytestmark = pytest.mark.django_db
TT = "customers.customer"


def _named(data: bytes, name: str):
    f = io.BytesIO(data)
    f.name = name
    return f


@pytest.fixture
def logged_in(client, example_user):
    def login(username: str = "inspector1"):
        client.force_login(example_user(username))
        return client

    return login


@pytest.fixture
def item(inspector, case, now):
    return services.item_register(actor=inspector, target_type=TT, target_id=str(case.pk), kind="METER",
                                  description="单相电能表一只", location="计量箱", now=now)


def test_the_register_page_shows_items_and_their_state(logged_in, case, item, inspector, now):
    services.evidence_file_add(actor=inspector, item=item, data=jpeg(), now=now)
    page = logged_in().get(reverse("evidence:register", args=[TT, case.pk])).content.decode()
    assert "单相电能表一只" in page and "已提取" in page and "客户未确认" in page
    assert reverse("evidence:package_pdf", args=[TT, case.pk]) in page
    assert reverse("evidence:thumbnail", args=[EvidenceFile.objects.get().pk]) in page


@pytest.mark.parametrize("name", ["register", "item_new", "confirm", "package_pdf", "package_zip"])
def test_case_pages_are_404_for_who_does_not_see_the_case(logged_in, case, item, name):
    assert logged_in("handler1").get(reverse(f"evidence:{name}", args=[TT, case.pk])).status_code == 404


@pytest.mark.parametrize("name", ["item", "seal"])
def test_item_pages_are_404_for_who_does_not_see_the_case(logged_in, item, name):
    assert logged_in("discipline1").get(reverse(f"evidence:{name}", args=[item.pk])).status_code == 404


def test_an_approver_sees_the_register_without_forms(logged_in, case, item):
    client = logged_in("enterprise_deputy1")
    page = client.get(reverse("evidence:item", args=[item.pk])).content.decode()
    assert "单相电能表一只" in page and 'id="custody-form"' not in page and 'id="file-form"' not in page
    assert client.get(reverse("evidence:item_new", args=[TT, case.pk])).status_code == 404


def test_add_an_item_with_a_photo_from_the_phone(logged_in, case, example_user):
    client = logged_in()
    page = client.get(reverse("evidence:item_new", args=[TT, case.pk])).content.decode()
    assert 'capture="environment"' in page and 'accept="image/' in page
    response = client.post(reverse("evidence:item_new", args=[TT, case.pk]), {
        "kind": "TOOL", "description": "短接线一根", "location": "计量箱", "latitude": "43.8256", "longitude": "87.6168",
        "collectors": [example_user("inspector2").pk], "photo": _named(jpeg(taken="2026:09:30 09:50:00"), "a.jpg"),
        "captured_at": "2026-09-30T09:51:00+08:00",
    })
    item = EvidenceItem.objects.get()
    assert response.status_code == 302 and response.url == reverse("evidence:item", args=[item.pk])
    f = item.files.get()
    assert f.original_name == "a.jpg" and f.captured_at.isoformat() == "2026-09-30T01:51:00+00:00"
    assert sorted(u.username for u in item.collectors.all()) == ["inspector1", "inspector2"]


def test_a_refused_photo_leaves_no_item_behind(logged_in, case):
    response = logged_in().post(reverse("evidence:item_new", args=[TT, case.pk]), {
        "kind": "TOOL", "description": "短接线一根", "location": "计量箱", "photo": _named(exe(), "photo.jpg")})
    assert response.status_code == 200
    assert "无法识别文件内容" in response.content.decode()
    assert not EvidenceItem.objects.exists() and not CustodyEntry.objects.exists()


def test_add_a_photo_to_an_item(logged_in, item):
    client = logged_in()
    response = client.post(reverse("evidence:file_add", args=[item.pk]), {"file": _named(jpeg(), "b.jpg")})
    assert response.status_code == 303 and item.files.count() == 1
    refused = client.post(reverse("evidence:file_add", args=[item.pk]), {"file": _named(exe(), "c.jpg")})
    assert refused.status_code == 422 and item.files.count() == 1


def test_seal_with_the_customer_signing(logged_in, item):
    client = logged_in()
    empty = client.post(reverse("evidence:seal", args=[item.pk]), {"number": "FT2026-0009", "signer_name": "熊超",
                                                                  "signature": ""})
    assert empty.status_code == 422 and "请客户在签字板上签字" in empty.content.decode() and not Seal.objects.exists()
    response = client.post(reverse("evidence:seal", args=[item.pk]), {
        "number": "FT2026-0009", "signer_name": "熊超", "signature": data_url(signature_png())})
    assert response.status_code == 302 and Seal.objects.get().number == "FT2026-0009"


def test_a_refused_custody_move_keeps_what_was_typed_and_shows_the_clause_in_its_form_s2_6_2(logged_in, item):
    client = logged_in()
    response = client.post(reverse("evidence:custody", args=[item.pk]),
                           {"step": "APPRAISAL_RESULT", "location": "检定所", "result": "电能表内部加装短接线"})
    assert response.status_code == 409
    form = response.content.decode().split('id="custody-form"')[1].split("</form>")[0]
    alert = form.split('role="alert"')[1].split("</div>")[0]
    assert "§2.6(2)" in alert and "鉴定结果只能在送技术鉴定之后登记" in alert
    assert 'value="检定所"' in form and "电能表内部加装短接线</textarea>" in form
    assert CustodyEntry.objects.count() == 1
    moved = client.post(reverse("evidence:custody", args=[item.pk]), {"step": "STORED", "location": "保管室"})
    assert moved.status_code == 303 and CustodyEntry.objects.count() == 2
    page = client.get(reverse("evidence:item", args=[item.pk])).content.decode()
    assert "已入库保管" in page


def test_the_customer_confirms_the_register(logged_in, case, item):
    client = logged_in()
    response = client.post(reverse("evidence:confirm", args=[TT, case.pk]),
                           {"signer_name": "熊超", "signature": data_url(signature_png())})
    assert response.status_code == 302 and RegisterConfirmation.objects.get().item_numbers == [1]
    page = client.get(reverse("evidence:register", args=[TT, case.pk])).content.decode()
    assert "客户已确认" in page


def test_the_package_downloads_from_the_page(logged_in, case, item):
    response = logged_in().get(reverse("evidence:package_pdf", args=[TT, case.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"] == f'attachment; filename="evidence-TC{case.account_number}.pdf"'


def test_the_item_page_shows_both_times_and_flags_a_difference(logged_in, item, inspector, now):
    services.evidence_file_add(actor=inspector, item=item, data=jpeg(taken="2026:09:30 09:35:00"), now=now,
                               captured_at=now - timedelta(minutes=2))
    page = logged_in().get(reverse("evidence:item", args=[item.pk])).content.decode()
    assert "2026-09-30 09:35:00" in page and "2026-09-30 09:58:00" in page
    assert "相差 23 分钟" in page


@pytest.mark.parametrize("name", ["file", "thumbnail"])
def test_files_are_404_for_who_does_not_see_the_case(logged_in, item, inspector, now, name):
    f = services.evidence_file_add(actor=inspector, item=item, data=jpeg(), now=now)
    assert logged_in("inspector1").get(reverse(f"evidence:{name}", args=[f.pk])).status_code == 200
    assert logged_in("handler1").get(reverse(f"evidence:{name}", args=[f.pk])).status_code == 404


@pytest.mark.parametrize("name", ["file_add", "custody"])
def test_get_on_an_action_url_redirects_to_the_item_page(logged_in, item, name):
    response = logged_in().get(reverse(f"evidence:{name}", args=[item.pk]))
    assert response.status_code == 302 and response.url == reverse("evidence:item", args=[item.pk])


def test_an_invalid_upload_keeps_the_item_page_as_the_place_to_come_back_to(logged_in, item):
    refused = logged_in().post(reverse("evidence:file_add", args=[item.pk]), {"file": _named(exe(), "c.jpg")})
    assert refused.status_code == 422
    page = refused.content.decode()
    assert f'name="next" value="{reverse("evidence:item", args=[item.pk])}"' in page
    assert 'role="alert"' in page.split('id="file-form"')[1].split("</form>")[0]


def test_seal_with_the_customer_refusing_before_two_witnesses_s2_6_2(logged_in, item):
    client = logged_in()
    fields = {"number": "FT2026-0010", "customer_refused": "on", "witness_name_1": "李海燕",
              "witness_signature_1": data_url(signature_png()), "witness_name_2": "张伟",
              "witness_signature_2": data_url(signature_png())}
    missing = client.post(reverse("evidence:seal", args=[item.pk]), fields)
    assert missing.status_code == 422 and not Seal.objects.exists()
    photo = io.BytesIO(jpeg())
    photo.name = "refusal.jpg"
    response = client.post(reverse("evidence:seal", args=[item.pk]), {**fields, "photo": photo})
    assert response.status_code == 302
    seal = Seal.objects.get()
    assert (seal.number, seal.customer_refused, seal.customer_signature) == ("FT2026-0010", True, None)
    page = client.get(reverse("evidence:item", args=[item.pk])).content.decode()
    assert "客户拒签，见证人签字并拍照记录" in page
