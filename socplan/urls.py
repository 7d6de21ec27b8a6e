from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

urlpatterns = [
    path("", include("socplan.core.urls")),
    path("", include("socplan.organisation.home_urls")),
    path("ucet/", include("socplan.accounts.urls")),
    path("uzemi/", include("socplan.territory.urls")),
    # Downloads of generated documents first: their paths are more specific than the
    # pages beside them (organisation's "<slug>/setkani/<pk>/zapis/<action>/").
    path("procesy/", include("socplan.documents.urls")),
    path("procesy/", include("socplan.organisation.urls")),
    # Per-process pages of the later apps live under /procesy/<slug>/... too.
    path("procesy/", include("socplan.library.urls")),
    path("procesy/", include("socplan.planning.urls")),
    path("katalog/", include("socplan.catalogue.urls")),
    path("api/", include("socplan.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Uploaded files (logos) are served by the application in the embedded set-up;
    # a larger installation serves MEDIA_ROOT from its web server or object storage.
    path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}),
]
