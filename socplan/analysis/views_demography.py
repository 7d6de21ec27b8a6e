"""Pages of the sociodemographic analysis and of the coverage by services of a process's
planning area, and their tables as CSV or XLSX (thin: the services are
:mod:`socplan.analysis.demography` and :mod:`socplan.analysis.coverage`)."""

from django.http import Http404
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from socplan.core import tables as table_downloads
from socplan.core.permissions import require
from socplan.organisation.guards import process_for_user

from . import coverage as coverage_service
from . import demography as demography_service

MAP_INDICATORS = ("share_65_plus", "share_80_plus", "ageing_index", "old_age_dependency")


def _process_area(request, slug):
    process = process_for_user(request, slug)
    require(request, "analysis.view", process)
    if process.planning_area_id is None:
        raise Http404
    return process, demography_service.area_of(process.planning_area)


@require_safe
def demography_page(request, slug):
    process, area = _process_area(request, slug)
    analysis = demography_service.demography(area)
    shown = request.GET.get("mapa", "share_65_plus")
    if shown not in MAP_INDICATORS and shown != "exclusion":
        shown = "share_65_plus"
    tables = demography_service.tables(analysis)
    return render(
        request,
        "analysis/demography.html",
        {
            "process": process,
            "analysis": analysis,
            "tables": tables,
            "pyramid": analysis.pyramid(),
            "comparison_chart": analysis.comparison_chart("share_65_plus"),
            "ageing_chart": analysis.comparison_chart("ageing_index"),
            "map": analysis.map(shown),
            "map_shown": shown,
            "map_choices": [
                (name, demography_service.INDICATORS[name].label) for name in MAP_INDICATORS
            ],
            "indicator_labels": demography_service.INDICATORS,
        },
    )


def _download(tables: dict, table: str, fmt: str, file_name: str):
    if fmt not in table_downloads.FORMATS:
        raise Http404
    if table == "vse":
        if fmt != "xlsx":
            raise Http404
        return table_downloads.response(list(tables.values()), fmt=fmt, file_name=file_name)
    if table not in tables:
        raise Http404
    return table_downloads.response(
        [tables[table]], fmt=fmt, file_name=f"{file_name}-{table.replace('_', '-')}"
    )


@require_safe
def demography_export(request, slug, table, format):
    process, area = _process_area(request, slug)
    tables = demography_service.tables(demography_service.demography(area))
    return _download(tables, table, format, f"demografie-{slugify(area.key)}")


@require_safe
def coverage_page(request, slug):
    process, area = _process_area(request, slug)
    result = coverage_service.coverage(area)
    columns = [c for c, _label in result.columns]
    shown = request.GET.get("druh") or (
        "kind:4" if "kind:4" in columns else columns[0] if columns else ""
    )
    if shown not in columns:
        shown = columns[0] if columns else ""
    return render(
        request,
        "analysis/coverage.html",
        {
            "process": process,
            "coverage": result,
            "tables": coverage_service.tables(result),
            "map": result.map(shown) if shown else None,
            "map_shown": shown,
            "attribution": coverage_service.ATTRIBUTION,
            "benchmark_source": coverage_service.BENCHMARK_SOURCE,
        },
    )


@require_safe
def coverage_export(request, slug, table, format):
    process, area = _process_area(request, slug)
    tables = coverage_service.tables(coverage_service.coverage(area))
    return _download(tables, table, format, f"pokryti-{slugify(area.key)}")
