import contextlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from socplan.core.branding import stylesheet_version
from socplan.core.forms import add_service_errors
from socplan.core.permissions import require
from socplan.territory.selectors import area_population_summary, share_percent

from . import selectors, services
from .forms import (
    PartnerFormSet,
    PhaseFormSet,
    ProcessAreaForm,
    ProcessForm,
    partners_from_formset,
    phase_initial,
)
from .guards import process_for_user
from .models import PlanningProcess

PARTNER_PREFIX = "partners"


def _partner_formset(request, instance):
    """The partners formset; the "add a row" button sends the form back with one more row."""
    if request.method != "POST":
        return PartnerFormSet(instance=instance, prefix=PARTNER_PREFIX)
    data = request.POST
    if "add_partner" in data:
        data = data.copy()
        key = f"{PARTNER_PREFIX}-TOTAL_FORMS"
        with contextlib.suppress(ValueError):
            data[key] = str(min(int(data.get(key, 0)) + 1, PartnerFormSet.max_num))
    return PartnerFormSet(data, instance=instance, prefix=PARTNER_PREFIX)


def _population_summary(area) -> dict | None:
    """The area's population for the process page, or None without data."""
    summary = area_population_summary(area=area)
    if not summary.total:
        return None
    return {
        "total": summary.total,
        "municipality_count": summary.municipality_count,
        "census_year": summary.census_year or summary.year,
        "percent_65_plus": share_percent(summary.share_65_plus),
    }


# A year: the address carries the version of the stylesheet (PlanningProcess.brand_css_url).
BRAND_CSS_MAX_AGE = 365 * 24 * 3600


def process_brand_css(request, slug):
    """The process's colour as a stylesheet for the header of its pages (no inline style).
    Asked for with the version of its content (``?v=``, as the pages link it) it is cached
    for good; without it, or with an older one (a page kept from before the change of the
    colour), for five minutes."""
    process = process_for_user(request, slug)
    body = process.brand_stylesheet
    response = HttpResponse(body, content_type="text/css; charset=utf-8")
    if request.GET.get("v") == stylesheet_version(body):
        scope = "public" if process.is_published else "private"
        response["Cache-Control"] = f"{scope}, max-age={BRAND_CSS_MAX_AGE}, immutable"
    else:
        response["Cache-Control"] = "private, max-age=300"
    return response


def process_detail(request, slug):
    process = process_for_user(request, slug)
    timeline = selectors.process_timeline(process=process)
    return render(
        request,
        "organisation/process_detail.html",
        {
            "process": process,
            "timeline": timeline,
            "partners": list(process.partners.all()),
            "population": _population_summary(process.planning_area),
        },
    )


def process_create(request):
    require(request, "organisation.add_process")
    form = ProcessForm(request.POST or None, request.FILES or None, user=request.user)
    partners = _partner_formset(request, PlanningProcess())
    submitted = request.method == "POST" and "add_partner" not in request.POST
    if submitted and form.is_valid() and partners.is_valid():
        fields = form.process_fields()
        try:
            process = services.process_create(
                actor=request.user,
                partners=partners_from_formset(partners),
                make_coordinator=form.cleaned_data.get("make_coordinator") or None,
                **fields,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The planning process was created."))
            return redirect(process)
    return render(
        request,
        "organisation/process_form.html",
        {"form": form, "partners": partners, "process": None},
    )


def process_edit(request, slug):
    process = process_for_user(request, slug, "organisation.change_process")
    # The form works on its own copy, so that invalid input never touches ``process``.
    editable = PlanningProcess.objects.get(pk=process.pk)
    form = ProcessForm(
        request.POST or None, request.FILES or None, instance=editable, user=request.user
    )
    partners = _partner_formset(request, process)
    submitted = request.method == "POST" and "add_partner" not in request.POST
    if submitted and form.is_valid() and partners.is_valid():
        try:
            services.process_update(
                process=process,
                actor=request.user,
                partners=partners_from_formset(partners),
                **form.process_fields(),
            )
        except ValidationError as error:
            process.refresh_from_db()
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(process)
    return render(
        request,
        "organisation/process_form.html",
        {"form": form, "partners": partners, "process": process},
    )


def process_area_create(request, slug):
    """A coordinator makes a planning area for the process from municipalities of its
    region; the process moves onto it."""
    process = process_for_user(request, slug, "organisation.add_process_area")
    regions = services.process_area_regions(process=process)
    form = ProcessAreaForm(request.POST or None, regions=regions)
    if request.method == "POST" and form.is_valid():
        try:
            area = services.process_area_create(
                process=process,
                actor=request.user,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                description=form.cleaned_data["description"],
                municipalities=form.cleaned_data["municipality_ids"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The planning area %(name)s with %(count)s municipalities was created.")
                % {"name": area.name, "count": len(form.cleaned_data["municipality_ids"])},
            )
            return redirect(process)
    return render(
        request,
        "organisation/process_area_form.html",
        {"form": form, "process": process, "has_region": bool(regions)},
    )


def process_phases(request, slug):
    process = process_for_user(request, slug, "organisation.change_process")
    if request.method == "POST":
        formset = PhaseFormSet(request.POST, prefix="phases")
        if formset.is_valid():
            try:
                services.phases_update(process=process, actor=request.user, phases=formset.phases())
            except ValidationError as error:
                add_service_errors(formset, error)
            else:
                messages.success(request, _("The phases were saved."))
                return redirect(process)
    else:
        formset = PhaseFormSet(initial=phase_initial(process), prefix="phases")
    return render(
        request, "organisation/process_phases.html", {"process": process, "formset": formset}
    )
