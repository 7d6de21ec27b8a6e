"""Yearly monitoring of the plan, indicator values, reports and the final evaluation
(issue 14)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "socplan.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring and evaluation")

    def ready(self):
        from . import rules  # noqa: F401  (registers the permissions)

    def load_demo(self, report):
        from . import demo

        demo.load(report)  # approved monitoring of 2019 and 2020, the evaluation started
