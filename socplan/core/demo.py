"""Loading of the demo data: each app that has demo data gives its AppConfig a method
``load_demo(report)``; :func:`load_demo` calls them in the order of INSTALLED_APPS, which is
the order data flows (territory → organisation → catalogue → library → planning), so core
names no domain app. Every loader is idempotent: it creates what is missing and never
overwrites what exists (neither imported national data nor a user's edits)."""

from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction
from django.utils import translation


@dataclass
class DemoReport:
    created: dict[str, int] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, label: str, created: bool = True) -> None:
        if created:
            self.created[label] = self.created.get(label, 0) + 1

    @property
    def changed_anything(self) -> bool:
        return bool(self.created)


def load_demo() -> DemoReport:
    """Every app's demo, in one transaction.

    The demo is a Czech planning process: the texts it stores (labels of commented parts,
    findings made from survey results, generated documents) are written in Czech whatever
    language is active when it is loaded (the tests run in English)."""
    report = DemoReport()
    with transaction.atomic(), translation.override("cs"):
        for config in apps.get_app_configs():
            loader = getattr(config, "load_demo", None)
            if loader is not None:
                loader(report)
    return report
