import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    FileExtensionValidator,
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.utils.translation import gettext_lazy as _

from socplan.territory.models import PlanningArea

# EU project registration numbers: programme period 2014–2020
# (CZ.03.2.63/0.0/0.0/16_063/0006578) and 2021–2027 (CZ.03.02.01/00/22_002/0000061).
registration_number_validator = RegexValidator(
    r"^CZ\.\d{2}\.\d{1,2}\.\d{2,3}/(\d\.\d/\d\.\d|\d{2})/\d{2}_\d{3}/\d{7}$",
    _(
        "Enter the registration number in the form CZ.03.2.63/0.0/0.0/16_063/0006578 "
        "or CZ.03.02.01/00/22_002/0000061."
    ),
)
year_validators = [MinValueValidator(2000), MaxValueValidator(2100)]

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_FORMATS = {"PNG", "JPEG", "WEBP"}


def validate_logo(file) -> None:
    """A logo is a PNG, JPEG or WebP image of at most 2 MB."""
    if not file or getattr(file, "_committed", False):
        return  # no logo, or one stored earlier (it passed this check when uploaded)
    if file.size is not None and file.size > LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo may have at most 2 MB; this file has %(size)s MB."),
            code="logo_too_large",
            params={"size": round(file.size / (1024 * 1024), 1)},
        )
    upload = getattr(file, "file", file)
    image = getattr(upload, "image", None)  # set by the form's ImageField
    if image is None:
        from PIL import Image

        try:
            upload.seek(0)
            image = Image.open(upload)
            image.verify()
        except Exception as exc:
            raise ValidationError(
                _("Upload the logo as a PNG, JPEG or WebP image."), code="logo_format"
            ) from exc
        finally:
            upload.seek(0)
    if image.format not in LOGO_FORMATS:
        raise ValidationError(
            _("Upload the logo as a PNG, JPEG or WebP image."), code="logo_format"
        )


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
    logo = models.ImageField(
        _("logo (funding logos)"),
        upload_to="process-logos/",
        blank=True,
        validators=[
            FileExtensionValidator(["png", "jpg", "jpeg", "webp"]),
            validate_logo,
        ],
        help_text=_("PNG, JPEG or WebP, at most 2 MB."),
    )
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
        _("published"), default=False, help_text=_("Published processes are public.")
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
            ),
            models.CheckConstraint(
                condition=models.Q(realization_end__isnull=True)
                | models.Q(realization_start__isnull=True)
                | models.Q(realization_end__gte=models.F("realization_start")),
                name="process_realization_order",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("organisation:process_detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if (
            self.period_start is not None
            and self.period_end is not None
            and self.period_end < self.period_start
        ):
            errors["period_end"] = ValidationError(
                _("The plan period cannot end before it starts."), code="period_order"
            )
        if (
            self.realization_start is not None
            and self.realization_end is not None
            and self.realization_end < self.realization_start
        ):
            errors["realization_end"] = ValidationError(
                _("The realization cannot end before it starts."), code="realization_order"
            )
        if errors:
            raise ValidationError(errors)

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

    def clean(self):
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValidationError(
                {"end": ValidationError(_("A phase cannot end before it starts."), code="order")}
            )

    @property
    def sequence(self) -> int:
        """Position of the phase's kind in the usual course of a process (0–6)."""
        return list(self.Kind.values).index(self.kind)

    def status(self, on: datetime.date) -> str:
        """Whether the phase is "past", "running" or "future" on a date."""
        if self.start > on:
            return "future"
        if self.end is not None and self.end < on:
            return "past"
        return "running"
