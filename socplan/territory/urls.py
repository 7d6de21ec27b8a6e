from django.urls import path

from . import views

app_name = "territory"
urlpatterns = [
    path("", views.area_list, name="area_list"),
    path("novy/", views.area_create, name="area_create"),
    path("novy/z-obci/", views.area_create_list, name="area_create_list"),
    path("<slug:slug>/", views.area_detail, name="area_detail"),
    path("<slug:slug>/upravit/", views.area_edit, name="area_edit"),
    path("<slug:slug>/casti/nova/", views.sub_area_create, name="sub_area_create"),
    path("<slug:slug>/casti/<int:pk>/upravit/", views.sub_area_edit, name="sub_area_edit"),
    path("<slug:slug>/casti/<int:pk>/smazat/", views.sub_area_delete, name="sub_area_delete"),
]
