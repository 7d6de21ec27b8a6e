"""Public consultation of a draft plan, the resolution of every comment and the approval of
the plan by the councils.

- A :class:`Round` opens one version of a plan for comments between two dates (with a public
  hearing between them); the public page of the process announces it. A round may instead be
  on another document of the process, a SWOT (``Round.swot``): its parts are the SWOT, its
  four quadrants and their items, and its comments do not hold up the plan's approval.
- A :class:`Comment` is about a part of the plan (the whole plan, a chapter, a priority, a
  measure or an activity), may quote a passage, is "essential" or a "recommendation", and
  counts once its e-mail is confirmed (or at once: anonymous where the round allows it, or
  entered by staff with its channel and date). Moderation hides a comment with a reason.
- Every counted comment gets a :class:`Resolution` (accepted, partly accepted, not accepted,
  explained) with its reasoning, who decided and when, and the change it caused.
- The plan's version is approved once (:class:`PlanApproval`: date, resolution, checksum of
  the approved content and of its document); each council or board records its
  :class:`CouncilDecision` (approved, took note, rejected, pending) with its resolution.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from socplan.analysis.models import Swot, SwotItem
from socplan.core.files import private_storage, unguessable_name
from socplan.core.models import TimeStampedModel
from socplan.organisation.council import CouncilDecisionBase
from socplan.organisation.models import Group, PlanningProcess
from socplan.planning.models import Activity, Measure, Plan, PlanVersion, Priority
from socplan.territory.models import Municipality

# The common rule (CpKP): the draft is public at least 2 weeks before the public hearing
# and comments are taken at least 2 weeks after it.
RECOMMENDED_DAYS = 14


class Round(TimeStampedModel):
    """A consultation round (připomínkové řízení) of one version of a plan."""

    class State(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("consultation round", "announced")
        OPEN = "open", pgettext_lazy("consultation round", "open for comments")
        CLOSED = "closed", pgettext_lazy("consultation round", "closed")

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="consultation_rounds"
    )
    plan_version = models.PositiveIntegerField(_("version of the plan"))
    draft = models.ForeignKey(
        PlanVersion,
        verbose_name=_("the draft commented on"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    swot = models.ForeignKey(
        Swot,
        verbose_name=_("SWOT commented on"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="consultation_rounds",
        help_text=_("Empty when the round is on the draft of the plan."),
    )
    title = models.CharField(_("title"), max_length=255)
    announcement = models.TextField(
        _("announcement"),
        blank=True,
        help_text=_("What the public should know: how to comment, where the draft lies."),
    )
    opens_on = models.DateField(_("comments from"))
    closes_on = models.DateField(_("comments until"))
    hearing_on = models.DateField(_("public hearing on"), null=True, blank=True)
    hearing_place = models.CharField(_("place of the public hearing"), max_length=255, blank=True)
    allow_anonymous = models.BooleanField(
        _("anonymous comments allowed"),
        default=False,
        help_text=_("Without it, every commenter from the web confirms an e-mail address."),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    class Meta:
        ordering = ["plan", "-opens_on", "-id"]
        verbose_name = _("consultation round")
        verbose_name_plural = _("consultation rounds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="consultation_round_dates_order",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse(
            "consultation:round_detail", kwargs={"slug": self.plan.process.slug, "pk": self.pk}
        )

    def clean(self):
        errors = {}
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = ValidationError(
                _("The round cannot close before it opens."), code="dates_order"
            )
        elif (
            self.hearing_on
            and self.opens_on
            and self.closes_on
            and not self.opens_on <= self.hearing_on <= self.closes_on
        ):
            errors["hearing_on"] = ValidationError(
                _("The public hearing is held while comments are taken."),
                code="hearing_outside",
            )
        if errors:
            raise ValidationError(errors)

    @property
    def process(self) -> PlanningProcess:
        return self.plan.process

    @property
    def is_on_swot(self) -> bool:
        """The round is on a SWOT of the process, not on the draft of the plan."""
        return self.swot_id is not None

    def state_on(self, day: datetime.date) -> str:
        if day < self.opens_on:
            return self.State.PLANNED
        if day > self.closes_on:
            return self.State.CLOSED
        return self.State.OPEN

    @property
    def state(self) -> str:
        return self.state_on(timezone.localdate())

    def get_state_display(self) -> str:
        return self.State(self.state).label

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def date_warnings(self) -> list[str]:
        """Where the dates fall short of the common rule (a warning, not an error)."""
        warnings = []
        if not (self.opens_on and self.closes_on):
            return warnings
        if self.hearing_on:
            if (self.hearing_on - self.opens_on).days < RECOMMENDED_DAYS:
                warnings.append(
                    _("The draft is public less than two weeks before the public hearing.")
                )
            if (self.closes_on - self.hearing_on).days < RECOMMENDED_DAYS:
                warnings.append(_("Comments are taken less than two weeks after the hearing."))
        elif (self.closes_on - self.opens_on).days < RECOMMENDED_DAYS:
            warnings.append(_("Comments are taken for less than two weeks."))
        return warnings


class Comment(TimeStampedModel):
    """A comment (připomínka) on a part of the draft."""

    class Part(models.TextChoices):
        PLAN = "plan", _("the whole plan")
        CHAPTER = "chapter", _("chapter")
        PRIORITY = "priority", _("priority")
        MEASURE = "measure", _("measure")
        ACTIVITY = "activity", _("activity")
        SWOT = "swot", _("the whole SWOT")
        QUADRANT = "quadrant", _("part of the SWOT")
        SWOT_ITEM = "swot_item", _("item of the SWOT")

    class Kind(models.TextChoices):
        ESSENTIAL = "essential", pgettext_lazy("comment kind", "essential")
        RECOMMENDATION = "recommendation", pgettext_lazy("comment kind", "recommendation")

    class Channel(models.TextChoices):
        WEB = "web", _("web form")
        EMAIL = "email", _("e-mail")
        POST = "post", _("post")
        HEARING = "hearing", _("public hearing")
        OTHER = "other", _("other")

    round = models.ForeignKey(
        Round,
        verbose_name=_("consultation round"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    number = models.PositiveIntegerField(_("number"), null=True, blank=True, editable=False)
    part = models.CharField(_("part of the plan"), max_length=20, choices=Part.choices)
    # The chapter's field name, or the code of the priority, measure or activity as it was
    # when the comment was made (for a SWOT: the quadrant, or the item's id); ``part_label``
    # keeps its title then.
    part_key = models.CharField(_("part"), max_length=50, blank=True)
    part_label = models.CharField(_("part of the plan"), max_length=400, blank=True)
    priority = models.ForeignKey(
        Priority, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    swot_item = models.ForeignKey(
        SwotItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    quote = models.TextField(_("quoted passage"), blank=True)
    text = models.TextField(_("comment"))
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.RECOMMENDATION
    )
    author_name = models.CharField(_("name"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    publish_name = models.BooleanField(_("may be named in the resolution table"), default=False)
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.WEB
    )
    received_on = models.DateField(_("received on"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    token_hash = models.CharField(max_length=64, blank=True, editable=False)
    confirmed_at = models.DateTimeField(_("counted since"), null=True, blank=True)
    working_group = models.ForeignKey(
        Group,
        verbose_name=_("working group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.TextField(_("reason of hiding"), blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    class Meta:
        ordering = ["round", "number", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "number"],
                condition=models.Q(number__isnull=False),
                name="unique_comment_number",
            ),
        ]
        indexes = [models.Index(fields=["round", "confirmed_at"])]

    def __str__(self):
        if self.number:
            return str(_("Comment no. %(number)s") % {"number": self.number})
        return str(_("Unconfirmed comment"))

    @property
    def counts(self) -> bool:
        return self.confirmed_at is not None

    @property
    def public_author(self) -> str:
        """The commenter as they agreed to be named (or a neutral label)."""
        if self.publish_name:
            parts = [p for p in (self.author_name, self.organisation) if p]
            if parts:
                return ", ".join(parts)
        return str(_("not named"))


class Resolution(TimeStampedModel):
    """The settlement of one comment (vypořádání) with its reasoning."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", pgettext_lazy("comment resolution", "accepted")
        PARTLY = "partly", pgettext_lazy("comment resolution", "partly accepted")
        NOT_ACCEPTED = "not_accepted", pgettext_lazy("comment resolution", "not accepted")
        EXPLAINED = "explained", pgettext_lazy("comment resolution", "explained")

    # Outcomes that change the plan (their change may be linked to a version).
    CHANGING = (Outcome.ACCEPTED, Outcome.PARTLY)

    comment = models.OneToOneField(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="resolution"
    )
    outcome = models.CharField(_("resolution"), max_length=20, choices=Outcome.choices)
    reasoning = models.TextField(_("reasoning"))
    change = models.TextField(_("change in the plan"), blank=True)
    change_version = models.ForeignKey(
        PlanVersion,
        verbose_name=_("version with the change"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by_name = models.CharField(_("decided by"), max_length=255, blank=True)
    decided_on = models.DateField(_("decided on"))
    notified_at = models.DateTimeField(_("commenter told at"), null=True, blank=True)

    class Meta:
        ordering = ["comment"]
        verbose_name = _("resolution of a comment")
        verbose_name_plural = _("resolutions of comments")

    def __str__(self):
        return f"{self.comment}: {self.get_outcome_display()}"


class AnswerTemplate(TimeStampedModel):
    """A ready answer to start a resolution from."""

    process = models.ForeignKey(
        PlanningProcess,
        verbose_name=_("planning process"),
        on_delete=models.CASCADE,
        related_name="answer_templates",
    )
    title = models.CharField(_("title"), max_length=200)
    outcome = models.CharField(
        _("resolution"), max_length=20, choices=Resolution.Outcome.choices, blank=True
    )
    text = models.TextField(_("reasoning"))

    class Meta:
        ordering = ["process", "title", "id"]
        verbose_name = _("answer template")
        verbose_name_plural = _("answer templates")

    def __str__(self):
        return self.title


class PlanApproval(TimeStampedModel):
    """The approval of one version of a plan: it froze the plan (planning's approved
    version) and keeps a checksum of what was approved."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="approvals"
    )
    version = models.PositiveIntegerField(_("version of the plan"))
    approved_on = models.DateField(_("approved on"))
    resolution = models.CharField(_("approval resolution"), max_length=255)
    approved_version = models.ForeignKey(
        PlanVersion,
        verbose_name=_("approved version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    content_checksum = models.CharField(
        _("checksum of the approved content"), max_length=64, blank=True
    )
    document_checksum = models.CharField(
        _("checksum of the plan document"), max_length=64, blank=True
    )
    unresolved_reason = models.TextField(
        _("why it was approved with unresolved comments"), blank=True
    )
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["plan", "-version"]
        verbose_name = _("approval of a plan")
        verbose_name_plural = _("approvals of plans")
        constraints = [
            models.UniqueConstraint(fields=["plan", "version"], name="unique_plan_approval"),
        ]

    def __str__(self):
        return f"{self.plan} v{self.version}: {self.resolution}"


def decision_upload_to(instance, filename: str) -> str:
    return unguessable_name(f"council-decisions/{instance.plan_id}", filename)


class CouncilDecision(CouncilDecisionBase):
    """What one body (a municipality's council, the MAS board, the region, another body)
    decided about one version of a plan (the common fields: :class:`CouncilDecisionBase`)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="council_decisions"
    )
    version = models.PositiveIntegerField(_("version of the plan"))
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_lead = models.BooleanField(
        _("approves the plan"),
        default=False,
        help_text=_("The lead town's council or the MAS board, whose approval counts."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    # the files stay where they have always been (by plan)
    file = models.FileField(
        _("the resolution (file)"),
        upload_to=decision_upload_to,
        storage=private_storage,
        max_length=255,
        blank=True,
    )

    class Meta:
        ordering = ["plan", "-version", "-is_lead", "order", "body_name", "id"]
        verbose_name = _("decision of a council")
        verbose_name_plural = _("decisions of councils")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "version", "municipality"],
                condition=models.Q(municipality__isnull=False),
                name="unique_council_decision_municipality",
            ),
        ]
