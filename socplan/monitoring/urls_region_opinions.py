"""The region's list and export of the ORPs' opinions on need (under /kraje/)."""

urlpatterns = []
