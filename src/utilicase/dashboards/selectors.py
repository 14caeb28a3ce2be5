"""Reads of the dashboards: which units a user may pick, and each panel's figures counted by
the database within the picked unit's subtree and the period (one query for a panel's figures
and sums, one per breakdown; never one per case), and the cases behind a figure."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum

from utilicase.dashboards.domain import figures as fig
from utilicase.dashboards.domain.period import Period
from utilicase.dashboards.panels import BY_KEY, SECTIONS, Breakdown, Duration, Figure, Panel, Section
from utilicase.org.models import Role, Unit, UnitKind, User
from utilicase.org.selectors import units_below

PICKABLE = (UnitKind.COMPANY, UnitKind.ENTERPRISE, UnitKind.OFFICE, UnitKind.HALL)


def scope_root_paths(user: User) -> list[str]:
    """The path prefixes a user's dashboards may cover: the home unit and below; the company for
    discipline inspection (its unit sits beside the offices whose reports it receives); nothing
    for anyone else — administrators included: reference data is their work, not cases (the
    case types' own pages hide cases from them too)."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.unit_id is None or not sections_for(user):
        return []
    if user.role == Role.DISCIPLINE and user.unit.parent_id is not None:
        return [user.unit.parent.path]
    return [user.unit.path]


def pickable_units(user: User) -> list[Unit]:
    """The units offered in the picker: company, enterprises, offices and halls in scope."""
    roots = scope_root_paths(user)
    if not roots:
        return []
    within = Q()
    for path in roots:
        within |= Q(path__startswith=path)
    units = Unit.objects.filter(within, kind__in=PICKABLE)
    if user.role == Role.HALL_HEAD:
        units = Unit.objects.filter(within)
    return sorted(units, key=lambda u: [int(i) for i in u.path.strip("/").split("/")])


def unit_in_scope(user: User, unit_id: int | None) -> Unit | None:
    """The picked unit when it is in scope (None otherwise); the first in scope without a pick."""
    units = pickable_units(user)
    if unit_id is None:
        return units[0] if units else None
    return next((u for u in units if u.pk == unit_id), None)


def panels_for(user: User, section: Section) -> list[Panel]:
    return [p for p in section.panels if user.role in p.roles]


def sections_for(user: User) -> list[Section]:
    return [s for s in SECTIONS if panels_for(user, s)]


def section_get(user: User, key: str) -> Section | None:
    section = BY_KEY.get(key)
    return section if section is not None and panels_for(user, section) else None


def panel_cases(panel: Panel, *, user: User, unit: Unit, period: Period, now: datetime) -> QuerySet:
    cases = panel.base(units_below(unit.path), period, now)
    if panel.restrict is not None:
        cases = panel.restrict(cases, user)
    return cases


@dataclass(frozen=True)
class Group:
    value: object
    label: str
    count: int
    part: int | None
    rate: float | None


@dataclass(frozen=True)
class PanelFigures:
    panel: Panel
    counts: dict[str, int]
    amounts: dict[str, Decimal]
    rates: list[tuple[object, float | None]]  # (Rate, value)
    groups: dict[str, list[Group]]
    durations: dict[str, float | None]


def _condition(f: Figure, now: datetime) -> Q | None:
    return f.where(now) if f.where is not None else None


def panel_figures(panel: Panel, *, user: User, unit: Unit, period: Period, now: datetime) -> PanelFigures:
    cases = panel_cases(panel, user=user, unit=unit, period=period, now=now).order_by()
    figures = {f.key: f for f in panel.figures}
    counted = {f.key: Count("pk", filter=_condition(f, now)) for f in panel.figures}
    summed = {a.key: Sum(a.field, filter=_condition(figures[a.figure], now)) for a in panel.amounts}
    row = cases.aggregate(**counted, **summed)
    counts = {k: row[k] for k in counted}
    amounts = {k: fig.money(row[k]) for k in summed}
    rates = [(r, fig.rate(counts[r.part], counts[r.whole])) for r in panel.rates]
    groups = {b.key: _groups(cases, b, figures, now) for b in panel.breakdowns}
    durations = {d.key: _median_hours(cases, d, figures, now) for d in panel.durations}
    return PanelFigures(panel=panel, counts=counts, amounts=amounts, rates=rates, groups=groups, durations=durations)


def _median_hours(cases: QuerySet, d: Duration, figures: dict[str, Figure], now: datetime) -> float | None:
    """One query for the start and end times of the figure's cases; the median in domain/figures."""
    condition = _condition(figures[d.figure], now)
    chosen = cases.filter(condition) if condition is not None else cases
    pairs = chosen.annotate(started=d.start()).values_list("started", d.end)
    return fig.median_hours([(end - start).total_seconds() for start, end in pairs if start and end])


def _grouped(cases: QuerySet, b: Breakdown) -> QuerySet:
    return cases.annotate(bucket=b.bucket()) if b.bucket is not None else cases


def _groups(cases: QuerySet, b: Breakdown, figures: dict[str, Figure], now: datetime) -> list[Group]:
    keys = [b.field] + ([b.label_field] if b.label_field else [])
    counted = {"n": Count("pk")}
    if b.part:
        counted["part"] = Count("pk", filter=_condition(figures[b.part], now))
    rows = _grouped(cases, b).values(*keys).annotate(**counted).order_by(F(b.field).asc(nulls_first=True))  # the same order on every database
    out = []
    for r in rows:
        value = r[b.field]
        label = r[b.label_field] if b.label_field else (b.labels or {}).get(value, value)
        if isinstance(value, datetime | date) and b.bucket is not None:
            label = f"{value:%Y-%m}"
        part = r.get("part")
        out.append(Group(value=value, label="—" if label in (None, "") else str(label), count=r["n"], part=part,
                         rate=fig.rate(part, r["n"]) if part is not None else None))
    return out


def figure_cases(panel: Panel, *, key: str, user: User, unit: Unit, period: Period, now: datetime,
                 value: str | None = None, only: str | None = None) -> QuerySet | None:
    """The cases behind a figure (`key` a figure's) or a breakdown's group (`key` a breakdown's,
    `value` the group's, `only` a figure narrowing it); None when there is no such figure."""
    cases = panel_cases(panel, user=user, unit=unit, period=period, now=now)
    figures = {f.key: f for f in panel.figures}
    breakdowns = {b.key: b for b in panel.breakdowns}
    if key in figures:
        condition = _condition(figures[key], now)
        return cases.filter(condition) if condition is not None else cases
    if key not in breakdowns:
        return None
    b = breakdowns[key]
    cases = _grouped(cases, b)
    if value in (None, "", "None"):
        cases = cases.filter(**{f"{b.field}__isnull": True})
    else:
        parsed = _parse_value(value, b)
        if parsed is None:
            return cases.none()
        cases = cases.filter(**{b.field: parsed})
    if only:
        if only not in figures:
            return None
        condition = _condition(figures[only], now)
        cases = cases.filter(condition) if condition is not None else cases
    return cases


def _parse_value(value: str, b: Breakdown):
    if b.bucket is not None:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    if b.label_field or b.field == "rating":  # a related id or a number
        return int(value) if value.isdigit() else None
    return value


def panel_of(section: Section, key: str, user: User) -> Panel | None:
    """The panel (visible to the user) that has the figure or breakdown `key`."""
    for panel in panels_for(user, section):
        if key in {f.key for f in panel.figures} | {b.key for b in panel.breakdowns}:
            return panel
    return None
