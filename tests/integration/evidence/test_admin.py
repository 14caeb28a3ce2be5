"""The admin shows the register read-only: no add, change or delete, for any evidence model."""

import pytest
from django.urls import reverse

from utilicase.evidence import services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["evidenceitem", "evidencefile", "seal", "custodyentry", "registerconfirmation"])
def test_evidence_is_read_only_in_the_admin(client, example_user, inspector, case, now, model):
    item = services.item_register(actor=inspector, target_type="customers.customer", target_id=str(case.pk),
                                  kind="TOOL", description="短接线", location="计量箱", now=now)
    client.force_login(example_user("admin"))
    assert client.get(reverse(f"admin:evidence_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:evidence_{model}_add")).status_code == 403
    if model == "custodyentry":
        entry = item.custody.get()
        change = client.post(reverse("admin:evidence_custodyentry_change", args=[entry.pk]), {"location": "改写"})
        assert change.status_code == 403
        assert client.post(reverse("admin:evidence_custodyentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
        assert item.custody.get().location == "计量箱"
