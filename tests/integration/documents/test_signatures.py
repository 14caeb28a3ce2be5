import base64
import io

import pytest
from PIL import Image, ImageDraw

from utilicase.audit.models import AuditEvent
from utilicase.blobs.storage import blob_read
from utilicase.documents.domain.signatures import SignatureRefused, png_from_data_url
from utilicase.documents.models import Signature
from utilicase.documents.services import SIGNATURE_NAMESPACE, signature_capture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _png(ink: bool) -> bytes:
    image = Image.new("RGBA", (400, 150), (0, 0, 0, 0))
    if ink:
        ImageDraw.Draw(image).line([(20, 100), (120, 30), (220, 110), (380, 40)], fill=(0, 0, 0, 255), width=4)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _capture(user, target, now, png, **kw):
    args = {"purpose": "test.confirm", "signer_role": "CUSTOMER", "signer_name": "熊超"} | kw
    return signature_capture(actor=user, target=target, png=png, now=now, **args)


def test_a_drawn_signature_is_stored_by_hash_and_audited(example_user, org, now):
    png = _png(ink=True)
    signature = _capture(example_user("inspector1"), org["tf-power-city"], now, png)
    assert blob_read(SIGNATURE_NAMESPACE, signature.image_sha256) == png
    assert (signature.target_type, signature.signer_name, signature.signed_at) == ("org.unit", "熊超", now)
    event = AuditEvent.objects.get(action="documents.signature.captured")
    assert event.after["image_sha256"] == signature.image_sha256


def test_an_empty_pad_is_refused(example_user, org, now):
    with pytest.raises(SignatureRefused, match="签名板为空"):
        _capture(example_user("inspector1"), org["tf-power-city"], now, _png(ink=False))
    assert not Signature.objects.exists()


def test_a_jpeg_is_not_a_signature(example_user, org, now):
    out = io.BytesIO()
    Image.new("RGB", (50, 50)).save(out, format="JPEG")
    with pytest.raises(SignatureRefused, match="PNG"):
        _capture(example_user("inspector1"), org["tf-power-city"], now, out.getvalue())


def test_signer_role_and_name_are_required(example_user, org, now):
    with pytest.raises(SignatureRefused) as exc:
        _capture(example_user("inspector1"), org["tf-power-city"], now, _png(True), signer_role="BOSS")
    assert exc.value.field == "signer_role"
    with pytest.raises(SignatureRefused) as exc:
        _capture(example_user("inspector1"), org["tf-power-city"], now, _png(True), signer_name="  ")
    assert exc.value.field == "signer_name"


def test_the_pads_data_url_is_decoded():
    png = _png(True)
    assert png_from_data_url("data:image/png;base64," + base64.b64encode(png).decode()) == png
    with pytest.raises(SignatureRefused, match="未签名"):
        png_from_data_url("")
    with pytest.raises(SignatureRefused, match="签名图像已损坏"):
        png_from_data_url("data:image/png;base64,@@@")
