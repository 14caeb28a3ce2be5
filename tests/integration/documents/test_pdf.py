"""The PDF as issued: A4, CJK font embedded, the Chinese text readable back (pdftotext), the
number and the copy mark on every page, page numbers, signatures placed, the QR code of the
verification address."""

import re
import subprocess

import pytest
import segno

from tests.integration.documents.conftest import RESULT_NOTICE, ink_png
from utilicase.blobs.storage import blob_read
from utilicase.documents import services
from utilicase.documents.rendering import document_html, verify_url

pytestmark = pytest.mark.django_db


def stored_pdf(tmp_path, sha256: str):
    """A stored PDF copied out of the storage (read with its hash check) for poppler's tools."""
    path = tmp_path / f"{sha256}.pdf"
    path.write_bytes(blob_read(services.DOCUMENT_NAMESPACE, sha256))
    return path


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout


@pytest.fixture
def issued(example_user, info, now):
    user = example_user("inspector1")
    long = {**RESULT_NOTICE, "findings": "\n".join(f"第{i}项：配电室未设置挡鼠板，电缆沟盖板缺失，接地电阻超标。" for i in range(1, 60))}
    document = services.document_create(actor=user, case=info, doc_type_code="result_notice", content=long, now=now)
    services.document_sign(actor=user, document=document, signer_role="INSPECTOR", signer_name="王建国",
                           png=ink_png(), now=now)
    return services.document_issue(actor=user, document=document, now=now)


def test_the_chinese_title_number_and_customer_come_back_out_of_the_pdf_s2_5_2(issued, tmp_path):
    kept = issued.copies.get(kind="KEPT")
    text = pdf_text(stored_pdf(tmp_path, kept.pdf_sha256))
    assert "检查结果通知单" in text
    assert "熊超" in text and "石河子市北三路12小区3栋2单元401" in text
    assert "第59项：配电室未设置挡鼠板" in text
    pages = text.split("\f")[:-1]
    assert len(pages) >= 2
    for n, page in enumerate(pages, start=1):
        assert "天富电检〔2026〕第000001号" in page  # the number on every page
        assert "存根联" in page  # the copy mark on every page
        assert re.search(rf"第\s*{n}\s*页\s*共\s*{len(pages)}\s*页", page)
    assert "王建国" in text  # the inspector's signature block


def test_the_customers_copy_is_marked_as_such(issued, tmp_path):
    customer = issued.copies.get(kind="CUSTOMER")
    text = pdf_text(stored_pdf(tmp_path, customer.pdf_sha256))
    assert "客户联" in text and "存根联" not in text


def test_the_cjk_font_is_embedded_and_the_page_is_a4(issued, tmp_path):
    path = stored_pdf(tmp_path, issued.copies.first().pdf_sha256)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    assert rows and all("WenQuanYi" in row[0] for row in rows)
    assert all(row[-5] == "yes" for row in rows)  # emb
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    assert "595.276 x 841.89 pts (A4)" in info


def test_the_signature_image_is_placed_in_the_pdf(issued, tmp_path):
    path = stored_pdf(tmp_path, issued.copies.first().pdf_sha256)
    images = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, check=True, text=True).stdout
    assert len(images.splitlines()) >= 3  # header lines + the signature PNG


def test_the_qr_code_encodes_the_verification_url_of_this_version(issued, tmp_path):
    url = verify_url(issued.verify_token)
    assert url == f"https://utilicase.example.cn/documents/verify/{issued.verify_token}/"
    assert len(issued.verify_token) >= 32
    html = document_html(issued, copy="KEPT")
    expected = segno.make(url, error="m").svg_data_uri(scale=4, border=2)
    assert f'src="{expected}"' in html
    text = pdf_text(stored_pdf(tmp_path, issued.copies.first().pdf_sha256))
    assert url in text.replace("\n", "")


def test_the_stored_pdf_never_changes_hash(issued, example_user, now):
    before = {c.kind: c.pdf_sha256 for c in issued.copies.all()}
    services.document_correct(actor=example_user("inspector1"), document=issued, reason="x", now=now)
    issued.refresh_from_db()
    assert {c.kind: c.pdf_sha256 for c in issued.copies.all()} == before
    assert blob_read(services.DOCUMENT_NAMESPACE, before["KEPT"]).startswith(b"%PDF-")


def test_a_draft_preview_is_marked_and_has_no_number_or_qr(example_user, info, now):
    document = services.document_create(actor=example_user("inspector1"), case=info, doc_type_code="result_notice",
                                        content=RESULT_NOTICE, now=now)
    html = document_html(document, copy="KEPT")
    assert "草稿" in html and "（签发时编号）" in html and "data:image/svg+xml" not in html


def test_the_english_rendering_uses_the_english_title_and_labels(issued):
    html = document_html(issued, copy="CUSTOMER", lang="en")
    assert "Inspection result notice" in html and "Rectify by" in html and "Customer&#x27;s copy" in html


def test_the_accident_report_prints_the_four_dont_let_go_s2_7_4(example_user, info, now, tmp_path):
    user = example_user("inspector1")
    document = services.document_create(actor=user, case=info, doc_type_code="accident_report", now=now, content={
        "accident_at": "2026-09-28 16:20", "description": "客户10kV进线柜短路跳闸。", "cause_found": "电缆头受潮击穿。",
        "responsible_dealt_with": "客户电工已受处分。", "people_educated": "全体电工已培训。",
        "measures_taken": "更换电缆头并加装除湿装置。"})
    document = services.document_issue(actor=user, document=document, now=now)
    text = pdf_text(stored_pdf(tmp_path, document.copies.get(kind="KEPT").pdf_sha256))
    assert "事故调查报告" in text and "四不放过" in text
    for line in ("事故原因已查清", "责任人员已处理", "有关人员已受到教育", "防范措施已落实"):
        assert line in text


def test_html_and_script_typed_into_a_document_print_as_the_typed_characters(example_user, info, now, tmp_path):
    """Escaped, not interpreted: a template marking a field safe would print "加粗" without its
    tags and drop the script."""
    typed = '<b>加粗</b><script>alert(1)</script>"><img src=x onerror=alert(1)>'
    user = example_user("inspector1")
    document = services.document_create(actor=user, case=info, doc_type_code="result_notice", now=now,
                                        content={**RESULT_NOTICE, "findings": f"第1项：{typed}"})
    document = services.document_issue(actor=user, document=document, now=now)
    text = pdf_text(stored_pdf(tmp_path, document.copies.get(kind="KEPT").pdf_sha256))
    flat = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", typed) in flat
