from django.urls import path

from . import opendata_urls, public_urls, surveys, views

app_name = "api"
urlpatterns = [
    # HSDS 3.0 (Open Referral): paths without a trailing slash, as the specification has them
    path("hsds/", views.root, name="hsds_root"),
    path("hsds/openapi.json", views.openapi_json, name="hsds_openapi"),
    path("hsds/dokumentace/", views.docs, name="hsds_docs"),
    path("hsds/services", views.services, name="hsds_services"),
    path("hsds/services/<str:id>", views.service_detail, name="hsds_service"),
    path("hsds/organizations", views.organizations, name="hsds_organizations"),
    path("hsds/organizations/<str:id>", views.organization_detail, name="hsds_organization"),
    path("hsds/service_at_locations", views.service_at_locations, name="hsds_service_at_locations"),
    path(
        "hsds/service_at_locations/<str:id>",
        views.service_at_location_detail,
        name="hsds_service_at_location",
    ),
    path("hsds/taxonomies", views.taxonomies, name="hsds_taxonomies"),
    path("hsds/taxonomies/<str:id>", views.taxonomy_detail, name="hsds_taxonomy"),
    path("hsds/taxonomy_terms", views.taxonomy_terms, name="hsds_taxonomy_terms"),
    path("hsds/taxonomy_terms/<str:id>", views.taxonomy_term_detail, name="hsds_taxonomy_term"),
    # published results of needs surveys (open data, read-only)
    path("pruzkumy/", surveys.surveys, name="surveys"),
    path("pruzkumy/openapi.json", surveys.openapi_json, name="surveys_openapi"),
    path("pruzkumy/<str:id>", surveys.survey_results, name="survey_results"),
]
# the public API of the processes (versioned) and the local open-data catalogue (DCAT-AP-CZ)
urlpatterns += public_urls.urlpatterns + opendata_urls.urlpatterns
