"""Paths of needs surveys, added to :mod:`.urls` (under /procesy/<slug>/...)."""

from django.urls import path

from . import views_surveys as views

S = "<slug:slug>/analyza/pruzkumy/"
P = S + "<int:pk>/"
urlpatterns = [
    path(S, views.survey_list, name="survey_list"),
    path(S + "novy/", views.survey_start, name="survey_start"),
    path(P, views.survey_detail, name="survey_detail"),
    path(P + "upravit/", views.survey_edit, name="survey_edit"),
    path(P + "akce/", views.survey_action, name="survey_action"),
    path(P + "otazky/nova/", views.question_form, name="question_create"),
    path(P + "otazky/<int:question_pk>/", views.question_form, name="question_edit"),
    path(P + "qr.svg", views.survey_qr, name="survey_qr"),
    path(P + "papirove-dotazniky/", views.paper_entry, name="paper_entry"),
    path(P + "vysledky/", views.survey_results, name="survey_results"),
    path(P + "moderovani/", views.survey_moderation, name="survey_moderation"),
    path(P + "zverejneni/", views.survey_publish, name="survey_publish"),
    path(P + "export.<str:format>", views.survey_export, name="survey_export"),
    path(P + "zjisteni/", views.survey_finding, name="survey_finding"),
    # the public
    path("<slug:slug>/pruzkumy/", views.public_results_list, name="survey_public_list"),
    path(
        "<slug:slug>/pruzkumy/<int:pk>/vysledky/",
        views.public_results,
        name="survey_public_results",
    ),
    path("<slug:slug>/dotaznik/<uuid:key>/", views.survey_answer, name="survey_answer"),
    path("<slug:slug>/dotaznik/<uuid:key>/dekujeme/", views.survey_thanks, name="survey_thanks"),
]
