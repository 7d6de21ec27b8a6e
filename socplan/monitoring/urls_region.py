"""The region's view over every plan of its territory and the national view for site staff
(mounted under /kraje/; issue 17)."""

from django.urls import path

from . import urls_region_opinions, views_region

app_name = "region"
urlpatterns = [
    path("", views_region.index, name="index"),
    path("export.<str:fmt>", views_region.index_export, name="index_export"),
    # the region's side of the opinions on need (recorded by the ORPs in planning)
    *urls_region_opinions.urlpatterns,
    path("<slug:region>/", views_region.detail, name="detail"),
    path("<slug:region>/export/<slug:table>.<str:fmt>", views_region.export, name="export"),
]
