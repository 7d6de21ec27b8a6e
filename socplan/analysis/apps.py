from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "socplan.analysis"
    label = "analysis"
    verbose_name = _("Analyses")

    def ready(self):
        # the permissions; the audit actions and permissions of needs surveys
        from . import audit_surveys, rules, rules_surveys  # noqa: F401

    def load_demo(self, report):
        from . import demo, demo_surveys

        demo.load(report)  # SWOTs of the working groups and findings of the Humpolec demo
        demo_surveys.load(report)  # the closed public survey and the providers' survey
