"""Pages of the analyses of a process, under /procesy/<slug>/analyza/.

Each part of the analysis keeps its views in a module of its own and adds its paths here:
SWOT and findings (views_swot, views_findings); demography, coverage and surveys beside them.
"""

from django.urls import path

from . import views_demography, views_findings, views_swot

app_name = "analysis"
A = "<slug:slug>/analyza/"

urlpatterns = [
    # SWOT
    path(A + "swot/", views_swot.swot_overview, name="swot_overview"),
    path(A + "swot/proces/", views_swot.swot_detail, name="swot_process"),
    path(A + "swot/proces/tisk/", views_swot.swot_print, name="swot_process_print"),
    path(A + "swot/skupina/<slug:group>/", views_swot.swot_detail, name="swot_detail"),
    path(A + "swot/skupina/<slug:group>/tisk/", views_swot.swot_print, name="swot_print"),
    path(A + "swot/polozka/<int:item>/", views_swot.swot_item_edit, name="swot_item_edit"),
    path(
        A + "swot/polozka/<int:item>/sloucit/", views_swot.swot_item_merge, name="swot_item_merge"
    ),
    path(A + "swot/<int:swot>/hodnoceni/", views_swot.swot_rate, name="swot_rate"),
    path(A + "swot/<int:swot>/schvaleni/", views_swot.swot_approval, name="swot_approval"),
    path(A + "swot/prevzit/", views_swot.swot_take_over, name="swot_take_over"),
    path(A + "swot/export.<str:format>", views_swot.swot_export, name="swot_export"),
    # demography and coverage by services
    path(A + "demografie/", views_demography.demography_page, name="demography"),
    path(
        A + "demografie/<slug:table>.<str:format>",
        views_demography.demography_export,
        name="demography_export",
    ),
    path(A + "pokryti/", views_demography.coverage_page, name="coverage"),
    path(
        A + "pokryti/<slug:table>.<str:format>",
        views_demography.coverage_export,
        name="coverage_export",
    ),
    # findings register
    path(A + "zjisteni/", views_findings.finding_list, name="finding_list"),
    path(A + "zjisteni/nove/", views_findings.finding_create, name="finding_create"),
    path(A + "zjisteni/<int:pk>/", views_findings.finding_edit, name="finding_edit"),
    path(A + "zjisteni/<int:pk>/smazat/", views_findings.finding_delete, name="finding_delete"),
    path(A + "zjisteni/export.<str:format>", views_findings.finding_export, name="finding_export"),
]

# needs surveys (issue 12)
from .urls_surveys import urlpatterns as survey_urlpatterns  # noqa: E402

urlpatterns += survey_urlpatterns
