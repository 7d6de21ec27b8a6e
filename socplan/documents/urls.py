"""Every download URL of a generated document, included under /procesy/ (see
socplan/urls.py); the paths sit beside the pages of the process they belong to."""

from django.urls import path

from . import surveys, views

app_name = "documents"
PLAN = "<slug:slug>/plan/<int:pk>/"
MEETING = "<slug:slug>/setkani/<int:pk>/"
SURVEY = "<slug:slug>/analyza/pruzkumy/<int:pk>/"
urlpatterns = [
    path("<slug:slug>/katalog-brozura/", views.booklet_page, name="booklet_page"),
    path("<slug:slug>/katalog-brozura/stahnout/", views.booklet_download, name="booklet_download"),
    path(PLAN + "dokument/", views.plan_document, name="plan_document"),
    path(
        PLAN + "dokument/<str:format>/",
        views.plan_document_download,
        name="plan_document_download",
    ),
    path(
        "<slug:slug>/pripominky/<int:pk>/vyporadani.<str:format>",
        views.resolution_table_download,
        name="resolution_table_download",
    ),
    path(
        PLAN + "monitoring/<int:year>/zprava.<str:format>",
        views.monitoring_report,
        name="monitoring_report",
    ),
    path(
        PLAN + "vyhodnoceni.<str:format>",
        views.evaluation_report,
        name="evaluation_report",
    ),
    path(MEETING + "zapis/pdf/", views.minutes_pdf, name="minutes_pdf"),
    path(
        MEETING + "prezencni-listina.pdf",
        views.meeting_attendance_sheet,
        name="meeting_attendance_sheet",
    ),
    # needs surveys: the paper questionnaire and the results report
    path(SURVEY + "dotaznik.pdf", surveys.paper_pdf_view, name="survey_paper_pdf"),
    path(SURVEY + "zprava.<str:format>", surveys.report_view, name="survey_report"),
]
