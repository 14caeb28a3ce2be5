"""A small case type of the tests' own, backed by customers.Customer (no case model is made):
documents attach to it like to any case, and it declares every document type (who may write
each is still the rule). A customer is visible to whoever sees its office."""

import io

import pytest
from PIL import Image, ImageDraw

from tests.integration.customers.factories import CustomerFactory
from utilicase.core import cases
from utilicase.core.cases import CaseDocument, CaseInfo
from utilicase.customers.models import Customer
from utilicase.customers.permissions import can_view_customer
from utilicase.documents.domain.catalogue import CATALOGUE

TARGET_TYPE = "customers.customer"
EVERY_TYPE = {code: CaseDocument() for code in CATALOGUE}

RESULT_NOTICE = {
    "inspection_date": "2026-09-29",
    "findings": "配电室未设置挡鼠板，电缆沟盖板缺失。",
    "rules_broken": "违反《电力设施保护条例》及安全用电规定。",
    "rectification": "加装挡鼠板，补齐电缆沟盖板。",
    "rectification_date": "2026-10-20",
}


def _load(user, target_id: str):
    if not str(target_id).isdigit():
        return None
    customer = Customer.objects.select_related("enterprise", "office").filter(pk=int(target_id)).first()
    if customer is None or not can_view_customer(user, customer):
        return None
    return customer


def case_info(customer: Customer) -> CaseInfo:
    return CaseInfo(
        target_type=TARGET_TYPE, target_id=str(customer.pk), number=f"TEST-{customer.account_number}",
        title=f"测试案件 {customer.name}", utility=customer.enterprise.utility, issuer_code=customer.enterprise.code,
        issuer_short_name=customer.enterprise.short_name, customer_name=customer.name,
        customer_account=customer.account_number, customer_address=customer.address,
    )


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SITE_URL = "https://utilicase.example.cn"
    return tmp_path


@pytest.fixture
def case_type(monkeypatch):
    monkeypatch.setattr(cases, "CASE_TYPES", dict(cases.CASE_TYPES))
    cases.register_case_type(TARGET_TYPE, load=_load, info=case_info, documents=EVERY_TYPE)


@pytest.fixture
def customer(org, case_type) -> Customer:
    return CustomerFactory(office=org["tf-power-city"], account_number="1010000001", name="熊超",
                           address="石河子市北三路12小区3栋2单元401")


@pytest.fixture
def heat_customer(org, case_type) -> Customer:
    return CustomerFactory(office=org["tf-heat-east"], account_number="2020000001", name="新疆天山纺织有限公司",
                           address="石河子市东环路88号")


@pytest.fixture
def info(customer) -> CaseInfo:
    return case_info(customer)


def ink_png(seed: int = 0) -> bytes:
    image = Image.new("RGBA", (400, 150), (0, 0, 0, 0))
    ImageDraw.Draw(image).line([(20, 100), (120, 30 + seed), (220, 110), (380, 40)], fill=(0, 0, 0, 255), width=4)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 140, 160)).save(out, format="JPEG")
    return out.getvalue()
