from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "socplan.analysis"
    label = "analysis"
    verbose_name = _("Analyses")

    def ready(self):
        from . import rules  # noqa: F401  (registers the permissions)
        from . import audit_surveys, rules_surveys  # noqa: F401  (needs surveys)

    def load_demo(self, report):
        from . import demo

        demo.load(report)  # SWOTs of the working groups and findings of the Humpolec demo
        from . import demo_surveys

        demo_surveys.load(report)  # the closed public survey and the providers' survey
