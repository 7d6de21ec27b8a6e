"""Indicators a finding can rest on, and their live value.

A finding made from an indicator keeps the value and reference date it had then; the
findings register shows the live figure beside it. The indicators and their live values
come from the demography of the analysis (:mod:`.demography`, when it offers
``indicator_value(key=..., area=...)`` and ``INDICATORS``); until then, or for keys it does
not know, the basic indicators of the population of the planning area (the territory's own
data) are computed here.

``area`` is the address (slug) of a planning area, the code of a municipality or of an ORP.
"""

from __future__ import annotations

import datetime
import importlib
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class LiveValue:
    value: float
    date: datetime.date | None
    unit: str = ""


# key -> label of the basic indicators computed here
BASIC_INDICATORS = {
    "population": _("population"),
    "age_0_14": _("people aged 0–14"),
    "age_65_plus": _("people aged 65 and over"),
    "share_65_plus": _("share of people aged 65 and over (%)"),
    "ageing_index": _("ageing index (65+ per 100 aged 0–14)"),
    "old_age_dependency": _("old-age dependency ratio (65+ per 100 aged 15–64)"),
}


def _demography():
    """The demography module of part A of the analysis, if it is there."""
    try:
        return importlib.import_module("socplan.analysis.demography")
    except ImportError:
        return None


def indicator_choices(area: str | None = None) -> list[tuple[str, str]]:
    """(key, label) of every indicator a finding may rest on; given an area, also the keys
    the demography offers for it (comparison levels, social exclusion)."""
    choices = {key: str(label) for key, label in BASIC_INDICATORS.items()}
    module = _demography()
    if module is not None and area:
        try:
            analysis = module.demography(module.resolve_area(area))
            for key, label in module.indicator_choices(analysis):
                choices.setdefault(key, str(label))
        except (LookupError, ValueError, TypeError, AttributeError):
            pass
    return sorted(choices.items(), key=lambda item: item[1].lower())


def indicator_label(key: str) -> str:
    if key in BASIC_INDICATORS:
        return str(BASIC_INDICATORS[key])
    module = _demography()
    parse = getattr(module, "parse_key", None) if module is not None else None
    if parse is not None:
        group, name, level, code = parse(key)
        known = getattr(module, "INDICATORS", {}) if group == "demography" else {}
        if group == "exclusion":
            known = getattr(module, "EXCLUSION_INDICATORS", {})
        definition = known.get(name)
        if definition is not None:
            label = str(getattr(definition, "label", definition))
            extra = [part for part in (level, code) if part]
            return f"{label} ({', '.join(extra)})" if extra else label
    return key


def _area_municipality_ids(area: str) -> list[int] | None:
    from socplan.territory.models import Municipality, PlanningArea

    if not area:
        return None
    planning_area = PlanningArea.objects.filter(slug=area).first()
    if planning_area is not None:
        return list(planning_area.municipalities.values_list("pk", flat=True))
    ids = list(Municipality.objects.filter(code=area).values_list("pk", flat=True))
    if ids:
        return ids
    ids = list(Municipality.objects.filter(orp__code=area).values_list("pk", flat=True))
    return ids or None


def _basic_all(area: str) -> dict[str, LiveValue]:
    """Every basic indicator of the area (one pass over its population records)."""
    from django.db.models import Q, Sum

    from socplan.territory.models import Population

    ids = _area_municipality_ids(area)
    if not ids:
        return {}
    latest = (
        Population.objects.filter(municipality_id__in=ids)
        .order_by("-year")
        .values_list("source", "year")
        .first()
    )
    if latest is None:
        return {}
    rows = Population.objects.filter(municipality_id__in=ids, source=latest[0], year=latest[1])
    sums = rows.aggregate(
        all_people=Sum("total"),
        banded=Sum("total", filter=Q(age_65_plus__isnull=False)),
        a0=Sum("age_0_14"),
        a15=Sum("age_15_64"),
        a65=Sum("age_65_plus"),
    )
    date = rows.values_list("reference_date", flat=True).first()

    def ratio(numerator, denominator, times=100):
        if numerator is None or not denominator:
            return None
        return round(numerator * times / denominator, 2)

    values = {
        "population": sums["all_people"],
        "age_0_14": sums["a0"],
        "age_65_plus": sums["a65"],
        "share_65_plus": ratio(sums["a65"], sums["banded"]),
        "ageing_index": ratio(sums["a65"], sums["a0"]),
        "old_age_dependency": ratio(sums["a65"], sums["a15"]),
    }
    return {
        key: LiveValue(value=float(value), date=date)
        for key, value in values.items()
        if value is not None
    }


def _basic(key: str, area: str) -> LiveValue | None:
    return _basic_all(area).get(key)


def live_value(*, key: str, area: str) -> LiveValue | None:
    """The indicator's value now for the area, with its reference date (None: unknown)."""
    if not key:
        return None
    module = _demography()
    lookup = getattr(module, "indicator_value", None) if module is not None else None
    if lookup is not None:
        try:
            found = lookup(area=area, key=key)
        except (LookupError, ValueError, TypeError):
            found = None
        value = getattr(found, "value", None)
        # Zero people means the demography's data (ages by sex) is not loaded: the basic
        # indicators below still know the population of the area.
        if value:
            date = getattr(found, "date", None) or getattr(found, "reference_date", None)
            return LiveValue(value=float(value), date=date, unit=getattr(found, "unit", ""))
    if key in BASIC_INDICATORS:
        return _basic(key, area)
    return None


def live_values(pairs) -> dict[tuple[str, str], LiveValue | None]:
    """:func:`live_value` of many (key, area) pairs, each area analysed once (a list of
    findings asks as many queries for 20 indicators as for 2)."""
    result: dict[tuple[str, str], LiveValue | None] = {}
    by_area: dict[str, set[str]] = {}
    for key, area in pairs:
        if key:
            by_area.setdefault(area, set()).add(key)
    module = _demography()
    for area, keys in by_area.items():
        analysis = resolved = None
        if module is not None and area:
            try:
                resolved = module.resolve_area(area)
                analysis = module.demography(resolved)
            except (LookupError, ValueError, TypeError, AttributeError):
                analysis = None
        basic = None
        for key in keys:
            found = None
            if analysis is not None:
                try:
                    found = module.indicator_value(resolved, key, analysis=analysis)
                except (LookupError, ValueError, TypeError):
                    found = None
            value = getattr(found, "value", None)
            if value:
                result[(key, area)] = LiveValue(
                    value=float(value), date=getattr(found, "date", None)
                )
                continue
            if key in BASIC_INDICATORS:
                if basic is None:
                    basic = _basic_all(area)
                result[(key, area)] = basic.get(key)
            else:
                result[(key, area)] = None
    return result
