"""The arithmetic of the monitoring, free of the database: progress of activities rolled up
to measures, priorities and the plan with weights, the traffic light, and indicators that
are cumulative (the values of the years add up) or a level (the last value counts).

Rules:
- an activity's progress is the percentage given, or else the default of its state
  (done 100, partly done 50, not done / not started 0);
- a cancelled activity is left out of the roll-up (it neither helps nor hurts); a measure
  whose activities are all cancelled has no progress and is left out in turn;
- a parent's progress is the weighted mean of its children that have a progress; a weight
  not set is 1; children of weight 0 do not count; no child with a weight → no progress;
- the light is on track from 80 %, at risk from 50 %, else off track, unless a person set it
  (with a reason).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

DEFAULT_PROGRESS = {
    "done": 100,
    "in_progress": 50,
    "not_done": 0,
    "planned": 0,
    "cancelled": None,
}
ON_TRACK_FROM = 80
AT_RISK_FROM = 50


def activity_progress(status: str, progress: int | None) -> float | None:
    """The progress of one activity in %, None for a cancelled one."""
    if status == "cancelled":
        return None
    if progress is not None:
        return float(progress)
    value = DEFAULT_PROGRESS.get(status, 0)
    return None if value is None else float(value)


def weighted_mean(pairs: Iterable[tuple[float | None, Decimal | float | None]]) -> float | None:
    """The mean of the values (None left out) by their weights (None = 1)."""
    total = 0.0
    weights = 0.0
    for value, weight in pairs:
        if value is None:
            continue
        w = 1.0 if weight is None else float(weight)
        if w <= 0:
            continue
        total += value * w
        weights += w
    if weights == 0:
        return None
    return total / weights


def light_for(progress: float | None) -> str | None:
    if progress is None:
        return None
    if progress >= ON_TRACK_FROM:
        return "on_track"
    if progress >= AT_RISK_FROM:
        return "at_risk"
    return "off_track"


def percent_shown(value) -> int | None:
    """A percentage as it is shown everywhere (tables, charts, documents): a whole number,
    halves rounded up (75.5 → 76), so that a chart and the table beside it agree."""
    if value is None:
        return None
    return int(Decimal(repr(float(value))).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# --- indicators ----------------------------------------------------------------------------


def _num(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value).replace(" ", "").replace(",", "."))
    except ArithmeticError:
        return None


def target_to_date(targets: dict, year: int, aggregation: str) -> Decimal | None:
    """The target an indicator should have reached by ``year``: for a cumulative one the
    sum of the yearly targets up to the year, for a level the target of the last year up
    to ``year`` that has one."""
    known = sorted((int(y), _num(v)) for y, v in (targets or {}).items() if _num(v) is not None)
    upto = [(y, v) for y, v in known if y <= year]
    if aggregation == "cumulative":
        return sum((v for _y, v in upto), Decimal(0)) if upto else None
    return upto[-1][1] if upto else None


def final_target(targets: dict, aggregation: str) -> Decimal | None:
    """The target of the whole plan: the sum of the yearly targets of a cumulative
    indicator, the last target of a level."""
    return target_to_date(targets, 9999, aggregation)


def value_to_date(values: dict[int, Decimal], year: int, aggregation: str) -> Decimal | None:
    """The actual value by ``year`` from the values of the periods (year → value):
    cumulative → their sum, level → the last one."""
    upto = sorted((y, v) for y, v in values.items() if y <= year and v is not None)
    if not upto:
        return None
    if aggregation == "cumulative":
        return sum((v for _y, v in upto), Decimal(0))
    return upto[-1][1]


def achievement(
    *, actual: Decimal | None, target: Decimal | None, baseline: Decimal | None, aggregation: str
) -> float | None:
    """How far the indicator got to its target, in %. A cumulative indicator: actual /
    target. A level: the way from the baseline to the target that was made (also for a
    target below the baseline, where less is better)."""
    if actual is None or target is None:
        return None
    if aggregation == "cumulative" or baseline is None:
        if target == 0:
            return 100.0 if actual >= 0 else 0.0
        return float(actual / target * 100)
    if target == baseline:
        return 100.0 if actual == target else 0.0
    return float((actual - baseline) / (target - baseline) * 100)


@dataclass
class Money:
    planned: Decimal = Decimal(0)
    actual: Decimal = Decimal(0)

    @property
    def difference(self) -> Decimal:
        return self.actual - self.planned

    @property
    def execution(self) -> float | None:
        """Real costs in % of the planned ones."""
        if not self.planned:
            return None
        return float(self.actual / self.planned * 100)
