"""Read queries of the HSDS API: the catalogue's services, providers, facilities and
codelists, filtered as the HSDS query parameters say."""

import datetime

from django.db.models import Prefetch, Q
from django.utils import timezone

from socplan.catalogue.models import (
    Codelist,
    CodelistItem,
    Facility,
    Provider,
    Service,
    ServiceGroup,
)
from socplan.catalogue.search import filter_services

from . import ids

# The codelists published as HSDS taxonomies (data in Czech, as the register has them).
VOCABULARIES = {
    Codelist.KIND: {
        "name": "Druhy sociálních služeb",
        "description": "Druhy sociálních služeb podle zákona č. 108/2006 Sb., o sociálních "
        "službách (číselník MPSV DruhSocialniSluzby), seskupené do sociálního poradenství, "
        "služeb sociální péče a služeb sociální prevence.",
        "uri": "https://data.mpsv.cz/od/soubory/ciselniky/druhy-socialni-sluzby.json",
        "link_type": "kind",
    },
    Codelist.TARGET_GROUP: {
        "name": "Cílové skupiny",
        "description": "Cílové skupiny osob sociálních služeb (číselník MPSV CilovaSkupinaOsoby).",
        "uri": "https://data.mpsv.cz/od/soubory/ciselniky/cilove-skupiny-osoby.json",
        "link_type": "target_group",
    },
    Codelist.AGE_GROUP: {
        "name": "Věkové skupiny",
        "description": "Věkové skupiny osob sociálních služeb (číselník MPSV VekovaSkupinaOsoby).",
        "uri": "https://data.mpsv.cz/od/soubory/ciselniky/vekove-skupiny-osoby.json",
        "link_type": "age_group",
    },
    Codelist.FORM: {
        "name": "Formy poskytování",
        "description": "Formy poskytování sociálních služeb: ambulantní, pobytová, terénní "
        "(číselník MPSV FormaSocialniSluzby).",
        "uri": "https://data.mpsv.cz/od/soubory/ciselniky/formy-soc-sluzby.json",
        "link_type": "form",
    },
    Codelist.LOCAL_CATEGORY: {
        "name": "Navazující služby",
        "description": "Kategorie služeb, které nejsou registrovanými sociálními službami "
        "(zdravotní péče, bydlení, volný čas, svépomocné skupiny, úřady a další).",
        "link_type": "local_category",
    },
}
for _codelist, _info in VOCABULARIES.items():
    _info["codelist"] = str(_codelist)

GROUP_NAMES = {
    ServiceGroup.COUNSELLING: "sociální poradenství",
    ServiceGroup.CARE: "služby sociální péče",
    ServiceGroup.PREVENTION: "služby sociální prevence",
}


class BadParameter(ValueError):
    """A query parameter with a value the API cannot use (answered with 400)."""


def vocabularies() -> dict:
    """Codelist value → description of the HSDS taxonomy made of it."""
    return {str(codelist): info for codelist, info in VOCABULARIES.items()}


def taxonomies(*, search: str = "") -> list[dict]:
    needle = fold(search)
    return [info for info in vocabularies().values() if needle in fold(info["name"])]


def service_with_relations(pk: int) -> Service:
    """One service with everything its fully nested form needs."""
    return with_full_relations(Service.objects.filter(pk=pk)).get()


def codelist_items():
    return CodelistItem.objects.filter(codelist__in=[str(c) for c in VOCABULARIES]).order_by(
        "codelist", "order", "name", "pk"
    )


def taxonomy_terms(
    *, taxonomy_id: str = "", parent_id: str = "", top_only: bool = False, search: str = ""
) -> list[tuple[str, object]]:
    """Terms in order: ("group", ServiceGroup value) for the groups of kinds (the parents
    of the kinds), ("item", CodelistItem) for codelist items."""
    terms: list[tuple[str, object]] = [("group", group) for group in ServiceGroup.values]
    terms += [("item", item) for item in codelist_items()]
    if taxonomy_id:
        terms = [t for t in terms if ids.taxonomy_id(_term_codelist(t)) == taxonomy_id]
    if parent_id:
        terms = [t for t in terms if _term_parent(t) == parent_id]
    if top_only:
        terms = [t for t in terms if not _term_parent(t)]
    if search:
        needle = fold(search)
        terms = [t for t in terms if needle in fold(_term_name(t))]
    return terms


def _term_codelist(term) -> str:
    kind, value = term
    return str(Codelist.KIND) if kind == "group" else value.codelist


def _term_parent(term) -> str:
    kind, value = term
    if kind == "item" and value.codelist == Codelist.KIND and value.group:
        return ids.group_term_id(value.group)
    return ""


def term_id(term) -> str:
    kind, value = term
    return ids.group_term_id(value) if kind == "group" else ids.taxonomy_term_id(value)


def _term_name(term) -> str:
    kind, value = term
    return GROUP_NAMES[value] if kind == "group" else value.name


def fold(text: str) -> str:
    from socplan.territory.models import search_key

    return search_key(text)


def term_filter(term_id: str) -> Q:
    """Services classified by a taxonomy term (a group of kinds, or a codelist item)."""
    for group in ServiceGroup.values:
        if ids.group_term_id(group) == term_id:
            return Q(kind__group=group)
    for item in codelist_items():
        if ids.taxonomy_term_id(item) == term_id:
            return {
                Codelist.KIND: Q(kind=item),
                Codelist.TARGET_GROUP: Q(target_groups=item),
                Codelist.AGE_GROUP: Q(age_groups=item),
                Codelist.FORM: Q(forms__form=item),
                Codelist.LOCAL_CATEGORY: Q(local_category=item),
            }[item.codelist]
    return Q(pk__in=[])


def taxonomy_filter(taxonomy_id: str) -> Q:
    """Services with any term of a taxonomy."""
    for codelist in VOCABULARIES:
        if ids.taxonomy_id(codelist) == taxonomy_id:
            return {
                Codelist.KIND: Q(kind__isnull=False),
                Codelist.TARGET_GROUP: Q(target_groups__isnull=False),
                Codelist.AGE_GROUP: Q(age_groups__isnull=False),
                Codelist.FORM: Q(forms__isnull=False),
                Codelist.LOCAL_CATEGORY: Q(local_category__isnull=False),
            }[codelist]
    return Q(pk__in=[])


def provider_by_id(org_id: str) -> Provider | None:
    for pk, ico in Provider.objects.values_list("pk", "ico"):
        if ids.make_id(f"organization:ico:{ico}" if ico else f"organization:local:{pk}") == org_id:
            return Provider.objects.get(pk=pk)
    return None


def service_pk_by_id(service_id: str) -> int | None:
    for pk, portal_id in Service.objects.values_list("pk", "portal_id"):
        key = f"service:mpsv:{portal_id}" if portal_id else f"service:local:{pk}"
        if ids.make_id(key) == service_id:
            return pk
    return None


def parse_modified_after(value: str) -> datetime.datetime | None:
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00").replace(" ", "+")
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        try:
            day = datetime.date.fromisoformat(text)
        except ValueError:
            raise BadParameter("modified_after") from None
        moment = datetime.datetime.combine(day, datetime.time())
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def services(
    *,
    search: str = "",
    taxonomy_term_id: str = "",
    taxonomy_id: str = "",
    organization_id: str = "",
    modified_after: str = "",
):
    """Services for the HSDS lists (ordered, not yet sliced)."""
    queryset = Service.objects.all()
    if search.strip():
        # evaluated here: the search's SQL names the service table, which a subquery
        # would alias on PostgreSQL
        found = filter_services(Service.objects.all(), search.strip())
        queryset = queryset.filter(pk__in=list(found.values_list("pk", flat=True)))
    if taxonomy_term_id:
        queryset = queryset.filter(term_filter(uuid_param(taxonomy_term_id, "taxonomy_term_id")))
    if taxonomy_id:
        queryset = queryset.filter(taxonomy_filter(uuid_param(taxonomy_id, "taxonomy_id")))
    if organization_id:
        provider = provider_by_id(uuid_param(organization_id, "organization_id"))
        queryset = queryset.filter(provider=provider) if provider else queryset.none()
    moment = parse_modified_after(modified_after)
    if moment is not None:
        queryset = queryset.filter(updated_at__gte=moment)
    ids_only = queryset.values("pk").distinct()
    return Service.objects.filter(pk__in=ids_only).order_by("name", "pk")


def with_list_relations(queryset):
    return queryset.select_related("provider", "kind").prefetch_related("target_groups")


def with_full_relations(queryset):
    return queryset.select_related("provider", "kind", "local_category").prefetch_related(
        "target_groups",
        "age_groups",
        Prefetch("forms", queryset=_forms()),
        "area_municipalities__municipality",
        "regions__region",
        Prefetch("facilities", queryset=_facilities()),
    )


def _forms():
    from socplan.catalogue.models import ServiceForm

    return ServiceForm.objects.select_related("form")


def _facilities():
    return Facility.objects.select_related("municipality__district__region").order_by("name", "pk")


def active_facilities(service) -> list[Facility]:
    today = timezone.localdate()
    if not service.is_active_on(today):
        return []
    return [
        facility
        for facility in service.facilities.all()
        if (facility.start_date is None or facility.start_date <= today)
        and (facility.end_date is None or facility.end_date >= today)
    ]


def service_areas(service) -> list[dict]:
    """The service area: regions of the extended scope, then municipalities."""
    areas = []
    for row in service.regions.all():
        areas.append(
            {
                "key": f"region:{row.region.code}",
                "name": row.region.name,
                "description": "Rozšířená působnost v kraji podle registru",
                "extent_type": "kraj",
            }
        )
    seen = set()
    for row in service.area_municipalities.all():
        if row.municipality_id in seen:
            continue
        seen.add(row.municipality_id)
        areas.append(
            {
                "key": f"municipality:{row.municipality.code}",
                "name": row.municipality.name,
                "description": f"Obec (kód ČSÚ {row.municipality.code})",
                "extent_type": "obec",
            }
        )
    return areas


def organizations(*, search: str = "", modified_after: str = ""):
    queryset = Provider.objects.all()
    for word in search.split():
        queryset = queryset.filter(Q(name__icontains=word) | Q(ico=word))
    moment = parse_modified_after(modified_after)
    if moment is not None:
        queryset = queryset.filter(updated_at__gte=moment)
    return queryset.order_by("name", "pk")


def service_at_locations(
    *,
    search: str = "",
    taxonomy_term_id: str = "",
    taxonomy_id: str = "",
    organization_id: str = "",
    modified_after: str = "",
):
    """(service, facility) pairs: the active facilities of active services."""
    today = timezone.localdate()
    matching = services(
        search=search,
        taxonomy_term_id=taxonomy_term_id,
        taxonomy_id=taxonomy_id,
        organization_id=organization_id,
        modified_after=modified_after,
    ).active(today)
    return (
        Facility.objects.filter(service__in=matching.values("pk"))
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=today))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("service__provider", "service__kind", "municipality__district__region")
        .prefetch_related("service__target_groups")
        .order_by("service__name", "service_id", "name", "pk")
    )


def facility_by_sal_id(sal_id: str) -> Facility | None:
    rows = service_at_locations().values_list("pk", "service_id", "service__portal_id")
    for pk, service_pk, portal_id in rows:
        key = f"service:mpsv:{portal_id}" if portal_id else f"service:local:{service_pk}"
        if ids.make_id(f"service_at_location:{key}:{pk}") == sal_id:
            return service_at_locations().get(pk=pk)
    return None


def uuid_param(value: str, name: str) -> str:
    normal = ids.normalise(value)
    if normal is None:
        raise BadParameter(name)
    return normal
