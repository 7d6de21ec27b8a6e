"""Addresses of the local open-data catalogue (DCAT-AP-CZ) and its distributions, under /api/."""

urlpatterns = []
