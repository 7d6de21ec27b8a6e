"""Models of the analyses of a planning process.

This module holds the SWOT of the working groups and the findings register (issue 11,
part B). Other parts of the analysis keep their models in modules of their own and are
imported at the end of this file (one import line each), so that Django sees them as
models of the ``analysis`` app.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from socplan.core.models import TimeStampedModel
from socplan.core.numbering import NumberedItem
from socplan.organisation.models import PlanningProcess

# --- SWOT ---


class Quadrant(models.TextChoices):
    STRENGTH = "strength", _("strengths")
    WEAKNESS = "weakness", _("weaknesses")
    OPPORTUNITY = "opportunity", _("opportunities")
    THREAT = "threat", _("threats")


class Swot(TimeStampedModel):
    """The SWOT of one working group, or of the whole process (``group`` empty).

    Members write items and rate them; the coordinator (or the group's methodologist)
    merges duplicates and approves the SWOT, which freezes it.
    """

    process = models.ForeignKey(
        PlanningProcess,
        verbose_name=_("planning process"),
        on_delete=models.CASCADE,
        related_name="swots",
    )
    group = models.ForeignKey(
        "organisation.Group",
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="swots",
        help_text=_("Empty for the SWOT of the whole process."),
    )
    note = models.TextField(_("note"), blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    class Meta:
        ordering = ["process", models.F("group__order").asc(nulls_first=True), "group__name"]
        verbose_name = _("SWOT")
        verbose_name_plural = _("SWOT analyses")
        constraints = [
            models.UniqueConstraint(fields=["process", "group"], name="unique_swot_per_group"),
            models.UniqueConstraint(
                fields=["process"],
                condition=models.Q(group__isnull=True),
                name="unique_swot_per_process",
            ),
        ]

    def __str__(self):
        if self.group_id:
            return str(self.group)
        return str(_("whole process"))

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


class SwotItem(TimeStampedModel):
    swot = models.ForeignKey(
        Swot, verbose_name=_("SWOT"), on_delete=models.CASCADE, related_name="items"
    )
    quadrant = models.CharField(_("quadrant"), max_length=20, choices=Quadrant.choices)
    text = models.CharField(_("text"), max_length=500)
    author = models.ForeignKey(
        "organisation.Person",
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_items",
    )
    taken_from = models.ForeignKey(
        "self",
        verbose_name=_("taken from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        help_text=_("The item of a group's SWOT this item of the process's SWOT comes from."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["swot", "quadrant", "id"]
        verbose_name = _("SWOT item")
        verbose_name_plural = _("SWOT items")

    def __str__(self):
        return self.text


class SwotRating(models.Model):
    """A member's rating of an item: 1 (least important) to 5 (most important)."""

    item = models.ForeignKey(
        SwotItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="ratings"
    )
    person = models.ForeignKey(
        "organisation.Person",
        verbose_name=_("rated by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    score = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rated_at = models.DateTimeField(_("rated"), auto_now=True)

    class Meta:
        ordering = ["item", "person"]
        verbose_name = _("rating of a SWOT item")
        verbose_name_plural = _("ratings of SWOT items")
        constraints = [
            models.UniqueConstraint(fields=["item", "person"], name="unique_swot_rating"),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="swot_rating_range"
            ),
        ]

    def __str__(self):
        return f"{self.item} – {self.score}"


# --- Findings register (evidence) ---


class Finding(NumberedItem, TimeStampedModel):
    """One finding of the analysis: a short statement with its source, numbered within its
    process (Z01, Z02, ...: :class:`socplan.core.numbering.NumberedItem`).

    The source is one of: an indicator of the analysis (its key, the area it is computed
    for, and the value and reference date it had when the finding was made), a SWOT item,
    a survey result (``source_ref`` names it, see :mod:`.sources`), a resolution of a
    meeting, a document of the library, or something else described in ``source_note``.
    """

    class SourceKind(models.TextChoices):
        INDICATOR = "indicator", _("indicator of the analysis")
        SWOT = "swot", _("SWOT item")
        SURVEY = "survey", _("survey result")
        RESOLUTION = "resolution", _("meeting resolution")
        DOCUMENT = "document", _("document")
        OTHER = "other", pgettext_lazy("source of a finding", "other")

    process = models.ForeignKey(
        PlanningProcess,
        verbose_name=_("planning process"),
        on_delete=models.CASCADE,
        related_name="findings",
    )
    number = models.PositiveIntegerField(_("number"), editable=False)
    statement = models.CharField(_("finding"), max_length=500)
    detail = models.TextField(_("detail"), blank=True)
    source_kind = models.CharField(
        _("source"), max_length=20, choices=SourceKind.choices, default=SourceKind.OTHER
    )
    # indicator source: kept as it was when the finding was made
    indicator_key = models.CharField(_("indicator"), max_length=80, blank=True)
    indicator_area = models.CharField(
        _("area of the indicator"),
        max_length=80,
        blank=True,
        help_text=_("The planning area's address, or the code of a municipality or ORP."),
    )
    indicator_value = models.DecimalField(
        _("value when found"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    indicator_date = models.DateField(_("reference date of the value"), null=True, blank=True)
    # other sources
    swot_item = models.ForeignKey(
        SwotItem,
        verbose_name=_("SWOT item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="findings",
    )
    resolution = models.ForeignKey(
        "organisation.Resolution",
        verbose_name=_("resolution"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    document = models.ForeignKey(
        "library.Document",
        verbose_name=_("document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source_ref = models.CharField(
        _("reference of the source"),
        max_length=120,
        blank=True,
        help_text=_('A reference another part of the analysis understands, e.g. "survey:12".'),
    )
    source_note = models.CharField(_("source described"), max_length=255, blank=True)
    target_groups = models.ManyToManyField(
        "catalogue.CodelistItem",
        verbose_name=_("target groups"),
        blank=True,
        related_name="+",
        limit_choices_to={"codelist": "CilovaSkupinaOsoby"},
    )
    municipalities = models.ManyToManyField(
        "territory.Municipality", verbose_name=_("municipalities"), blank=True, related_name="+"
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["process", "number"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.UniqueConstraint(fields=["process", "number"], name="unique_finding_number"),
        ]

    code_prefix, code_digits, code_text_field = "Z", 2, "statement"

    @property
    def indicator_label(self) -> str:
        from .evidence import indicator_label

        return indicator_label(self.indicator_key) if self.indicator_key else ""


# --- Models kept in other modules of the analysis app (one import line each) ---
from .models_surveys import *  # noqa: E402, F401, F403  (needs surveys, issue 12)
