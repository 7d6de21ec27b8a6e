from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    name = "socplan.territory"
    label = "territory"
    verbose_name = _("Territory")

    def ready(self):
        from . import rules  # noqa: F401  (registers the permissions)

    def load_demo(self, report):
        from . import demo

        demo.load(report)
