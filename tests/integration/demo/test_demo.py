import re

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from utilicase.audit.selectors import chain_verify
from utilicase.complaints.models import Complaint
from utilicase.customers.models import Customer, MonthlyAveragePrice
from utilicase.demo.data import DEMO_PASSWORD, STAFF
from utilicase.documents.models import Document
from utilicase.evidence.models import EvidenceItem
from utilicase.org.models import Certificate, Role, Unit, UnitKind, User
from utilicase.whistleblowing.models import Report

pytestmark = pytest.mark.django_db


def test_demo_loads_company_staff_customers_and_prices(capsys):
    call_command("demo", "--no-migrate", "--customers", "60")
    out, err = capsys.readouterr()
    assert "demo data loaded" in out
    assert DEMO_PASSWORD in err and "WARNING" in err
    enterprises = Unit.objects.filter(kind=UnitKind.ENTERPRISE)
    assert sorted(enterprises.values_list("utility", flat=True)) == ["GAS", "HEAT", "POWER"]
    for enterprise in enterprises:
        assert Unit.objects.filter(parent=enterprise, kind=UnitKind.OFFICE).count() == 2
        assert MonthlyAveragePrice.objects.filter(enterprise=enterprise).count() == 24
    assert Unit.objects.filter(kind=UnitKind.HALL).exists()
    assert Unit.objects.filter(kind=UnitKind.DISCIPLINE).exists()
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert Customer.objects.count() == 60
    # seven demo complaints, and the one taken for the demo report that is not a report (§6.7(i-ii))
    assert Complaint.objects.count() == 8 and Report.objects.count() >= 6
    assert Document.objects.filter(doc_type="complaint_form", status="SERVED").count() == 1
    assert EvidenceItem.objects.count() == 2
    assert Certificate.objects.filter(holder__username="inspector1").count() == 2
    assert chain_verify()[1] is None


@pytest.mark.parametrize("username", [s[0] for s in STAFF])
def test_every_demo_user_signs_in_with_the_demo_password(org, username):
    assert authenticate(username=username, password=DEMO_PASSWORD) is not None


def test_demo_twice_changes_nothing(capsys):
    call_command("demo", "--no-migrate", "--customers", "20")
    call_command("demo", "--no-migrate", "--customers", "20")
    out = capsys.readouterr().out
    assert "already loaded" in out
    # the portal's demo customer (the one with the demo complaint) depends on --customers: named each time
    named = re.findall(r"customer portal /portal/: 天富供电公司, account (\d+), phone (\S+) ", out)
    assert len(named) == 2 and named[0] == named[1]
    customer = Customer.objects.get(enterprise__code="tf-power", account_number=named[0][0])
    assert customer.contact_phone == named[0][1] and Complaint.objects.filter(customer=customer).exists()
    assert Customer.objects.count() == 20
    assert Unit.objects.filter(code="tianfu").count() == 1


def test_demo_writes_a_random_secret_key_into_env_once(env_file, capsys):
    env_file.write_text("DJANGO_DEBUG=1")
    call_command("demo", "--no-migrate", "--customers", "1")
    lines = env_file.read_text().splitlines()
    assert lines[0] == "DJANGO_DEBUG=1" and lines[1].startswith("DJANGO_SECRET_KEY=")
    assert len(lines[1].removeprefix("DJANGO_SECRET_KEY=")) >= 50
    call_command("demo", "--no-migrate", "--customers", "1")
    assert env_file.read_text().splitlines() == lines
