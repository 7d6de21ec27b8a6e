"""What a council (or a board) decided: one shape for every process that asks one.

A plan's approval by the councils (``consultation.CouncilDecision``) and the council's taking
note of a monitoring report (``monitoring.MonitoringDecision``) both inherit
:class:`CouncilDecisionBase`: the kind and name of the body, the outcome, the resolution's
number and date, the resolution as a file (kept in private storage, served only through a
view that checks the permission) and a note. :class:`CouncilDecisionForm` enters it,
:func:`council_decision_check` checks it, and the template
``organisation/includes/council_decision.html`` shows it.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from socplan.core.files import private_storage, unguessable_name
from socplan.core.models import TimeStampedModel

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def council_decision_upload_to(instance, filename: str) -> str:
    return unguessable_name(instance.file_folder(), filename)


class CouncilDecisionBase(TimeStampedModel):
    """The common fields of a council's decision (abstract)."""

    class Body(models.TextChoices):
        MUNICIPALITY = "municipality", _("municipality")
        MAS_BOARD = "mas_board", _("board of the MAS")
        REGION = "region", _("region")
        OTHER = "other", _("other body")

    class Decision(models.TextChoices):
        PENDING = "pending", pgettext_lazy("council decision", "pending")
        APPROVED = "approved", pgettext_lazy("council decision", "approved")
        TOOK_NOTE = "took_note", pgettext_lazy("council decision", "took note")
        REJECTED = "rejected", pgettext_lazy("council decision", "rejected")

    DONE = (Decision.APPROVED, Decision.TOOK_NOTE)

    body = models.CharField(_("kind of body"), max_length=20, choices=Body.choices)
    body_name = models.CharField(_("body"), max_length=255)
    decision = models.CharField(
        _("decision"), max_length=20, choices=Decision.choices, default=Decision.PENDING
    )
    resolution_number = models.CharField(_("resolution number"), max_length=100, blank=True)
    decided_on = models.DateField(_("date of the decision"), null=True, blank=True)
    file = models.FileField(
        _("the resolution (file)"),
        upload_to=council_decision_upload_to,
        storage=private_storage,
        max_length=255,
        blank=True,
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.body_name}: {self.get_decision_display()}"

    @property
    def is_done(self) -> bool:
        return self.decision in self.DONE

    @property
    def file_name(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""

    def file_folder(self) -> str:
        """The folder of the resolution's file in private storage (subclasses narrow it)."""
        return f"council-decisions/{self._meta.label_lower}"


def council_decision_check(
    *, value: str, decided_on: datetime.date | None, resolution_number: str
) -> None:
    """A decision taken (not pending) has its date and the number of its resolution."""
    if value not in CouncilDecisionBase.Decision.values:
        raise ValidationError({"decision": _("Choose the decision.")})
    if value == CouncilDecisionBase.Decision.PENDING:
        return
    errors = {}
    if not decided_on:
        errors["decided_on"] = _("Enter the date of the decision.")
    if not resolution_number.strip():
        errors["resolution_number"] = _("Enter the number of the resolution.")
    if errors:
        raise ValidationError(errors)


class CouncilDecisionForm(forms.Form):
    """Entering a council's decision; subclasses narrow the outcomes or add fields."""

    decision = forms.ChoiceField(label=_("Decision"), choices=CouncilDecisionBase.Decision.choices)
    resolution_number = forms.CharField(
        label=_("Resolution number"),
        required=False,
        max_length=100,
        help_text=_("For example “ZM 12/2018/5”."),
    )
    decided_on = forms.DateField(
        label=_("Date of the decision"), required=False, widget=DATE_WIDGET
    )
    file = forms.FileField(label=_("The resolution (file)"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    @classmethod
    def initial_from(cls, decision: CouncilDecisionBase | None) -> dict:
        if decision is None:
            return {}
        return {name: getattr(decision, name) for name in cls.base_fields if name != "file"}
