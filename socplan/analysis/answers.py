"""Which parts of a plan answer the findings: a hook that a higher layer fills.

The analysis stands below planning and does not import it. Planning registers, when it is
ready, a function that tells for findings which measures answer them; the findings register
shows them, and lists the findings no measure answers as open needs.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Answer:
    """A part of a plan that answers a finding (a measure, for now)."""

    code: str
    title: str
    url: str
    plan: str = ""
    plan_id: int | None = None

    def __str__(self):
        return f"{self.code} {self.title}".strip()


# finding ids -> {finding id: [Answer, ...]}; filled by apps above the analysis
_providers: list[Callable[[list[int]], dict[int, list[Answer]]]] = []


def register(provider: Callable[[list[int]], dict[int, list[Answer]]]) -> None:
    if provider not in _providers:
        _providers.append(provider)


def answers_for(finding_ids: Iterable[int]) -> dict[int, list[Answer]]:
    """The answers of each finding (every finding id is a key; no answer: empty list)."""
    ids = list(finding_ids)
    result: dict[int, list[Answer]] = {pk: [] for pk in ids}
    if not ids:
        return result
    for provider in _providers:
        for pk, answers in provider(ids).items():
            result.setdefault(pk, []).extend(answers)
    return result
