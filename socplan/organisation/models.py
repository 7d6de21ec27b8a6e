import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from socplan.territory.models import PlanningArea

registration_number_validator = RegexValidator(
    r"^CZ\.\d{2}\.\d{1,2}\.\d{2,3}/\d\.\d/\d\.\d/\d{2}_\d{3}/\d{7}$",
    _("Enter the registration number in the form CZ.03.2.63/0.0/0.0/16_063/0006578."),
)
year_validators = [MinValueValidator(2000), MaxValueValidator(2100)]


class PlanningProcess(models.Model):
    """Komunitní plánování: one planning process over a planning area."""

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("address"), max_length=100, unique=True)
    planning_area = models.ForeignKey(
        PlanningArea,
        verbose_name=_("planning area"),
        on_delete=models.PROTECT,
        related_name="processes",
    )
    purpose = models.TextField(
        _("purpose"), blank=True, help_text=_("What the process is for, shown on its page.")
    )
    period_start = models.PositiveSmallIntegerField(
        _("plan period from (year)"), validators=year_validators
    )
    period_end = models.PositiveSmallIntegerField(
        _("plan period to (year)"), validators=year_validators
    )
    realizer = models.CharField(_("realizer"), max_length=255)
    realizer_url = models.URLField(_("realizer's web site"), blank=True)
    # funding
    funding_programme = models.CharField(_("funding programme"), max_length=255, blank=True)
    registration_number = models.CharField(
        _("registration number"),
        max_length=64,
        blank=True,
        validators=[registration_number_validator],
    )
    grant_amount = models.DecimalField(
        _("grant amount (CZK)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    realization_start = models.DateField(_("realization from"), null=True, blank=True)
    realization_end = models.DateField(_("realization to"), null=True, blank=True)
    logo = models.ImageField(_("logo (funding logos)"), upload_to="process-logos/", blank=True)
    logo_alt = models.CharField(
        _("logo text alternative"),
        max_length=255,
        blank=True,
        help_text=_("What the logo shows, for people who cannot see it."),
    )
    publicity_notice = models.TextField(
        _("publicity notice"),
        blank=True,
        help_text=_("Obligatory notice of EU-funded projects, shown on every output."),
    )
    # contact person
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    is_published = models.BooleanField(
        _("published"), default=True, help_text=_("Published processes are public.")
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-period_start", "name"]
        verbose_name = _("planning process")
        verbose_name_plural = _("planning processes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="process_period_order",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("organisation:process_detail", kwargs={"slug": self.slug})

    @property
    def period_label(self) -> str:
        if self.period_start == self.period_end:
            return str(self.period_start)
        return f"{self.period_start}–{self.period_end}"

    def current_phase(self, on: datetime.date | None = None):
        """The phase running on a date (today by default), else the last one started."""
        on = on or datetime.date.today()
        phases = list(self.phases.all())
        running = [p for p in phases if p.start <= on and (p.end is None or p.end >= on)]
        if running:
            return running[-1]
        started = [p for p in phases if p.start <= on]
        return started[-1] if started else None


class Partner(models.Model):
    process = models.ForeignKey(
        PlanningProcess,
        verbose_name=_("planning process"),
        on_delete=models.CASCADE,
        related_name="partners",
    )
    name = models.CharField(_("name"), max_length=255)
    url = models.URLField(_("web site"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["process", "order", "id"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self):
        return self.name


class Phase(models.Model):
    class Kind(models.TextChoices):
        PREPARATION = "preparation", _("preparation")
        ANALYSIS = "analysis", _("analysis")
        DRAFTING = "drafting", _("drafting the plan")
        CONSULTATION = "consultation", _("public consultation")
        APPROVAL = "approval", _("approval")
        IMPLEMENTATION = "implementation", _("implementation")
        EVALUATION = "evaluation", _("evaluation")

    process = models.ForeignKey(
        PlanningProcess,
        verbose_name=_("planning process"),
        on_delete=models.CASCADE,
        related_name="phases",
    )
    kind = models.CharField(_("phase"), max_length=20, choices=Kind.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["process", "start", "id"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.UniqueConstraint(fields=["process", "kind"], name="unique_process_phase"),
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="phase_dates_order",
            ),
        ]

    def __str__(self):
        return self.get_kind_display()
