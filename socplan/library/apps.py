from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "socplan.library"
    label = "library"
    verbose_name = _("Documents, news and events")

    def ready(self):
        from . import rules  # noqa: F401  (registers the permissions)

    def load_demo(self, report):
        from . import demo

        demo.load(report)
