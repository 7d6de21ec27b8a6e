from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "socplan.planning"
    label = "planning"
    verbose_name = _("Plans")

    def ready(self):
        from socplan.analysis import answers

        from . import rules  # noqa: F401  (registers the permissions)
        from .selectors import finding_answers

        answers.register(finding_answers)  # the measures that answer the analysis's findings

    def load_demo(self, report):
        from . import demo, demo_opinions

        demo.load(report)  # the demo plan 2019–2021 and action plan 2019
        demo_opinions.load(report)  # opinions on need for Kraj Vysočina (3 sent, 1 draft)
