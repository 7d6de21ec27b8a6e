from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from socplan.core.collation import czech_sorted
from socplan.core.forms import add_service_errors
from socplan.core.permissions import require

from . import selectors, services
from .forms import AreaForm, OrpAreaForm, PickerSearchForm, SubAreaForm
from .guards import area_for_viewer
from .models import Municipality, Orp, PlanningArea, SubArea
from .rules import visible_areas

TABLE_COLUMNS = [
    # sort key, label, numeric column
    ("name", gettext_lazy("Municipality"), False),
    ("code", gettext_lazy("Code"), False),
    ("population", gettext_lazy("Population"), True),
    ("age_0_14", gettext_lazy("0–14"), True),
    ("age_15_64", gettext_lazy("15–64"), True),
    ("age_65_plus", gettext_lazy("65+"), True),
    ("share_65_plus", gettext_lazy("Share of 65+"), True),
]


def area_list(request: HttpRequest) -> HttpResponse:
    require(request, "territory.view_area")
    return render(
        request,
        "territory/area_list.html",
        {"areas": selectors.planning_areas_with_totals(areas=visible_areas(request.user))},
    )


def _table_headers(sort: str) -> list[dict]:
    current_key = sort.lstrip("-")
    descending = sort.startswith("-")
    headers = []
    for key, label, numeric in TABLE_COLUMNS:
        is_current = key == current_key
        if is_current:
            next_sort = key if descending else "-" + key
        else:
            next_sort = "-" + key if numeric else key  # numbers: largest first
        headers.append(
            {
                "key": key,
                "label": label,
                "numeric": numeric,
                "current": is_current,
                "aria_sort": ("descending" if descending else "ascending") if is_current else "",
                "url": "?" + urlencode({"sort": next_sort}) + "#municipalities",
            }
        )
    return headers


def area_detail(request: HttpRequest, slug: str) -> HttpResponse:
    area = area_for_viewer(request, slug, PlanningArea.objects.select_related("orp"))
    sort = selectors.parse_sort(request.GET.get("sort"))
    rows = selectors.municipalities_with_population(area=area, sort=sort)
    summary = selectors.area_population_summary(area=area)
    sub_areas = [
        {
            "object": sub_area,
            "names": czech_sorted(m.name for m in sub_area.municipalities.all()),
        }
        for sub_area in area.sub_areas.prefetch_related("municipalities")
    ]
    return render(
        request,
        "territory/area_detail.html",
        {
            "area": area,
            "rows": rows,
            "summary": summary,
            "headers": _table_headers(sort),
            "sort": sort,
            "sub_areas": sub_areas,
            "map_points": selectors.map_points(rows),
            "without_point": [m for m in rows if not m.has_point],
            "can_change": request.user.has_perm("territory.change_area", area),
        },
    )


@require_http_methods(["GET", "POST"])
def area_create(request: HttpRequest) -> HttpResponse:
    """A planning area of one ORP in one step (the list way is :func:`area_create_list`)."""
    require(request, "territory.add_area")
    form = OrpAreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        area = services.planning_area_create_from_orp(
            orp=form.cleaned_data["orp"],
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            actor=request.user,
        )
        messages.success(
            request,
            _("The planning area %(name)s with %(count)s municipalities was created.")
            % {"name": area.name, "count": area.municipalities.count()},
        )
        return redirect("territory:area_detail", slug=area.slug)
    return render(request, "territory/area_create.html", {"form": form})


def _picker_context(data, *, selected_ids: list[int], action: str) -> dict:
    """State of the municipality picker: what is ticked, what the search found."""
    search = PickerSearchForm(data)
    criteria = search.criteria()
    selected_ids = list(dict.fromkeys(selected_ids))
    message = ""
    if action == "add_orp":
        if criteria["orp_id"]:
            orp = Orp.objects.filter(pk=criteria["orp_id"]).first()
            if orp is not None:
                ids = list(orp.municipalities.values_list("pk", flat=True))
                new = [pk for pk in ids if pk not in set(selected_ids)]
                selected_ids.extend(new)
                message = _("%(count)s municipalities of ORP %(name)s were added.") % {
                    "count": len(new),
                    "name": orp.name,
                }
        else:
            message = _("Choose an ORP first, then add its municipalities.")
    selected = sorted(
        Municipality.objects.filter(pk__in=selected_ids).select_related("orp", "district"),
        key=lambda m: (m.search_name, m.code),
    )
    results, more = selectors.municipality_search(**criteria)
    chosen = {m.pk for m in selected}
    results = [m for m in results if m.pk not in chosen]
    searched = bool(criteria["query"] or criteria["orp_id"] or criteria["district_id"])
    return {
        "search_form": search,
        "selected": selected,
        "results": results,
        "more_results": more,
        "searched": searched,
        "picker_message": message,
        "search_limit": selectors.SEARCH_LIMIT,
    }


def _selected_ids(data) -> list[int]:
    ids = []
    for value in data.getlist("municipalities"):
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            continue
    return ids


def _area_form_view(request: HttpRequest, *, area: PlanningArea | None) -> HttpResponse:
    """The create-from-a-list and edit page: a form with a municipality picker.

    Without JavaScript, the "Search" and "Add all of the ORP" buttons post the whole form
    back and the page comes again with everything typed and ticked kept. With htmx, typing
    in the search box fetches only the picker fragment (GET).
    """
    data = request.POST if request.method == "POST" else request.GET
    action = request.POST.get("action", "save") if request.method == "POST" else "search"
    if area is not None and "picked" not in data:
        selected_ids = list(area.municipalities.values_list("pk", flat=True))
    else:
        selected_ids = _selected_ids(data)
    picker = _picker_context(data, selected_ids=selected_ids, action=action)
    if request.htmx and request.htmx.target == "picker":
        return render(request, "territory/includes/picker.html", picker)

    initial = {}
    if area is not None:
        initial = {"name": area.name, "kind": area.kind, "description": area.description}
    if request.method == "POST":
        form = AreaForm(request.POST)
        if action == "save" and form.is_valid():
            try:
                if area is None:
                    area = services.planning_area_create(
                        name=form.cleaned_data["name"],
                        kind=form.cleaned_data["kind"],
                        description=form.cleaned_data["description"],
                        municipalities=form.cleaned_data["municipalities"],
                        actor=request.user,
                    )
                    messages.success(
                        request,
                        _("The planning area %(name)s was created.") % {"name": area.name},
                    )
                else:
                    services.planning_area_update(
                        area=area,
                        name=form.cleaned_data["name"],
                        kind=form.cleaned_data["kind"],
                        description=form.cleaned_data["description"],
                        municipalities=form.cleaned_data["municipalities"],
                        actor=request.user,
                    )
                    messages.success(request, _("The planning area was saved."))
                return redirect("territory:area_detail", slug=area.slug)
            except ValidationError as exc:
                add_service_errors(form, exc)
        if action != "save":
            form = AreaForm(initial={**initial, **request.POST.dict()})
    else:
        form = AreaForm(initial=initial)
    return render(
        request,
        "territory/area_form.html",
        {"form": form, "area": area, **picker},
    )


@require_http_methods(["GET", "POST"])
def area_create_list(request: HttpRequest) -> HttpResponse:
    require(request, "territory.add_area")
    return _area_form_view(request, area=None)


@require_http_methods(["GET", "POST"])
def area_edit(request: HttpRequest, slug: str) -> HttpResponse:
    area = get_object_or_404(PlanningArea, slug=slug)
    require(request, "territory.change_area", area)
    return _area_form_view(request, area=area)


def _sub_area_form(request: HttpRequest, area: PlanningArea, sub_area: SubArea | None):
    initial = {}
    if sub_area is not None:
        initial = {
            "name": sub_area.name,
            "municipalities": list(sub_area.municipalities.values_list("pk", flat=True)),
        }
    form = SubAreaForm(request.POST or None, area=area, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if sub_area is None:
                sub_area = services.sub_area_create(
                    area=area,
                    name=form.cleaned_data["name"],
                    municipalities=form.cleaned_data["municipalities"],
                    actor=request.user,
                )
                messages.success(
                    request, _("The sub-area %(name)s was created.") % {"name": sub_area.name}
                )
            else:
                services.sub_area_update(
                    sub_area=sub_area,
                    name=form.cleaned_data["name"],
                    municipalities=form.cleaned_data["municipalities"],
                    actor=request.user,
                )
                messages.success(
                    request, _("The sub-area %(name)s was saved.") % {"name": sub_area.name}
                )
            return redirect(area.get_absolute_url() + "#sub-areas")
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(
        request,
        "territory/sub_area_form.html",
        {"form": form, "area": area, "sub_area": sub_area},
    )


@require_http_methods(["GET", "POST"])
def sub_area_create(request: HttpRequest, slug: str) -> HttpResponse:
    area = get_object_or_404(PlanningArea, slug=slug)
    require(request, "territory.change_area", area)
    return _sub_area_form(request, area, None)


@require_http_methods(["GET", "POST"])
def sub_area_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    area = get_object_or_404(PlanningArea, slug=slug)
    require(request, "territory.change_area", area)
    sub_area = get_object_or_404(SubArea, area=area, pk=pk)
    return _sub_area_form(request, area, sub_area)


@require_http_methods(["GET", "POST"])
def sub_area_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    area = get_object_or_404(PlanningArea, slug=slug)
    require(request, "territory.change_area", area)
    sub_area = get_object_or_404(SubArea, area=area, pk=pk)
    if request.method == "POST":
        name = sub_area.name
        services.sub_area_delete(sub_area=sub_area, actor=request.user)
        messages.success(request, _("The sub-area %(name)s was deleted.") % {"name": name})
        return redirect(area.get_absolute_url() + "#sub-areas")
    return render(request, "territory/sub_area_delete.html", {"area": area, "sub_area": sub_area})
