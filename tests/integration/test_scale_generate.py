"""benchmarks/scale_generate.py at a tiny scale on the test database: the rows it promises, a
valid audit chain, and its open items on the work lists of the people who own them (so the
generator keeps up with the models)."""

import importlib.util
from pathlib import Path

import pytest
from django.utils import timezone

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture(scope="module")
def scale_generate():
    spec = importlib.util.spec_from_file_location("scale_generate", BENCHMARKS / "scale_generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_scale_generate_writes_valid_rows_that_work_lists_show(db, client, scale_generate):
    from utilicase.audit.models import AuditEvent
    from utilicase.audit.selectors import chain_verify
    from utilicase.calendar.models import Deadline
    from utilicase.complaints.models import Complaint
    from utilicase.customers.models import Customer, ServicePoint
    from utilicase.enforcement.models import EnforcementCase
    from utilicase.inspections.models import InspectionOrder, OrderInspector, Rectification
    from utilicase.org.models import User

    now = timezone.now()
    result = scale_generate.generate(scale=0.0002, now=now, report=lambda _: None)

    assert Customer.objects.count() == ServicePoint.objects.count() == 200
    assert Complaint.objects.count() == 200
    assert Complaint.objects.exclude(status="CLOSED").count() == 20  # 10% open
    assert Deadline.objects.filter(target_type="complaints.complaint").count() == 400
    assert InspectionOrder.objects.count() == 40
    assert InspectionOrder.objects.exclude(status="CLOSED").count() == 4
    assert OrderInspector.objects.count() == 80
    assert EnforcementCase.objects.count() == 10
    assert EnforcementCase.objects.exclude(status="CLOSED").count() == 1
    assert EnforcementCase.objects.filter(total__gt=0).count() == 10  # every case has its fees
    # received + closed per complaint, created (+ approved) per order, opened + fees per case
    assert AuditEvent.objects.filter(target_type="complaints.complaint").count() == 200 + 180
    assert AuditEvent.objects.filter(target_type="enforcement.enforcementcase").count() == 20
    assert result["counts"]["open rectifications"] == Rectification.objects.filter(status="OPEN").count()
    count, problem = chain_verify()
    assert problem is None and count == AuditEvent.objects.count()

    # An open complaint is on its owner's work list, soonest due first.
    mine = Complaint.objects.exclude(status="CLOSED").exclude(current_owner=None).order_by("next_due_at").first()
    client.force_login(User.objects.get(pk=mine.current_owner_id))
    page = client.get("/complaints/").content.decode()
    assert mine.number in page
    # An open inspection order still to do is on its inspector's list of today.
    order = (InspectionOrder.objects.filter(status__in=["APPROVED", "APPOINTED", "PREPARED", "ARRIVED", "INSPECTING"],
                                            planned_date__lte=timezone.localdate(now)).first())
    if order is not None:
        client.force_login(order.assignments.first().inspector)
        assert order.number in client.get("/inspections/?list=today").content.decode()
    # The open enforcement case is on its inspector's list of open cases.
    case = EnforcementCase.objects.exclude(status="CLOSED").get()
    client.force_login(case.inspectors.get())
    assert case.number in client.get("/enforcement/?list=mine").content.decode()
