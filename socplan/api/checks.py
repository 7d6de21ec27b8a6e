"""System checks of the open-data set-up (run by ``socplan check`` and before serving)."""

from django.conf import settings
from django.core import checks

from socplan.catalogue.validators import ico_is_valid


@checks.register()
def check_opendata_publishers(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """An IČO of the open-data publisher that is not a valid IČO would be left out of the
    catalogue without a word: say so when the server starts."""
    found = []
    main = str(getattr(settings, "OPENDATA_PUBLISHER", "") or "").strip()
    if main and not ico_is_valid(main):
        found.append(("SOCPLAN_OPENDATA_PUBLISHER", main))
    for slug, ico in getattr(settings, "OPENDATA_PUBLISHERS", {}).items():
        if not ico_is_valid(str(ico).strip()):
            found.append((f"SOCPLAN_OPENDATA_PUBLISHERS ({slug.strip()})", ico))
    return [
        checks.Warning(
            f"{name}: “{value}” is not a valid IČO (8 digits with the check digit); the open-data "
            "catalogue names no publisher for it.",
            hint="Give the IČO of the public body as the register of public administration has it.",
            id="api.W001",
        )
        for name, value in found
    ]
