"""Local (non-registered) services of a planning area, entered by its coordinators
(catdata): health care, housing, leisure, self-help groups, authorities."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from socplan.core.forms import add_service_errors
from socplan.core.permissions import require
from socplan.territory.models import PlanningArea

from . import selectors, services
from .forms_local import LocalServiceForm, initial_from_service


def _area(request: HttpRequest, slug: str) -> PlanningArea:
    area = get_object_or_404(PlanningArea, slug=slug)
    require(request, "catalogue.change_local_services", area)
    return area


def local_services(request: HttpRequest, slug: str) -> HttpResponse:
    area = _area(request, slug)
    return render(
        request,
        "catalogue/local/list.html",
        {"area": area, "services": selectors.local_services_for_area(area)},
    )


@require_http_methods(["GET", "POST"])
def local_service_create(request: HttpRequest, slug: str) -> HttpResponse:
    area = _area(request, slug)
    form = LocalServiceForm(request.POST or None, area=area)
    if request.method == "POST" and form.is_valid():
        service = services.local_service_create(
            area=area, actor=request.user, data=form.cleaned_data
        )
        messages.success(request, _("The service %(name)s was added.") % {"name": service.name})
        return redirect("catalogue:local_services", slug=area.slug)
    return render(
        request, "catalogue/local/form.html", {"area": area, "form": form, "service": None}
    )


@require_http_methods(["GET", "POST"])
def local_service_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    area = _area(request, slug)
    service = selectors.local_services_for_area(area).filter(pk=pk).first()
    if service is None:
        raise Http404
    # a stale form (somebody saved the service meanwhile) shows both versions
    versioned = {"versioned": service, "versioned_values": initial_from_service}
    if request.method == "POST":
        form = LocalServiceForm(request.POST, area=area, **versioned)
        if form.is_valid():
            try:
                with form.saving():  # the version checked again in the save's transaction
                    services.local_service_update(
                        service=service, area=area, actor=request.user, data=form.cleaned_data
                    )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("The service %(name)s was saved.") % {"name": service.name}
                )
                return redirect("catalogue:local_services", slug=area.slug)
    else:
        form = LocalServiceForm(initial=initial_from_service(service), area=area, **versioned)
    return render(
        request, "catalogue/local/form.html", {"area": area, "form": form, "service": service}
    )
