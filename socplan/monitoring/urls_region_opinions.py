"""The region's list and export of the ORPs' opinions on need (under /kraje/)."""

from django.urls import path

from . import views_region_opinions as views

R = "<slug:region>/potrebnost/"  # the region's ČSÚ code, e.g. /kraje/3107/potrebnost/

urlpatterns = [
    path(R, views.region_opinion_list, name="opinion_list"),
    path(R + "export.xlsx", views.region_opinion_export, {"fmt": "xlsx"}, name="opinion_xlsx"),
    path(R + "export.csv", views.region_opinion_export, {"fmt": "csv"}, name="opinion_csv"),
]
