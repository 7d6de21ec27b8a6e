"""Yearly monitoring of a plan and its evaluation at the end.

A :class:`MonitoringPeriod` is the monitoring of one action plan (one year of a medium-term
plan). For each activity of the action plan it keeps an :class:`ActivityReport` (progress,
commentary, evidence) and the real costs by funding source (:class:`ActualCost`); for each
indicator of the plan an :class:`IndicatorValue`. The state of an activity (done, in
progress, ...) is not kept here: it is ``ActionItem.status`` of planning, written through
:func:`socplan.planning.services.action_item_status_set`.

The period goes draft → submitted → approved (or returned with a comment back to the
working groups); an approved period is locked. The :class:`Evaluation` of a medium-term
plan sums up its periods at the end and may start the next plan.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from socplan.catalogue.models import Codelist, CodelistItem
from socplan.core.models import TimeStampedModel
from socplan.library.models import Document
from socplan.organisation.council import CouncilDecisionBase
from socplan.organisation.models import Meeting
from socplan.planning.models import (
    ActionItem,
    Activity,
    FundingSource,
    Indicator,
    Measure,
    Plan,
    Priority,
)


class MonitoringPeriod(TimeStampedModel):
    """The monitoring of one action plan (one year)."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("monitoring status", "draft")
        SUBMITTED = "submitted", pgettext_lazy("monitoring status", "submitted")
        RETURNED = "returned", pgettext_lazy("monitoring status", "returned")
        APPROVED = "approved", pgettext_lazy("monitoring status", "approved")

    # States in which the working groups fill the period in.
    EDITABLE = (Status.DRAFT, Status.RETURNED)

    action_plan = models.OneToOneField(
        Plan,
        verbose_name=_("action plan"),
        on_delete=models.CASCADE,
        related_name="monitoring_period",
        limit_choices_to={"kind": "action"},
    )
    deadline = models.DateField(_("deadline of the submission"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    summary = models.TextField(_("summary"), blank=True)
    return_comment = models.TextField(_("comment of the return"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reminded_on = models.DateField(_("last reminder"), null=True, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    class Meta:
        ordering = ["action_plan__medium_term_plan", "action_plan__year"]
        verbose_name = _("monitoring period")
        verbose_name_plural = _("monitoring periods")

    def __str__(self):
        return str(_("Monitoring %(year)s") % {"year": self.year})

    @property
    def year(self) -> int:
        return self.action_plan.year

    @property
    def plan(self) -> Plan:
        return self.action_plan.medium_term_plan

    @property
    def process(self):
        return self.action_plan.process

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def council_note(self) -> "MonitoringDecision | None":
        """The council's decision on the report (it took note of it), if recorded."""
        try:
            return self.council_decision
        except MonitoringDecision.DoesNotExist:
            return None


class MonitoringDecision(CouncilDecisionBase):
    """What the council (or the board) decided on the monitoring report of one year: usually
    it took note of it (the common fields: :class:`CouncilDecisionBase`)."""

    period = models.OneToOneField(
        MonitoringPeriod,
        verbose_name=_("monitoring period"),
        on_delete=models.CASCADE,
        related_name="council_decision",
    )
    body = models.CharField(
        _("kind of body"),
        max_length=20,
        choices=CouncilDecisionBase.Body.choices,
        default=CouncilDecisionBase.Body.MUNICIPALITY,
    )
    body_name = models.CharField(_("body"), max_length=255, blank=True)
    decision = models.CharField(
        _("decision"),
        max_length=20,
        choices=CouncilDecisionBase.Decision.choices,
        default=CouncilDecisionBase.Decision.TOOK_NOTE,
    )

    class Meta:
        ordering = ["period"]
        verbose_name = _("council's decision on a monitoring report")
        verbose_name_plural = _("council's decisions on monitoring reports")

    def file_folder(self) -> str:
        return f"monitoring-decisions/{self.period_id}"


class ActivityReport(TimeStampedModel):
    """What was done on one activity in the year: progress, commentary, evidence."""

    period = models.ForeignKey(
        MonitoringPeriod,
        verbose_name=_("monitoring period"),
        on_delete=models.CASCADE,
        related_name="activity_reports",
    )
    action_item = models.OneToOneField(
        ActionItem,
        verbose_name=_("activity of the action plan"),
        on_delete=models.CASCADE,
        related_name="monitoring_report",
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Empty: derived from the state (done 100 %, partly done 50 %, otherwise 0)."),
    )
    commentary = models.TextField(_("commentary"), blank=True)
    links = models.TextField(_("links"), blank=True, help_text=_("One web address a line."))
    documents = models.ManyToManyField(
        Document, verbose_name=_("documents of the library"), blank=True, related_name="+"
    )
    meetings = models.ManyToManyField(
        Meeting, verbose_name=_("meetings"), blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["period", "action_item__order"]
        verbose_name = _("monitoring of an activity")
        verbose_name_plural = _("monitoring of activities")

    def __str__(self):
        return str(self.action_item)

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


class ActualCost(models.Model):
    """The real cost of an activity (or of a measure itself) in the year, from one source."""

    period = models.ForeignKey(
        MonitoringPeriod,
        verbose_name=_("monitoring period"),
        on_delete=models.CASCADE,
        related_name="actual_costs",
    )
    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="+"
    )
    action_item = models.ForeignKey(
        ActionItem,
        verbose_name=_("activity of the action plan"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices)
    amount = models.DecimalField(
        _("amount (CZK)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["period", "measure", "action_item", "source"]
        verbose_name = _("real cost")
        verbose_name_plural = _("real costs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="monitoring_cost_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.get_source_display()}: {self.amount}"


class IndicatorSetup(TimeStampedModel):
    """How an indicator is monitored: cumulative (the values of the years add up) or a
    level (the last value counts), and whether its value comes from the register of
    services (the capacity of a kind of service in the area on the period's date)."""

    class Aggregation(models.TextChoices):
        CUMULATIVE = "cumulative", _("cumulative (the values of the years add up)")
        LEVEL = "level", _("level (the last value counts)")

    indicator = models.OneToOneField(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="monitoring_setup",
    )
    aggregation = models.CharField(
        _("kind of indicator"),
        max_length=20,
        choices=Aggregation.choices,
        default=Aggregation.LEVEL,
    )
    register_kind = models.ForeignKey(
        CodelistItem,
        verbose_name=_("kind of service in the register"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"codelist": Codelist.KIND},
    )
    register_capacity_type = models.ForeignKey(
        CodelistItem,
        verbose_name=_("unit of capacity in the register"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"codelist": Codelist.CAPACITY_TYPE},
    )

    class Meta:
        verbose_name = _("monitoring of an indicator")
        verbose_name_plural = _("monitoring of indicators")

    def __str__(self):
        return str(self.indicator)

    @property
    def from_register(self) -> bool:
        return self.register_kind_id is not None


class IndicatorValue(TimeStampedModel):
    """The actual value of an indicator in a monitoring period."""

    period = models.ForeignKey(
        MonitoringPeriod,
        verbose_name=_("monitoring period"),
        on_delete=models.CASCADE,
        related_name="indicator_values",
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="monitoring_values",
    )
    value = models.DecimalField(_("actual value"), max_digits=14, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    from_register = models.BooleanField(_("taken from the register"), default=False)

    class Meta:
        ordering = ["period", "indicator"]
        verbose_name = _("value of an indicator")
        verbose_name_plural = _("values of indicators")
        constraints = [
            models.UniqueConstraint(fields=["period", "indicator"], name="unique_indicator_value"),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value}"


class Weight(models.Model):
    """The weight of an activity, measure or priority in the roll-up of progress (1 when
    none is set)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="+"
    )
    priority = models.OneToOneField(
        Priority, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    measure = models.OneToOneField(
        Measure, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    activity = models.OneToOneField(
        Activity, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("weight in the roll-up")
        verbose_name_plural = _("weights in the roll-up")
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gte=0), name="weight_not_negative"),
        ]

    def __str__(self):
        return str(self.weight)


class Light(models.TextChoices):
    ON_TRACK = "on_track", _("on track")
    AT_RISK = "at_risk", _("at risk")
    OFF_TRACK = "off_track", _("off track")


class LightOverride(TimeStampedModel):
    """A person's traffic light for the plan, a priority or a measure in a period, with
    the reason (instead of the one computed from progress)."""

    period = models.ForeignKey(
        MonitoringPeriod,
        verbose_name=_("monitoring period"),
        on_delete=models.CASCADE,
        related_name="light_overrides",
    )
    priority = models.ForeignKey(
        Priority, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    light = models.CharField(_("traffic light"), max_length=20, choices=Light.choices)
    reason = models.TextField(_("reason"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("traffic light set by hand")
        verbose_name_plural = _("traffic lights set by hand")

    def __str__(self):
        return self.get_light_display()


class Evaluation(TimeStampedModel):
    """The evaluation of a medium-term plan at its end."""

    class Status(models.TextChoices):
        STARTED = "started", pgettext_lazy("evaluation status", "started")
        COMPLETED = "completed", pgettext_lazy("evaluation status", "completed")

    plan = models.OneToOneField(
        Plan,
        verbose_name=_("medium-term plan"),
        on_delete=models.CASCADE,
        related_name="evaluation",
        limit_choices_to={"kind": "medium_term"},
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.STARTED
    )
    lessons = models.TextField(_("lessons learned"), blank=True)
    recommendations = models.TextField(_("recommendations for the next plan"), blank=True)
    next_plan = models.ForeignKey(
        Plan,
        verbose_name=_("next plan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    class Meta:
        verbose_name = _("evaluation of a plan")
        verbose_name_plural = _("evaluations of plans")

    def __str__(self):
        return str(_("Evaluation: %(plan)s") % {"plan": self.plan})
