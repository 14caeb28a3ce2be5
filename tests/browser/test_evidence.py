"""On a phone: an inspector registers an item with a photo from the camera input, seals it with
the customer signing on the pad, moves it into storage with the seal found intact, and downloads
the evidence package (§2.6(2))."""

import re
import subprocess

import pytest

from tests.integration.evidence.helpers import TARGET_TYPE, TEST_CASE_TYPE, jpeg, make_customer
from utilicase.core import cases
from utilicase.demo.data import DEMO_PASSWORD
from utilicase.evidence.models import CustodyEntry, Seal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def case(org, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setitem(cases.CASE_TYPES, TARGET_TYPE, TEST_CASE_TYPE)
    return make_customer(org)


def _login(page, username: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#login-submit")
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))


def _sign(page, canvas: str) -> None:
    page.wait_for_selector(f"{canvas}[data-ready]")  # the pad's deferred script has bound it
    box = page.locator(canvas).bounding_box()
    x, y = box["x"], box["y"]
    page.mouse.move(x + 20, y + box["height"] * 0.7)
    page.mouse.down()
    for i in range(1, 12):
        page.mouse.move(x + 20 + i * (box["width"] - 40) / 11, y + box["height"] * (0.3 if i % 2 else 0.7), steps=3)
    page.mouse.up()


def test_register_seal_store_and_download_the_package_s2_6_2(page, case, tmp_path):
    _login(page, "inspector1")
    page.goto(f"/evidence/case/{TARGET_TYPE}/{case.pk}/")
    assert "尚未登记证据" in page.content()
    page.click("#item-new")
    page.select_option("#id_kind", "METER")
    page.fill("#id_description", "单相电能表一只，表号3100123456")
    page.fill("#id_location", "北三路52小区3栋计量箱")
    assert page.locator("#id_photo").get_attribute("capture") == "environment"
    page.set_input_files("#id_photo", files=[{"name": "IMG_0001.jpg", "mimeType": "image/jpeg",
                                              "buffer": jpeg(taken="2026:09:30 09:50:00")}])
    assert page.locator("#id_captured_at").input_value() != ""  # the page took the file's own time
    page.click("#item-save")
    page.wait_for_url(re.compile(r"/evidence/items/\d+/$"))
    assert "已登记证据 1" in page.content()
    assert page.locator("#files img").count() == 1

    page.click("#seal-new")
    page.fill("#id_number", "FT2026-0815")
    page.fill("#id_signer_name", "熊超")
    _sign(page, "#pad-signature")
    assert page.locator("#input-signature").input_value().startswith("data:image/png;base64,")
    page.click("#seal-save")
    page.wait_for_url(re.compile(r"/evidence/items/\d+/$"))
    assert "FT2026-0815" in page.locator("#seals").inner_text()
    assert Seal.objects.get().customer_signature.signer_name == "熊超"

    page.select_option("#id_step", "STORED")
    page.fill("#id_location", "城区供电营业所证据保管室")
    page.get_by_label("封条完好").check()
    page.click("#custody-save")
    page.wait_for_selector("text=已登记保管流转")
    assert "已入库保管" in page.locator("h1").inner_text()
    entry = CustodyEntry.objects.get(seq=2)
    assert (entry.step, entry.seal.number, entry.seal_state) == ("STORED", "FT2026-0815", "INTACT")

    page.goto(f"/evidence/case/{TARGET_TYPE}/{case.pk}/")
    with page.expect_download() as download:
        page.click("#package-pdf")
    path = tmp_path / "package.pdf"
    download.value.save_as(path)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    assert "FT2026-0815" in text and "单相电能表一只" in text and "城区供电营业所证据保管室" in text
