"""Documents of a region (mounted under /kraje/ before the region's pages, see
socplan/urls.py): the groundwork for the region's own plan as DOCX and XLSX."""

from django.urls import path

from . import views_region

app_name = "region_documents"
urlpatterns = [
    path(
        "<slug:region>/podklady-pro-plan.<str:format>",
        views_region.region_plan_groundwork,
        name="plan_groundwork",
    ),
]
