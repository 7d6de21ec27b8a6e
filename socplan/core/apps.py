from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "socplan.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        # Each installed app declares its audit actions in its own ``audit`` module (as the
        # admin finds ``admin`` modules): core names no app.
        from django.utils.module_loading import autodiscover_modules

        from . import rules  # noqa: F401  (registers the permissions)

        autodiscover_modules("audit")
