"""Pages of the region's view (/kraje/): the national list of regions for site staff and
one region's dashboard over every plan of its territory for its staff, with the exports of
its tables. Reads only (:mod:`socplan.monitoring.region`); GET only.

Who: ``monitoring.view_regions`` (site staff and region staff; region staff of one region
are sent to it) and ``monitoring.view_region`` (staff of the region and site staff); others
get 403, anonymous users the sign-in page.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from socplan.core import tables as table_files
from socplan.core.permissions import require
from socplan.territory.models import Region
from socplan.territory.rules import region_ids

from . import region as selectors

ALL = "vse"  # the address of every table (XLSX); as CSV: the table of the ORPs


@require_GET
def index(request):
    require(request, "monitoring.view_regions")
    summaries = selectors.national_overview()
    if not request.user.is_staff:
        own = set(
            Region.objects.filter(pk__in=region_ids(request.user)).values_list("code", flat=True)
        )
        summaries = [s for s in summaries if s.code in own]
        if len(summaries) == 1:
            return redirect("region:detail", region=summaries[0].code)
    return render(
        request,
        "monitoring/region/index.html",
        {
            "regions": summaries,
            "totals": selectors.national_totals(summaries),
            "national": request.user.is_staff,
        },
    )


@require_GET
def index_export(request, fmt):
    require(request, "monitoring.view_regions")
    if fmt not in table_files.FORMATS or not request.user.is_staff:
        raise Http404
    table = selectors.national_table(selectors.national_overview())
    return table_files.response([table], fmt=fmt, file_name="kraje")


def _region(request, code: str) -> Region:
    region = get_object_or_404(Region, code=code)
    require(request, "monitoring.view_region", region)
    return region


@require_GET
def detail(request, region):
    region = _region(request, region)
    overview = selectors.region_overview(region=region)
    # the ORPs by one ratio, lowest first (a plain link: works without JavaScript)
    order = request.GET.get("poradi", "")
    ratio_orps = overview.orps
    if order in {r.key for r in overview.ratios}:
        ratio_orps = sorted(
            overview.orps,
            key=lambda o: (o.ratios[order].value is None, o.ratios[order].value or 0),
        )
    else:
        order = ""
    measure_tables = [
        (
            _("Measures by kind of service"),
            _("Kind of service"),
            overview.measures_by_service_kind,
            "by-kind",
        ),
        (
            _("Measures by target group"),
            _("Target group"),
            overview.measures_by_target_group,
            "by-group",
        ),
        (_("Measures by type"), _("Type of measure"), overview.measures_by_type, "by-type"),
    ]
    cost_tables = [
        (
            _("Every plan (CZK)"),
            overview.cost_rows,
            overview.cost_totals,
            overview.costs_total,
        ),
        (
            _("Approved plans only (CZK)"),
            overview.approved_cost_rows,
            overview.approved_cost_totals,
            overview.approved_costs_total,
        ),
    ]
    return render(
        request,
        "monitoring/region/detail.html",
        {
            "region": region,
            "overview": overview,
            "map": overview.map(),
            "ratio_orps": ratio_orps,
            "order": order,
            "tables": [(t.name, t.title) for t in selectors.overview_tables(overview)],
            "measure_tables": measure_tables,
            "cost_tables": cost_tables,
            "mark_help": selectors.STATE_MARK_HELP,
        },
    )


@require_GET
def export(request, region, table, fmt):
    region = _region(request, region)
    if fmt not in table_files.FORMATS:
        raise Http404
    tables = selectors.overview_tables(selectors.region_overview(region=region))
    name = f"kraj-{slugify(region.name)}"
    if table != ALL:
        tables = [t for t in tables if t.name == table]
        if not tables:
            raise Http404
        name = f"{name}-{table}"
    return table_files.response(tables, fmt=fmt, file_name=name)
