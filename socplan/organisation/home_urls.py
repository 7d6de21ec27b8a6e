"""The home page and the dashboard, included at the site's root (see socplan/urls.py)."""

from django.urls import path

from . import views_home

app_name = "home"
urlpatterns = [
    path("", views_home.home, name="index"),
    path("prehled/", views_home.dashboard, name="dashboard"),
]
