"""Public pages of the catalogue: search with facets (nationwide and per planning area),
service detail, the shortlist, exports; and the life situations a coordinator edits."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from socplan.core.numbers import is_digits
from socplan.core.permissions import require
from socplan.core.ratelimit import rate_limit
from socplan.territory.guards import area_for_viewer
from socplan.territory.models import PlanningArea

from . import exports, fragments, selectors_public, services_public, shortlist
from .display import capacity_text, km_text
from .forms_public import CatalogueSearchForm, LifeSituationForm, ShortlistEmailForm
from .models import Capacity, Facility, LifeSituation, Service, ServiceForm

# Results per page: with the map's markers and the filters, a page of the national
# catalogue and the demo's home page stay under half of their former 53-62 KB of HTML (page
# weight, issue 16; tests/test_page_weight.py).
PAGE_SIZE = 12


def _situation_query(situation: LifeSituation) -> str:
    pairs = [("kind", item.pk) for item in situation.kinds.all()]
    pairs += [("target_group", item.pk) for item in situation.target_groups.all()]
    pairs.append(("situation", situation.slug))
    return urlencode(pairs)


def _catalogue_url(area: PlanningArea | None) -> str:
    if area is None:
        return reverse("catalogue:home")
    return reverse("catalogue:area", kwargs={"slug": area.slug})


def _situation_redirect(request: HttpRequest, area: PlanningArea | None) -> HttpResponse | None:
    """The home page links a life situation by its name alone (``?situation=<slug>``, page
    weight): that address leads to the catalogue filtered by the situation's kinds and
    target groups, whose filters the visitor can then change."""
    slug = request.GET.get("situation")
    if not slug or set(request.GET) != {"situation"}:
        return None
    situations = fragments.life_situations(area, selectors_public.life_situations)
    situation = next((s for s in situations if s.slug == slug), None)
    if situation is None:
        return None
    return redirect(f"{_catalogue_url(area)}?{_situation_query(situation)}")


def _catalogue(request: HttpRequest, *, area: PlanningArea | None) -> HttpResponse:
    if (situation_redirect := _situation_redirect(request, area)) is not None:
        return situation_redirect
    index = selectors_public.catalogue_index()
    chosen = set(shortlist.ids(request))
    announced = shortlist.pop_announcement(request)
    # The page of a search is the same for everybody not signed in with no selection: kept
    # rendered (per process, keyed on the data like the cards), with the CSRF token put in
    # per response.
    key = None
    if not chosen and not announced and not request.user.is_authenticated:
        key = fragments.page_key(request, index_key=index.key)
    content = fragments.PAGES.get(key) if key else None
    if content is None:
        content = _catalogue_content(
            request, area=area, index=index, chosen=chosen, announced=announced
        )
        if key:
            fragments.PAGES.put(key, content)
    token = get_token(request)  # one masked token for the page (masking costs)
    content = content.replace(fragments.CSRF_MARK, token)
    return render(
        request,
        "catalogue/public/catalogue.html",
        {"area": area, "content_html": mark_safe(content), "csrf_token": token},  # noqa: S308
    )


def _catalogue_content(
    request: HttpRequest,
    *,
    area: PlanningArea | None,
    index,
    chosen: set[int],
    announced: dict | None = None,
) -> str:
    form = CatalogueSearchForm(request.GET, area=area)
    criteria = form.criteria()
    facets_key = fragments.facets_key(request.GET, area=area, index_key=index.key)
    facets_html = fragments.FRAGMENTS.get(facets_key)
    found = selectors_public.find_services(
        criteria,
        with_facets=facets_html is None,
        with_municipality_counts=area is not None,
        index=index,
    )
    situation_slug = request.GET.get("situation")
    situations = (
        fragments.life_situations(area, selectors_public.life_situations)
        if situation_slug or not criteria.has_filters
        else []
    )
    situation = next((s for s in situations if s.slug == situation_slug), None)
    if facets_html is None:
        facets_html = render_to_string(
            "catalogue/public/includes/facets.html",
            {
                "form": form,
                "criteria": criteria,
                "facets": _facet_groups(found.facets, request, _catalogue_url(area)),
                "situation": situation,
                "catalogue_url": _catalogue_url(area),
            },
        )
        fragments.FRAGMENTS.put(facets_key, facets_html)
    paginator = Paginator(found.ids, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    services = selectors_public.cards_for_display(list(page.object_list), index=index)
    urls = _shortlist_urls()
    item_context = {**urls, "announced": announced, "shortlist_anchor": shortlist.ANCHOR}
    for service in services:
        service.distance_text = km_text(found.distances.get(service.pk))
        service.in_shortlist = service.pk in chosen
        service.html = fragments.card_html(service, index_key=index.key)
        service.item_html = fragments.card_item_html(
            service, index_key=index.key, context=item_context
        )
    context = {
        "area": area,
        "form": form,
        "criteria": criteria,
        "found": found,
        "page_obj": page,
        "services": services,
        "facets_html": mark_safe(facets_html),  # noqa: S308 - rendered above
        "municipality_counts": found.municipality_counts,
        "situations": situations,
        "situation": situation,
        "shortlist_ids": chosen,
        "announced": announced,
        "announced_elsewhere": announced is not None
        and announced["service"] not in {s.pk for s in services},
        "shortlist_anchor": shortlist.ANCHOR,
        "page_path": request.get_full_path(),
        **urls,
        "map_points": selectors_public.page_map_points(
            list(page.object_list), link_text=_("Service details"), index=index
        ),
        "catalogue_url": _catalogue_url(area),
        "can_edit_situations": area is not None
        and request.user.has_perm("catalogue.change_life_situations", area),
        "export_query": _query(request, without={"page"}),
        "query_without_municipality": _query(request, without={"page", "municipality"}),
        # the token is put in per response (the page may be kept)
        "csrf_token": fragments.CSRF_MARK,
    }
    return render_to_string("catalogue/public/includes/content.html", context, request=request)


def _shortlist_urls() -> dict:
    return {
        "shortlist_add_url": reverse("catalogue:shortlist_add"),
        "shortlist_remove_url": reverse("catalogue:shortlist_remove"),
    }


def _query(request: HttpRequest, *, without: set[str]) -> str:
    return urlencode(
        [(k, v) for k, values in request.GET.lists() for v in values if k not in without]
    )


FACET_TITLES = {
    "group": lambda: _("Group of services"),
    "kind": lambda: _("Kind of service"),
    "category": lambda: _("Other services (not registered)"),
    "form": lambda: _("Form of provision"),
    "target_group": lambda: _("Target group"),
    "age_group": lambda: _("Age group"),
    "source": lambda: _("Source"),
}


# A facet with more values shows its most frequent ones (and the chosen ones) and a link to
# all of them (page weight: the national catalogue has 28 target groups and 33 kinds).
FACET_SHORT = 6


def _facet_groups(facets: dict, request: HttpRequest | None = None, url: str = "") -> list[dict]:
    order = ["target_group", "kind", "group", "form", "age_group", "category", "source"]
    expanded = set(request.GET.getlist("all")) if request is not None else set()
    groups = []
    for name in order:
        values = facets.get(name)
        if not values:
            continue
        group = {"name": name, "title": FACET_TITLES[name](), "values": values, "more": 0}
        if request is not None and name not in expanded and len(values) > FACET_SHORT + 2:
            frequent = sorted(values, key=lambda v: -v.count)[:FACET_SHORT]
            shown = {id(v) for v in frequent} | {id(v) for v in values if v.selected}
            group["values"] = [v for v in values if id(v) in shown]
            group["more"] = len(values) - len(group["values"])
            query = _query(request, without={"page"})
            group["more_url"] = (
                f"{url}?{query + '&' if query else ''}{urlencode({'all': name})}#f-{name}"
            )
        groups.append(group)
    return groups


def catalogue_home(request: HttpRequest) -> HttpResponse:
    """The nationwide catalogue."""
    return _catalogue(request, area=None)


def area_catalogue(request: HttpRequest, slug: str) -> HttpResponse:
    """The catalogue of one planning area: services available in its municipalities."""
    area = area_for_viewer(request, slug)
    return _catalogue(request, area=area)


# --- service detail -----------------------------------------------------------------------


def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_object_or_404(
        Service.objects.defer("register_data", "search_text")
        .select_related("provider", "kind", "local_category", "verified_by")
        .prefetch_related(
            "target_groups",
            "age_groups",
            "photos",
            Prefetch(
                "forms",
                ServiceForm.objects.select_related("form").prefetch_related(
                    Prefetch("capacities", Capacity.objects.select_related("type"))
                ),
            ),
            Prefetch(
                "facilities",
                Facility.objects.select_related("municipality", "municipality__district"),
            ),
            "area_municipalities__municipality",
            "regions__region",
        ),
        pk=pk,
    )
    service.in_shortlist = service.pk in shortlist.ids(request)
    announced = shortlist.pop_announcement(request)
    today = timezone.localdate()
    forms = [
        {
            "form": service_form,
            "capacities": [
                {"text": capacity_text(c), "note": c.note} for c in service_form.capacities.all()
            ],
        }
        for service_form in service.forms.all()
    ]
    facilities = sorted(
        service.facilities.all(),
        key=lambda f: (not f.is_active_on(today), f.name.casefold(), f.pk),
    )
    for facility in facilities:
        facility.open_now = facility.is_active_on(today)
    area_names = sorted(
        {row.municipality.name for row in service.area_municipalities.all()}, key=str.casefold
    )
    return render(
        request,
        "catalogue/public/service_detail.html",
        {
            "service": service,
            "forms": forms,
            "facilities": facilities,
            "area_names": area_names,
            "regions": [row.region for row in service.regions.all()],
            "map_points": selectors_public.map_points([service]),
            "emails": service.contact_emails,
            "phones": service.contact_phones,
            "webs": service.contact_webs,
            "contacts_from_provider": not (service.emails or service.phones or service.webs),
            "announced": announced,
            "shortlist_anchor": shortlist.ANCHOR,
        },
    )


# --- shortlist ----------------------------------------------------------------------------


def _back(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _back_to_card(request: HttpRequest) -> str:
    """The page the button was on, at the announcement in the card of the service."""
    page = _back(request, reverse("catalogue:shortlist")).split("#", 1)[0]
    return page + "#" + shortlist.ANCHOR


def _marked(service: Service, in_shortlist: bool) -> Service:
    service.in_shortlist = in_shortlist
    return service


@require_POST
def shortlist_add(request: HttpRequest) -> HttpResponse:
    pk = request.POST.get("service", "")
    service = get_object_or_404(Service, pk=int(pk) if is_digits(pk) else 0)
    added = shortlist.add(request, service.pk)
    full = _("Your selection is full (%(max)s services).") % {"max": shortlist.MAX_ITEMS}
    if not added and request.htmx:
        messages.warning(request, full)
    if request.htmx:
        return render(
            request,
            "catalogue/public/includes/shortlist_button.html",
            {
                "service": _marked(service, True),
                "next": request.POST.get("next", ""),
                "announce": _("%(name)s was added to your selection.") % {"name": service},
            },
        )
    shortlist.announce(
        request,
        service.pk,
        _("%(name)s was added to your selection.") % {"name": service} if added else full,
    )
    return redirect(_back_to_card(request))


@require_POST
def shortlist_remove(request: HttpRequest) -> HttpResponse:
    try:
        pk = int(request.POST.get("service") or 0)
    except ValueError:
        raise Http404 from None
    shortlist.remove(request, pk)
    service = Service.objects.filter(pk=pk).first()
    if request.htmx and service is not None:
        return render(
            request,
            "catalogue/public/includes/shortlist_button.html",
            {
                "service": _marked(service, False),
                "next": request.POST.get("next", ""),
                "announce": _("%(name)s was removed from your selection.") % {"name": service},
            },
        )
    if service is not None:
        shortlist.announce(
            request, service.pk, _("%(name)s was removed from your selection.") % {"name": service}
        )
    return redirect(_back_to_card(request))


@require_POST
def shortlist_clear(request: HttpRequest) -> HttpResponse:
    shortlist.clear(request)
    messages.success(request, _("Your selection is empty now."))
    return redirect("catalogue:shortlist")


def shortlist_page(request: HttpRequest, email_form=None) -> HttpResponse:
    """Your selection, or a shared one (``?s=12,34``: read-only)."""
    shared = "s" in request.GET and email_form is None
    ids = shortlist.parse(request.GET.get("s", "")) if shared else shortlist.ids(request)
    services = selectors_public.services_for_display(ids)
    mine = set(shortlist.ids(request))
    announced = shortlist.pop_announcement(request)
    for service in services:
        service.in_shortlist = service.pk in mine
        service.detail_forms = [
            {"form": f.form, "capacities": [capacity_text(c) for c in f.capacities.all()]}
            for f in service.forms.all()
        ]
    # ids and commas need no escaping: /katalog/vyber/?s=12,34,56
    share_url = request.build_absolute_uri(
        reverse("catalogue:shortlist") + "?s=" + shortlist.format(ids)
    )
    return render(
        request,
        "catalogue/public/shortlist.html",
        {
            "services": services,
            "shared": shared,
            "share_url": share_url if ids else "",
            "email_form": email_form or ShortlistEmailForm(),
            "announced": announced,
            "announced_elsewhere": announced is not None
            and announced["service"] not in {s.pk for s in services},
            "shortlist_anchor": shortlist.ANCHOR,
        },
    )


def _email_key(request: HttpRequest) -> str | None:
    return (request.POST.get("email") or "").strip().lower() or None


@require_POST
@rate_limit("shortlist_email", limit=5, period=60 * 60, key=_email_key)
def shortlist_email(request: HttpRequest) -> HttpResponse:
    """Send your selection to an e-mail address (at most 5 e-mails an hour per address and
    per client)."""
    ids = shortlist.ids(request)
    form = ShortlistEmailForm(request.POST)
    if not ids:
        return redirect("catalogue:shortlist")
    if not form.is_valid():
        return shortlist_page(request, email_form=form)
    services_public.send_shortlist(
        services=selectors_public.services_for_display(ids),
        share_url=request.build_absolute_uri(
            reverse("catalogue:shortlist") + "?s=" + shortlist.format(ids)
        ),
        to=form.cleaned_data["email"],
    )
    messages.success(
        request,
        _("The list was sent to %(email)s.") % {"email": form.cleaned_data["email"]},
    )
    return redirect("catalogue:shortlist")


# --- exports ------------------------------------------------------------------------------


def catalogue_export(request: HttpRequest, fmt: str, slug: str | None = None) -> HttpResponse:
    """The filtered list (same filters as the page) as CSV or XLSX."""
    area = area_for_viewer(request, slug) if slug else None
    if fmt not in exports.FORMATS:
        raise Http404
    form = CatalogueSearchForm(request.GET, area=area)
    found = selectors_public.find_services(form.criteria(), with_facets=False)
    name = f"katalog-{area.slug}" if area else "katalog"
    return exports.response(
        found.ids, fmt=fmt, file_name=name, base_url=request.build_absolute_uri("/").rstrip("/")
    )


# --- life situations of an area -----------------------------------------------------------


def _area_for_situations(request: HttpRequest, slug: str) -> PlanningArea:
    area = get_object_or_404(PlanningArea, slug=slug)
    require(request, "catalogue.change_life_situations", area)
    return area


@require_http_methods(["GET", "POST"])
def life_situations(request: HttpRequest, slug: str) -> HttpResponse:
    area = _area_for_situations(request, slug)
    own = selectors_public.area_has_own_life_situations(area)
    if request.method == "POST" and request.POST.get("action") == "copy" and not own:
        services_public.life_situations_copy_defaults(area=area, actor=request.user)
        messages.success(
            request, _("The nationwide life situations were copied to %(area)s.") % {"area": area}
        )
        return redirect("catalogue:life_situations", slug=area.slug)
    if request.method == "POST" and request.POST.get("action") == "reset" and own:
        services_public.life_situations_reset(area=area, actor=request.user)
        messages.success(
            request, _("%(area)s uses the nationwide life situations again.") % {"area": area}
        )
        return redirect("catalogue:life_situations", slug=area.slug)
    situations = selectors_public.life_situations(area)
    return render(
        request,
        "catalogue/public/life_situations.html",
        {"area": area, "own": own, "situations": situations},
    )


@require_http_methods(["GET", "POST"])
def life_situation_create(request: HttpRequest, slug: str) -> HttpResponse:
    area = _area_for_situations(request, slug)
    form = LifeSituationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        situation = services_public.life_situation_create(
            area=area, actor=request.user, **_situation_data(form)
        )
        messages.success(
            request, _("The life situation %(title)s was added.") % {"title": situation.title}
        )
        return redirect("catalogue:life_situations", slug=area.slug)
    return render(
        request,
        "catalogue/public/life_situation_form.html",
        {"area": area, "form": form, "situation": None},
    )


def _situation_data(form) -> dict:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "description": data["description"],
        "kinds": list(data["kinds"]),
        "target_groups": list(data["target_groups"]),
        "order": data["order"],
    }


def _own_situation(area: PlanningArea, pk: int, user) -> LifeSituation:
    """The area's situation ``pk``; a nationwide default is copied first (with the rest of
    the defaults) and its copy returned."""
    situation = get_object_or_404(LifeSituation, pk=pk)
    if situation.planning_area_id == area.pk:
        return situation
    if situation.planning_area_id is not None:
        raise Http404
    if selectors_public.area_has_own_life_situations(area):
        raise Http404
    copies = services_public.life_situations_copy_defaults(area=area, actor=user)
    return next(copy for copy in copies if copy.slug == situation.slug)


@require_http_methods(["GET", "POST"])
def life_situation_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    area = _area_for_situations(request, slug)
    situation = get_object_or_404(LifeSituation, pk=pk)
    if situation.planning_area_id not in (None, area.pk):
        raise Http404
    if situation.planning_area_id is None and selectors_public.area_has_own_life_situations(area):
        raise Http404
    form = LifeSituationForm(request.POST or None, instance=situation)
    if request.method == "POST" and form.is_valid():
        situation = _own_situation(area, pk, request.user)
        services_public.life_situation_update(
            situation=situation, actor=request.user, **_situation_data(form)
        )
        messages.success(
            request, _("The life situation %(title)s was saved.") % {"title": situation.title}
        )
        return redirect("catalogue:life_situations", slug=area.slug)
    return render(
        request,
        "catalogue/public/life_situation_form.html",
        {"area": area, "form": form, "situation": situation},
    )


@require_http_methods(["GET", "POST"])
def life_situation_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    area = _area_for_situations(request, slug)
    situation = get_object_or_404(LifeSituation, pk=pk)
    if situation.planning_area_id not in (None, area.pk) or (
        situation.planning_area_id is None and selectors_public.area_has_own_life_situations(area)
    ):
        raise Http404
    if request.method == "POST":
        situation = _own_situation(area, pk, request.user)
        title = situation.title
        services_public.life_situation_delete(situation=situation, actor=request.user)
        messages.success(request, _("The life situation %(title)s was deleted.") % {"title": title})
        return redirect("catalogue:life_situations", slug=area.slug)
    return render(
        request,
        "catalogue/public/life_situation_delete.html",
        {"area": area, "situation": situation},
    )
