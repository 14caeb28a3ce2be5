"""The evidence package: a PDF that lists every item with thumbnails, hashes, seals, custody log
and the confirmation, with the CJK font embedded; and a ZIP of the originals whose manifest
hashes are the files' own SHA-256. Building either is audited."""

import hashlib
import io
import json
import re
import subprocess
import zipfile
from datetime import timedelta

import pytest

from tests.integration.evidence.helpers import exif_text, jpeg, signature_png, wav
from utilicase.audit.models import AuditEvent
from utilicase.evidence import selectors, services

pytestmark = pytest.mark.django_db
TT = "customers.customer"


@pytest.fixture
def filled(inspector, case, now):
    """A register with a sealed meter (photo, STORED, appraisal report), a recording, and a
    confirmation that covers both."""
    meter = services.item_register(actor=inspector, target_type=TT, target_id=str(case.pk), kind="METER",
                                   description="单相电能表一只表号3100123456", location="北三路52小区计量箱", now=now)
    photo = services.evidence_file_add(actor=inspector, item=meter, data=jpeg(taken=exif_text(now.replace(tzinfo=None))),
                                       original_name="IMG_1.jpg", now=now)
    services.seal_apply(actor=inspector, item=meter, number="FT2026-7788", signer_name="熊超", png=signature_png(),
                        now=now)
    services.custody_move(actor=inspector, item=meter, step="SENT_FOR_APPRAISAL", location="市计量检定所",
                          seal_state="INTACT", now=now)
    services.custody_move(actor=inspector, item=meter, step="APPRAISAL_RESULT", location="市计量检定所",
                          seal_state="BROKEN", seal_note="鉴定时启封", result="表内加装分流电阻",
                          report=b"%PDF-1.4\n% the appraisal report\n", now=now + timedelta(days=2))
    recording = services.item_register(actor=inspector, target_type=TT, target_id=str(case.pk), kind="RECORDING",
                                       description="现场询问客户录音", location="客户家中", now=now)
    sound = services.evidence_file_add(actor=inspector, item=recording, data=wav(), now=now)
    services.register_confirm(actor=inspector, target_type=TT, target_id=str(case.pk), signer_name="熊超",
                              png=signature_png(), now=now)
    return {"photo": photo, "sound": sound}


def _register(user, case):
    return selectors.register_get(user=user, target_type=TT, target_id=str(case.pk))


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "package.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout


def test_the_pdf_lists_items_hashes_seals_and_custody_s2_6_2(inspector, case, filled, now, tmp_path):
    pdf = services.package_pdf_build(actor=inspector, register=_register(inspector, case), now=now)
    text = _text(pdf, tmp_path)
    assert "单相电能表一只表号3100123456" in text and "现场询问客户录音" in text
    assert filled["photo"].sha256 in text and filled["sound"].sha256 in text
    assert "FT2026-7788" in text
    assert "市计量检定所" in text and "表内加装分流电阻" in text and "鉴定时启封" in text
    assert f"TC{case.account_number}" in text and "熊超" in text
    assert re.search(r"第\s*1\s*页\s*/\s*共\s*2\s*页", text)


def test_the_pdf_embeds_the_cjk_font(inspector, case, filled, now, tmp_path):
    path = tmp_path / "fonts.pdf"
    path.write_bytes(services.package_pdf_build(actor=inspector, register=_register(inspector, case), now=now))
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    cjk = [r for r in rows if "WenQuanYi" in r[0]]
    assert cjk and all(r[-5] == "yes" for r in cjk)  # columns: … emb sub uni object ID


def test_building_the_pdf_is_audited_with_its_hash(inspector, case, filled, now):
    pdf = services.package_pdf_build(actor=inspector, register=_register(inspector, case), now=now)
    event = AuditEvent.objects.get(action="evidence.package.pdf_built")
    assert event.after["sha256"] == hashlib.sha256(pdf).hexdigest()
    assert (event.target_type, event.target_id, event.actor_id) == (TT, str(case.pk), inspector.pk)
    assert event.after["item_numbers"] == [1, 2]


def test_the_zip_holds_the_originals_and_a_manifest_of_their_hashes(inspector, case, filled, now):
    out, sha256, size = services.package_zip_build(actor=inspector, register=_register(inspector, case), now=now)
    data = out.read()
    assert hashlib.sha256(data).hexdigest() == sha256 and len(data) == size
    archive = zipfile.ZipFile(io.BytesIO(data))
    manifest = json.loads(archive.read("manifest.json"))
    assert len(manifest["files"]) == 3
    for entry in manifest["files"]:
        assert hashlib.sha256(archive.read(entry["path"])).hexdigest() == entry["sha256"]
    assert {(e["item_number"], e["role"], e["sha256"]) for e in manifest["files"]} == {
        (1, "PHOTO", filled["photo"].sha256), (2, "RECORDING", filled["sound"].sha256),
        (1, "APPRAISAL_REPORT", hashlib.sha256(b"%PDF-1.4\n% the appraisal report\n").hexdigest())}
    assert sorted(archive.namelist()) == sorted([*(e["path"] for e in manifest["files"]), "manifest.json"])
    assert [(i["number"], i["custody_state"], i["confirmed"]) for i in manifest["items"]] == [
        (1, "APPRAISAL_RESULT", True), (2, "COLLECTED", True)]
    assert manifest["case"]["number"] == f"TC{case.account_number}"
    event = AuditEvent.objects.get(action="evidence.package.zip_built")
    assert event.after["sha256"] == sha256


def test_an_empty_register_still_gives_a_package(inspector, case, now, tmp_path):
    pdf = services.package_pdf_build(actor=inspector, register=_register(inspector, case), now=now)
    assert "客户尚未签字确认证据登记" in _text(pdf, tmp_path)
