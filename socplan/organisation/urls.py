from django.urls import path

from . import views

app_name = "organisation"
urlpatterns = [
    path("novy/", views.process_create, name="process_create"),
    path("<slug:slug>/", views.process_detail, name="process_detail"),
    path("<slug:slug>/upravit/", views.process_edit, name="process_edit"),
    path("<slug:slug>/faze/", views.process_phases, name="process_phases"),
]
