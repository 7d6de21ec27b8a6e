"""Addresses of the local open-data catalogue (DCAT-AP-CZ) and its distributions, under /api/."""

from django.urls import path

from . import opendata_views as views

urlpatterns = [
    path("otevrena-data/", views.index, name="opendata_index"),
    path("otevrena-data/katalog.jsonld", views.catalogue, name="opendata_catalogue"),
    path(
        "otevrena-data/katalog-sluzeb.jsonld",
        views.services_dataset,
        name="opendata_services_dataset",
    ),
    path("otevrena-data/katalog-sluzeb.csv", views.services_csv, name="opendata_services_csv"),
    path(
        "otevrena-data/katalog-sluzeb.csv-metadata.json",
        views.services_csvw,
        name="opendata_services_csvw",
    ),
    path("otevrena-data/<slug:slug>/<slug:table>.jsonld", views.dataset, name="opendata_dataset"),
    path("otevrena-data/<slug:slug>/<slug:table>.csv", views.dataset_csv, name="opendata_csv"),
    path(
        "otevrena-data/<slug:slug>/<slug:table>.csv-metadata.json",
        views.dataset_csvw,
        name="opendata_csvw",
    ),
]
