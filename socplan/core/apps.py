from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "socplan.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        # Each installed app declares its audit actions in its own ``audit`` module (as the
        # admin finds ``admin`` modules): core names no app.
        from django.db.backends.signals import connection_created
        from django.utils.module_loading import autodiscover_modules

        from . import checks, rules  # noqa: F401  (register the system checks, permissions)
        from .collation import register_sqlite_collation

        # One Czech collation on every backend: PostgreSQL has ICU's, SQLite gets ours.
        connection_created.connect(register_sqlite_collation, dispatch_uid="czech_collation")

        autodiscover_modules("audit")
