"""The groundwork for the region's own medium-term plan (podklady pro střednědobý plán kraje,
act 108/2006 Sb. §95): what the plans of the ORPs and MAS of the region say, as a DOCX that
a region official pastes into the region's plan and as an XLSX of every table.

Both come from :func:`socplan.monitoring.region.region_overview` (plain values; its
decisions — which processes and plans, the ORP of a process, the states, the costs, the
ratios — are documented there and repeated in the document's last chapter):

``region_docx(*, overview, language=None)`` → bytes
    the title page (the region, the date), the contents, then the chapters: the state of the
    ORPs' plans (a map when boundaries are loaded, and tables), the coverage of the network
    per ORP against the region, Czechia and the national benchmarks (marks explained in
    words), white spots, the measures by kind of service, target group and type, planned
    costs by year and funding source (every plan, approved plans), the monitoring, the
    ORPs' opinions on need sent to the region, and how the figures are made.
``region_xlsx(*, overview, language=None)`` → bytes
    the region page's tables (``overview_tables``), a sheet of every measure of every plan
    (plan, ORP, code, title, type, kinds of service, target groups, costs per year) and a
    sheet of the sent opinions on need.

Served by :mod:`socplan.documents.views_region` to the region's staff and site staff.
"""

from __future__ import annotations

import io
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.db.models import Sum
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext

from socplan.core.tables import Column, Table, xlsx_bytes
from socplan.monitoring.region import (
    EXPIRED,
    MEASURE_KIND_LABELS,
    PREPARING,
    STATE_COLOURS,
    STATE_MARK_HELP,
    RegionOverview,
    overview_tables,
)
from socplan.planning.models import CostEstimate, Measure
from socplan.planning.selectors_opinions import opinions_for_region
from socplan.territory.models import Region

from .branding import branding_for
from .charts import chart_png
from .typography import czech_nbsp, format_number
from .word import add_margins, add_table, add_toc, czech_typography, money, new_document

FORMATS = ("docx", "xlsx")
BELOW = "▼"


def file_name(overview: RegionOverview) -> str:
    return f"podklady-pro-plan-{slugify(overview.region_name)}"


def _title() -> str:
    return _("Groundwork for the region's medium-term plan of social services")


def _level_marks() -> dict[str, str]:
    """The letter after ▼ for each level an ORP is below (explained in the document)."""
    return {
        "region": pgettext("below the level, abbreviation", "R"),
        "cz": pgettext("below the level, abbreviation", "C"),
        "benchmark": pgettext("below the level, abbreviation", "B"),
    }


def _ratio_cell(value, below: list[str]) -> str:
    if value is None:
        return "–"
    text = format_number(value, 1)
    if below:
        marks = _level_marks()
        text += f" {BELOW} " + ",".join(marks[level] for level in below)
    return text


def _number(value, decimals: int | None = None) -> str:
    return "–" if value is None else format_number(value, decimals)


# --------------------------------------------------------------------------- the measures


def measure_rows(overview: RegionOverview) -> list[dict]:
    """Every measure of every medium-term plan of the overview, in the order of the plans
    and of the measures, with its kinds of service, target groups and planned costs by year
    (the measure's own costs and its activities' costs of the medium-term plan; action
    plans' budgets repeat them). Four queries."""
    plans = {p.plan_id: p for p in overview.plans}
    measures = list(
        Measure.objects.filter(priority__plan__in=list(plans))
        .select_related("priority")
        .order_by("priority__plan_id", "priority__order", "order", "pk")
    )
    ids = [m.pk for m in measures]
    kinds: dict[int, list[str]] = defaultdict(list)
    for measure_id, code, name in (
        Measure.services.through.objects.filter(measure_id__in=ids)
        .values_list("measure_id", "service__kind__code", "service__kind__name")
        .order_by("service__kind__order", "service__kind__code")
    ):
        label = f"{code} {name}" if code else _("services of no kind (not registered)")
        if label not in kinds[measure_id]:
            kinds[measure_id].append(label)
    groups: dict[int, list[str]] = defaultdict(list)
    for measure_id, name in (
        Measure.target_groups.through.objects.filter(measure_id__in=ids)
        .values_list("measure_id", "codelistitem__name")
        .order_by("codelistitem__order", "codelistitem__name")
    ):
        groups[measure_id].append(name)
    costs: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for measure_id, year, total in (
        CostEstimate.objects.filter(plan__in=list(plans), measure_id__in=ids)
        .values_list("measure_id", "year")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        costs[measure_id][year] = total
    order = {p.plan_id: n for n, p in enumerate(overview.plans)}
    measures.sort(key=lambda m: (order[m.priority.plan_id], m.priority.order, m.order, m.pk))
    return [
        {
            "plan": plans[m.priority.plan_id],
            "measure": m,
            "kind_label": str(MEASURE_KIND_LABELS.get(m.kind, m.kind)),
            "kinds": kinds[m.pk],
            "groups": groups[m.pk],
            "costs": costs[m.pk],
        }
        for m in measures
    ]


def measures_table(overview: RegionOverview, rows: list[dict] | None = None) -> Table:
    rows = measure_rows(overview) if rows is None else rows
    years = overview.cost_years
    return Table(
        name="measures-list",
        title=_("Every measure of the plans"),
        columns=[
            Column(_("ORP"), width=14),
            Column(_("Planning process"), width=30),
            Column(_("Plan"), width=30),
            Column(_("State"), width=20),
            Column(_("Code"), width=8),
            Column(_("Measure"), width=45, wrap=True),
            Column(_("Type of measure"), width=22),
            Column(_("Kinds of service"), width=35, wrap=True),
            Column(_("Target groups"), width=30, wrap=True),
            *[Column(str(year), width=12) for year in years],
            Column(_("Total (CZK)"), width=14),
        ],
        rows=[
            [
                r["plan"].orp_code,
                r["plan"].process_name,
                r["plan"].title,
                r["plan"].state_label,
                r["measure"].code,
                r["measure"].title,
                r["kind_label"],
                "\n".join(r["kinds"]),
                "\n".join(r["groups"]),
                *[float(r["costs"].get(year, 0)) for year in years],
                float(sum(r["costs"].values(), Decimal(0))),
            ]
            for r in rows
        ],
        source=_(
            "Planned costs (CZK) of the medium-term plans: the measure's own costs and its "
            "activities' costs; the action plans' budgets repeat them and are not added."
        ),
        intro=[[overview.region_name], [_("Date"), overview.on]],
        filter=True,
    )


# --------------------------------------------------------------------------- the opinions


def _opinions(overview: RegionOverview) -> list:
    region = Region.objects.filter(code=overview.region_code).first()
    if region is None:
        return []
    return list(opinions_for_region(region=region, sort="process"))


def _capacity(opinion) -> str:
    unit = str(opinion.capacity_unit or "")
    parts = []
    if opinion.requested_capacity is not None:
        parts.append(_("requested %(n)s") % {"n": format_number(opinion.requested_capacity)})
    if opinion.recommended_capacity is not None:
        parts.append(_("recommended %(n)s") % {"n": format_number(opinion.recommended_capacity)})
    text = ", ".join(parts)
    return f"{text} ({unit})" if text and unit else text


def opinions_table(opinions: list) -> Table:
    return Table(
        name="opinions",
        title=_("Opinions of the ORPs on need"),
        columns=[
            Column(_("No."), width=8),
            Column(_("Planning process"), width=30),
            Column(_("Service"), width=35),
            Column(_("Kind of service"), width=30),
            Column(_("The provider asks for"), width=25),
            Column(_("Year"), width=7),
            Column(_("Capacity"), width=25),
            Column(_("Opinion"), width=18),
            Column(_("Reasons"), width=60, wrap=True),
        ],
        rows=[
            [
                o.code,
                o.process.name,
                o.subject_label,
                o.kind.name if o.kind_id else "",
                o.get_request_kind_display(),
                o.year,
                _capacity(o),
                o.get_verdict_display(),
                _reasons(o),
            ]
            for o in opinions
        ],
        filter=True,
    )


def _reasons(opinion) -> str:
    if opinion.conditions:
        return f"{opinion.reasons}\n{_('Conditions')}: {opinion.conditions}"
    return opinion.reasons


# --------------------------------------------------------------------------- XLSX


def region_xlsx(*, overview: RegionOverview, language: str | None = None) -> bytes:
    """Every table of the region's page, every measure, and the sent opinions on need."""
    with override(language or settings.LANGUAGE_CODE):
        tables = overview_tables(overview)
        tables.append(measures_table(overview))
        tables.append(opinions_table(_opinions(overview)))
        return xlsx_bytes(tables)


# --------------------------------------------------------------------------- the map


def state_map_png(overview: RegionOverview, *, width: int = 1600) -> bytes | None:
    """The ORPs coloured by the state of their plans, each with the letter of its state
    (as :func:`socplan.monitoring.region.state_map` draws it for the page), as a PNG for
    the DOCX; None without boundaries."""
    import math

    from PIL import Image, ImageDraw, ImageFont

    drawn = [(o, overview.boundaries.get(o.code)) for o in overview.orps]
    drawn = [(o, polygons) for o, polygons in drawn if polygons]
    if not drawn:
        return None
    points = [p for _o, polys in drawn for poly in polys for ring in poly for p in ring]
    min_x, max_x = min(p[0] for p in points), max(p[0] for p in points)
    min_y, max_y = min(p[1] for p in points), max(p[1] for p in points)
    k = math.cos(math.radians((min_y + max_y) / 2))
    span_x, span_y = max((max_x - min_x) * k, 1e-9), max(max_y - min_y, 1e-9)
    margin = 20
    scale = (width - 2 * margin) / span_x
    height = round(span_y * scale) + 2 * margin
    if height > width:
        scale = (width - 2 * margin) / span_y
        height = width
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    size = max(24, width // 30)
    try:
        font = ImageFont.truetype("DejaVuSans-Bold.ttf", size)
    except OSError:
        font = ImageFont.load_default(size=size)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return margin + (lon - min_x) * k * scale, margin + (max_y - lat) * scale

    labels = []
    for orp, polygons in drawn:
        for poly in polygons:
            for n, ring in enumerate(poly):
                fill = STATE_COLOURS[orp.state] if n == 0 else "white"
                draw.polygon([xy(*p) for p in ring], fill=fill, outline="white")
        ring = max((r for poly in polygons for r in poly), key=len)
        xs = [xy(*p) for p in ring]
        cx = (min(x for x, _y in xs) + max(x for x, _y in xs)) / 2
        cy = (min(y for _x, y in xs) + max(y for _x, y in xs)) / 2
        labels.append((cx, cy, orp.mark))
    for cx, cy, mark in labels:
        draw.text(
            (cx, cy),
            mark,
            fill="#111111",
            font=font,
            anchor="mm",
            stroke_width=max(2, size // 8),
            stroke_fill="white",
        )
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


# --------------------------------------------------------------------------- DOCX


class _Costs:
    """The overview's costs in the shape ``costs_by_year_chart`` reads."""

    def __init__(self, overview: RegionOverview):
        self.years = overview.cost_years
        self.sources = overview.cost_sources
        self._overview = overview

    def amount(self, *, year, source):
        return self._overview.cost(year=year, source=source)


def _picture(document, image: bytes, *, width_mm: int, description: str, caption: str) -> None:
    from docx.shared import Mm

    document.add_paragraph(caption, style="Caption")
    shape = document.add_paragraph().add_run().add_picture(io.BytesIO(image), width=Mm(width_mm))
    shape._inline.docPr.set("descr", description)


def _plan_line(plan) -> str:
    return f"{plan.process_name}: {plan.title} ({plan.years_label})"


def _approved(plan) -> str:
    if plan.approved_on is None:
        return _("not yet") if plan.state == PREPARING else ""
    text = date_format(plan.approved_on, "SHORT_DATE_FORMAT")
    if plan.resolution:
        text += ", " + _("resolution %(number)s") % {"number": plan.resolution}
    return text


def _in_force(plan) -> str:
    if plan.in_force_until is None:
        return "–"
    if plan.state == EXPIRED:
        return _("expired (%(year)s)") % {"year": plan.in_force_until}
    if plan.in_force_from:
        return _("%(end)s (from %(start)s)") % {
            "end": plan.in_force_until,
            "start": plan.in_force_from,
        }
    return str(plan.in_force_until)


def region_docx(*, overview: RegionOverview, language: str | None = None) -> bytes:
    """The groundwork as an editable DOCX (see the module's docstring). The overview's
    labels (states, kinds) are in the language it was made in: make it in ``language``."""
    with override(language or settings.LANGUAGE_CODE):
        document = _docx(overview)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx(overview: RegionOverview):
    from docx.enum.text import WD_BREAK

    t = czech_nbsp
    title = _title()
    document = new_document(title=f"{title} – {overview.region_name}")
    branding = branding_for(None)

    # the title page
    if branding.site_name:
        document.add_paragraph(t(branding.site_name))
    document.add_heading(t(title), level=0)
    document.add_paragraph(t(overview.region_name), style="Subtitle")
    document.add_paragraph(
        _("As of %(date)s") % {"date": date_format(overview.on, "SHORT_DATE_FORMAT")}
    )
    document.add_paragraph(
        t(
            _(
                "What the medium-term plans of the ORPs, MAS and microregions of the region "
                "say: the state of the plans, the coverage of the network of services, white "
                "spots, the measures, the planned costs, the monitoring and the opinions on "
                "need, compiled by socplan from the processes planned in it. The tables may "
                "be copied into the region's plan as they are."
            )
        )
    )
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    add_toc(
        document,
        heading=_("Contents"),
        placeholder=_(
            "The table of contents is filled in when the document is opened in a word processor."
        ),
    )

    _chapter_plans(document, overview, t)
    _chapter_coverage(document, overview, t)
    _chapter_white_spots(document, overview, t)
    _chapter_measures(document, overview, t)
    _chapter_costs(document, overview, t)
    _chapter_monitoring(document, overview, t)
    _chapter_opinions(document, overview, t)
    _chapter_method(document, overview, t)

    add_margins(document, title=f"{title} – {overview.region_name}", branding=branding)
    czech_typography(document)
    return document


def _chapter_plans(document, overview: RegionOverview, t) -> None:
    document.add_heading(_("The state of the plans in the ORPs"), level=1)
    add_table(
        document,
        [_("State of the plans"), _("ORPs")],
        [[f"{mark} {label}", format_number(count)] for _s, label, mark, count in overview.legend],
        footer=[_("Total"), format_number(len(overview.orps))],
        numeric_from=1,
    )
    image = state_map_png(overview)
    if image is not None:
        map_title = _("The state of the plans in the ORPs of %(region)s") % {
            "region": overview.region_name
        }
        described = "; ".join(f"{o.name}: {o.state_label}" for o in overview.orps)
        _picture(
            document,
            image,
            width_mm=150,
            description=f"{map_title}. {described}.",
            caption=t(f"{map_title}. {STATE_MARK_HELP}."),
        )
    add_table(
        document,
        [_("ORP"), _("State"), _("Plans"), _("Also reached by")],
        [
            [
                o.name,
                f"{o.mark} {o.state_label}",
                t("\n".join(_plan_line(p) for p in o.plans) or _("no planning process")),
                t("\n".join(f"{r.process_name} ({r.municipalities})" for r in o.reaches)),
            ]
            for o in overview.orps
        ],
    )
    document.add_paragraph(
        t(
            _(
                "Marks of the states: %(marks)s. “Also reached by”: processes of other ORPs "
                "covering some of its municipalities (their number in brackets); they count "
                "with their own ORP only."
            )
            % {"marks": STATE_MARK_HELP}
        )
    )
    document.add_heading(_("Plans of the region"), level=2)
    if not overview.plans:
        document.add_paragraph(_("No medium-term plan in the region."))
        return
    add_table(
        document,
        [
            _("Planning process"),
            _("Plan"),
            _("Period"),
            _("State"),
            _("Approved"),
            _("In force until"),
            _("Measures"),
            _("Planned costs (CZK)"),
        ],
        [
            [
                t(p.process_name),
                t(p.title + (f" – {_('amendment in preparation')}" if p.under_amendment else "")),
                p.years_label,
                p.state_label,
                _approved(p),
                _in_force(p),
                format_number(p.measures),
                money(p.costs),
            ]
            for p in overview.plans
        ],
        numeric_from=6,
    )


def _chapter_coverage(document, overview: RegionOverview, t) -> None:
    document.add_heading(_("Coverage of the network of services"), level=1)
    document.add_paragraph(
        t(
            _(
                "Registered capacity per 1,000 inhabitants of the target age, of the services "
                "active on %(date)s (%(services)s services in the catalogue)."
            )
            % {
                "date": date_format(overview.register_date, "SHORT_DATE_FORMAT"),
                "services": format_number(overview.register_size),
            }
        )
    )
    if not overview.national_data:
        document.add_paragraph(
            t(
                _(
                    "The national territorial data are not loaded: the region and Czechia "
                    "cannot be compared; only the national benchmarks are."
                )
            )
        )
    add_table(
        document,
        [
            _("Indicator"),
            _("The region"),
            _("Czechia"),
            _("National benchmark"),
            _("ORPs below the region"),
            _("ORPs below the benchmark"),
        ],
        [
            [
                t(r.label),
                _number(r.region, 1),
                _number(r.czechia, 1),
                _number(r.benchmark),
                format_number(r.orps_below_region),
                format_number(r.orps_below_benchmark),
            ]
            for r in overview.ratios
        ],
        numeric_from=1,
    )
    marks = _level_marks()
    document.add_heading(_("The ORPs against the region, Czechia and the benchmarks"), level=2)
    document.add_paragraph(
        t(
            _(
                "%(below)s marks a value lower than another level, followed by the levels it "
                "is below: %(region)s the region, %(cz)s Czechia, %(benchmark)s the national "
                "benchmark. For example “72.7 %(below)s %(benchmark)s” is below the national "
                "benchmark only. A dash: no inhabitants of the target age."
            )
            % {"below": BELOW, **marks}
        )
    )
    for n, ratio in enumerate(overview.ratios, start=1):
        document.add_paragraph(t(f"({n}) {ratio.label}"))
    add_table(
        document,
        [_("ORP"), *[f"({n})" for n in range(1, len(overview.ratios) + 1)]],
        [
            [
                o.name,
                *[
                    _ratio_cell(o.ratios[r.key].value, o.ratios[r.key].below)
                    for r in overview.ratios
                ],
            ]
            for o in overview.orps
        ],
        numeric_from=1,
    )
    below = [
        (o, r)
        for o in overview.orps
        for r in overview.ratios
        if "benchmark" in o.ratios[r.key].below
    ]
    if below:
        document.add_paragraph(_("Below the national benchmark:"))
        for o, r in below:
            value = o.ratios[r.key]
            document.add_paragraph(
                t(
                    _("%(orp)s – %(ratio)s: %(value)s (the benchmark %(benchmark)s)")
                    % {
                        "orp": o.name,
                        "ratio": r.label,
                        "value": _number(value.value, 1),
                        "benchmark": _number(r.benchmark),
                    }
                ),
                style="List Bullet",
            )


def _chapter_white_spots(document, overview: RegionOverview, t) -> None:
    document.add_heading(_("White spots"), level=1)
    document.add_paragraph(
        t(
            _(
                "Municipalities that no registered service of a kind reaches (a field service "
                "by its declared area, a residential or outpatient one where its facilities "
                "are), with their inhabitants."
            )
        )
    )
    by_kind: dict[str, list] = {}
    for o in overview.orps:
        for spot in o.white_spots:
            entry = by_kind.setdefault(spot.column, [spot.label, 0, 0, 0])
            entry[1] += 1
            entry[2] += spot.municipalities
            entry[3] += spot.population
    if not by_kind:
        document.add_paragraph(
            _("No white spots: every kind of service reaches every municipality.")
        )
        return
    add_table(
        document,
        [
            _("Kind of service"),
            _("ORPs with white spots"),
            _("Municipalities not reached"),
            _("Their inhabitants"),
        ],
        [
            [t(label), format_number(orps), format_number(m), format_number(p)]
            for label, orps, m, p in by_kind.values()
        ],
        numeric_from=1,
    )
    document.add_heading(_("White spots per ORP"), level=2)
    add_table(
        document,
        [_("ORP"), _("Municipalities"), _("Kinds of service with white spots")],
        [
            [
                o.name,
                format_number(o.municipalities),
                t(
                    "; ".join(
                        _("%(kind)s: %(municipalities)s (%(population)s inhabitants)")
                        % {
                            "kind": s.label,
                            "municipalities": format_number(s.municipalities),
                            "population": format_number(s.population),
                        }
                        for s in o.white_spots
                    )
                    or "–"
                ),
            ]
            for o in overview.orps
        ],
    )


def _chapter_measures(document, overview: RegionOverview, t) -> None:
    document.add_heading(_("Measures across the plans"), level=1)
    document.add_paragraph(
        t(
            _(
                "Measures in the medium-term plans of the region: %(total)s. A measure "
                "concerning services of several kinds, or several target groups, counts with "
                "each of them."
            )
            % {"total": format_number(overview.measures_total)}
        )
    )
    for heading, label, groups in (
        (_("Measures by kind of service"), _("Kind of service"), overview.measures_by_service_kind),
        (_("Measures by target group"), _("Target group"), overview.measures_by_target_group),
        (_("Measures by type"), _("Type of measure"), overview.measures_by_type),
    ):
        document.add_heading(heading, level=2)
        if not groups:
            document.add_paragraph(_("No measures."))
            continue
        growth = groups is not overview.measures_by_type  # a type is growth or not
        add_table(
            document,
            [
                label,
                _("Measures"),
                *([_("Of them new services or more capacity")] * growth),
                _("Plans"),
            ],
            [
                [
                    t(g.label),
                    format_number(g.count),
                    *([format_number(g.growth)] * growth),
                    t("\n".join(f"{plan} ({n})" for plan, _url, n in g.plans)),
                ]
                for g in groups
            ],
        )


def _cost_table(document, overview: RegionOverview, rows, totals, total) -> None:
    add_table(
        document,
        [_("Year"), *[label for _s, label in overview.cost_sources], _("Total")],
        [[str(year), *[money(v) for v in values], money(sum_)] for year, values, sum_ in rows],
        footer=[_("Total"), *[money(v) for v in totals], money(total)],
        numeric_from=1,
    )


def _chapter_costs(document, overview: RegionOverview, t) -> None:
    document.add_heading(_("Planned costs by year and funding source"), level=1)
    document.add_paragraph(
        t(
            _(
                "Cost estimates of the medium-term plans in CZK: the measures' own costs and "
                "their activities' costs; the action plans' budgets repeat them and are not "
                "added."
            )
        )
    )
    if not overview.cost_years:
        document.add_paragraph(_("No plan of the region has cost estimates."))
        return
    document.add_heading(_("Every plan (CZK)"), level=2)
    _cost_table(document, overview, overview.cost_rows, overview.cost_totals, overview.costs_total)
    from .charts import costs_by_year_chart

    chart = costs_by_year_chart(_Costs(overview))
    if chart is not None:
        _picture(
            document,
            chart_png(chart),
            width_mm=160,
            description=chart.description,
            caption=t(chart.title),
        )
    document.add_heading(_("Approved plans only (CZK)"), level=2)
    _cost_table(
        document,
        overview,
        overview.approved_cost_rows,
        overview.approved_cost_totals,
        overview.approved_costs_total,
    )


def _chapter_monitoring(document, overview: RegionOverview, t) -> None:
    document.add_heading(_("Monitoring of the plans"), level=1)
    rows = []
    for p in overview.plans:
        periods = p.periods or [None]
        for r in periods:
            rows.append(
                [
                    t(p.process_name),
                    t(p.title),
                    str(r.year) if r else "–",
                    r.status_label if r else _("not monitored yet"),
                    f"{r.progress} %" if r and r.progress is not None else "–",
                    r.light_label if r and r.light_label else "–",
                    p.evaluation_label or "–",
                ]
            )
    if not rows:
        document.add_paragraph(_("No medium-term plan in the region."))
        return
    add_table(
        document,
        [
            _("Planning process"),
            _("Plan"),
            _("Year"),
            _("Status"),
            _("Progress"),
            _("Traffic light"),
            _("Evaluation"),
        ],
        rows,
    )
    document.add_paragraph(
        t(
            _(
                "The traffic light of a year is the roll-up of the activities' progress with "
                "their weights, unless the coordinators set it with a reason."
            )
        )
    )


def _chapter_opinions(document, overview: RegionOverview, t) -> None:
    document.add_heading(_("Opinions of the ORPs on need"), level=1)
    opinions = _opinions(overview)
    if not opinions:
        document.add_paragraph(
            _("No ORP or other process of the region has sent an opinion on need.")
        )
        return
    counts = defaultdict(int)
    for o in opinions:
        counts[o.get_verdict_display()] += 1
    document.add_paragraph(
        t(
            _("Opinions in force sent to the region: %(count)s (%(verdicts)s).")
            % {
                "count": len(opinions),
                "verdicts": ", ".join(f"{label} {n}" for label, n in counts.items()),
            }
        )
    )
    table = opinions_table(opinions)
    add_table(
        document,
        table.headers,
        [[t("" if v is None else str(v)) for v in row] for row in table.values()],
    )


def _chapter_method(document, overview: RegionOverview, t) -> None:
    document.add_heading(_("How the figures are made"), level=1)
    for text in (
        _(
            "Every planning process with a municipality in the region counts, published or "
            "not, with its medium-term plans."
        ),
        _(
            "A process belongs to the ORP whose territory its planning area is, otherwise to "
            "the ORP of the region with most of its municipalities; the other ORPs it touches "
            "list it as “also reached by”. Nothing is counted twice."
        ),
        _(
            "An ORP has the best state of its plans: an approved plan in force, a plan in "
            "preparation, an expired plan, or no planning process."
        ),
        _(
            "An approved plan whose first year has not begun counts as in force; it says "
            "from which year."
        ),
        _(
            "A plan whose amendment is drafted shows the title and years of its approved "
            "version; its measures and costs are the current ones."
        ),
        overview.attribution,
        _("Benchmarks") + ": " + overview.benchmark_source,
    ):
        document.add_paragraph(t(str(text)), style="List Bullet")
