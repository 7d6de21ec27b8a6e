"""Addresses of the public read-only API of the processes (issue 17), under /api/.

Version 1 lives under ``v1/``; its OpenAPI document (:mod:`.public_openapi`) describes every
path here but the document itself and its human documentation."""

from django.urls import path

from . import public_views as views

urlpatterns = [
    path("v1/", views.root, name="public_root"),
    path("v1/openapi.json", views.openapi_json, name="public_openapi"),
    path("v1/dokumentace/", views.docs, name="public_docs"),
    path("v1/procesy/", views.processes, name="public_processes"),
    path("v1/procesy/<str:slug>/", views.process_detail, name="public_process"),
    path("v1/procesy/<str:slug>/plany/", views.process_plans, name="public_process_plans"),
    path("v1/plany/<str:plan_pk>/", views.plan_detail, name="public_plan"),
    path("v1/plany/<str:plan_pk>/pripominkovani/", views.plan_rounds, name="public_plan_rounds"),
    path("v1/plany/<str:plan_pk>/schvaleni/", views.plan_approval, name="public_plan_approval"),
    path(
        "v1/plany/<str:plan_pk>/monitoring/", views.plan_monitoring, name="public_plan_monitoring"
    ),
    path(
        "v1/plany/<str:plan_pk>/monitoring/<str:year>/",
        views.plan_period,
        name="public_plan_period",
    ),
    path("v1/plany/<str:plan_pk>/hodnoceni/", views.plan_evaluation, name="public_plan_evaluation"),
    path("v1/pripominkovani/<str:pk>/", views.round_detail, name="public_round"),
    path(
        "v1/pripominkovani/<str:pk>/pripominky/",
        views.round_comments,
        name="public_round_comments",
    ),
]
