"""The public read-only API of the processes, version 1 (``/api/v1/``): thin views over
:mod:`.public_selectors` (what the public may read, decided by the apps' own rules) and
:mod:`.public_serializers`.

As the HSDS API (:mod:`.views`): GET only, no session (a signed-in user gets only what the
public gets), JSON in UTF-8, lists in the HSDS ``Page`` envelope (``page``, ``per_page``), a
bad parameter answers 400 and an object that does not exist or is not public 404, both with a
JSON body; the two 404s are the same.
"""

import functools

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from socplan.core.numbers import is_digits

from . import public_openapi, public_selectors, public_serializers
from .selectors import BadParameter
from .views import _json, _page, hsds_endpoint

CODE_LENGTH = 8  # ČSÚ codes of regions and municipalities


def _not_found():
    return _json({"error": "not_found", "message": "No public object has this id."}, status=404)


def _code(request, name: str) -> str:
    value = request.GET.get(name, "").strip()
    if value and (not (is_digits(value)) or len(value) > CODE_LENGTH):
        raise BadParameter(name)
    return value


def public_endpoint(view):
    """:func:`.views.hsds_endpoint` (GET only, 400 for a bad parameter), readable from any
    web page (``Access-Control-Allow-Origin: *``): the answers hold public data only, the
    same whoever asks, and no cookie is ever read for them."""
    endpoint = hsds_endpoint(view)

    @functools.wraps(endpoint)
    def wrapper(request, *args, **kwargs):
        response = endpoint(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


def _document(request) -> dict:
    return public_openapi.document(
        server_url=request.build_absolute_uri(reverse("api:public_root")).rstrip("/"),
        docs_url=request.build_absolute_uri(reverse("api:public_docs")),
    )


@public_endpoint
def root(request):
    return _json(
        {
            "version": public_openapi.VERSION,
            "openapi_url": request.build_absolute_uri(reverse("api:public_openapi")),
            "docs_url": request.build_absolute_uri(reverse("api:public_docs")),
            "processes_url": request.build_absolute_uri(reverse("api:public_processes")),
        }
    )


@public_endpoint
def openapi_json(request):
    return _json(_document(request))


@csrf_exempt
@require_GET
def docs(request):
    """Human documentation of the API, made from its OpenAPI document."""
    document = _document(request)
    return render(
        request,
        "api/public_docs.html",
        {
            "document": document,
            "endpoints": public_openapi.endpoints_for_docs(document),
            "openapi_url": reverse("api:public_openapi"),
            "processes_url": reverse("api:public_processes"),
            "hsds_docs_url": reverse("api:hsds_docs"),
        },
    )


# --- processes -----------------------------------------------------------------------------


@public_endpoint
def processes(request):
    rows = public_selectors.processes(
        region=_code(request, "region"), municipality=_code(request, "municipality")
    )
    return _json(_page(request, rows, lambda p: public_serializers.process_item(request, p)))


@public_endpoint
def process_detail(request, slug):
    process = public_selectors.process(slug=slug)
    if process is None:
        return _not_found()
    municipalities = public_selectors.area_municipalities(process=process)
    return _json(public_serializers.process_full(request, process, municipalities=municipalities))


@public_endpoint
def process_plans(request, slug):
    process = public_selectors.process(slug=slug)
    if process is None:
        return _not_found()
    rows = public_selectors.plans(process=process)
    return _json(_page(request, rows, lambda p: public_serializers.plan_item(request, p)))


# --- plans ---------------------------------------------------------------------------------


@public_endpoint
def plan_detail(request, plan_pk):
    public = public_selectors.plan(id=plan_pk)
    if public is None:
        return _not_found()
    municipalities = public_selectors.area_municipalities(process=public.plan.process)
    return _json(
        public_serializers.plan_full(
            request,
            public,
            values=public_selectors.indicator_values(plan=public.plan),
            codes={m.name: m.code for m in municipalities},
        )
    )


@public_endpoint
def plan_rounds(request, plan_pk):
    public = public_selectors.plan(id=plan_pk, content=False)
    if public is None:
        return _not_found()
    rows = public_selectors.rounds(plan=public.plan)
    return _json(_page(request, rows, lambda r: public_serializers.round_item(request, r)))


@public_endpoint
def plan_approval(request, plan_pk):
    public = public_selectors.plan(id=plan_pk, content=False)
    if public is None:
        return _not_found()
    data = public_selectors.approval(plan=public.plan)
    return _json(public_serializers.approval(public.plan, data))


# --- consultation --------------------------------------------------------------------------


@public_endpoint
def round_detail(request, pk):
    found = public_selectors.round_(id=pk)
    if found is None:
        return _not_found()
    return _json(public_serializers.round_item(request, found))


@public_endpoint
def round_comments(request, pk):
    found = public_selectors.round_(id=pk)
    if found is None:
        return _not_found()
    rows = public_selectors.comments(round=found)
    return _json(_page(request, rows, public_serializers.comment))


# --- monitoring ----------------------------------------------------------------------------


@public_endpoint
def plan_monitoring(request, plan_pk):
    public = public_selectors.monitored_plan(id=plan_pk)
    if public is None:
        return _not_found()
    rows = public_selectors.periods(plan=public.plan)
    return _json(
        _page(
            request,
            rows,
            lambda p: public_serializers.period_item(request, p, plan=public.plan),
        )
    )


@public_endpoint
def plan_period(request, plan_pk, year):
    public = public_selectors.monitored_plan(id=plan_pk)
    period = public_selectors.period(plan=public.plan, year=year) if public else None
    if period is None:
        return _not_found()
    state = public_selectors.period_state(period=period)
    names = public_serializers.labels(public_selectors.public_content(public))
    return _json(
        public_serializers.period_full(request, period, state, plan=public.plan, names=names)
    )


@public_endpoint
def plan_evaluation(request, plan_pk):
    public = public_selectors.monitored_plan(id=plan_pk)
    evaluation = public_selectors.evaluation(plan=public.plan) if public else None
    if evaluation is None:
        return _not_found()
    summary = public_selectors.evaluation_summary(plan=public.plan)
    names = public_serializers.labels(public_selectors.public_content(public))
    return _json(public_serializers.evaluation(evaluation, summary, plan=public.plan, names=names))
