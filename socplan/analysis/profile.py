"""The profile of an area as one document (``socplan area_profile``; later the API): the
demography with its comparison levels and the coverage by services, from the same services
as the pages (:mod:`.demography`, :mod:`.coverage`). JSON keys are listed in the README."""

from __future__ import annotations

import datetime

from socplan.core import tables as table_downloads

from . import coverage as coverage_service
from . import demography as demography_service

PROFILE_FORMAT = 1


def area_profile(area: demography_service.Area | str, *, register=None) -> dict:
    if isinstance(area, str):
        area = demography_service.resolve_area(area)
    analysis = demography_service.demography(area)
    result = coverage_service.coverage(area, register=register)
    return {
        "format": PROFILE_FORMAT,
        "generated": datetime.date.today().isoformat(),
        "area": {
            "key": area.key,
            "name": area.name,
            "kind": area.kind,
            "municipalities": len(area.municipality_ids),
        },
        "demography": demography_service.demography_json(analysis),
        "coverage": coverage_service.coverage_json(result),
    }


def area_profile_xlsx(area: demography_service.Area | str) -> bytes:
    """Every table of the demography and coverage pages, one sheet each."""
    if isinstance(area, str):
        area = demography_service.resolve_area(area)
    tables = list(demography_service.tables(demography_service.demography(area)).values())
    tables += list(coverage_service.tables(coverage_service.coverage(area)).values())
    return table_downloads.xlsx_bytes(tables)
