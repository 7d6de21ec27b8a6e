"""HSDS 3.0 API (read-only, public): thin views over :mod:`.selectors` and
:mod:`.serializers`. Plain Django views keep the JSON exactly as the HSDS schemas want it
(no nulls, optional fields left out)."""

import math

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from . import ids, openapi, selectors, serializers
from .selectors import BadParameter

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
# A page number beyond this is refused (400): the offset of the page must stay a number the
# database can take (page=99999999999999999999 overflowed it with a server error).
MAX_PAGE = 1_000_000


def _json(data, status=200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _bad(name: str) -> JsonResponse:
    return _json(
        {"error": "bad_parameter", "parameter": name, "message": f"Invalid value of {name}."},
        status=400,
    )


def _not_found() -> JsonResponse:
    return _json({"error": "not_found", "message": "No object has this id."}, status=404)


def _int(request, name: str, default: int, *, minimum: int = 1, maximum: int | None = None) -> int:
    value = request.GET.get(name, "").strip()
    if not value:
        return default
    if len(value) > 20:  # int() of a very long text is slow (and absurd here)
        raise BadParameter(name)
    try:
        number = int(value)
    except ValueError:
        raise BadParameter(name) from None
    if number < minimum or (maximum is not None and number > maximum):
        raise BadParameter(name)
    return number


def _bool(request, name: str) -> bool:
    value = request.GET.get(name, "").strip().lower()
    if value in ("", "false", "0", "no"):
        return False
    if value in ("true", "1", "yes"):
        return True
    raise BadParameter(name)


def _page(request, rows, serialize) -> dict:
    """The HSDS Page envelope around one page of ``rows`` (a queryset or a list)."""
    page = _int(request, "page", 1, maximum=MAX_PAGE)
    per_page = min(_int(request, "per_page", DEFAULT_PER_PAGE, maximum=10**9), MAX_PER_PAGE)
    total = rows.count() if hasattr(rows, "count") and not isinstance(rows, list) else len(rows)
    start = (page - 1) * per_page
    contents = [serialize(row) for row in rows[start : start + per_page]]
    total_pages = math.ceil(total / per_page) if total else 0
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def _filters(request) -> dict:
    return {
        name: request.GET.get(name, "")
        for name in (
            "search",
            "taxonomy_term_id",
            "taxonomy_id",
            "organization_id",
            "modified_after",
        )
    }


def hsds_endpoint(view):
    """GET only (any other method: 405, also without a CSRF token: the API is read-only
    and knows no session); a bad parameter answers 400 with a JSON message."""

    @csrf_exempt
    @require_GET
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadParameter as exc:
            return _bad(str(exc))

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@hsds_endpoint
def root(request):
    return _json(
        {
            "version": serializers.HSDS_VERSION,
            "profile": request.build_absolute_uri(reverse("api:hsds_docs")),
            "openapi_url": request.build_absolute_uri(reverse("api:hsds_openapi")),
        }
    )


@hsds_endpoint
def openapi_json(request):
    return _json(_document(request))


def _document(request) -> dict:
    server = request.build_absolute_uri(reverse("api:hsds_root")).rstrip("/")
    return openapi.document(
        server_url=server, docs_url=request.build_absolute_uri(reverse("api:hsds_docs"))
    )


@csrf_exempt
@require_GET
def docs(request):
    """Human documentation of the API, made from the OpenAPI document."""
    document = _document(request)
    endpoints = []
    parameters = document["components"]["parameters"]
    for path, item in document["paths"].items():
        operation = item["get"]
        params = []
        for param in operation.get("parameters", []):
            if "$ref" in param:
                param = parameters[param["$ref"].rsplit("/", 1)[-1]]
            params.append(param)
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        ref = schema.get("$ref") or schema.get("properties", {}).get("contents", {}).get(
            "items", {}
        ).get("$ref", "")
        endpoints.append(
            {
                "path": path,
                "url": document["servers"][0]["url"] + ("" if path == "/" else path),
                "summary": operation["summary"],
                "parameters": params,
                "schema_url": ref,
                "is_list": "allOf" in schema,
            }
        )
    return render(
        request,
        "api/hsds_docs.html",
        {
            "document": document,
            "endpoints": endpoints,
            "openapi_url": reverse("api:hsds_openapi"),
            "example_url": reverse("api:hsds_services")
            + "?search=pe%C4%8Dovatelsk%C3%A1&per_page=5",
        },
    )


# --- services ---------------------------------------------------------------------------


@hsds_endpoint
def services(request):
    rows = selectors.with_list_relations(selectors.services(**_filters(request)))
    return _json(_page(request, rows, serializers.service_item))


def _full_service(service) -> dict:
    return serializers.service_full(
        service,
        vocabularies=selectors.vocabularies(),
        areas=selectors.service_areas(service),
        facilities=selectors.active_facilities(service),
    )


@hsds_endpoint
def service_detail(request, id):
    normal = ids.normalise(id)
    pk = selectors.service_pk_by_id(normal) if normal else None
    if pk is None:
        return _not_found()
    service = selectors.service_with_relations(pk)
    return _json(_full_service(service))


# --- organizations ----------------------------------------------------------------------


@hsds_endpoint
def organizations(request):
    rows = selectors.organizations(
        search=request.GET.get("search", ""),
        modified_after=request.GET.get("modified_after", ""),
    )
    return _json(_page(request, rows, serializers.organization))


@hsds_endpoint
def organization_detail(request, id):
    normal = ids.normalise(id)
    provider = selectors.provider_by_id(normal) if normal else None
    if provider is None:
        return _not_found()
    services = list(selectors.with_full_relations(provider.services.order_by("name", "pk")))
    locations = [f for s in services for f in selectors.active_facilities(s)]
    return _json(serializers.organization_full(provider, services=services, locations=locations))


# --- service at location ----------------------------------------------------------------


@hsds_endpoint
def service_at_locations(request):
    rows = selectors.service_at_locations(**_filters(request))
    return _json(
        _page(
            request,
            rows,
            lambda facility: serializers.service_at_location(
                facility.service,
                facility,
                nested_service=serializers.service_item(facility.service),
                full=False,
            ),
        )
    )


@hsds_endpoint
def service_at_location_detail(request, id):
    normal = ids.normalise(id)
    facility = selectors.facility_by_sal_id(normal) if normal else None
    if facility is None:
        return _not_found()
    service = selectors.service_with_relations(facility.service_id)
    nested = _full_service(service)
    nested.pop("service_at_locations", None)  # the schema nests no locations in it
    return _json(serializers.service_at_location(service, facility, nested_service=nested))


# --- taxonomies -------------------------------------------------------------------------


@hsds_endpoint
def taxonomies(request):
    rows = selectors.taxonomies(search=request.GET.get("search", ""))
    return _json(_page(request, rows, serializers.taxonomy))


@hsds_endpoint
def taxonomy_detail(request, id):
    for info in selectors.vocabularies().values():
        if ids.taxonomy_id(info["codelist"]) == ids.normalise(id):
            return _json(serializers.taxonomy(info))
    return _not_found()


def _term(term) -> dict:
    kind, value = term
    info = selectors.vocabularies()
    if kind == "group":
        return serializers.group_term(
            value, selectors.GROUP_NAMES[value], info["DruhSocialniSluzby"]
        )
    return serializers.taxonomy_term(value, info[value.codelist])


@hsds_endpoint
def taxonomy_terms(request):
    taxonomy_id = request.GET.get("taxonomy_id", "")
    parent_id = request.GET.get("parent_id", "")
    rows = selectors.taxonomy_terms(
        taxonomy_id=selectors.uuid_param(taxonomy_id, "taxonomy_id") if taxonomy_id else "",
        parent_id=selectors.uuid_param(parent_id, "parent_id") if parent_id else "",
        top_only=_bool(request, "top_only"),
        search=request.GET.get("search", ""),
    )
    return _json(_page(request, rows, _term))


@hsds_endpoint
def taxonomy_term_detail(request, id):
    normal = ids.normalise(id)
    for term in selectors.taxonomy_terms():
        if selectors.term_id(term) == normal:
            return _json(_term(term))
    return _not_found()
