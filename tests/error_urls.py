"""A URL configuration for the error page tests: views that fail on purpose."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import OperationalError, connection
from django.urls import include, path


def forbidden(request):
    raise PermissionDenied("secret internal reason")


def bad(request):
    raise SuspiciousOperation("secret internal reason")


def broken(request):
    raise RuntimeError("secret internal reason")


def database_down(request):
    with connection.cursor() as cursor:  # the test makes every cursor fail
        cursor.execute("SELECT 1")


def locked(request):
    raise OperationalError("database is locked: secret internal reason")


urlpatterns = [
    path("test-errors/forbidden/", forbidden),
    path("test-errors/bad/", bad),
    path("test-errors/broken/", broken),
    path("test-errors/database-down/", database_down),
    path("test-errors/locked/", locked),
    path("", include("socplan.urls")),
]

handler400 = "socplan.core.views.bad_request"
handler403 = "socplan.core.views.permission_denied"
handler404 = "socplan.core.views.page_not_found"
handler500 = "socplan.core.views.server_error"
