from django.contrib import admin
from django.urls import include, path

from socplan.core.files import serve_public_media

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
    path("procesy/", include("socplan.analysis.urls")),
    path("procesy/", include("socplan.planning.urls")),
    path("procesy/", include("socplan.monitoring.urls")),
    path("procesy/", include("socplan.consultation.urls")),
    path("katalog/", include("socplan.catalogue.urls")),
    # the region's view over every plan of its territory, and the national view (the
    # region's documents first: the groundwork for its own plan)
    path("kraje/", include("socplan.documents.urls_region")),
    path("kraje/", include("socplan.monitoring.urls_region")),
    path("api/", include("socplan.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Public uploads (logos, service photos) are served by the application in the embedded
    # set-up, only those an app declared public (core/files.py); a larger installation serves
    # them from its web server or object storage. Files made for a user are never in
    # MEDIA_ROOT: their views check permission.
    path("media/<path:path>", serve_public_media),
]

handler400 = "socplan.core.views.bad_request"
handler403 = "socplan.core.views.permission_denied"
handler404 = "socplan.core.views.page_not_found"
handler500 = "socplan.core.views.server_error"
