from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "socplan.planning"
    label = "planning"
    verbose_name = _("Plans")

    def ready(self):
        from . import rules  # noqa: F401  (registers the permissions)

    def load_demo(self, report):
        from . import demo

        demo.load(report)  # the demo plan 2019–2021 and action plan 2019
