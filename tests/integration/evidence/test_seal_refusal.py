"""A seal whose customer refuses to confirm it (§2.6(2)): recorded through the API as on the page
(two witnesses who sign, a photo), and printed in the evidence package with the witnesses'
names and whether each signed."""

import hashlib
import io
import json
import subprocess

import pytest

from tests.integration.evidence.helpers import data_url, jpeg, signature_png
from utilicase.audit.models import AuditEvent
from utilicase.evidence import selectors, services
from utilicase.evidence.models import Seal
from utilicase.org.services import token_create

pytestmark = pytest.mark.django_db
BASE = "/api/v1/evidence"
TT = "customers.customer"


@pytest.fixture
def headers(example_user, now):
    _, token = token_create(actor=None, user=example_user("inspector1"), now=now)
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def meter(inspector, case, now):
    return services.item_register(actor=inspector, target_type=TT, target_id=str(case.pk), kind="METER",
                                  description="单相电能表一只表号3100123456", location="计量箱", now=now)


def _photo(data: bytes):
    f = io.BytesIO(data)
    f.name = "refusal.jpg"
    return f


def _post(client, headers, item, *, names=("李海燕", "张伟"), signatures=2, photo=True, number="FT2026-0099"):
    body = {"number": number, "witness_names": list(names),
            "witness_signatures": [data_url(signature_png())] * signatures}
    if photo:
        body["photo"] = _photo(jpeg())
    return client.post(f"{BASE}/items/{item.pk}/seals/refused", body, headers=headers)


def test_the_api_records_the_refusal_with_witnesses_and_photo_s2_6_2(client, headers, meter):
    response = _post(client, headers, meter)
    assert response.status_code == 201, response.content
    [seal] = response.json()["seals"]
    sha = hashlib.sha256(signature_png()).hexdigest()
    assert (seal["number"], seal["customer_refused"], seal["signer_name"]) == ("FT2026-0099", True, "")
    assert seal["witnesses"] == [{"name": "李海燕", "signature_sha256": sha}, {"name": "张伟", "signature_sha256": sha}]
    stored = Seal.objects.get()
    assert seal["refusal_photo_sha256"] == stored.refusal_photo.sha256 != ""
    event = AuditEvent.objects.get(action="evidence.seal.applied_refused")
    assert (event.clause, event.after["witnesses"]) == ("§2.6(2)", ["李海燕", "张伟"])


@pytest.mark.parametrize(("changes", "field"), [
    ({"names": ("李海燕",), "signatures": 1}, "witness_names"),
    ({"signatures": 1}, "witness_signatures"),
    ({"photo": False}, "photo"),
])
def test_the_api_needs_two_signing_witnesses_and_a_photo_422_s2_6_2(client, headers, meter, changes, field):
    response = _post(client, headers, meter, **changes)
    assert response.status_code == 422
    assert field in json.dumps(response.json(), ensure_ascii=False)
    assert not Seal.objects.exists()


def test_an_item_already_sealed_is_409_s2_6_2(client, headers, meter):
    assert _post(client, headers, meter).status_code == 201
    again = _post(client, headers, meter, number="FT2026-0100")
    assert (again.status_code, again.json()["clause"]) == (409, "§2.6(2)")


def test_the_package_prints_the_witnesses_and_that_they_signed_s2_6_2(client, headers, meter, inspector, case,
                                                                      now, tmp_path):
    assert _post(client, headers, meter).status_code == 201
    register = selectors.register_get(user=inspector, target_type=TT, target_id=str(case.pk))
    pdf = services.package_pdf_build(actor=inspector, register=register, now=now)
    path = tmp_path / "package.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout
    flat = " ".join(text.split())
    assert "客户拒签" in flat
    assert "见证人 李海燕 已签字" in flat and "见证人 张伟 已签字" in flat
    assert Seal.objects.get().refusal_photo.sha256 in flat
