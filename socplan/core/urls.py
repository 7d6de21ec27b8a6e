from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("pristupnost/", views.accessibility, name="accessibility"),
    path("vzhled.css", views.brand_css, name="brand_css"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("ulohy/<int:pk>/", views.job_detail, name="job_detail"),
    path("ulohy/<int:pk>/soubor/", views.job_file, name="job_file"),
]
