"""Addresses of the public read-only API of the processes (issue 17), under /api/."""

urlpatterns = []
