"""The region's side of the opinions on need: every opinion the processes of a region have
sent (never a draft), with filters and sorting, and its export (XLSX, CSV) with every field.

Region staff of the region and site staff only (``monitoring.view_region``); the
opinions are recorded by the ORPs in :mod:`socplan.planning.views_opinions`.
"""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from socplan.core import tables
from socplan.core.permissions import require
from socplan.planning import selectors_opinions as selectors
from socplan.planning.forms_opinions import RegionOpinionFilterForm
from socplan.territory.models import Region

# sort key, header
COLUMNS = [
    ("process", gettext_lazy("Process (ORP)")),
    (None, gettext_lazy("Service or planned capacity")),
    ("kind", gettext_lazy("Kind of service")),
    ("year", gettext_lazy("Year")),
    ("capacity", gettext_lazy("Recommended capacity")),
    ("verdict", gettext_lazy("Opinion")),
    ("sent", gettext_lazy("Sent")),
]


def _region(request, code: str) -> Region:
    region = get_object_or_404(Region, code=code)
    require(request, "monitoring.view_region", region)
    return region


def _filtered(request, region: Region):
    form = RegionOpinionFilterForm(
        request.GET or None, choices=selectors.region_filter_choices(region=region)
    )
    data = {}
    if form.is_bound:
        form.is_valid()  # a value the form does not know drops that filter only
        data = form.cleaned_data
    sort = selectors.parse_region_sort(request.GET.get("sort"))
    opinions = selectors.opinions_for_region(
        region=region,
        process=data.get("process"),
        orp=data.get("orp"),
        kind=data.get("kind"),
        verdict=data.get("verdict") or "",
        year=data.get("year"),
        include_old=bool(data.get("old")),
        sort=sort,
    )
    return form, data, sort, opinions


def _headers(request, sort: str) -> list[dict]:
    current, descending = sort.lstrip("-"), sort.startswith("-")
    query = {k: v for k, v in request.GET.items() if k != "sort"}
    headers = []
    for key, label in COLUMNS:
        if key is None:
            headers.append({"label": label, "key": None})
            continue
        is_current = key == current
        next_sort = (key if descending else "-" + key) if is_current else key
        headers.append(
            {
                "key": key,
                "label": label,
                "current": is_current,
                "aria_sort": ("descending" if descending else "ascending") if is_current else "",
                "url": "?" + urlencode({**query, "sort": next_sort}),
            }
        )
    return headers


@require_GET
def region_opinion_list(request, region):
    region = _region(request, region)
    form, data, sort, opinions = _filtered(request, region)
    query = request.GET.urlencode()
    return render(
        request,
        "monitoring/region_opinions/opinion_list.html",
        {
            "region": region,
            "form": form,
            "opinions": list(opinions),
            "headers": _headers(request, sort),
            "sort": sort,
            "query": ("?" + query) if query else "",
        },
    )


def _measure_url(measure) -> str:
    plan = measure.priority.plan
    return reverse(
        "planning:measure_detail",
        kwargs={"slug": plan.process.slug, "pk": plan.pk, "measure_pk": measure.pk},
    )


def opinions_table(opinions, *, base_url: str, title: str) -> tables.Table:
    """Every field of the opinions, one row each (measures as codes and titles, findings as
    codes and statements, links to the measures' pages as absolute addresses)."""
    column = tables.Column

    def measures(o):
        return "\n".join(f"{m.code} {m.title}" for m in o.measures.all())

    def links(o):
        return "\n".join(base_url + _measure_url(m) for m in o.measures.all())

    def findings(o):
        return "\n".join(str(f) for f in o.findings.all())

    def local(value):
        return timezone.localtime(value).replace(tzinfo=None) if value else None

    return tables.Table(
        name="opinions",
        title=title,
        filter=True,
        columns=[
            column(_("No."), lambda o: o.code, width=8),
            column(_("Planning process"), lambda o: o.process.name, width=35),
            column(_("Planning area"), lambda o: o.process.planning_area.name, width=25),
            column(_("State"), lambda o: o.get_state_display(), width=14),
            column(_("The provider asks for"), lambda o: o.get_request_kind_display(), width=25),
            column(_("Reference of the request (č. j.)"), lambda o: o.request_reference),
            column(_("Date of the request"), lambda o: o.request_date, date=True, width=12),
            column(_("Year"), lambda o: o.year, width=7),
            column(_("Service"), lambda o: o.service_name, width=35),
            column(
                _("Registration identifier"),
                lambda o: o.service.identifikator if o.service_id else "",
                width=12,
            ),
            column(_("Kind of service"), lambda o: o.kind.label if o.kind_id else "", width=30),
            column(_("Form of provision"), lambda o: str(o.form or ""), width=12),
            column(_("Target group"), lambda o: str(o.target_group or ""), width=20),
            column(_("Provider"), lambda o: o.provider_name, width=30),
            column(_("IČO"), lambda o: o.provider_ico, width=10),
            column(_("Requested capacity"), lambda o: o.requested_capacity, width=10),
            column(_("Recommended capacity"), lambda o: o.recommended_capacity, width=10),
            column(_("Unit of capacity"), lambda o: str(o.capacity_unit or ""), width=14),
            column(_("Opinion"), lambda o: o.get_verdict_display(), width=18),
            column(_("Conditions"), lambda o: o.conditions, width=40, wrap=True),
            column(_("Reasons"), lambda o: o.reasons, width=60, wrap=True),
            column(_("Measures of the plan"), measures, width=40, wrap=True),
            column(_("Addresses of the measures"), links, width=50, wrap=True),
            column(_("Findings of the analysis"), findings, width=50, wrap=True),
            column(_("Sent"), lambda o: local(o.submitted_at), width=17),
            column(
                _("Sent by"),
                lambda o: o.submitted_by.full_name if o.submitted_by_id else "",
                width=20,
            ),
            column(_("Withdrawn"), lambda o: local(o.withdrawn_at), width=17),
            column(_("Reason of the withdrawal"), lambda o: o.withdrawal_reason, wrap=True),
            column(_("Replaces"), lambda o: o.replaces.code if o.replaces_id else "", width=8),
            column(_("Address of the opinion"), lambda o: base_url + o.get_absolute_url()),
            column(_("Demo data"), lambda o: _("yes") if o.is_demo else "", width=8),
        ],
        rows=opinions,
    )


@require_GET
def region_opinion_export(request, region, fmt):
    region = _region(request, region)
    _form, _data, _sort, opinions = _filtered(request, region)
    opinions = opinions.select_related("submitted_by")
    title = _("Opinions on need")
    table = opinions_table(
        opinions, base_url=request.build_absolute_uri("/").rstrip("/"), title=title
    )
    table.source = _("socplan, opinions of the ORPs of %(region)s, %(date)s") % {
        "region": region.name,
        "date": timezone.localdate().strftime("%d.%m.%Y"),
    }
    file_name = f"potrebnost-{region.code}-{timezone.localdate():%Y-%m-%d}"
    return tables.response([table], fmt=fmt, file_name=file_name)
