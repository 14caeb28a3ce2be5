"""The addresses the permission matrix asks at: each named URL with sample arguments (the pages of
the English page list, plus the actions, files and PDFs it leaves out), and each operation of the
API with its path filled in from the same sample records."""

import re

from django.urls import reverse

from tests.integration.web.test_english import _pages


def _first(model, **filters):
    return model.objects.filter(**filters).order_by("pk").first()


def _pk(model, **filters) -> int:
    """The first record's key, or one no record has (the answer is then the missing record's)."""
    found = _first(model, **filters)
    return found.pk if found else 999999


def page_urls(s) -> dict[str, str]:
    """One address per URL name: the first sample page of the English list, and for the actions
    and files an address on the sample's records."""
    from utilicase.billing.models import ExportBatch, Payment, Receivable
    from utilicase.documents.models import DocumentCopy, ServiceProof, Signature
    from utilicase.evidence.models import CustodyEntry, EvidenceFile
    from utilicase.notifications.models import Notification
    from utilicase.org.models import DisciplineGrant

    urls = {name: found[0] for name, found in _pages(s).items()}
    case_type, case_id = s["case"]
    complaint, document, item, report = s["done"], s["issued"], s["item"], s["report"]
    signature = _first(Signature)
    proof = _first(ServiceProof)
    payment = _first(Payment)
    grant = _first(DisciplineGrant)
    notice = _first(Notification)
    evidence_file = _first(EvidenceFile)
    urls |= {
        "logout": reverse("logout"),
        "complaints:act": reverse("complaints:act", args=[s["open"].pk, "form_complete"]),
        "complaints:detail": reverse("complaints:detail", args=[complaint.pk]),
        "documents:issue": reverse("documents:issue", args=[s["draft"].pk]),
        "documents:discard": reverse("documents:discard", args=[s["draft"].pk]),
        "documents:correct": reverse("documents:correct", args=[document.pk]),
        "documents:pdf": reverse("documents:pdf", args=[document.pk, document.copies.order_by("pk").first().kind]),
        "documents:signature": reverse("documents:signature", args=[document.pk, signature.pk if signature else 1]),
        "documents:proof": reverse("documents:proof", args=[document.pk, proof.pk if proof else 1]),
        "evidence:package_pdf": reverse("evidence:package_pdf", args=[case_type, case_id]),
        "evidence:package_zip": reverse("evidence:package_zip", args=[case_type, case_id]),
        "evidence:file": reverse("evidence:file", args=[evidence_file.pk]),
        "evidence:thumbnail": reverse("evidence:thumbnail", args=[evidence_file.pk]),
        "evidence:report": reverse("evidence:report", args=[_first(CustodyEntry, item=item).pk]),
        "evidence:file_add": reverse("evidence:file_add", args=[item.pk]),
        "evidence:custody": reverse("evidence:custody", args=[item.pk]),
        "whistleblowing:confirm": reverse("whistleblowing:confirm", args=[s["fresh"].number]),
        "whistleblowing:not_a_report": reverse("whistleblowing:not_a_report", args=[s["fresh"].number]),
        "whistleblowing:investigate": reverse("whistleblowing:investigate", args=[report.number]),
        "whistleblowing:note": reverse("whistleblowing:note", args=[report.number]),
        "whistleblowing:attach": reverse("whistleblowing:attach", args=[s["fresh"].number]),
        "whistleblowing:attachment": reverse("whistleblowing:attachment", args=[report.number, 1]),
        "whistleblowing:claim_secret_reset": reverse("whistleblowing:claim_secret_reset", args=[report.number]),
        "org:grant_action": reverse("org:grant_action", args=[grant.pk if grant else 1, "confirm"]),
        "enforcement:act": reverse("enforcement:act", args=[s["enforcement"]["residential"].pk, "serve_notice"]),
        "billing:pay": reverse("billing:pay", args=[_first(Receivable).pk]),
        "billing:reverse": reverse("billing:reverse", args=[payment.pk]),
        "billing:export_new": reverse("billing:export_new"),
        "billing:export_download": reverse("billing:export_download", args=[_pk(ExportBatch), "csv"]),
        "inspections:act": reverse("inspections:act", args=[s["submitted"].pk, "approve"]),
        "inspections:finding_act": reverse("inspections:finding_act", args=[s["order"].pk, 1, "reinspect"]),
        "inspections:plan_entry_add": reverse("inspections:plan_entry_add", args=[s["plan"].pk]),
        "inspections:plan_generate": reverse("inspections:plan_generate", args=[s["plan"].pk]),
        "accidents:act": reverse("accidents:act", args=[s["accident"].pk, "entry"]),
        "fieldwork:act": reverse("fieldwork:act", args=[s["field_new"].pk, "cancel"]),
        "fieldwork:rating_link": reverse("fieldwork:rating_link", args=[s["field_done"].pk]),
        "compliance:report_pdf": reverse("compliance:report_pdf") + "?first=2026-09-01&last=2026-09-30",
        "compliance:monthly": reverse("compliance:monthly", args=["tf-power", "2026-09"]),
        "portal:sign_out": reverse("portal:sign_out"),
        # another customer's notice (the sample's theft case): the customer is answered 404
        "portal:notice_pdf": reverse("portal:notice_pdf", args=[
            _first(DocumentCopy, kind="CUSTOMER").document_id]),
        "notifications:read": reverse("notifications:read", args=[notice.pk if notice else 1]),
        "notifications:read_all": reverse("notifications:read_all"),
        "notifications:preferences": reverse("notifications:preferences"),
    }
    assert complaint.customer_id == s["customer"].pk
    return urls


def api_paths(s, operations: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Each operation's path with its parameters filled in from the sample (and the query a list
    of a case needs)."""
    from utilicase.billing.models import ExportBatch, Payment, Receivable
    from utilicase.evidence.models import CustodyEntry, EvidenceFile

    case_type, case_id = s["case"]
    enforcement = s["enforcement"]["theft"]
    application = enforcement.applications.order_by("pk").first()
    suspension = enforcement.suspensions.order_by("pk").first()
    referral = enforcement.referrals.order_by("pk").first()
    evidence_file = _first(EvidenceFile)
    values = {
        "complaint_id": s["done"].pk, "address": s["report"].number, "attachment_id": 1,
        "document_id": s["issued"].pk, "item_id": s["item"].pk, "file_id": evidence_file.pk,
        "entry_id": _first(CustodyEntry, item=s["item"]).pk, "plan_id": s["plan"].pk, "order_id": s["order"].pk,
        "rectification_id": s["order"].rectifications.order_by("pk").first().pk,
        "application_id": application.pk if application else 1, "suspension_id": suspension.pk if suspension else 1,
        "referral_id": referral.pk if referral else 1, "customer_id": s["customer"].pk, "year": 2026,
        "receivable_id": _first(Receivable).pk, "payment_id": _first(Payment).pk, "batch_id": _pk(ExportBatch),
        "token": s["field_token"], "notification_id": 1, "damage_id": 1,
    }
    query = {
        "customers_api_list_prices": f"?enterprise={s['customer'].enterprise.code}",
        "calendar_api_due": "?start=2026-09-30T10:00:00%2B08:00&working_days=5",
        "evidence_api_list_items": f"?target_type={case_type}&target_id={case_id}",
        "evidence_api_list_confirmations": f"?target_type={case_type}&target_id={case_id}",
        "evidence_api_package_pdf": f"?target_type={case_type}&target_id={case_id}",
        "evidence_api_package_zip": f"?target_type={case_type}&target_id={case_id}",
        "documents_api_list_documents": f"?target_type={case_type}&target_id={case_id}",
        "documents_api_draftable": f"?target_type={case_type}&target_id={case_id}",
        "billing_api_case_receivables": f"?target_type={case_type}&target_id={case_id}",
    }
    paths = {}
    for op, (_method, path) in operations.items():
        for key in ("order_id", "case_id"):
            if "{" + key + "}" in path:
                if op.startswith("enforcement_"):
                    values[key] = enforcement.pk
                elif op.startswith("accidents_"):
                    values[key] = s["accident"].pk
                elif op.startswith("fieldwork_"):
                    values[key] = s["field_done"].pk
                elif op.startswith("inspections_"):
                    values[key] = s["order"].pk
        paths[op] = re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), path) + query.get(op, "")
    return paths
