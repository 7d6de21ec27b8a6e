"""The plan: medium-term plans and action plans, priorities → measures → activities,
indicators, cost estimates and the versions of a plan.

Every change of a plan's content is kept: each save through :mod:`.services` stores a JSON
snapshot of the whole plan as a :class:`PlanVersion` (see :mod:`.versions`). A plan that is
approved (or in force, or superseded) is frozen; changing it starts an amendment, which
raises the plan's version number and records the reason. Who approved a version (councils,
resolutions, dates) belongs to :mod:`socplan.consultation`, which freezes the plan through
:func:`socplan.planning.services.plan_status_set`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from socplan.core.models import TimeStampedModel
from socplan.core.numbering import CodedItem
from socplan.organisation.models import PlanningProcess
from socplan.territory.models import Municipality, SubArea

year_validators = [MinValueValidator(2000), MaxValueValidator(2100)]


class FundingSource(models.TextChoices):
    MUNICIPALITIES = "municipalities", _("municipalities")
    REGION = "region", _("region")
    STATE = "state", _("state subsidy")
    EU = "eu", _("EU funds")
    USERS = "users", _("user payments")
    HEALTH_INSURANCE = "health_insurance", _("health insurance")
    OTHER = "other", _("other sources")


class Plan(TimeStampedModel):
    """A medium-term plan of a process, or an action plan for one year of it."""

    class Kind(models.TextChoices):
        MEDIUM_TERM = "medium_term", _("medium-term plan")
        ACTION = "action", _("action plan")

    class Status(models.TextChoices):
        # Each status agrees with its noun in Czech (plán: "schválený").
        DRAFT = "draft", pgettext_lazy("plan status", "draft")
        CONSULTATION = "consultation", pgettext_lazy("plan status", "in consultation")
        APPROVED = "approved", pgettext_lazy("plan status", "approved")
        IN_FORCE = "in_force", pgettext_lazy("plan status", "in force")
        SUPERSEDED = "superseded", pgettext_lazy("plan status", "superseded")

    # Statuses in which the content may not change (an amendment is needed).
    FROZEN_STATUSES = (Status.APPROVED, Status.IN_FORCE, Status.SUPERSEDED)
    # Statuses in which a plan of a published process is public.
    PUBLIC_STATUSES = (Status.CONSULTATION, Status.APPROVED, Status.IN_FORCE, Status.SUPERSEDED)

    process = models.ForeignKey(
        PlanningProcess,
        verbose_name=_("planning process"),
        on_delete=models.CASCADE,
        related_name="plans",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    medium_term_plan = models.ForeignKey(
        "self",
        verbose_name=_("medium-term plan"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="action_plans",
        limit_choices_to={"kind": "medium_term"},
    )
    year = models.PositiveSmallIntegerField(
        _("year of the action plan"), null=True, blank=True, validators=year_validators
    )
    title = models.CharField(_("title"), max_length=255)
    year_start = models.PositiveSmallIntegerField(_("from (year)"), validators=year_validators)
    year_end = models.PositiveSmallIntegerField(_("to (year)"), validators=year_validators)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    amendment_reason = models.TextField(_("reason of the amendment"), blank=True, editable=False)
    # Chapters required by §3 h of act 108/2006 Sb.
    vision = models.TextField(_("vision"), blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    process_description = models.TextField(_("description of the planning process"), blank=True)
    monitoring = models.TextField(_("monitoring and evaluation"), blank=True)
    change_procedure = models.TextField(_("how the plan can be changed"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    class Meta:
        ordering = ["process", "kind", "year_start", "year", "id"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year_end__gte=models.F("year_start")),
                name="plan_years_order",
            ),
            models.UniqueConstraint(
                fields=["medium_term_plan", "year"],
                condition=models.Q(kind="action"),
                name="unique_action_plan_year",
            ),
        ]

    CHAPTERS = (
        "vision",
        "introduction",
        "legal_basis",
        "process_description",
        "monitoring",
        "change_procedure",
    )

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("planning:plan_detail", kwargs={"slug": self.process.slug, "pk": self.pk})

    def clean(self):
        errors = {}
        if self.year_start and self.year_end and self.year_end < self.year_start:
            errors["year_end"] = ValidationError(
                _("The plan cannot end before it starts."), code="years_order"
            )
        if self.kind == self.Kind.ACTION:
            if self.medium_term_plan_id is None:
                errors["medium_term_plan"] = ValidationError(
                    _("An action plan belongs to a medium-term plan."), code="no_parent"
                )
            elif self.year is None:
                errors["year"] = ValidationError(
                    _("An action plan is for one year."), code="no_year"
                )
        if errors:
            raise ValidationError(errors)

    @property
    def years_label(self) -> str:
        if self.year_start == self.year_end:
            return str(self.year_start)
        return f"{self.year_start}–{self.year_end}"

    @property
    def years(self) -> list[int]:
        return list(range(self.year_start, self.year_end + 1))

    @property
    def is_action_plan(self) -> bool:
        return self.kind == self.Kind.ACTION

    @property
    def is_frozen(self) -> bool:
        return self.status in self.FROZEN_STATUSES

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC_STATUSES and self.process.is_published


class Responsibility(models.Model):
    """Timing and responsibility shared by measures and activities."""

    responsible_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("responsible municipality"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    responsible_provider = models.ForeignKey(
        "catalogue.Provider",
        verbose_name=_("responsible provider"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    responsible_other = models.CharField(
        _("responsible (other)"),
        max_length=255,
        blank=True,
        help_text=_("Another responsible body, when it is neither a municipality nor a provider."),
    )
    partners = models.TextField(
        _("partners"), blank=True, help_text=_("Municipalities, providers and others, one a line.")
    )
    start_year = models.PositiveSmallIntegerField(
        _("from (year)"), null=True, blank=True, validators=year_validators
    )
    end_year = models.PositiveSmallIntegerField(
        _("to (year)"), null=True, blank=True, validators=year_validators
    )

    class Meta:
        abstract = True

    @property
    def responsible_label(self) -> str:
        parts = [
            str(x)
            for x in (
                self.responsible_municipality,
                self.responsible_provider,
                self.responsible_other,
            )
            if x
        ]
        return ", ".join(parts)

    @property
    def partner_list(self) -> list[str]:
        return [line.strip() for line in self.partners.splitlines() if line.strip()]

    @property
    def years_label(self) -> str:
        if self.start_year and self.end_year and self.start_year != self.end_year:
            return f"{self.start_year}–{self.end_year}"
        return str(self.start_year or self.end_year or "")

    def runs_in(self, year: int) -> bool:
        start = self.start_year or 0
        end = self.end_year or 9999
        return start <= year <= end

    def clean_years(self, plan: Plan | None = None) -> None:
        errors = {}
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = ValidationError(
                _("It cannot end before it starts."), code="years_order"
            )
        if plan is not None:
            for field in ("start_year", "end_year"):
                value = getattr(self, field)
                if value and not plan.year_start <= value <= plan.year_end:
                    errors.setdefault(field, []).append(
                        ValidationError(
                            _("Enter a year of the plan (%(start)s to %(end)s)."),
                            code="outside_plan",
                            params={"start": plan.year_start, "end": plan.year_end},
                        )
                    )
        if errors:
            raise ValidationError(errors)


class Priority(CodedItem, models.Model):  # noqa: DJ008  (__str__: CodedItem)
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="priorities"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    code = models.CharField(_("code"), max_length=20, blank=True, editable=False)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    target_group = models.ForeignKey(
        "catalogue.CodelistItem",
        verbose_name=_("target group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"codelist": "CilovaSkupinaOsoby"},
    )
    sub_area = models.ForeignKey(
        SubArea,
        verbose_name=_("sub-area"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")


class Measure(CodedItem, Responsibility, TimeStampedModel):  # noqa: DJ008  (__str__: CodedItem)
    class Kind(models.TextChoices):
        KEEP = "keep", _("keep an existing service")
        CAPACITY = "capacity", _("develop capacity")
        NEW = "new", _("new service")
        SYSTEM = "system", _("system measure")
        RELATED = "related", _("related area")

    priority = models.ForeignKey(
        Priority, verbose_name=_("priority"), on_delete=models.CASCADE, related_name="measures"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    code = models.CharField(_("code"), max_length=20, blank=True, editable=False)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    justification = models.TextField(_("justification"), blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.KEEP)
    target_groups = models.ManyToManyField(
        "catalogue.CodelistItem",
        verbose_name=_("target groups"),
        blank=True,
        related_name="+",
        limit_choices_to={"codelist": "CilovaSkupinaOsoby"},
    )
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("municipalities"), blank=True, related_name="+"
    )
    services = models.ManyToManyField(
        "catalogue.Service", verbose_name=_("services"), blank=True, related_name="+"
    )
    working_group = models.ForeignKey(
        "organisation.Group",
        verbose_name=_("drafting working group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    findings = models.ManyToManyField(
        "analysis.Finding",
        verbose_name=_("findings it answers"),
        blank=True,
        related_name="measures",
    )

    class Meta:
        ordering = ["priority__order", "order", "id"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    @property
    def plan(self) -> Plan:
        return self.priority.plan


class Activity(CodedItem, Responsibility):  # noqa: DJ008  (__str__: CodedItem)
    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="activities"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    code = models.CharField(_("code"), max_length=20, blank=True, editable=False)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    expected_outputs = models.TextField(_("expected outputs"), blank=True)

    class Meta:
        ordering = ["measure__priority__order", "measure__order", "order", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")


class Indicator(models.Model):
    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="indicators"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=255)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    # {"2019": "12", "2020": "15"}: the target value for each year of the plan.
    targets = models.JSONField(_("targets per year"), default=dict, blank=True)
    source = models.CharField(_("source of data"), max_length=255, blank=True)

    class Meta:
        ordering = ["measure", "order", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.name

    def target_for(self, year: int):
        return self.targets.get(str(year))


class ActionItem(models.Model):
    """One activity of the medium-term plan taken into an action plan for its year."""

    class Status(models.TextChoices):
        # An activity (aktivita) in Czech: "plánovaná", "splněná", "zrušená".
        PLANNED = "planned", pgettext_lazy("activity status", "planned")
        IN_PROGRESS = "in_progress", pgettext_lazy("activity status", "in progress")
        DONE = "done", pgettext_lazy("activity status", "done")
        NOT_DONE = "not_done", pgettext_lazy("activity status", "not done")
        CANCELLED = "cancelled", pgettext_lazy("activity status", "cancelled")

    UNFINISHED = (Status.PLANNED, Status.IN_PROGRESS, Status.NOT_DONE)

    plan = models.ForeignKey(
        Plan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="items"
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    expected_outputs = models.TextField(_("expected outputs"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    carried_over_from = models.ForeignKey(
        "self",
        verbose_name=_("carried over from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_over_to",
    )

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name = _("activity of an action plan")
        verbose_name_plural = _("activities of an action plan")
        constraints = [
            models.UniqueConstraint(fields=["plan", "activity"], name="unique_action_item"),
        ]

    def __str__(self):
        return str(self.activity)

    @property
    def is_unfinished(self) -> bool:
        return self.status in self.UNFINISHED


class CostEstimate(models.Model):
    """An amount for one year from one funding source.

    Every cost belongs to a plan and a measure; it may belong to an activity of the
    measure, and in an action plan to one of its items. All financial tables are sums of
    these rows (:func:`socplan.planning.selectors.plan_finance`).
    """

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="costs"
    )
    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="costs"
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="costs",
    )
    action_item = models.ForeignKey(
        ActionItem,
        verbose_name=_("activity of an action plan"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="costs",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=year_validators)
    amount = models.DecimalField(
        _("amount (CZK)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices)

    class Meta:
        ordering = ["plan", "year", "source", "id"]
        verbose_name = _("cost estimate")
        verbose_name_plural = _("cost estimates")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="cost_not_negative"),
        ]

    def __str__(self):
        return f"{self.year} {self.get_source_display()}: {self.amount}"


class PlanVersion(TimeStampedModel):
    """A JSON snapshot of the whole plan, taken at every save (and on request)."""

    class Kind(models.TextChoices):
        SAVE = "save", _("saved change")
        MANUAL = "manual", _("saved version")
        APPROVED = "approved", _("approved version")
        AMENDMENT = "amendment", _("start of an amendment")

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="versions"
    )
    revision = models.PositiveIntegerField(_("revision"))
    version = models.PositiveIntegerField(_("version"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SAVE)
    status = models.CharField(_("status of the plan"), max_length=20, choices=Plan.Status.choices)
    note = models.TextField(_("note"), blank=True)
    snapshot = models.JSONField(_("content"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["plan", "-revision"]
        verbose_name = _("version of a plan")
        verbose_name_plural = _("versions of a plan")
        constraints = [
            models.UniqueConstraint(fields=["plan", "revision"], name="unique_plan_revision"),
        ]

    def __str__(self):
        return f"{self.plan} v{self.version}.{self.revision}"


class Draft(TimeStampedModel):
    """Text typed into an edit form and not saved yet (autosave): kept per user and form,
    whatever its state, and offered back when the form is opened again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="drafts")
    key = models.CharField(max_length=100)  # e.g. "measure-12", "plan-3"
    data = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("unsaved draft")
        verbose_name_plural = _("unsaved drafts")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="unique_planning_draft"),
        ]

    def __str__(self):
        return self.key


# --- Models kept in other modules of the planning app (one import line each) ---
from .models_opinions import NeedOpinion  # noqa: E402, F401  (opinions on need, issue 17)
