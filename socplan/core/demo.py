"""Loading of the demo data: each app that has demo data provides ``<app>/demo.py`` with a
``load(report)`` function; :func:`load_demo` calls them in the order data flows
(territory → organisation → ...). Every loader is idempotent: it creates what is missing
and never overwrites what exists (neither imported national data nor a user's edits)."""

import importlib
from dataclasses import dataclass, field

from django.db import transaction

# In data-flow order (see DESIGN.md): later apps build on the earlier ones' demo data.
DEMO_MODULES = [
    "socplan.territory.demo",
    "socplan.organisation.demo",
    "socplan.organisation.demo_structure",  # groups, people, meetings (issue 4)
    "socplan.catalogue.demo",  # demo providers and services, life situations (issue 3)
    "socplan.catalogue.demo_review",  # a provider editor, a proposal, a change (issue 3)
    "socplan.organisation.demo_minutes",  # minutes, resolutions, tasks (issue 4)
    "socplan.library.demo",  # after the organisation (and catalogue) modules
    "socplan.planning.demo",  # the demo plan 2019–2021 and action plan 2019 (issue 5): last
]


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
    report = DemoReport()
    with transaction.atomic():
        for name in DEMO_MODULES:
            importlib.import_module(name).load(report)
    return report
