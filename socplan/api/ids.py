"""Stable HSDS ids: UUIDs derived (uuid5) from each object's natural key, so that no model
needs a UUID column and the same register entry has the same id on every installation.

Natural keys: a registered service "service:mpsv:<portalId>", a local one
"service:local:<pk>"; a provider "organization:ico:<IČO>" (or "organization:local:<pk>");
a facility "location:<pk>"; a codelist item "taxonomy_term:<register id>"; a codelist
"taxonomy:<codelist>". Finding an object by its id computes the ids of the candidates
(cheap: a few thousand SHA-1 hashes at national scale).
"""

import uuid

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://socplan.cz/hsds/3.0")


def make_id(key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, key))


def service_key(service) -> str:
    if service.portal_id:
        return f"service:mpsv:{service.portal_id}"
    return f"service:local:{service.pk}"


def service_id(service) -> str:
    return make_id(service_key(service))


def organization_id(provider) -> str:
    if provider.ico:
        return make_id(f"organization:ico:{provider.ico}")
    return make_id(f"organization:local:{provider.pk}")


def location_id(facility) -> str:
    return make_id(f"location:{facility.pk}")


def service_at_location_id(service, facility) -> str:
    return make_id(f"service_at_location:{service_key(service)}:{facility.pk}")


def taxonomy_id(codelist: str) -> str:
    return make_id(f"taxonomy:{codelist}")


def taxonomy_term_id(item) -> str:
    return make_id(f"taxonomy_term:{item.codelist}:{item.register_id}")


def group_term_id(group: str) -> str:
    """The term of a group of kinds (counselling, care, prevention): the parent of kinds."""
    return make_id(f"taxonomy_term:group:{group}")


def normalise(value: str) -> str | None:
    """The canonical text of a UUID given by a client, or None when it is not one."""
    try:
        return str(uuid.UUID(str(value).strip()))
    except (ValueError, AttributeError):
        return None
