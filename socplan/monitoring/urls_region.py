"""The region's view over every plan of its territory and the national view for site staff
(mounted under /kraje/; issue 17)."""

from . import urls_region_opinions

app_name = "region"
urlpatterns = [
    # the region's side of the opinions on need (recorded by the ORPs in planning)
    *urls_region_opinions.urlpatterns,
]
