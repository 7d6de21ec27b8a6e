"""Downloads of the groundwork for the region's own plan (DOCX and XLSX,
:mod:`socplan.documents.region`), under /kraje/<region code>/ beside the region's page.
Who: ``monitoring.view_region`` (the region's staff and site staff), as the page."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from socplan.core.permissions import require
from socplan.core.tables import download
from socplan.monitoring.region import region_overview
from socplan.territory.models import Region

from . import region as documents


@require_GET
def region_plan_groundwork(request, region, format):  # noqa: A002 (the URL's name)
    region = get_object_or_404(Region, code=region)
    require(request, "monitoring.view_region", region)
    if format not in documents.FORMATS:
        raise Http404
    overview = region_overview(region=region)
    render = documents.region_docx if format == "docx" else documents.region_xlsx
    return download(
        render(overview=overview, language=get_language()),
        fmt=format,
        file_name=documents.file_name(overview),
    )
