"""Every download URL of a generated document, included under /procesy/ (see
socplan/urls.py); the paths sit beside the pages of the process they belong to."""

from django.urls import path

from . import views

app_name = "documents"
PLAN = "<slug:slug>/plan/<int:pk>/"
MEETING = "<slug:slug>/setkani/<int:pk>/"
urlpatterns = [
    path("<slug:slug>/katalog-brozura/", views.booklet_page, name="booklet_page"),
    path("<slug:slug>/katalog-brozura/stahnout/", views.booklet_download, name="booklet_download"),
    path(PLAN + "dokument/", views.plan_document, name="plan_document"),
    path(
        PLAN + "dokument/<str:format>/",
        views.plan_document_download,
        name="plan_document_download",
    ),
    path(MEETING + "zapis/pdf/", views.minutes_pdf, name="minutes_pdf"),
    path(
        MEETING + "prezencni-listina.pdf",
        views.meeting_attendance_sheet,
        name="meeting_attendance_sheet",
    ),
]
