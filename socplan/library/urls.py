from django.urls import path
from django.views.generic import RedirectView

from . import views
from .feeds import NewsFeed

app_name = "library"


def _moved(name: str):
    """A former address that sends its visitors permanently on, with the query string."""
    return RedirectView.as_view(pattern_name=name, permanent=True, query_string=True)


urlpatterns = [
    # documents
    path("<slug:slug>/dokumenty/", views.document_list, name="document_list"),
    path("<slug:slug>/dokumenty/novy/", views.document_create, name="document_create"),
    path("<slug:slug>/dokumenty/<int:pk>/", views.document_detail, name="document_detail"),
    path("<slug:slug>/dokumenty/<int:pk>/upravit/", views.document_edit, name="document_edit"),
    path(
        "<slug:slug>/dokumenty/<int:pk>/nova-verze/",
        views.document_version_add,
        name="document_version_add",
    ),
    path("<slug:slug>/dokumenty/<int:pk>/smazat/", views.document_delete, name="document_delete"),
    path(
        "<slug:slug>/dokumenty/<int:pk>/stahnout/",
        views.document_download,
        name="document_download",
    ),
    path(
        "<slug:slug>/dokumenty/<int:pk>/verze/<int:number>/",
        views.document_download,
        name="document_version_download",
    ),
    # news
    path("<slug:slug>/aktuality/", views.news_list, name="news_list"),
    path("<slug:slug>/aktuality/rss/", NewsFeed(), name="news_feed"),
    path("<slug:slug>/aktuality/nova/", views.news_create, name="news_create"),
    path("<slug:slug>/aktuality/<slug:article>/", views.news_detail, name="news_detail"),
    path("<slug:slug>/aktuality/<slug:article>/upravit/", views.news_edit, name="news_edit"),
    path("<slug:slug>/aktuality/<slug:article>/smazat/", views.news_delete, name="news_delete"),
    # events
    path("<slug:slug>/kalendar/", views.event_calendar, name="event_calendar"),
    path("<slug:slug>/kalendar.ics", views.event_ical, name="event_ical"),
    path("<slug:slug>/akce/nova/", views.event_create, name="event_create"),
    path("<slug:slug>/akce/<int:pk>/", views.event_detail, name="event_detail"),
    path("<slug:slug>/akce/<int:pk>/upravit/", views.event_edit, name="event_edit"),
    path("<slug:slug>/akce/<int:pk>/smazat/", views.event_delete, name="event_delete"),
    # output indicators (the funder's; the indicators of a plan are in planning)
    path("<slug:slug>/vystupove-ukazatele/", views.output_indicators, name="output_indicators"),
    path(
        "<slug:slug>/vystupove-ukazatele/xlsx/",
        views.output_indicators_xlsx,
        name="output_indicators_xlsx",
    ),
    # their former addresses
    path("<slug:slug>/ukazatele/", _moved("library:output_indicators")),
    path("<slug:slug>/ukazatele/xlsx/", _moved("library:output_indicators_xlsx")),
]
