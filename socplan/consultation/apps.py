from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    name = "socplan.consultation"
    label = "consultation"
    verbose_name = _("Consultation and approval")

    def ready(self):
        from . import rules  # noqa: F401  (registers the permissions)

    def load_demo(self, report):
        from . import demo

        demo.load(report)  # a finished round, resolutions, the councils, the plan in force
