"""The local open-data catalogue (DCAT-AP-CZ, :mod:`.opendata`): its JSON-LD documents, the
CSV distributions with their CSVW metadata, and a page listing them. Public and read-only;
only published processes have datasets (anything else is 404)."""

import json

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from socplan.core import tables
from socplan.organisation.models import PlanningProcess

from . import opendata, opendata_tables


def _json(document: dict, content_type: str) -> HttpResponse:
    body = json.dumps(document, ensure_ascii=False, indent=2, default=str)
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _csv(content: bytes, file_name: str) -> HttpResponse:
    response = tables.download(content, fmt="csv", file_name=file_name)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _process_kind(slug: str, table: str):
    process = get_object_or_404(
        PlanningProcess.objects.select_related("planning_area"), slug=slug, is_published=True
    )
    kind = opendata.KINDS_BY_KEY.get(table)
    if kind is None or kind not in opendata.kinds_of(opendata.ProcessData.of(process)):
        raise Http404
    return process, kind


@require_GET
def index(request):
    data = opendata.published_data()
    processes = [
        {
            "process": d.process,
            "datasets": [
                {
                    "kind": kind,
                    "title": opendata.both(kind.title),
                    "iri": opendata.dataset_iri(d.process, kind),
                    "csv": opendata.csv_url(d.process, kind),
                    "csvw": opendata.csvw_url(d.process, kind),
                }
                for kind in opendata.kinds_of(d)
            ],
        }
        for d in data
    ]
    return render(
        request,
        "api/opendata.html",
        {
            "catalogue_url": opendata.catalogue_iri(),
            "services_iri": opendata.services_iri(),
            "publisher": opendata.publisher_iri(),
            "processes": [p for p in processes if p["datasets"]],
            "registration_url": opendata.NKOD_REGISTRATION,
            "specification_url": opendata.SPECIFICATION,
        },
    )


@require_GET
def catalogue(request):
    return _json(opendata.catalogue_document(), opendata.JSONLD_MEDIA_TYPE)


@require_GET
def services_dataset(request):
    return _json(opendata.services_document(), opendata.JSONLD_MEDIA_TYPE)


@require_GET
def services_csv(request):
    return _csv(opendata_tables.csv_bytes(opendata.services_table()), opendata.SERVICES_KEY)


@require_GET
def services_csvw(request):
    return _json(opendata.services_csvw_document(), opendata.CSVW_MEDIA_TYPE)


@require_GET
def dataset(request, slug, table):
    process, kind = _process_kind(slug, table)
    return _json(opendata.dataset_document(process, kind), opendata.JSONLD_MEDIA_TYPE)


@require_GET
def dataset_csv(request, slug, table):
    process, kind = _process_kind(slug, table)
    content = opendata_tables.csv_bytes(opendata.dataset_table(process, kind))
    return _csv(content, f"{process.slug}-{kind.key}")


@require_GET
def dataset_csvw(request, slug, table):
    process, kind = _process_kind(slug, table)
    return _json(opendata.csvw_document(process, kind), opendata.CSVW_MEDIA_TYPE)
