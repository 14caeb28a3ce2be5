"""Compliance by clause and the monthly report as PDF: A4, WeasyPrint, the CJK font embedded
(documents.rendering.html_to_pdf)."""

from datetime import datetime

from django.template.loader import render_to_string
from django.utils import translation

from utilicase.compliance import selectors
from utilicase.compliance.registry import Period
from utilicase.documents.rendering import html_to_pdf
from utilicase.org.models import Unit


def _pdf(template: str, context: dict) -> bytes:
    lang = translation.get_language() or "zh-hans"
    return html_to_pdf(render_to_string(template, {**context, "lang": lang}))


def report_pdf(*, unit: Unit, period: Period, rows: list, now: datetime) -> bytes:
    """The table of every clause the reader may see (selectors.compliance_table), and each
    clause's exceptions."""
    return _pdf("compliance/pdf/report.html", {"unit": unit, "period": period, "rows": rows, "now": now,
                                                "monthly": False})


def monthly_pdf(*, user, enterprise: Unit, period: Period, now: datetime, rows: list | None = None) -> bytes:
    """The monthly report of an enterprise: cases per case type, then compliance by clause."""
    if rows is None:
        rows = selectors.compliance_table(user=user, unit=enterprise, period=period, now=now)
    counts = selectors.case_counts(user=user, unit=enterprise, period=period)
    return _pdf("compliance/pdf/report.html", {"unit": enterprise, "period": period, "rows": rows, "now": now,
                                                "counts": counts, "monthly": True})
