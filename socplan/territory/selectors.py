from django.db.models import QuerySet

from .models import Municipality, PlanningArea, Population, Region


def region_ids_of_area(*, area: PlanningArea) -> set[int]:
    """Regions that the area's municipalities lie in."""
    return set(
        Region.objects.filter(districts__municipalities__planning_areas=area)
        .values_list("id", flat=True)
        .distinct()
    )


def latest_census_year() -> int | None:
    return (
        Population.objects.filter(source=Population.Source.CENSUS)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )


def municipalities_of_area(*, area: PlanningArea) -> QuerySet[Municipality]:
    return area.municipalities.select_related("district", "orp").order_by("name", "code")
