"""Models of the needs surveys (průzkum potřeb, issue 12).

A :class:`Survey` of a planning process has sections and questions, each question with a
short code (``Q1``, ``Q2``...) that the paper questionnaire, the paper-entry screen and the
exports share. Options of a question are numbered from 1 (the codes typed in from paper).

A :class:`SurveyResponse` is one filled-in questionnaire: its answers as one JSON object
keyed by question code (written by one INSERT, so that no answer is lost when many arrive at
once), the respondent attributes used for analysis (triad role, municipality, target group,
age band), the channel and, for paper and interviews, who typed it in. Nothing that
identifies a respondent is stored: no IP address, no browser token, only the day of the
answer. "One answer per browser" keeps a keyed digest of a random cookie in a table of its
own (:class:`SurveyBrowserMark`) with no link to the answers and no time.
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socplan.core.models import TimeStampedModel
from socplan.organisation.models import PlanningProcess


class Audience(models.TextChoices):
    USERS = "users", _("users of services and their families")
    PROVIDERS = "providers", _("providers")
    COMMISSIONERS = "commissioners", _("municipalities (commissioners)")
    PUBLIC = "public", _("the public")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("single choice")
    MULTIPLE = "multiple", _("multiple choice")
    SCALE = "scale", _("scale (Likert)")
    MATRIX = "matrix", _("matrix (rows × one scale)")
    RANKING = "ranking", _("ranking")
    NUMBER = "number", _("number")
    SHORT_TEXT = "short_text", _("short text")
    LONG_TEXT = "long_text", _("long text")
    MUNICIPALITY = "municipality", _("municipality of the planning area")
    TARGET_GROUP = "target_group", _("target group")


# Kinds whose answer is one option code: they can be cross-tabulated and filtered on.
SINGLE_VALUED = {
    QuestionKind.SINGLE,
    QuestionKind.SCALE,
    QuestionKind.MUNICIPALITY,
    QuestionKind.TARGET_GROUP,
}
CHOICE_KINDS = SINGLE_VALUED | {QuestionKind.MULTIPLE}
TEXT_KINDS = {QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT}


class RespondentAttribute(models.TextChoices):
    """What a question tells about the respondent (copied to the response for analysis)."""

    ROLE = "role", _("role in the triad")
    MUNICIPALITY = "municipality", _("municipality")
    TARGET_GROUP = "target_group", _("target group")
    AGE_BAND = "age_band", _("age band")


class TriadRole(models.TextChoices):
    USER = "user", _("user of services")
    FAMILY = "family", _("family member or carer")
    PROVIDER = "provider", _("provider")
    COMMISSIONER = "commissioner", _("municipality (commissioner)")
    PUBLIC = "public", _("member of the public")


class AgeBand(models.TextChoices):
    UNDER_18 = "0-17", _("under 18")
    A18_29 = "18-29", "18–29"
    A30_44 = "30-44", "30–44"
    A45_64 = "45-64", "45–64"
    A65_79 = "65-79", "65–79"
    A80 = "80+", _("80 and over")


class Channel(models.TextChoices):
    WEB = "web", _("web")
    PAPER = "paper", _("paper")
    INTERVIEW = "interview", _("interview")


class Survey(TimeStampedModel):
    process = models.ForeignKey(
        PlanningProcess,
        verbose_name=_("planning process"),
        on_delete=models.CASCADE,
        related_name="surveys",
    )
    title = models.CharField(_("title"), max_length=200)
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.PUBLIC
    )
    intro = models.TextField(_("introduction"), blank=True)
    easy_intro = models.TextField(_("introduction in easy-to-read language"), blank=True)
    thanks = models.TextField(_("thank-you text"), blank=True)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    is_collecting = models.BooleanField(
        _("collecting answers"),
        default=False,
        help_text=_("Answers are accepted between the open and close dates only when set."),
    )
    one_per_browser = models.BooleanField(
        _("one answer per browser"),
        default=False,
        help_text=_(
            "A cookie remembers that this browser has answered; nothing is stored with the answers."
        ),
    )
    results_published = models.BooleanField(_("results published"), default=False)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous_version = models.ForeignKey(
        "self",
        verbose_name=_("previous version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    template_key = models.CharField(_("template"), max_length=40, blank=True)
    public_key = models.UUIDField(_("public key"), default=uuid.uuid4, unique=True, editable=False)
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
        ordering = ["process", "-created_at", "-id"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("analysis:survey_detail", kwargs={"slug": self.process.slug, "pk": self.pk})

    def get_public_url(self):
        return reverse(
            "analysis:survey_answer", kwargs={"slug": self.process.slug, "key": self.public_key}
        )

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        if not self.is_collecting:
            return False
        if self.opens_at and now < self.opens_at:
            return False
        return not (self.closes_at and now >= self.closes_at)

    def is_closed(self, now=None) -> bool:
        """Closed for good: its close date has passed."""
        now = now or timezone.now()
        return bool(self.closes_at and now >= self.closes_at)

    @property
    def results_are_public(self) -> bool:
        return self.results_published and self.is_closed() and self.process.is_published


class SurveySection(models.Model):
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["survey", "order", "id"]
        verbose_name = _("survey section")
        verbose_name_plural = _("survey sections")

    def __str__(self):
        return self.title


class SurveyQuestion(models.Model):
    """One question. ``options`` is a list of ``{"code": "1", "label": ..., "ref": ...}``
    (``ref``: the municipality's ČSÚ code or the target group's register id); a matrix has
    ``rows`` in the same shape and its options are the scale. A question may be shown only
    when an earlier single-valued question was answered with one of ``condition_values``."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions"
    )
    section = models.ForeignKey(
        SurveySection,
        verbose_name=_("section"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    code = models.CharField(_("code"), max_length=12)
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=500)
    easy_text = models.CharField(_("question in easy-to-read language"), max_length=500, blank=True)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=False)
    options = models.JSONField(_("options"), default=list, blank=True)
    rows = models.JSONField(_("rows of the matrix"), default=list, blank=True)
    allow_other = models.BooleanField(_('"other" with text'), default=False)
    min_value = models.DecimalField(
        _("lowest number"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("highest number"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    attribute = models.CharField(
        _("respondent attribute"), max_length=20, choices=RespondentAttribute.choices, blank=True
    )
    asks_contact = models.BooleanField(
        _("asks for contact details"),
        default=False,
        help_text=_("The personal-data notice is shown with it; it is never published."),
    )
    condition_question = models.ForeignKey(
        "self",
        verbose_name=_("shown only if question"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dependent_questions",
    )
    condition_values = models.JSONField(_("was answered with"), default=list, blank=True)
    publish_result = models.BooleanField(_("result published"), default=True)

    class Meta:
        ordering = ["survey", "order", "id"]
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="unique_survey_question_code")
        ]

    def __str__(self):
        return f"{self.code} {self.text}"

    @property
    def is_single_valued(self) -> bool:
        return self.kind in SINGLE_VALUED

    @property
    def is_text(self) -> bool:
        return self.kind in TEXT_KINDS

    def option_label(self, code) -> str:
        for option in self.options:
            if option["code"] == str(code):
                return option["label"]
        return str(code)


class SurveyResponse(models.Model):
    """One filled-in questionnaire (no identifier of the respondent, only the day)."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="responses"
    )
    submitted_on = models.DateField(_("day"), default=timezone.localdate, db_index=True)
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.WEB
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("typed in by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sheet_number = models.CharField(_("number of the paper sheet"), max_length=20, blank=True)
    role = models.CharField(_("role in the triad"), max_length=20, blank=True)
    municipality = models.CharField(_("municipality"), max_length=12, blank=True)
    target_group = models.CharField(_("target group"), max_length=80, blank=True)
    age_band = models.CharField(_("age band"), max_length=10, blank=True)
    answers = models.JSONField(_("answers"), default=dict)
    hidden = models.JSONField(
        _("hidden open answers"),
        default=list,
        blank=True,
        help_text=_("Codes of the open answers hidden by moderation (e.g. they name a person)."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    class Meta:
        ordering = ["survey", "id"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    def __str__(self):
        return f"{self.survey} #{self.pk}"


class SurveyBrowserMark(models.Model):
    """A browser that has answered a survey: the keyed digest of a random cookie token.
    No time, no order, no link to the answer (the digest is the primary key)."""

    digest = models.CharField(_("digest"), max_length=64, primary_key=True)
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("browser that answered")
        verbose_name_plural = _("browsers that answered")

    def __str__(self):
        return self.digest[:8]


class SurveyFindingLink(models.Model):
    """A finding made from a survey result: the question, the filter and the numbers the
    result had when the finding was made (later answers do not change them)."""

    finding = models.OneToOneField(
        "analysis.Finding",
        verbose_name=_("finding"),
        on_delete=models.CASCADE,
        related_name="survey_link",
    )
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="finding_links"
    )
    question_code = models.CharField(_("question"), max_length=12)
    filters = models.JSONField(_("filter"), default=dict, blank=True)
    snapshot = models.JSONField(_("numbers when found"), default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["survey", "id"]
        verbose_name = _("finding from a survey")
        verbose_name_plural = _("findings from surveys")

    def __str__(self):
        return f"{self.survey} {self.question_code}"


__all__ = [
    "Audience",
    "QuestionKind",
    "RespondentAttribute",
    "TriadRole",
    "AgeBand",
    "Channel",
    "Survey",
    "SurveySection",
    "SurveyQuestion",
    "SurveyResponse",
    "SurveyBrowserMark",
    "SurveyFindingLink",
]
