"""Catalogue objects as HSDS 3.0 JSON objects (Open Referral Human Services Data
Specification).

Rules of the specification that shape this module: ids are UUIDs (see :mod:`.ids`);
optional fields are left out, never ``null`` (the schemas allow no nulls); every nested
object carries its own id. What the catalogue never publishes: personal data of statutory
bodies (not stored at all) and the addresses of facilities with a secret address (shelters):
such a location has no address and no coordinates.

Mapping:
- Provider → organization (IČO as ``tax_id`` and an organization identifier);
- Service → service (register kind, target and age groups, forms and local category as
  attributes linking taxonomy terms; phones; e-mails beyond the first as contacts; service
  area: its municipalities and regions);
- Facility → location, and service + facility → service_at_location;
- each codelist → taxonomy, each item → taxonomy term (kinds have their group as parent).
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import timezone

from . import ids

HSDS_VERSION = "3.0"
LANGUAGE = "cs"
COUNTRY = "CZ"

_url_validator = URLValidator(schemes=["http", "https"])
_email_validator = EmailValidator()


def clean(data: dict, *, keep: tuple[str, ...] = ()) -> dict:
    """The object without empty optional fields (None, "" and [])."""
    return {
        key: value
        for key, value in data.items()
        if key in keep or not (value is None or value == "" or value == [])
    }


def web_url(value: str) -> str | None:
    """A web address as a URI ("www.x.cz" → "http://www.x.cz"); None when it is not one."""
    value = (value or "").strip()
    if not value:
        return None
    if "://" not in value:
        value = "http://" + value
    try:
        _url_validator(value)
    except ValidationError:
        return None
    return value


def email_address(value: str) -> str | None:
    value = (value or "").strip()
    try:
        _email_validator(value)
    except ValidationError:
        return None
    return value


def _values(items) -> list[dict]:
    """Contact lists of the catalogue: [{"value", "note"}] (tolerates plain strings)."""
    result = []
    for item in items or []:
        if isinstance(item, dict):
            value = str(item.get("value") or "").strip()
            note = str(item.get("note") or "").strip()
        else:
            value, note = str(item).strip(), ""
        if value:
            result.append({"value": value, "note": note})
    return result


def _datetime(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return datetime.datetime.combine(value, datetime.time()).isoformat()


def _number(value) -> float | None:
    if value is None:
        return None
    return float(Decimal(value))


# --- taxonomies ------------------------------------------------------------------------


def taxonomy(info: dict) -> dict:
    return clean(
        {
            "id": ids.taxonomy_id(info["codelist"]),
            "name": info["name"],
            "description": info["description"],
            "uri": info.get("uri"),
        },
        keep=("description",),
    )


def taxonomy_term(item, info: dict) -> dict:
    """A codelist item as a taxonomy term (``info`` describes its codelist)."""
    description = item.name
    if getattr(item, "paragraph", ""):
        description = f"{item.name} ({item.paragraph} zákona č. 108/2006 Sb.)"
    group = getattr(item, "group", "")
    return clean(
        {
            "id": ids.taxonomy_term_id(item),
            "code": item.register_id,
            "name": item.name,
            "description": description,
            "parent_id": ids.group_term_id(group) if group else None,
            "taxonomy": info["name"],
            "taxonomy_id": ids.taxonomy_id(info["codelist"]),
            "language": LANGUAGE,
        },
        keep=("description",),
    )


def group_term(group: str, label: str, info: dict) -> dict:
    """A group of kinds (counselling, care, prevention) as the parent term of its kinds."""
    return {
        "id": ids.group_term_id(group),
        "code": f"group/{group}",
        "name": label,
        "description": label,
        "taxonomy": info["name"],
        "taxonomy_id": ids.taxonomy_id(info["codelist"]),
        "language": LANGUAGE,
    }


def attribute(*, link_id: str, link_entity: str, item, info: dict) -> dict:
    """A link from a service to one of its taxonomy terms."""
    term = taxonomy_term(item, info)
    return {
        "id": ids.make_id(f"attribute:{link_id}:{term['id']}"),
        "link_id": link_id,
        "taxonomy_term_id": term["id"],
        "link_type": info["link_type"],
        "link_entity": link_entity,
        "value": item.name,
        "taxonomy_term": term,
    }


# --- organizations ---------------------------------------------------------------------


def organization(provider) -> dict:
    """The organization with its one-to-one fields (the list form)."""
    org_id = ids.organization_id(provider)
    emails = [e for e in (email_address(v["value"]) for v in _values(provider.emails)) if e]
    candidates = [provider.web] + [v["value"] for v in _values(provider.webs)]
    webs = [w for w in (web_url(v) for v in candidates) if w]
    description = provider.legal_form or ""
    return clean(
        {
            "id": org_id,
            "name": provider.name,
            "description": description,
            "email": emails[0] if emails else None,
            "website": webs[0] if webs else None,
            "tax_id": provider.ico or None,
            "legal_status": provider.legal_form or None,
        },
        keep=("description",),
    )


def organization_full(provider, *, services=(), locations=()) -> dict:
    """The fully nested organization: phones, IČO as an identifier, its services (list
    form, without the organization) and the locations of its services."""
    data = organization(provider)
    data["services"] = [service_item(s, with_organization=False) for s in services]
    data["locations"] = [location(facility, organization_id=data["id"]) for facility in locations]
    org_id = data["id"]
    data["phones"] = [
        clean(
            {
                "id": ids.make_id(f"phone:{org_id}:{index}"),
                "organization_id": org_id,
                "number": phone["value"],
                "description": phone["note"],
            }
        )
        for index, phone in enumerate(_values(provider.phones))
    ]
    if provider.ico:
        data["organization_identifiers"] = [
            {
                "id": ids.make_id(f"organization_identifier:{org_id}:ico"),
                "organization_id": org_id,
                "identifier_scheme": "CZ-ICO",
                "identifier_type": "IČO",
                "identifier": provider.ico,
            }
        ]
    return clean(data, keep=("description",))


# --- locations -------------------------------------------------------------------------


def address_line(facility) -> str:
    """Street and numbers ("Nemocniční 2272/54"); "č. p." or "č. ev." without a street."""
    number = facility.house_number or ""
    registration = (facility.house_number_type or "").endswith("/2")
    if number and facility.orientation_number:
        number = f"{number}/{facility.orientation_number}"
    elif not number:
        number = facility.orientation_number or ""
    street = (facility.street or "").strip()
    if registration and number:
        number = f"č. ev. {number}"
    if street:
        return f"{street} {number}".strip()
    if number and not registration:
        return f"č. p. {number}"
    return number


def location(facility, *, organization_id: str | None = None, full: bool = True) -> dict:
    """A facility as a physical location (``full``: with its address). A secret address is
    never published: no address, no coordinates, no address code."""
    loc_id = ids.location_id(facility)
    data = {
        "id": loc_id,
        "location_type": "physical",
        "organization_id": organization_id,
        "name": facility.name or None,
    }
    if facility.is_secret_address:
        data["description"] = "Adresa zařízení se nezveřejňuje."
        return clean(data)
    municipality = facility.municipality
    data["latitude"] = _number(facility.latitude)
    data["longitude"] = _number(facility.longitude)
    if facility.address_code:
        data["external_identifier"] = str(facility.address_code)
        data["external_identifier_type"] = "RÚIAN kód adresního místa"
    line = address_line(facility)
    city = municipality.name if municipality else ""
    region = ""
    if municipality and municipality.district_id and municipality.district.region_id:
        region = municipality.district.region.name
    if full and (line or city):
        data["addresses"] = [
            {
                "id": ids.make_id(f"address:{loc_id}"),
                "location_id": loc_id,
                "address_1": line or city,
                "city": city,
                "state_province": region,
                "postal_code": (facility.postcode or "").replace(" ", ""),
                "country": COUNTRY,
                "address_type": "physical",
            }
        ]
    return clean(data)


def service_at_location(
    service, facility, *, nested_service: dict | None = None, full: bool = True
) -> dict:
    """Service at a facility (``full``: the location with its address)."""
    service_hsds_id = ids.service_id(service)
    data = {
        "id": ids.service_at_location_id(service, facility),
        "service_id": service_hsds_id,
        "location_id": ids.location_id(facility),
        "location": location(
            facility, organization_id=ids.organization_id(service.provider), full=full
        ),
    }
    if nested_service is not None:
        data["service"] = nested_service
    return data


# --- services --------------------------------------------------------------------------


def service_status(service, today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    if service.removed_from_register_at is not None:
        return "defunct"
    if service.end_date and service.end_date < today:
        return "defunct"
    if service.start_date and service.start_date > today:
        return "inactive"
    return "active"


def _service_licence(service) -> str | None:
    if not service.portal_id:
        return None
    text = "Registrovaná sociální služba podle zákona č. 108/2006 Sb."
    kind = service.kind
    if kind is not None and kind.paragraph:
        text = f"Registrovaná sociální služba podle {kind.paragraph} zákona č. 108/2006 Sb."
    if service.identifikator:
        text += f" Identifikátor registrace {service.identifikator}."
    return text


def service_item(service, *, with_organization: bool = True) -> dict:
    """The service with its one-to-one fields (the list form: also its organization)."""
    emails = [e for e in (email_address(v["value"]) for v in _values(service.emails)) if e]
    webs = [w for w in (web_url(v["value"]) for v in _values(service.webs)) if w]
    target_groups = [item.name for item in service.target_groups.all()]
    eligibility = ", ".join(target_groups)
    if service.age_note:
        eligibility = f"{eligibility}. {service.age_note}" if eligibility else service.age_note
    data = {
        "id": ids.service_id(service),
        "organization_id": ids.organization_id(service.provider),
        "name": service.name,
        "alternate_name": service.identifikator or None,
        "description": service.description or None,
        "url": webs[0] if webs else None,
        "email": emails[0] if emails else None,
        "status": service_status(service),
        "eligibility_description": eligibility or None,
        "assured_date": service.verified_at.isoformat() if service.verified_at else None,
        "licenses": _service_licence(service),
        "last_modified": _datetime(service.updated_at),
    }
    if with_organization:
        data["organization"] = organization(service.provider)
    return clean(data)


def service_full(service, *, vocabularies: dict, areas: list[dict], facilities) -> dict:
    """The fully nested service. ``vocabularies`` is :func:`socplan.api.selectors.
    vocabularies`; ``areas`` the service area as [{"key", "name", "description"}];
    ``facilities`` its active facilities."""
    data = service_item(service)
    data["organization"] = organization_full(service.provider)
    sid = data["id"]
    phones = _values(service.phones)
    data["phones"] = [
        clean(
            {
                "id": ids.make_id(f"phone:{sid}:{index}"),
                "service_id": sid,
                "number": phone["value"],
                "description": phone["note"],
            }
        )
        for index, phone in enumerate(phones)
    ]
    contacts = []
    for index, mail in enumerate(_values(service.emails)):
        address = email_address(mail["value"])
        if address:
            contacts.append(
                clean(
                    {
                        "id": ids.make_id(f"contact:{sid}:{index}"),
                        "service_id": sid,
                        "email": address,
                        "name": mail["note"],
                    }
                )
            )
    data["contacts"] = contacts
    data["service_areas"] = [
        clean(
            {
                "id": ids.make_id(f"service_area:{sid}:{area['key']}"),
                "service_id": sid,
                "name": area["name"],
                "description": area.get("description", ""),
                "extent_type": area.get("extent_type", ""),
            }
        )
        for area in areas
    ]
    data["service_at_locations"] = [
        service_at_location(service, facility) for facility in facilities
    ]
    data["languages"] = [
        {
            "id": ids.make_id(f"language:{sid}:cs"),
            "service_id": sid,
            "name": "čeština",
            "code": "cs",
        }
    ]
    attributes = []
    for item, info in service_terms(service, vocabularies):
        attributes.append(attribute(link_id=sid, link_entity="service", item=item, info=info))
    data["attributes"] = attributes
    if service.opening_hours:
        data["schedules"] = [
            {
                "id": ids.make_id(f"schedule:{sid}"),
                "service_id": sid,
                "description": service.opening_hours,
            }
        ]
    return clean(data)


def service_terms(service, vocabularies: dict):
    """(codelist item, codelist info) pairs of every term a service is classified by."""
    by_codelist = vocabularies
    pairs = []
    for item in (service.kind, service.local_category):
        if item is not None and item.codelist in by_codelist:
            pairs.append((item, by_codelist[item.codelist]))
    for relation in (service.target_groups, service.age_groups):
        for item in relation.all():
            if item.codelist in by_codelist:
                pairs.append((item, by_codelist[item.codelist]))
    for service_form in service.forms.all():
        item = service_form.form
        if item.codelist in by_codelist:
            pairs.append((item, by_codelist[item.codelist]))
    return pairs
