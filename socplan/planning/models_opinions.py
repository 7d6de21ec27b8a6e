"""Opinions on need (vyjádření k potřebnosti sociální služby): the ORP's answer to the
region's network procedure.

A provider asks the region to include a service in its network (or more capacity of it, or
a new service); the region asks the ORP; the ORP's coordinator records the opinion here:
needed, not needed or needed under conditions, with the reasons and the evidence of the
plan (its measures and the findings of the analysis). A draft is the ORP's own; once sent
the region sees it and it no longer changes: it may be withdrawn, or replaced by a new
version (a copy that the coordinator edits and sends; sending it marks the old one
replaced). Writes go through :mod:`socplan.planning.services_opinions`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from socplan.catalogue.validators import validate_ico
from socplan.core.models import TimeStampedModel
from socplan.organisation.models import PlanningProcess

from .models import year_validators


class NeedOpinion(TimeStampedModel):
    """One opinion of a process (its ORP) on the need of a service or planned capacity."""

    class Verdict(models.TextChoices):
        NEEDED = "needed", _("needed")
        NOT_NEEDED = "not_needed", _("not needed")
        CONDITIONAL = "conditional", _("needed under conditions")

    class State(models.TextChoices):
        # An opinion (vyjádření, neuter in Czech): "odeslané", "stažené", "nahrazené".
        DRAFT = "draft", pgettext_lazy("opinion state", "draft")
        SUBMITTED = "submitted", pgettext_lazy("opinion state", "sent to the region")
        WITHDRAWN = "withdrawn", pgettext_lazy("opinion state", "withdrawn")
        REPLACED = "replaced", pgettext_lazy("opinion state", "replaced by a newer version")

    class RequestKind(models.TextChoices):
        INCLUDE = "include", _("inclusion of an existing service in the network")
        CAPACITY = "capacity", _("more capacity of a service")
        NEW = "new", _("a new service")
        REDUCE = "reduce", _("less capacity or leaving the network")

    # States the region sees (every state but the draft).
    SENT_STATES = (State.SUBMITTED, State.WITHDRAWN, State.REPLACED)

    process = models.ForeignKey(
        PlanningProcess,
        verbose_name=_("planning process"),
        on_delete=models.CASCADE,
        related_name="need_opinions",
    )
    number = models.PositiveIntegerField(_("number"), editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="replaced_by",
    )
    # the request
    request_kind = models.CharField(
        _("the provider asks for"),
        max_length=20,
        choices=RequestKind.choices,
        default=RequestKind.INCLUDE,
    )
    request_reference = models.CharField(
        _("reference of the request (č. j.)"), max_length=100, blank=True
    )
    request_date = models.DateField(_("date of the request"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=year_validators,
        help_text=_("The year from which the service or capacity would be in the network."),
    )
    # what it is about: a service of the catalogue, or a planned capacity described
    service = models.ForeignKey(
        "catalogue.Service",
        verbose_name=_("service"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("A service of the catalogue; left empty for a service not registered yet."),
    )
    service_name = models.CharField(
        _("name of the service"),
        max_length=500,
        blank=True,
        help_text=_("Filled in from the catalogue when a service is chosen."),
    )
    kind = models.ForeignKey(
        "catalogue.CodelistItem",
        verbose_name=_("kind of service"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"codelist": "DruhSocialniSluzby"},
    )
    form = models.ForeignKey(
        "catalogue.CodelistItem",
        verbose_name=_("form of provision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"codelist": "FormaSocialniSluzby"},
    )
    target_group = models.ForeignKey(
        "catalogue.CodelistItem",
        verbose_name=_("target group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"codelist": "CilovaSkupinaOsoby"},
    )
    provider_name = models.CharField(_("provider"), max_length=500, blank=True)
    provider_ico = models.CharField(
        _("IČO of the provider"), max_length=8, blank=True, validators=[validate_ico]
    )
    requested_capacity = models.PositiveIntegerField(_("requested capacity"), null=True, blank=True)
    recommended_capacity = models.PositiveIntegerField(
        _("recommended capacity"),
        null=True,
        blank=True,
        help_text=_("The capacity the ORP considers needed (may differ from the request)."),
    )
    capacity_unit = models.ForeignKey(
        "catalogue.CodelistItem",
        verbose_name=_("unit of capacity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"codelist": "TypKapacitySocialniSluzby"},
    )
    # the opinion
    verdict = models.CharField(_("opinion"), max_length=20, choices=Verdict.choices)
    conditions = models.TextField(
        _("conditions"),
        blank=True,
        help_text=_("Required when the service is needed under conditions."),
    )
    reasons = models.TextField(_("reasons"), blank=True)  # required: clean()
    measures = models.ManyToManyField(
        "planning.Measure",
        verbose_name=_("measures of the plan it rests on"),
        blank=True,
        related_name="need_opinions",
    )
    findings = models.ManyToManyField(
        "analysis.Finding",
        verbose_name=_("findings of the analysis it rests on"),
        blank=True,
        related_name="+",
    )
    # the workflow
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT, editable=False
    )
    submitted_at = models.DateTimeField(_("sent"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField(_("reason of the withdrawal"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    class Meta:
        ordering = ["process", "-number", "-version"]
        verbose_name = _("opinion on need")
        verbose_name_plural = _("opinions on need")
        constraints = [
            models.UniqueConstraint(
                fields=["process", "number", "version"], name="unique_need_opinion_version"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.subject_label}".strip()

    def get_absolute_url(self):
        return reverse(
            "planning:need_opinion_detail", kwargs={"slug": self.process.slug, "pk": self.pk}
        )

    @property
    def code(self) -> str:
        """ "V03" for the first version, "V03/2" for the second."""
        code = f"V{self.number:02d}"
        return code if self.version == 1 else f"{code}/{self.version}"

    @property
    def subject_label(self) -> str:
        """The service, or the planned capacity by its kind (and provider)."""
        name = self.service_name or (str(self.service) if self.service_id else "")
        if name:
            return name
        parts = [str(x) for x in (self.kind, self.provider_name) if x]
        return ", ".join(parts)

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def is_sent(self) -> bool:
        return self.state in self.SENT_STATES

    @property
    def is_current(self) -> bool:
        """Sent and neither withdrawn nor replaced: what the region counts."""
        return self.state == self.State.SUBMITTED

    def clean(self):
        errors: dict[str, list] = {}
        if self.service_id is None and self.kind_id is None:
            errors.setdefault("service", []).append(
                ValidationError(
                    _("Choose the service from the catalogue, or the kind of the planned service."),
                    code="no_subject",
                )
            )
        if self.verdict == self.Verdict.CONDITIONAL and not (self.conditions or "").strip():
            errors.setdefault("conditions", []).append(
                ValidationError(
                    _("Say under which conditions the service is needed."),
                    code="no_conditions",
                )
            )
        if not (self.reasons or "").strip():
            errors.setdefault("reasons", []).append(
                ValidationError(_("Give the reasons of the opinion."), code="no_reasons")
            )
        has_capacity = self.recommended_capacity is not None or self.requested_capacity is not None
        if has_capacity and self.capacity_unit_id is None:
            errors.setdefault("capacity_unit", []).append(
                ValidationError(
                    _("Give the unit of the capacity (beds, clients, ...)."), code="no_unit"
                )
            )
        if errors:
            raise ValidationError(errors)
