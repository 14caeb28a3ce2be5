"""The customer's confirmation of the register (§2.6(2): "register it in detail and have the
customer sign"): it covers the items registered when it was signed; later items, and items
given more photos or seals later, show as not (yet) confirmed."""

import pytest

from tests.integration.evidence.helpers import jpeg, signature_png
from utilicase.audit.models import AuditEvent
from utilicase.core.rules import RuleViolation
from utilicase.documents.models import Signature
from utilicase.evidence import selectors, services
from utilicase.evidence.models import RegisterConfirmation

pytestmark = pytest.mark.django_db
TT = "customers.customer"


def _item(actor, case, now, description):
    return services.item_register(actor=actor, target_type=TT, target_id=str(case.pk), kind="TOOL",
                                  description=description, location="计量箱", now=now)


def _confirm(actor, case, now, signer="熊超"):
    return services.register_confirm(actor=actor, target_type=TT, target_id=str(case.pk), signer_name=signer,
                                     png=signature_png(), now=now)


def _register(user, case):
    return selectors.register_get(user=user, target_type=TT, target_id=str(case.pk))


def test_the_confirmation_covers_the_items_registered_then_s2_6_2(inspector, case, now):
    _item(inspector, case, now, "短接线一根")
    _item(inspector, case, now, "磁铁一块")
    confirmation = _confirm(inspector, case, now)
    assert confirmation.item_numbers == [1, 2]
    assert [s["description"] for s in confirmation.snapshot] == ["短接线一根", "磁铁一块"]
    signature = Signature.objects.get(purpose="evidence.register.confirm")
    assert confirmation.signature == signature and signature.target_id == str(confirmation.pk)
    assert AuditEvent.objects.get(action="evidence.register.confirmed").after["item_numbers"] == [1, 2]
    _item(inspector, case, now, "遥控器一个")
    register = _register(inspector, case)
    assert [(i.number, i.confirmation is not None) for i in register.items] == [(1, True), (2, True), (3, False)]
    assert [i.number for i in register.unconfirmed] == [3]


def test_a_later_signature_covers_the_later_items_s2_6_2(inspector, case, now):
    _item(inspector, case, now, "短接线一根")
    _confirm(inspector, case, now)
    _item(inspector, case, now, "磁铁一块")
    assert _confirm(inspector, case, now, signer="熊超").item_numbers == [1, 2]
    assert _register(inspector, case).unconfirmed == []


def test_a_photo_added_after_the_signature_is_shown_as_unconfirmed_s2_6_2(inspector, case, now):
    item = _item(inspector, case, now, "短接线一根")
    _confirm(inspector, case, now)
    services.evidence_file_add(actor=inspector, item=item, data=jpeg(), now=now)
    register = _register(inspector, case)
    assert register.items[0].changed_since_confirmed is True
    assert [f.confirmed for f in register.items[0].files.all()] == [False]
    assert [i.number for i in register.changed_since_confirmed] == [1]


def test_an_empty_register_is_not_confirmed_s2_6_2(inspector, case, now):
    with pytest.raises(RuleViolation) as exc:
        _confirm(inspector, case, now)
    assert exc.value.clause == "§2.6(2)" and not RegisterConfirmation.objects.exists()


def test_an_unchanged_register_is_not_confirmed_twice_s2_6_2(inspector, case, now):
    _item(inspector, case, now, "短接线一根")
    _confirm(inspector, case, now)
    with pytest.raises(RuleViolation) as exc:
        _confirm(inspector, case, now)
    assert exc.value.clause == "§2.6(2)" and RegisterConfirmation.objects.count() == 1


def test_a_confirmation_without_a_signature_stores_nothing(inspector, case, now):
    _item(inspector, case, now, "短接线一根")
    with pytest.raises(services.EvidenceInvalid) as exc:
        services.register_confirm(actor=inspector, target_type=TT, target_id=str(case.pk), signer_name="熊超",
                                  png=jpeg(), now=now)
    assert exc.value.field == "signature"
    assert not RegisterConfirmation.objects.exists() and not Signature.objects.exists()


def test_only_who_sees_the_case_takes_the_confirmation(example_user, inspector, case, now):
    _item(inspector, case, now, "短接线一根")
    with pytest.raises(services.CaseNotVisible):
        _confirm(example_user("handler1"), case, now)


def test_a_signer_name_longer_than_50_is_refused(inspector, case, now):
    _item(inspector, case, now, "短接线一根")
    with pytest.raises(services.EvidenceInvalid) as exc:
        _confirm(inspector, case, now, signer="熊" * 51)
    assert exc.value.field == "signer_name" and not RegisterConfirmation.objects.exists()
