"""Dashboards per unit and period (issue 12): each figure links to the cases behind it; every
table exports as .xlsx or CSV (`?export=`)."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from utilicase.dashboards import selectors
from utilicase.dashboards.domain import charts
from utilicase.dashboards.domain import figures as fig
from utilicase.dashboards.domain import period as periods
from utilicase.dashboards.forms import PeriodForm
from utilicase.web.exports import Column, export_format, table_response
from utilicase.web.paging import CappedPaginator
from utilicase.web.targets import describe_targets, target_url

PAGE_SIZE = 50


def _choice(request):
    """(form, unit, period) of the request; 404 for a unit out of the user's scope."""
    now = timezone.now()
    form = PeriodForm(request.GET or None)
    valid = form.is_valid()
    chosen = form.cleaned_data.get("chosen") if valid else None
    period = chosen or periods.month(timezone.localtime(now).date())
    unit_id = form.cleaned_data.get("unit") if valid else None
    unit = selectors.unit_in_scope(request.user, unit_id)
    if unit is None:
        raise Http404("no such unit")
    return form, unit, period, now


def _query(unit, period, **more) -> str:
    return urlencode({"unit": unit.pk, "from": period.first.isoformat(), "to": period.last.isoformat(), **more})


@login_required
def index(request):
    sections = selectors.sections_for(request.user)
    if not sections:
        raise PermissionDenied
    query = request.META.get("QUERY_STRING", "")
    url = reverse("dashboards:section", args=[sections[0].key])
    return redirect(f"{url}?{query}" if query else url)


@login_required
def section(request, section):
    found = selectors.section_get(request.user, section)
    if found is None:
        if not selectors.sections_for(request.user):
            raise PermissionDenied
        raise Http404("no such dashboard")
    form, unit, period, now = _choice(request)
    base = reverse("dashboards:section", args=[found.key])
    panels = []
    table = []  # (panel title, figure, value, clause) for the export
    for panel in selectors.panels_for(request.user, found):
        figures = selectors.panel_figures(panel, user=request.user, unit=unit, period=period, now=now)
        panels.append(_shown(found.key, figures, unit, period, table))
    if fmt := export_format(request):
        columns = (Column(_("板块"), lambda r: r[0]), Column(_("指标"), lambda r: r[1]),
                   Column(_("数值"), lambda r: r[2]), Column(_("条款"), lambda r: r[3]))
        return table_response(fmt=fmt, name=f"dashboard-{found.key}", title=found.title, columns=columns, rows=table)
    return render(request, "dashboards/section.html", {
        "section": found, "sections": selectors.sections_for(request.user), "panels": panels, "form": form,
        "units": selectors.pickable_units(request.user), "unit": unit, "period": period,
        "export_query": _query(unit, period), "base": base,
    })


def _drill(section_key: str, key: str, unit, period, **more) -> str:
    return reverse("dashboards:figure", args=[section_key, key]) + "?" + _query(unit, period, **more)


def _shown(section_key, figures, unit, period, table) -> dict:
    """A panel as the page shows it: figures and rates with their links, sums, and a bar chart
    per breakdown; the rows of the export are appended to `table`."""
    panel = figures.panel
    title = str(panel.title)
    labels = {f.key: f for f in panel.figures}
    counts = []
    for f in panel.figures:
        value = figures.counts[f.key]
        counts.append({"label": f.label, "value": value, "clause": f.clause, "href": _drill(section_key, f.key, unit, period)})
        table.append((title, str(f.label), value, f.clause))
    rates = []
    for r, value in figures.rates:
        rates.append({"label": r.label, "text": fig.percent(value), "clause": r.clause,
                      "target": fig.percent(r.target) if r.target is not None else "",
                      "short": fig.meets(value, r.target) is False,
                      "href": _drill(section_key, r.part, unit, period),
                      "part": figures.counts[r.part], "whole": figures.counts[r.whole]})
        table.append((title, str(r.label), fig.percent(value), r.clause))
    amounts = []
    for a in panel.amounts:
        amounts.append({"label": a.label, "value": figures.amounts[a.key], "href": _drill(section_key, a.figure, unit, period)})
        table.append((title, str(a.label), figures.amounts[a.key], labels[a.figure].clause))
    for d in panel.durations:
        hours = figures.durations[d.key]
        text = "—" if hours is None else f"{hours:.1f}"
        amounts.append({"label": d.label, "value": text, "href": _drill(section_key, d.figure, unit, period)})
        table.append((title, str(d.label), text, d.clause))
    breakdowns = []
    for b in panel.breakdowns:
        groups = figures.groups[b.key]
        rows, shown = [], []
        for g in groups:
            value = "" if g.value is None else (g.value.isoformat() if hasattr(g.value, "isoformat") else str(g.value))
            href = _drill(section_key, b.key, unit, period, value=value)
            text = str(g.count) if g.part is None else f"{g.count} / {g.part} / {fig.percent(g.rate)}"
            rows.append((g.label, g.count, text, href))
            shown.append({"g": g, "href": href, "rate": fig.percent(g.rate),
                          "part_href": _drill(section_key, b.key, unit, period, value=value, only=b.part) if b.part else ""})
            table.append((title, f"{b.label}: {g.label}", g.count, ""))
            if g.part is not None:
                table.append((title, f"{b.label}: {g.label}: {labels[b.part].label}", g.part, labels[b.part].clause))
        breakdowns.append({"label": b.label, "part_label": labels[b.part].label if b.part else "",
                           "chart": charts.bar_chart(rows) if rows else None, "groups": shown})
    return {"panel": panel, "counts": counts, "rates": rates, "amounts": amounts, "breakdowns": breakdowns}


@login_required
def figure(request, section, key):
    found = selectors.section_get(request.user, section)
    if found is None:
        raise Http404("no such dashboard")
    panel = selectors.panel_of(found, key, request.user)
    if panel is None:
        raise Http404("no such figure")
    form, unit, period, now = _choice(request)
    value, only = request.GET.get("value"), request.GET.get("only") or None
    cases = selectors.figure_cases(panel, key=key, user=request.user, unit=unit, period=period, now=now,
                                   value=value, only=only)
    if cases is None:
        raise Http404("no such figure")
    cases = cases.select_related(*panel.related).order_by("-pk")
    label = next((f.label for f in panel.figures if f.key == key), None) \
        or next(b.label for b in panel.breakdowns if b.key == key)
    columns = list(panel.columns)
    if fmt := export_format(request):
        rows = list(cases[:100_000])
        _describe(panel, rows)
        return table_response(fmt=fmt, name=f"dashboard-{found.key}-{key}", title=label, columns=columns, rows=rows)
    page = CappedPaginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    _describe(panel, rows)
    shown = [{"cells": [c.value(r) for c in columns], "href": _href(panel, r)} for r in rows]
    return render(request, "dashboards/figure.html", {
        "section": found, "panel": panel, "label": label, "group": value, "page": page, "rows": shown,
        "headers": [c.header for c in columns], "unit": unit, "period": period,
        "back": reverse("dashboards:section", args=[found.key]) + "?" + _query(unit, period),
    })


def _describe(panel, rows) -> None:
    if not panel.target_type:  # deadlines: each names its own case
        describe_targets(rows)


def _href(panel, row) -> str | None:
    target_type = panel.target_type or row.target_type
    target_id = panel.target_id(row)
    return target_url(target_type, target_id) if target_id else None
