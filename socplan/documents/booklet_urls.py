"""URLs of the catalogue booklet, included under /procesy/ (see socplan/urls.py)."""

from django.urls import path

from . import booklet_views

app_name = "booklet"
urlpatterns = [
    path("<slug:slug>/katalog-brozura/", booklet_views.booklet_page, name="page"),
    path("<slug:slug>/katalog-brozura/stahnout/", booklet_views.booklet_download, name="download"),
]
