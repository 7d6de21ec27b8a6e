from django.urls import path

from . import views_local, views_public, views_registry, views_review

app_name = "catalogue"

urlpatterns = [
    # the public catalogue: search, detail, shortlist, exports, life situations
    path("", views_public.catalogue_home, name="home"),
    path("export/<str:fmt>/", views_public.catalogue_export, name="export"),
    path("sluzby/<int:pk>/", views_public.service_detail, name="service_detail"),
    path("vyber/", views_public.shortlist_page, name="shortlist"),
    path("vyber/pridat/", views_public.shortlist_add, name="shortlist_add"),
    path("vyber/odebrat/", views_public.shortlist_remove, name="shortlist_remove"),
    path("vyber/vyprazdnit/", views_public.shortlist_clear, name="shortlist_clear"),
    path("vyber/poslat/", views_public.shortlist_email, name="shortlist_email"),
    path("oblast/<slug:slug>/", views_public.area_catalogue, name="area"),
    path("oblast/<slug:slug>/export/<str:fmt>/", views_public.catalogue_export, name="area_export"),
    path(
        "oblast/<slug:slug>/zivotni-situace/",
        views_public.life_situations,
        name="life_situations",
    ),
    path(
        "oblast/<slug:slug>/zivotni-situace/nova/",
        views_public.life_situation_create,
        name="life_situation_create",
    ),
    path(
        "oblast/<slug:slug>/zivotni-situace/<int:pk>/upravit/",
        views_public.life_situation_edit,
        name="life_situation_edit",
    ),
    path(
        "oblast/<slug:slug>/zivotni-situace/<int:pk>/smazat/",
        views_public.life_situation_delete,
        name="life_situation_delete",
    ),
    # providers keep their entries current: editors, proposals, suggestions, review
    path("moje-sluzby/", views_review.my_services, name="my_services"),
    path("sluzby/<int:pk>/navrh-zmen/", views_review.service_propose, name="service_propose"),
    path("sluzby/<int:pk>/overeno/", views_review.service_verify, name="service_verify"),
    path("sluzby/<int:pk>/oprava/", views_review.service_suggest, name="service_suggest"),
    path(
        "sluzby/<int:pk>/oprava/dekujeme/",
        views_review.service_suggest_thanks,
        name="service_suggest_thanks",
    ),
    path("kontrola/", views_review.review_queue, name="review_queue"),
    path("kontrola/<int:pk>/", views_review.review_detail, name="review_detail"),
    path("kontrola/<int:pk>/foto/<int:index>/", views_review.review_photo, name="review_photo"),
    path(
        "procesy/<slug:slug>/editori-poskytovatelu/",
        views_review.provider_editors,
        name="provider_editors",
    ),
    path(
        "procesy/<slug:slug>/editori-poskytovatelu/<int:pk>/odebrat/",
        views_review.provider_editor_remove,
        name="provider_editor_remove",
    ),
    # import of the national register
    path("registr/", views_registry.registry_imports, name="registry_imports"),
    path("registr/<int:pk>/", views_registry.registry_import_detail, name="registry_import"),
    # local (non-registered) services of a planning area
    path("oblast/<slug:slug>/mistni-sluzby/", views_local.local_services, name="local_services"),
    path(
        "oblast/<slug:slug>/mistni-sluzby/nova/",
        views_local.local_service_create,
        name="local_service_create",
    ),
    path(
        "oblast/<slug:slug>/mistni-sluzby/<int:pk>/upravit/",
        views_local.local_service_edit,
        name="local_service_edit",
    ),
]
