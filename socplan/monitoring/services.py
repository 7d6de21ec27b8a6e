"""Writes of the monitoring: periods and their workflow, the monitoring of activities
(their state through planning's services), real costs, indicator values, weights, traffic
lights, the bulk update from a file, reminders, the evaluation and the next plan.

Every function owns its transaction and records what it did in the audit log. A period
that is submitted waits for approval and an approved one is locked: writes into either
raise :class:`PeriodLocked`. Invalid input raises ``ValidationError`` and changes nothing.
"""

import csv
import datetime
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from socplan.catalogue.models import Capacity, ServiceChange
from socplan.catalogue.selectors import services_for_area
from socplan.core.audit import audit_log
from socplan.core.mail import queue_email
from socplan.core.numbers import is_digits
from socplan.library.models import Document
from socplan.organisation.council import council_decision_check
from socplan.organisation.models import Meeting, Membership, ProcessRole
from socplan.planning import services as planning_services
from socplan.planning.models import (
    ActionItem,
    Activity,
    FundingSource,
    Indicator,
    Measure,
    Plan,
    Priority,
)

from .audit import MonitoringAction
from .models import (
    ActivityReport,
    ActualCost,
    Evaluation,
    IndicatorSetup,
    IndicatorValue,
    Light,
    LightOverride,
    MonitoringDecision,
    MonitoringPeriod,
    Weight,
)
from .selectors import STATE_WORDS, evaluation_summary


class PeriodLocked(ValidationError):
    """The period is submitted (waiting for approval) or approved (locked)."""

    def __init__(self, period: MonitoringPeriod):
        if period.status == MonitoringPeriod.Status.APPROVED:
            message = _("The monitoring of %(year)s is approved and locked; it cannot change.")
        else:
            message = _(
                "The monitoring of %(year)s is submitted and waits for approval; it can be "
                "changed when it is returned."
            )
        super().__init__(message, code="locked", params={"year": period.year})


def _locked(period: MonitoringPeriod) -> MonitoringPeriod:
    """Lock the period's row for this transaction; refuse unless it is being filled in."""
    locked = (
        MonitoringPeriod.objects.select_related("action_plan").select_for_update().get(pk=period.pk)
    )
    if not locked.is_editable:
        raise PeriodLocked(locked)
    return locked


def _actor(actor):
    return actor if actor is not None and actor.is_authenticated else None


def _amount(value, field_name: str) -> Decimal:
    try:
        amount = Decimal(str(value).replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({field_name: _("Enter a number.")}) from exc
    if amount < 0:
        raise ValidationError({field_name: _("The amount cannot be negative.")})
    if not amount.is_finite() or abs(amount) >= Decimal("1e12"):
        raise ValidationError({field_name: _("Enter a smaller number.")})
    return amount.quantize(Decimal("0.01"))


# --- periods -----------------------------------------------------------------------------


def period_create(
    *,
    actor,
    action_plan: Plan,
    deadline: datetime.date | None = None,
    is_demo: bool = False,
) -> MonitoringPeriod:
    """Open the monitoring of an action plan (one year); indicators tied to the register
    get their value from it at once."""
    if action_plan.kind != Plan.Kind.ACTION:
        raise ValidationError(_("Monitoring is kept for an action plan (one year)."))
    with transaction.atomic():
        if MonitoringPeriod.objects.filter(action_plan=action_plan).exists():
            raise ValidationError(
                _("The monitoring of %(year)s exists already."),
                code="exists",
                params={"year": action_plan.year},
            )
        period = MonitoringPeriod.objects.create(
            action_plan=action_plan, deadline=deadline, is_demo=is_demo
        )
        audit_log(
            actor=actor,
            action=MonitoringAction.PERIOD_CREATED,
            obj=period,
            year=action_plan.year,
        )
        register_values_fill(actor=actor, period=period)
    return period


def period_update(
    *, actor, period: MonitoringPeriod, deadline: datetime.date | None, summary: str
) -> MonitoringPeriod:
    with transaction.atomic():
        locked = _locked(period)
        locked.deadline = deadline
        locked.summary = summary.strip()
        locked.save(update_fields=["deadline", "summary", "updated_at"])
        audit_log(actor=actor, action=MonitoringAction.PERIOD_UPDATED, obj=locked)
    period.refresh_from_db()
    return period


def period_submit(*, actor, period: MonitoringPeriod) -> MonitoringPeriod:
    """The working groups hand the period over to the steering group."""
    with transaction.atomic():
        locked = _locked(period)
        locked.status = MonitoringPeriod.Status.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.submitted_by = _actor(actor)
        locked.save()
        audit_log(actor=actor, action=MonitoringAction.PERIOD_SUBMITTED, obj=locked)
    period.refresh_from_db()
    return period


def _submitted(period: MonitoringPeriod) -> MonitoringPeriod:
    locked = MonitoringPeriod.objects.select_for_update().get(pk=period.pk)
    if locked.status != MonitoringPeriod.Status.SUBMITTED:
        raise ValidationError(
            _("Only a submitted monitoring can be approved or returned."), code="not_submitted"
        )
    return locked


def period_return(*, actor, period: MonitoringPeriod, comment: str) -> MonitoringPeriod:
    """The steering group sends the period back to be completed, with a comment."""
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": _("Say what should be completed or changed.")})
    with transaction.atomic():
        locked = _submitted(period)
        locked.status = MonitoringPeriod.Status.RETURNED
        locked.return_comment = comment
        locked.save()
        audit_log(actor=actor, action=MonitoringAction.PERIOD_RETURNED, obj=locked, comment=comment)
    period.refresh_from_db()
    return period


def period_approve(*, actor, period: MonitoringPeriod) -> MonitoringPeriod:
    """The steering group approves the period: it is locked and its report is public."""
    with transaction.atomic():
        locked = _submitted(period)
        locked.status = MonitoringPeriod.Status.APPROVED
        locked.approved_at = timezone.now()
        locked.approved_by = _actor(actor)
        locked.return_comment = ""
        locked.save()
        audit_log(actor=actor, action=MonitoringAction.PERIOD_APPROVED, obj=locked)
    period.refresh_from_db()
    return period


def council_decision_record(
    *,
    actor,
    period: MonitoringPeriod,
    decided_on: datetime.date | None,
    resolution_number: str,
    value: str = MonitoringDecision.Decision.TOOK_NOTE,
    body: str = MonitoringDecision.Body.MUNICIPALITY,
    body_name: str = "",
    file=None,
    note: str = "",
) -> MonitoringDecision:
    """Record what the council decided on the approved monitoring report (usually it took
    note of it): one decision per period, recorded again to correct it."""
    council_decision_check(value=value, decided_on=decided_on, resolution_number=resolution_number)
    if body not in MonitoringDecision.Body.values:
        raise ValidationError({"body": _("Choose the kind of body.")})
    with transaction.atomic():
        locked = MonitoringPeriod.objects.select_for_update().get(pk=period.pk)
        if not locked.is_locked:
            raise ValidationError(
                _("The council takes note of an approved monitoring report."), code="not_approved"
            )
        decision = locked.council_note or MonitoringDecision(period=locked)
        decision.decision = value
        decision.decided_on = decided_on
        decision.resolution_number = resolution_number.strip()
        decision.body = body
        decision.body_name = body_name.strip()
        decision.note = note.strip()
        if file:
            decision.file = file
        decision.save()
        audit_log(
            actor=actor,
            action=MonitoringAction.PERIOD_NOTED,
            obj=locked,
            decision=value,
            resolution=decision.resolution_number,
        )
    period.council_decision = decision  # the caller's period sees it at once
    return decision


# --- activities ----------------------------------------------------------------------------


def _check_item(period: MonitoringPeriod, item: ActionItem) -> None:
    if item.plan_id != period.action_plan_id:
        raise ValidationError(_("The activity is not in the action plan of this period."))


def _costs_rows(costs: Iterable[Mapping[str, Any]]) -> list[tuple[str, Decimal]]:
    rows = []
    for cost in costs:
        source = cost["source"]
        if source not in FundingSource.values:
            raise ValidationError(_("Unknown funding source."), code="source")
        amount = _amount(cost["amount"], f"cost_{source}")
        if amount:
            rows.append((source, amount))
    return rows


def _costs_replace(*, period, measure, item, rows) -> None:
    ActualCost.objects.filter(period=period, measure=measure, action_item=item).delete()
    ActualCost.objects.bulk_create(
        ActualCost(period=period, measure=measure, action_item=item, source=s, amount=a)
        for s, a in rows
    )


def activity_report_save(
    *,
    actor,
    period: MonitoringPeriod,
    item: ActionItem,
    status: str,
    progress: int | None = None,
    commentary: str = "",
    links: str = "",
    documents: Iterable[Document] | None = None,
    meetings: Iterable[Meeting] | None = None,
    costs: Iterable[Mapping[str, Any]] | None = None,
) -> ActivityReport:
    """Record what was done on an activity in the year: its state (kept by planning), the
    progress in %, a commentary, evidence (library documents, meetings, links) and the real
    costs by funding source (when given, they replace the previous ones)."""
    if status not in ActionItem.Status.values:
        raise ValidationError({"status": _("Choose a valid state of the activity.")})
    if progress is not None and not 0 <= int(progress) <= 100:
        raise ValidationError({"progress": _("Progress is a percentage from 0 to 100.")})
    if status == ActionItem.Status.DONE and progress is not None and int(progress) < 100:
        raise ValidationError(
            {"progress": _("A done activity has progress 100 % (or leave it empty).")}
        )
    bad_links = [
        line
        for line in links.splitlines()
        if line.strip() and not line.strip().startswith(("http://", "https://"))
    ]
    if bad_links:
        raise ValidationError(
            {"links": _("Enter web addresses starting with http:// or https://, one a line.")}
        )
    process_id = period.action_plan.process_id
    documents = list(documents) if documents is not None else None
    meetings = list(meetings) if meetings is not None else None
    if documents and any(d.process_id != process_id for d in documents):
        raise ValidationError({"documents": _("Choose documents of this process.")})
    if meetings and any(m.process_id != process_id for m in meetings):
        raise ValidationError({"meetings": _("Choose meetings of this process.")})
    rows = _costs_rows(costs) if costs is not None else None
    with transaction.atomic():
        locked = _locked(period)
        _check_item(locked, item)
        planning_services.action_item_status_set(actor=actor, item=item, status=status)
        report, created = ActivityReport.objects.get_or_create(
            action_item=item, defaults={"period": locked}
        )
        report.progress = None if progress is None else int(progress)
        report.commentary = commentary.strip()
        report.links = "\n".join(line.strip() for line in links.splitlines() if line.strip())
        report.updated_by = _actor(actor)
        report.full_clean(exclude=["period", "action_item"])
        report.save()
        if documents is not None:
            report.documents.set(documents)
        if meetings is not None:
            report.meetings.set(meetings)
        if rows is not None:
            _costs_replace(period=locked, measure=item.activity.measure, item=item, rows=rows)
        audit_log(
            actor=actor,
            action=MonitoringAction.ACTIVITY_REPORTED,
            obj=report,
            status=status,
            progress=report.progress,
            real_costs=str(sum((a for _s, a in rows), Decimal(0))) if rows is not None else None,
        )
    return report


def measure_costs_set(
    *, actor, period: MonitoringPeriod, measure: Measure, costs: Iterable[Mapping[str, Any]]
) -> None:
    """The real costs of a measure itself (not split into activities) in the year."""
    if measure.priority.plan_id != period.action_plan.medium_term_plan_id:
        raise ValidationError(_("The measure is not in the plan of this period."))
    rows = _costs_rows(costs)
    with transaction.atomic():
        locked = _locked(period)
        _costs_replace(period=locked, measure=measure, item=None, rows=rows)
        audit_log(
            actor=actor,
            action=MonitoringAction.ACTIVITY_REPORTED,
            obj=locked,
            measure=measure.pk,
            real_costs=str(sum((a for _s, a in rows), Decimal(0))),
        )


# --- indicators ---------------------------------------------------------------------------


def _check_indicator(period: MonitoringPeriod, indicator: Indicator) -> None:
    if indicator.measure.priority.plan_id != period.action_plan.medium_term_plan_id:
        raise ValidationError(_("The indicator is not in the plan of this period."))


def indicator_value_set(
    *,
    actor,
    period: MonitoringPeriod,
    indicator: Indicator,
    value,
    note: str = "",
    from_register: bool = False,
) -> IndicatorValue | None:
    """The actual value of an indicator in the period (None or "" removes it)."""
    _check_indicator(period, indicator)
    number = None if value is None or value == "" else _amount_signed(value)
    with transaction.atomic():
        locked = _locked(period)
        if number is None:
            IndicatorValue.objects.filter(period=locked, indicator=indicator).delete()
            result = None
        else:
            result, _created = IndicatorValue.objects.update_or_create(
                period=locked,
                indicator=indicator,
                defaults={"value": number, "note": note.strip(), "from_register": from_register},
            )
        audit_log(
            actor=actor,
            action=MonitoringAction.INDICATOR_VALUE_SET,
            obj=locked,
            indicator=indicator.pk,
            value=None if number is None else str(number),
            from_register=from_register,
        )
    return result


def _amount_signed(value) -> Decimal:
    try:
        number = Decimal(str(value).replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({"value": _("Enter a number.")}) from exc
    if not number.is_finite() or abs(number) >= Decimal("1e12"):
        raise ValidationError({"value": _("Enter a smaller number.")})
    return number.quantize(Decimal("0.01"))


def indicator_setup_set(
    *,
    actor,
    indicator: Indicator,
    aggregation: str,
    register_kind=None,
    register_capacity_type=None,
) -> IndicatorSetup:
    """Say whether an indicator is cumulative or a level, and tie it to the register."""
    if aggregation not in IndicatorSetup.Aggregation.values:
        raise ValidationError({"aggregation": _("Choose cumulative or level.")})
    if register_capacity_type is not None and register_kind is None:
        raise ValidationError(
            {"register_kind": _("Choose the kind of service whose capacity is counted.")}
        )
    with transaction.atomic():
        setup, _created = IndicatorSetup.objects.update_or_create(
            indicator=indicator,
            defaults={
                "aggregation": aggregation,
                "register_kind": register_kind,
                "register_capacity_type": register_capacity_type,
            },
        )
        audit_log(
            actor=actor,
            action=MonitoringAction.INDICATOR_SETUP_SET,
            obj=setup,
            aggregation=aggregation,
            register_kind=register_kind.pk if register_kind else None,
        )
    return setup


def register_value(*, setup: IndicatorSetup, area, on: datetime.date) -> Decimal:
    """The value of a register-tied indicator on a date: the registered capacity (in the
    unit chosen) of the services of the kind that were provided in the area on that date,
    as it was on that date (see :func:`capacities_on`); without a unit, the number of those
    services."""
    services = services_for_area(area, on=on).filter(kind_id=setup.register_kind_id)
    if setup.register_capacity_type_id is None:
        return Decimal(services.count())
    return capacities_on(
        service_ids=list(services.values_list("pk", flat=True)),
        capacity_type=setup.register_capacity_type,
        on=on,
    )


def capacity_in_history_text(text: str, type_code: str) -> int:
    """The capacity of one unit in the history text of a service's forms, as the catalogue
    writes it (:func:`socplan.catalogue.importers.describe`): ``"pob: 40 luzka, 3 klient;
    ter: 120 klient"`` → 40 for ``luzka`` (the capacities of all forms added up; a form
    without capacity has no ``:``)."""
    total = 0
    for form in text.split(";"):
        if ":" not in form:
            continue
        for capacity in form.split(":", 1)[1].split(","):
            value, _sep, unit = capacity.strip().partition(" ")
            if unit.strip() == type_code and is_digits(value):
                total += int(value)
    return total


def capacities_on(*, service_ids: list[int], capacity_type, on: datetime.date) -> Decimal:
    """The registered capacity of the services in one unit as it was on the date ``on``.

    The catalogue keeps only today's capacities; every change of a service's forms and
    capacities (by the register import) is a :class:`~socplan.catalogue.models.ServiceChange`
    of the field ``forms`` with the text before and after. A service whose forms changed
    after the date had, on the date, the "before" text of the first of those changes; a
    service without a later change has today's capacity."""
    if not service_ids:
        return Decimal(0)
    after = timezone.make_aware(
        datetime.datetime.combine(on + datetime.timedelta(days=1), datetime.time.min)
    )
    earlier_text: dict[int, str] = {}
    for service_id, old_value in (
        ServiceChange.objects.filter(service_id__in=service_ids, field="forms", at__gte=after)
        .order_by("service_id", "at", "pk")
        .values_list("service_id", "old_value")
    ):
        earlier_text.setdefault(service_id, old_value)
    type_code = capacity_type.register_id.rsplit("/", 1)[-1]
    total = sum(capacity_in_history_text(text, type_code) for text in earlier_text.values())
    current = Capacity.objects.filter(
        service_form__service_id__in=[pk for pk in service_ids if pk not in earlier_text],
        type=capacity_type,
    ).aggregate(total=Sum("value"))["total"]
    return Decimal(total + (current or 0))


def period_date(period: MonitoringPeriod) -> datetime.date:
    """The date a period's register values are taken on: the end of its year (today while
    the year runs)."""
    end = datetime.date(period.year, 12, 31)
    return min(end, timezone.localdate())


def register_values_fill(*, actor, period: MonitoringPeriod) -> int:
    """Take the value of every register-tied indicator of the plan from the register on the
    period's date. Returns how many were set."""
    setups = IndicatorSetup.objects.filter(
        indicator__measure__priority__plan=period.action_plan.medium_term_plan,
        register_kind__isnull=False,
    ).select_related("indicator__measure__priority", "register_capacity_type")
    area = period.action_plan.process.planning_area
    on = period_date(period)
    count = 0
    for setup in setups:
        indicator_value_set(
            actor=actor,
            period=period,
            indicator=setup.indicator,
            value=register_value(setup=setup, area=area, on=on),
            note=_("From the register of social services on %(date)s.")
            % {"date": on.strftime("%d.%m.%Y")},
            from_register=True,
        )
        count += 1
    return count


# --- weights and lights ------------------------------------------------------------------


def weight_set(*, actor, obj: Priority | Measure | Activity, weight) -> None:
    """The weight of a priority, measure or activity in the roll-up (None or 1: equal)."""
    if isinstance(obj, Priority):
        plan, key = obj.plan, {"priority": obj}
    elif isinstance(obj, Measure):
        plan, key = obj.priority.plan, {"measure": obj}
    elif isinstance(obj, Activity):
        plan, key = obj.measure.priority.plan, {"activity": obj}
    else:
        raise TypeError(type(obj))
    number = None if weight in (None, "") else _amount(weight, "weight")
    with transaction.atomic():
        if number is None or number == 1:
            Weight.objects.filter(**key).delete()
        else:
            Weight.objects.update_or_create(**key, defaults={"plan": plan, "weight": number})
        audit_log(
            actor=actor,
            action=MonitoringAction.WEIGHT_SET,
            obj=obj,
            weight=None if number is None else str(number),
        )


def light_override_set(
    *,
    actor,
    period: MonitoringPeriod,
    light: str,
    reason: str = "",
    priority: Priority | None = None,
    measure: Measure | None = None,
) -> LightOverride | None:
    """Set the traffic light of the plan (neither priority nor measure given), a priority
    or a measure by hand, with the reason; an empty ``light`` goes back to the computed
    one."""
    plan_id = period.action_plan.medium_term_plan_id
    if priority is not None and priority.plan_id != plan_id:
        raise ValidationError(_("The priority is not in the plan of this period."))
    if measure is not None and measure.priority.plan_id != plan_id:
        raise ValidationError(_("The measure is not in the plan of this period."))
    if light and light not in Light.values:
        raise ValidationError({"light": _("Choose a traffic light.")})
    if light and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for setting the light by hand.")})
    with transaction.atomic():
        locked = MonitoringPeriod.objects.select_for_update().get(pk=period.pk)
        if locked.is_locked:
            raise PeriodLocked(locked)
        existing = LightOverride.objects.filter(period=locked, priority=priority, measure=measure)
        if not light:
            existing.delete()
            audit_log(actor=actor, action=MonitoringAction.LIGHT_CLEARED, obj=locked)
            return None
        override = existing.first() or LightOverride(
            period=locked, priority=priority, measure=measure
        )
        override.light = light
        override.reason = reason.strip()
        override.set_by = _actor(actor)
        override.save()
        audit_log(
            actor=actor,
            action=MonitoringAction.LIGHT_OVERRIDDEN,
            obj=locked,
            light=light,
            priority=priority.pk if priority else None,
            measure=measure.pk if measure else None,
            reason=override.reason,
        )
    return override


# --- many updates at once from a file ---------------------------------------------------------

HEADERS = {
    "code": ("code", "kód", "kod"),
    "state": ("state", "stav"),
    "progress": ("progress", "pokrok", "pokrok (%)", "progress (%)"),
    "commentary": ("commentary", "komentář", "komentar"),
    "indicator": ("indicator", "indikátor", "indikator"),
    "value": ("value", "hodnota"),
}


@dataclass
class ImportError_:
    row: int
    field: str
    message: str


@dataclass
class ImportResult:
    activities: int = 0
    indicators: int = 0
    errors: list[ImportError_] = field(default_factory=list)


class ImportFailed(ValidationError):
    def __init__(self, errors: list[ImportError_]):
        self.errors_list = errors
        super().__init__(
            [
                _("Row %(row)s, %(field)s: %(message)s")
                % {"row": e.row, "field": e.field, "message": e.message}
                for e in errors
            ]
        )


def _cost_headers() -> dict[str, str]:
    result = {}
    for source, label in FundingSource.choices:
        # the bare code too, unless it is also a column of its own ("state")
        codes = (source,) if source not in {n for names in HEADERS.values() for n in names} else ()
        for name in (*codes, f"cost_{source}", str(label)):
            result[name.lower()] = source
        with translation.override("cs"):
            result[str(FundingSource(source).label).lower()] = source
        with translation.override("en"):
            result[str(FundingSource(source).label).lower()] = source
    return result


def read_table(*, name: str, content: bytes) -> list[list[str]]:
    """The rows of a CSV (UTF-8, ``;`` or ``,``) or XLSX file as text."""
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - any broken file is the user's input
            raise ValidationError(_("The file is not a readable XLSX workbook.")) from exc
        sheet = workbook.worksheets[0]
        rows = [
            ["" if cell is None else str(cell).strip() for cell in row]
            for row in sheet.iter_rows(values_only=True)
        ]
        workbook.close()
        return rows
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(_("Save the CSV file in UTF-8.")) from exc
    dialect = ";" if text.splitlines()[0:1] and text.splitlines()[0].count(";") else ","
    return [
        [cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=dialect)
    ]


def bulk_update(*, actor, period: MonitoringPeriod, name: str, content: bytes) -> ImportResult:
    """Update many activities and indicators of a period from a CSV or XLSX file.

    Columns (Czech or English header): ``kód``/``code`` (of the activity, e.g. 1.2.1, or of
    the measure for an indicator), ``stav``/``state`` (splněno, částečně splněno, nesplněno,
    nezahájeno, zrušeno), ``pokrok``/``progress`` (%), ``komentář``/``commentary``, one column
    per funding source with the real costs (e.g. ``obce``, ``kraj``), and for indicators
    ``indikátor``/``indicator`` (its name) with ``hodnota``/``value``. Every row is checked
    first; with any error nothing is changed and the errors name the row and the column.
    """
    rows = read_table(name=name, content=content)
    if not rows:
        raise ImportFailed([ImportError_(1, "", _("The file is empty."))])
    header = [h.strip().lower() for h in rows[0]]
    columns: dict[str, int] = {}
    cost_names = _cost_headers()
    cost_columns: dict[int, str] = {}
    for index, title in enumerate(header):
        for key, names in HEADERS.items():
            if title in names:
                columns[key] = index
        if title in cost_names:
            cost_columns[index] = cost_names[title]
    if "code" not in columns:
        raise ImportFailed([ImportError_(1, "code", _("The file has no column “kód”."))])
    items = {
        item.activity.code: item
        for item in ActionItem.objects.filter(plan=period.action_plan).select_related(
            "activity__measure__priority"
        )
    }
    indicators = {
        (i.measure.code, i.name.strip().lower()): i
        for i in Indicator.objects.filter(
            measure__priority__plan=period.action_plan.medium_term_plan
        ).select_related("measure__priority")
    }
    errors: list[ImportError_] = []
    activity_updates, indicator_updates = [], []

    def cell(row, key):
        index = columns.get(key)
        return row[index].strip() if index is not None and index < len(row) else ""

    for number, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        code = cell(row, "code")
        if cell(row, "indicator"):
            indicator = indicators.get((code, cell(row, "indicator").lower()))
            if indicator is None:
                errors.append(
                    ImportError_(
                        number,
                        "indicator",
                        _("No such indicator of measure %(code)s.") % {"code": code},
                    )
                )
                continue
            try:
                value = _amount_signed(cell(row, "value")) if cell(row, "value") else None
            except ValidationError:
                errors.append(ImportError_(number, "value", _("Enter a number.")))
                continue
            indicator_updates.append((indicator, value))
            continue
        item = items.get(code)
        if item is None:
            errors.append(
                ImportError_(
                    number,
                    "code",
                    _("No activity %(code)s in this action plan.") % {"code": code or "–"},
                )
            )
            continue
        state_text = cell(row, "state").lower()
        status = STATE_WORDS.get(state_text) if state_text else item.status
        if status is None:
            errors.append(
                ImportError_(
                    number, "state", _("Unknown state “%(state)s”.") % {"state": cell(row, "state")}
                )
            )
            continue
        progress = None
        if cell(row, "progress"):
            try:
                progress = int(Decimal(cell(row, "progress").rstrip("%").strip().replace(",", ".")))
            except (InvalidOperation, ValueError):
                errors.append(ImportError_(number, "progress", _("Enter a whole number 0–100.")))
                continue
            if not 0 <= progress <= 100:
                errors.append(ImportError_(number, "progress", _("Enter a whole number 0–100.")))
                continue
        costs = None
        if cost_columns:
            costs = []
            bad = False
            for index, source in cost_columns.items():
                text = row[index].strip() if index < len(row) else ""
                if not text:
                    continue
                try:
                    costs.append({"source": source, "amount": _amount(text, source)})
                except ValidationError:
                    errors.append(
                        ImportError_(number, header[index], _("Enter an amount of 0 or more."))
                    )
                    bad = True
            if bad:
                continue
        activity_updates.append((number, item, status, progress, cell(row, "commentary"), costs))
    if errors:
        raise ImportFailed(errors)
    result = ImportResult()
    with transaction.atomic():
        _locked(period)
        for number, item, status, progress, commentary, costs in activity_updates:
            report = ActivityReport.objects.filter(action_item=item).first()
            try:
                activity_report_save(
                    actor=actor,
                    period=period,
                    item=item,
                    status=status,
                    progress=progress,
                    commentary=commentary or (report.commentary if report else ""),
                    links=report.links if report else "",
                    costs=costs,
                )
            except ValidationError as exc:
                raise ImportFailed([ImportError_(number, "", " ".join(exc.messages))]) from exc
            result.activities += 1
        for indicator, value in indicator_updates:
            indicator_value_set(actor=actor, period=period, indicator=indicator, value=value)
            result.indicators += 1
        audit_log(
            actor=actor,
            action=MonitoringAction.BULK_IMPORTED,
            obj=period,
            file=name[:200],
            activities=result.activities,
            indicators=result.indicators,
        )
    return result


# --- reminders ----------------------------------------------------------------------------


@dataclass
class ReminderReport:
    periods: int = 0
    emails: int = 0


def _unreported_groups(period: MonitoringPeriod) -> dict[int, list[ActionItem]]:
    """Working group id → activities of its measures without a monitoring entry yet."""
    reported = set(
        ActivityReport.objects.filter(period=period).values_list("action_item_id", flat=True)
    )
    result: dict[int, list[ActionItem]] = {}
    for item in ActionItem.objects.filter(plan=period.action_plan).select_related(
        "activity__measure"
    ):
        group_id = item.activity.measure.working_group_id
        if item.pk not in reported and group_id:
            result.setdefault(group_id, []).append(item)
    return result


def reminders_send(*, days: int = 7, today: datetime.date | None = None) -> ReminderReport:
    """E-mail, within ``days`` days before the deadline of a period not yet submitted, the
    members of the working groups whose activities have no monitoring entry yet, and the
    coordinators of the process. Each period is reminded at most once a day."""
    if days < 0:
        raise ValueError("days must not be negative")
    today = today or timezone.localdate()
    report = ReminderReport()
    periods = MonitoringPeriod.objects.filter(
        status__in=MonitoringPeriod.EDITABLE,
        deadline__isnull=False,
        deadline__gte=today,
        deadline__lte=today + datetime.timedelta(days=days),
    ).select_related("action_plan__process")
    for period in periods:
        with transaction.atomic():
            locked = MonitoringPeriod.objects.select_for_update().get(pk=period.pk)
            if locked.reminded_on == today or not locked.is_editable:
                continue
            missing = _unreported_groups(period)
            process = period.action_plan.process
            recipients: dict[str, str] = {}
            for person_email, user_email, name in (
                Membership.objects.current()
                .filter(group_id__in=list(missing), person__process=process)
                .values_list("person__email", "person__user__email", "person__name")
            ):
                email = person_email or user_email
                if email:
                    recipients[email.lower()] = name
            for email, name in ProcessRole.objects.filter(
                process=process, role=ProcessRole.Role.COORDINATOR
            ).values_list("user__email", "user__full_name"):
                if email:
                    recipients.setdefault(email.lower(), name)
            for email, name in sorted(recipients.items()):
                _send_reminder(period=period, email=email, name=name, missing=missing)
                report.emails += 1
            locked.reminded_on = today
            locked.save(update_fields=["reminded_on"])
            audit_log(
                actor=None,
                action=MonitoringAction.PERIOD_REMINDED,
                obj=locked,
                emails=len(recipients),
            )
            report.periods += 1
    return report


def _send_reminder(*, period, email: str, name: str, missing) -> None:
    process = period.action_plan.process
    plan = period.action_plan.medium_term_plan
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "name": name,
            "period": period,
            "process": process,
            "missing": sum(len(items) for items in missing.values()),
            "link": settings.SITE_URL
            + reverse(
                "monitoring:period_detail",
                kwargs={"slug": process.slug, "pk": plan.pk, "year": period.year},
            ),
        }
        subject = "".join(
            render_to_string("monitoring/email/reminder_subject.txt", context).splitlines()
        )
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("monitoring/email/reminder.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email],
            reply_to=[process.contact_email] if process.contact_email else None,
        )
    queue_email(message)


# --- the evaluation and the next plan ----------------------------------------------------------


def evaluation_start(*, actor, plan: Plan, is_demo: bool = False) -> Evaluation:
    if plan.kind != Plan.Kind.MEDIUM_TERM:
        raise ValidationError(_("A medium-term plan is evaluated."))
    with transaction.atomic():
        evaluation, created = Evaluation.objects.get_or_create(
            plan=plan, defaults={"is_demo": is_demo}
        )
        if created:
            audit_log(actor=actor, action=MonitoringAction.EVALUATION_STARTED, obj=evaluation)
    return evaluation


def evaluation_update(
    *, actor, evaluation: Evaluation, lessons: str, recommendations: str, status: str
) -> Evaluation:
    if status not in Evaluation.Status.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    with transaction.atomic():
        evaluation.lessons = lessons.strip()
        evaluation.recommendations = recommendations.strip()
        evaluation.status = status
        evaluation.save()
        audit_log(
            actor=actor, action=MonitoringAction.EVALUATION_UPDATED, obj=evaluation, status=status
        )
    return evaluation


def next_plan_start(
    *, actor, evaluation: Evaluation, title: str, year_start: int, year_end: int
) -> Plan:
    """Start the next plan as a draft with the unfinished activities of this one (and their
    measures and priorities), through planning's services."""
    plan = evaluation.plan
    if evaluation.next_plan_id is not None:
        raise ValidationError(_("The next plan has been started already."), code="exists")
    if year_start <= plan.year_end:
        raise ValidationError(
            {
                "year_start": _("The next plan starts after this one ends (%(year)s).")
                % {"year": plan.year_end}
            }
        )
    summary = evaluation_summary(plan=plan)
    unfinished = summary.unfinished
    measures_without_activities = Measure.objects.filter(
        priority__plan=plan, activities__isnull=True
    )
    with transaction.atomic():
        new = planning_services.plan_start_next(
            actor=actor,
            plan=plan,
            title=title.strip(),
            year_start=year_start,
            year_end=year_end,
            activities=unfinished,
            measures=measures_without_activities,
            is_demo=plan.is_demo,
        )
        evaluation.next_plan = new
        evaluation.save(update_fields=["next_plan", "updated_at"])
        audit_log(
            actor=actor,
            action=MonitoringAction.NEXT_PLAN_STARTED,
            obj=evaluation,
            next_plan=new.pk,
            activities=len(unfinished),
        )
    return new
