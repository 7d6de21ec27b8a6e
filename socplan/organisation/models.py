import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import (
    FileExtensionValidator,
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from socplan.accounts.models import Role
from socplan.core.branding import (
    accent_colour,
    colour_stylesheet,
    stylesheet_version,
    validate_accent_colour,
)
from socplan.core.collation import czech
from socplan.core.models import TimeStampedModel
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


class PlanningProcess(TimeStampedModel):
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
    brand_logo = models.ImageField(
        _("logo of the process"),
        upload_to="process-logos/",
        blank=True,
        validators=[
            FileExtensionValidator(["png", "jpg", "jpeg", "webp"]),
            validate_logo,
        ],
        help_text=_(
            "The logo of the process or of the organisation that runs it, shown in the header "
            "of its pages and on its documents. PNG, JPEG or WebP, at most 2 MB."
        ),
    )
    brand_logo_alt = models.CharField(
        _("text alternative of the logo of the process"),
        max_length=255,
        blank=True,
        help_text=_("What the logo shows, for people who cannot see it."),
    )
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
    accent_colour = models.CharField(
        _("colour of the pages"),
        max_length=7,
        blank=True,
        validators=[validate_accent_colour],
        help_text=_(
            "The colour of the header on the pages of the process, as #rrggbb (for example "
            "#1b5e20); it must be dark enough for white text. Empty: the colour of the site."
        ),
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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    # Invitations to this process (accounts.Invitation names its target generically);
    # they go when the process goes.
    invitations = GenericRelation(
        "accounts.Invitation", content_type_field="target_type", object_id_field="target_id"
    )

    class Meta:
        ordering = ["-period_start", czech("name")]
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

    # An invitation's target (accounts.Invitation): who manages the invitations to this
    # process (and get_invitations_url below, the page that lists them).
    invitations_permission = "organisation.manage_people"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("organisation:process_detail", kwargs={"slug": self.slug})

    @property
    def brand_stylesheet(self) -> str:
        """The stylesheet of the process's own colour (served by ``process_brand_css``)."""
        return colour_stylesheet(accent_colour(self.accent_colour))

    @property
    def brand_css_url(self) -> str:
        """The address of the colour stylesheet with the version of its content: the page
        links a new address when the colour changes, so the stylesheet is cached for good."""
        from django.urls import reverse

        url = reverse("organisation:process_brand_css", kwargs={"slug": self.slug})
        return f"{url}?v={stylesheet_version(self.brand_stylesheet)}"

    def get_invitations_url(self):
        from django.urls import reverse

        return reverse("organisation:process_people", kwargs={"slug": self.slug})

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

    @property
    def has_funding(self) -> bool:
        """Funded (by the EU): names its funding programme, registration number, grant or
        publicity notice; its pages and documents then carry the EU emblem and the notice."""
        return bool(
            self.funding_programme
            or self.registration_number
            or self.grant_amount
            or (self.publicity_notice or "").strip()
        )

    def current_phase(self, on: datetime.date | None = None):
        """The phase running on a date (today by default), else the last one started."""
        on = on or datetime.date.today()
        phases = list(self.phases.all())
        running = [p for p in phases if p.start <= on and (p.end is None or p.end >= on)]
        if running:
            return running[-1]
        started = [p for p in phases if p.start <= on]
        return started[-1] if started else None


class ProcessRole(TimeStampedModel):
    """A user's role in one planning process."""

    Role = Role

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="process_roles",
    )
    process = models.ForeignKey(
        PlanningProcess,
        verbose_name=_("planning process"),
        on_delete=models.CASCADE,
        related_name="roles",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["process", "role", "user"]
        verbose_name = _("role in a process")
        verbose_name_plural = _("roles in processes")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "process", "role"], name="unique_user_process_role"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.process}"


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


# --- Planning structure: groups, people, memberships, meetings (issue 4) ---


class Group(models.Model):
    """A group of the planning structure: steering, target group, territorial, other."""

    class Kind(models.TextChoices):
        STEERING = "steering", _("steering group")
        TARGET_GROUP = "target_group", _("working group for a target group")
        TERRITORIAL = "territorial", _("territorial working group")
        OTHER = "other", _("other group")

    process = models.ForeignKey(
        PlanningProcess,
        verbose_name=_("planning process"),
        on_delete=models.CASCADE,
        related_name="groups",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("address"), max_length=100)
    focus_target_groups = models.JSONField(
        _("target groups it works for"), default=list, blank=True
    )
    sub_area = models.ForeignKey(
        "territory.SubArea",
        verbose_name=_("sub-area"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="groups",
        help_text=_("The part of the planning area a territorial group works for."),
    )
    description = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(
        _("public group"),
        default=True,
        help_text=_(
            "The members (as their consent allows) and the minutes of a public group are published."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    class Meta:
        ordering = ["process", "order", czech("name")]
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        constraints = [
            models.UniqueConstraint(fields=["process", "slug"], name="unique_group_slug")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse(
            "organisation:group_detail",
            kwargs={"slug": self.process.slug, "group": self.slug},
        )


class Person(TimeStampedModel):
    """A person taking part in the planning (member of groups, guest, task owner)."""

    class OrganisationKind(models.TextChoices):
        PROVIDER = "provider", _("provider of social services")
        MUNICIPALITY = "municipality", _("municipality")
        OTHER = "other", _("other organisation")

    process = models.ForeignKey(
        PlanningProcess,
        verbose_name=_("planning process"),
        on_delete=models.CASCADE,
        related_name="people",
    )
    name = models.CharField(_("name"), max_length=150)
    organisation_kind = models.CharField(
        _("kind of organisation"),
        max_length=20,
        choices=OrganisationKind.choices,
        default=OrganisationKind.OTHER,
    )
    organisation_name = models.CharField(_("organisation"), max_length=255, blank=True)
    provider_ico = models.CharField(
        _("provider's IČO"),
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^\d{8}$", _("The IČO has 8 digits."))],
    )
    municipality = models.ForeignKey(
        "territory.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    consent_publish = models.BooleanField(
        _("consents to publishing name and organisation"), default=False
    )
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    class Meta:
        ordering = ["process", czech("name")]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name


class MembershipQuerySet(models.QuerySet):
    def on(self, date: datetime.date):
        """Memberships valid on a date (start ≤ date, no end or end ≥ date)."""
        return self.filter(start__lte=date).filter(
            models.Q(end__isnull=True) | models.Q(end__gte=date)
        )

    def current(self):
        from django.utils import timezone

        return self.on(timezone.localdate())


class Membership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        DEPUTY = "deputy", _("deputy chair")
        MEMBER = "member", _("member")
        METHODOLOGIST = "methodologist", _("methodologist")
        SECRETARY = "secretary", _("secretary")

    class Side(models.TextChoices):
        COMMISSIONER = "commissioner", _("commissioner")
        PROVIDER = "provider", _("provider")
        USER = "user", _("user")
        PUBLIC = "public", _("public")

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    side = models.CharField(_("side of the triad"), max_length=20, choices=Side.choices)
    start = models.DateField(_("member from"))
    end = models.DateField(_("member to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["group", "start", czech("person__name")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="membership_dates_order",
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.group}"

    def clean(self):
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValidationError(
                {"end": ValidationError(_("A membership cannot end before it starts."))}
            )

    def is_on(self, date: datetime.date) -> bool:
        return self.start <= date and (self.end is None or self.end >= date)


class Meeting(TimeStampedModel):
    class Kind(models.TextChoices):
        WORKING_GROUP = "working_group", _("working group meeting")
        STEERING_GROUP = "steering_group", _("steering group meeting")
        PUBLIC = "public", _("public meeting")
        MAYORS = "mayors", _("round table of mayors")
        INFORMATION = "information", _("information meeting")
        TRAINING = "training", _("training")

    class Status(models.TextChoices):
        # Each status agrees with its noun in Czech: the meeting (jednání) is "naplánované".
        PLANNED = "planned", pgettext_lazy("meeting status", "planned")
        HELD = "held", pgettext_lazy("meeting status", "held")
        CANCELLED = "cancelled", pgettext_lazy("meeting status", "cancelled")

    process = models.ForeignKey(
        PlanningProcess,
        verbose_name=_("planning process"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    groups = models.ManyToManyField(
        Group, verbose_name=_("groups"), blank=True, related_name="meetings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    is_public = models.BooleanField(
        _("public meeting"),
        default=False,
        help_text=_("Public meetings are shown on the public pages of the process."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    class Meta:
        ordering = ["process", "-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gte=models.F("starts_at")),
                name="meeting_times_order",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse(
            "organisation:meeting_detail", kwargs={"slug": self.process.slug, "pk": self.pk}
        )

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError(
                {"ends_at": ValidationError(_("A meeting cannot end before it starts."))}
            )

    @property
    def ical_uid(self) -> str:
        """The meeting's UID in every calendar file (invitations and feeds alike), so that
        a calendar holds one copy of it."""
        from urllib.parse import urlsplit

        return f"meeting-{self.pk}@{urlsplit(settings.SITE_URL).hostname or 'socplan'}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    minutes_text = models.TextField(_("minutes of the item"), blank=True)

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return self.title


class MeetingInvitation(models.Model):
    class Reply(models.TextChoices):
        NONE = "none", _("no reply")
        ATTEND = "attend", _("will attend")
        EXCUSED = "excused", _("excused")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="invitations"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="meeting_invitations",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    reply = models.CharField(_("reply"), max_length=10, choices=Reply.choices, default=Reply.NONE)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", czech("person__name")]
        verbose_name = _("meeting invitation")
        verbose_name_plural = _("meeting invitations")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="unique_meeting_invitation")
        ]

    def __str__(self):
        return f"{self.person} – {self.meeting}"


class Attendance(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attendances",
    )
    guest_name = models.CharField(_("guest's name"), max_length=150, blank=True)
    guest_organisation = models.CharField(_("guest's organisation"), max_length=255, blank=True)
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        ordering = ["meeting", czech("person__name"), czech("guest_name")]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=models.Q(person__isnull=False),
                name="unique_meeting_attendance",
            ),
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | ~models.Q(guest_name=""),
                name="attendance_person_or_guest",
            ),
        ]

    def __str__(self):
        return self.person.name if self.person_id else self.guest_name

    @property
    def display_name(self) -> str:
        return self.person.name if self.person_id else self.guest_name

    @property
    def display_organisation(self) -> str:
        return self.person.organisation_name if self.person_id else self.guest_organisation


class Minutes(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("minutes status", "draft")
        APPROVED = "approved", pgettext_lazy("minutes status", "approved")

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="minutes"
    )
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    approved_at_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("approved at the meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self):
        return str(self.meeting)


class Resolution(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="resolutions"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resolutions",
    )
    number = models.CharField(_("number"), max_length=40, blank=True)
    text = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")

    def __str__(self):
        return self.number or self.text[:60]


class Task(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("task status", "open")
        DONE = "done", pgettext_lazy("task status", "done")
        CANCELLED = "cancelled", pgettext_lazy("task status", "cancelled")

    process = models.ForeignKey(
        PlanningProcess,
        verbose_name=_("planning process"),
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    group = models.ForeignKey(
        Group,
        verbose_name=_("group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("agreed at the meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        Person,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    due = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    class Meta:
        ordering = ["process", "status", "due", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self):
        return self.title
