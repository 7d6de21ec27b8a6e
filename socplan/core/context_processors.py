from django.conf import settings

from socplan.core.branding import site_branding


def site(request):
    return {
        "SITE_URL": settings.SITE_URL,
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
        "BRAND": site_branding(),
    }
