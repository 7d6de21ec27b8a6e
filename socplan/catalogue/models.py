"""Catalogue of social services: the national register (RPSS) and local services.

Fields that the register owns are overwritten by every import (see
:mod:`socplan.catalogue.importers`); local fields (description, opening hours,
accessibility, photos, verification, manual service-area rows, life situations) are never
touched by an import.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socplan.core.models import TimeStampedModel
from socplan.territory.models import Municipality, PlanningArea, Region

from .validators import validate_ico


class Codelist(models.TextChoices):
    KIND = "DruhSocialniSluzby", _("kind of social service")
    TARGET_GROUP = "CilovaSkupinaOsoby", _("target group")
    AGE_GROUP = "VekovaSkupinaOsoby", _("age group")
    FORM = "FormaSocialniSluzby", _("form of provision")
    CAPACITY_TYPE = "TypKapacitySocialniSluzby", _("capacity type")
    LOCAL_CATEGORY = "socplan.LocalCategory", _("category of a local service")


class ServiceGroup(models.TextChoices):
    """The three groups of social services of act 108/2006 Sb. (§ 32)."""

    COUNSELLING = "counselling", _("social counselling")
    CARE = "care", _("social care services")
    PREVENTION = "prevention", _("social prevention services")


class Source(models.TextChoices):
    REGISTER = "register", _("register of providers")
    LOCAL = "local", _("local (not registered)")


class CodelistItemQuerySet(models.QuerySet):
    def kinds(self):
        return self.filter(codelist=Codelist.KIND)

    def target_groups(self):
        return self.filter(codelist=Codelist.TARGET_GROUP)

    def age_groups(self):
        return self.filter(codelist=Codelist.AGE_GROUP)

    def forms(self):
        return self.filter(codelist=Codelist.FORM)

    def capacity_types(self):
        return self.filter(codelist=Codelist.CAPACITY_TYPE)

    def local_categories(self):
        return self.filter(codelist=Codelist.LOCAL_CATEGORY)


class CodelistItem(models.Model):
    """One item of an MPSV-shaped codelist (or of the project's local categories)."""

    codelist = models.CharField(_("codelist"), max_length=40, choices=Codelist.choices)
    register_id = models.CharField(
        _("register id"), max_length=80, help_text=_('For example "DruhSocialniSluzby/13".')
    )
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    paragraph = models.CharField(_("section of the act"), max_length=20, blank=True)
    group = models.CharField(_("group"), max_length=20, choices=ServiceGroup.choices, blank=True)
    order = models.IntegerField(_("order"), default=0)
    is_known = models.BooleanField(
        _("known"),
        default=True,
        help_text=_("Unset when the importer met an id that the codelist does not contain."),
    )

    objects = CodelistItemQuerySet.as_manager()

    class Meta:
        ordering = ["codelist", "order", "name"]
        verbose_name = _("codelist item")
        verbose_name_plural = _("codelist items")
        constraints = [
            models.UniqueConstraint(fields=["codelist", "register_id"], name="unique_codelist_item")
        ]

    def __str__(self):
        if not self.is_known:
            return self.register_id
        return self.name

    @property
    def label(self) -> str:
        """Name with the § for kinds: "domovy pro seniory (§ 49)"."""
        if self.paragraph:
            return f"{self} ({self.paragraph})"
        return str(self)


def contacts_default():
    return []


class Provider(TimeStampedModel):
    """Poskytovatel: a registered provider (by IČO) or a local one."""

    ico = models.CharField(
        _("IČO"),
        max_length=8,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_ico],
        help_text=_("8 digits including leading zeros; empty only for local providers."),
    )
    name = models.CharField(_("name"), max_length=500)
    legal_form = models.CharField(_("legal form"), max_length=255, blank=True)
    web = models.CharField(_("web site"), max_length=500, blank=True)
    webs = models.JSONField(_("web sites"), default=contacts_default, blank=True)
    emails = models.JSONField(_("e-mails"), default=contacts_default, blank=True)
    phones = models.JSONField(_("phones"), default=contacts_default, blank=True)
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.REGISTER
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")

    def __str__(self):
        return self.name


class ServiceQuerySet(models.QuerySet):
    def active(self, on: datetime.date | None = None):
        """Services provided on a date (today by default) and still in the register."""
        on = on or timezone.localdate()
        return self.filter(
            Q(start_date__isnull=True) | Q(start_date__lte=on),
            Q(end_date__isnull=True) | Q(end_date__gte=on),
            removed_from_register_at__isnull=True,
        )

    def registered(self):
        return self.filter(source=Source.REGISTER)

    def local(self):
        return self.filter(source=Source.LOCAL)


class Service(TimeStampedModel):
    """One registered social service (a registration in RPSS) or a local service."""

    provider = models.ForeignKey(
        Provider,
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    portal_id = models.PositiveIntegerField(
        _("register number (portalId)"), unique=True, null=True, blank=True
    )
    identifikator = models.CharField(_("registration identifier"), max_length=20, blank=True)
    name = models.CharField(_("name"), max_length=500)
    kind = models.ForeignKey(
        CodelistItem,
        verbose_name=_("kind of service"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="services_of_kind",
        limit_choices_to={"codelist": Codelist.KIND},
    )
    local_category = models.ForeignKey(
        CodelistItem,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="services_of_category",
        limit_choices_to={"codelist": Codelist.LOCAL_CATEGORY},
    )
    target_groups = models.ManyToManyField(
        CodelistItem,
        verbose_name=_("target groups"),
        blank=True,
        related_name="services_for_group",
        limit_choices_to={"codelist": Codelist.TARGET_GROUP},
    )
    age_groups = models.ManyToManyField(
        CodelistItem,
        verbose_name=_("age groups"),
        blank=True,
        related_name="services_for_age",
        limit_choices_to={"codelist": Codelist.AGE_GROUP},
    )
    age_note = models.TextField(_("note on age"), blank=True)
    start_date = models.DateField(_("provided from"), null=True, blank=True)
    end_date = models.DateField(_("provided until"), null=True, blank=True)
    removed_from_register_at = models.DateField(
        _("missing from the register since"),
        null=True,
        blank=True,
        help_text=_("Set by an import when the register file no longer lists the service."),
    )
    emails = models.JSONField(_("e-mails"), default=contacts_default, blank=True)
    phones = models.JSONField(_("phones"), default=contacts_default, blank=True)
    webs = models.JSONField(_("web sites"), default=contacts_default, blank=True)
    faxes = models.JSONField(_("faxes"), default=contacts_default, blank=True)
    contact_addresses = models.JSONField(
        _("contact addresses"), default=contacts_default, blank=True
    )
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.REGISTER
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    # local fields: never touched by an import
    description = models.TextField(
        _("description in plain language"),
        blank=True,
        help_text=_("What the service does, for whom, and how to ask for it."),
    )
    opening_hours = models.TextField(_("opening hours"), blank=True)
    accessibility = models.TextField(_("accessibility"), blank=True)
    verified_at = models.DateField(_("last verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    search_text = models.TextField(_("text for searching"), blank=True, editable=False)
    register_updated_at = models.DateTimeField(_("register data changed"), null=True, blank=True)
    # the normalised register record of the last import and its hash: an import compares
    # hashes to skip unchanged services and diffs the records to write the history
    register_data = models.JSONField(_("register record"), default=dict, blank=True, editable=False)
    register_hash = models.CharField(
        _("hash of the register record"), max_length=64, blank=True, editable=False
    )

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalogue:service_detail", kwargs={"pk": self.pk})

    def is_active_on(self, on: datetime.date) -> bool:
        if self.removed_from_register_at is not None:
            return False
        if self.start_date is not None and self.start_date > on:
            return False
        return self.end_date is None or self.end_date >= on

    @property
    def is_active(self) -> bool:
        return self.is_active_on(timezone.localdate())

    @property
    def group(self) -> str:
        return self.kind.group if self.kind_id else ""

    @property
    def is_local(self) -> bool:
        return self.source == Source.LOCAL

    # Contacts at two levels (register pitfall 7): the service's own, else the provider's.
    @property
    def contact_emails(self) -> list[dict]:
        return self.emails or self.provider.emails

    @property
    def contact_phones(self) -> list[dict]:
        return self.phones or self.provider.phones

    @property
    def contact_webs(self) -> list[dict]:
        return self.webs or self.provider.webs


def web_href(value: str) -> str:
    """A link for a web address of the register, which comes with or without a scheme."""
    value = (value or "").strip()
    if not value:
        return ""
    if "://" in value:
        return value
    return "https://" + value


class ServicePhoto(models.Model):
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("image"), upload_to="catalogue/photos/")
    alt_text = models.CharField(
        _("text alternative"),
        max_length=255,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    order = models.IntegerField(_("order"), default=0)

    class Meta:
        ordering = ["service", "order", "pk"]
        verbose_name = _("photo of a service")
        verbose_name_plural = _("photos of services")

    def __str__(self):
        return self.alt_text


class ServiceForm(models.Model):
    """A form of provision (residential, outpatient, field) with its own capacities."""

    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="forms"
    )
    form = models.ForeignKey(
        CodelistItem,
        verbose_name=_("form"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"codelist": Codelist.FORM},
    )
    continuous = models.BooleanField(_("provided continuously"), default=False)

    class Meta:
        ordering = ["service", "form__order", "pk"]
        verbose_name = _("form of provision")
        verbose_name_plural = _("forms of provision")
        constraints = [
            models.UniqueConstraint(fields=["service", "form"], name="unique_service_form")
        ]

    def __str__(self):
        return f"{self.service}: {self.form}"


class Capacity(models.Model):
    """Registered maximum capacity of one form (never "free places")."""

    service_form = models.ForeignKey(
        ServiceForm,
        verbose_name=_("form of provision"),
        on_delete=models.CASCADE,
        related_name="capacities",
    )
    type = models.ForeignKey(
        CodelistItem,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"codelist": Codelist.CAPACITY_TYPE},
    )
    value = models.PositiveIntegerField(_("registered capacity"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["service_form", "pk"]
        verbose_name = _("registered capacity")
        verbose_name_plural = _("registered capacities")

    def __str__(self):
        return f"{self.value} ({self.type})"


class Facility(models.Model):
    """Zařízení: a place where a service is provided."""

    class Precision(models.TextChoices):
        ADDRESS = "address", _("address point")
        MUNICIPALITY = "municipality", _("municipality centre")
        NONE = "", _("unknown")

    service = models.ForeignKey(
        Service,
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        related_name="facilities",
    )
    name = models.CharField(_("name"), max_length=500, blank=True)
    street = models.CharField(_("street"), max_length=255, blank=True)
    house_number = models.CharField(_("house number"), max_length=20, blank=True)
    house_number_type = models.CharField(
        _("type of house number"),
        max_length=40,
        blank=True,
        help_text=_('"TypStavebnihoObjektu/2" is a registration number (č. ev.).'),
    )
    orientation_number = models.CharField(_("orientation number"), max_length=20, blank=True)
    address_note = models.CharField(_("address supplement"), max_length=255, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilities",
    )
    municipality_code = models.CharField(_("municipality code"), max_length=12, blank=True)
    region_code = models.CharField(_("region code (RÚIAN)"), max_length=12, blank=True)
    city_district = models.CharField(
        _("city district"),
        max_length=80,
        blank=True,
        help_text=_('Prague district id of the register, e.g. "MestskyObvodVPraze/86".'),
    )
    address_code = models.BigIntegerField(_("RÚIAN address code"), null=True, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    location_precision = models.CharField(
        _("location precision"),
        max_length=20,
        choices=Precision.choices,
        blank=True,
        default="",
    )
    is_secret_address = models.BooleanField(_("secret address"), default=False)
    start_date = models.DateField(_("provided from"), null=True, blank=True)
    end_date = models.DateField(_("provided until"), null=True, blank=True)

    class Meta:
        ordering = ["service", "name", "pk"]
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")

    def __str__(self):
        return self.name or self.address_line or str(self.service)

    @property
    def address_line(self) -> str:
        """Street, numbers and municipality, for display ("Nemocniční 2272/54, Aš")."""
        if self.is_secret_address:
            return ""
        number = self.house_number
        if number and self.house_number_type.endswith("/2"):
            number = f"č. ev. {number}"
        if number and self.orientation_number:
            number = f"{number}/{self.orientation_number}"
        town = self.municipality.name if self.municipality_id else ""
        street = self.street or town
        first = " ".join(part for part in [street, number] if part)
        second = " ".join(part for part in [self.postcode, town] if part)
        return ", ".join(part for part in [first, second] if part)

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def is_active_on(self, on: datetime.date) -> bool:
        if not self.service.is_active_on(on):
            return False
        if self.start_date is not None and self.start_date > on:
            return False
        return self.end_date is None or self.end_date >= on

    @property
    def is_active(self) -> bool:
        """A place is active only if the service AND the facility are."""
        return self.is_active_on(timezone.localdate())


class ServiceAreaMunicipality(TimeStampedModel):
    """A municipality a service serves: from its facilities (rebuilt by every import)
    or added by hand (kept)."""

    class Origin(models.TextChoices):
        FACILITY = "facility", _("facility")
        MANUAL = "manual", _("added by hand")

    service = models.ForeignKey(
        Service,
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        related_name="area_municipalities",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="service_area_rows",
    )
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["service", "municipality__name"]
        verbose_name = _("municipality of a service area")
        verbose_name_plural = _("municipalities of service areas")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "municipality", "origin"], name="unique_service_area_row"
            )
        ]

    def __str__(self):
        return f"{self.service}: {self.municipality}"


class ServiceRegion(models.Model):
    """The register's extended scope of a service (``rozsirenePusobnostiVKraji``)."""

    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="regions"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["service", "region__name"]
        verbose_name = _("region of extended scope")
        verbose_name_plural = _("regions of extended scope")
        constraints = [
            models.UniqueConstraint(fields=["service", "region"], name="unique_service_region")
        ]

    def __str__(self):
        return f"{self.service}: {self.region}"


class ServiceChange(models.Model):
    """History: one change of one field of a service."""

    class ChangeSource(models.TextChoices):
        IMPORT = "import", _("register import")
        PROVIDER = "provider", _("provider")
        COORDINATOR = "coordinator", _("coordinator")
        SUGGESTION = "suggestion", _("public suggestion")

    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="changes"
    )
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=20, choices=ChangeSource.choices)
    field = models.CharField(_("field"), max_length=100)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("change of a service")
        verbose_name_plural = _("history of services")

    def __str__(self):
        return f"{self.service}: {self.field}"


class RegistryImport(models.Model):
    """One run of the register import."""

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("finished")
        FAILED = "failed", _("failed")
        REFUSED = "refused", _("refused")

    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    file_name = models.CharField(_("file"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RUNNING
    )
    services_in_file = models.PositiveIntegerField(_("services in the file"), default=0)
    added = models.PositiveIntegerField(_("added"), default=0)
    changed = models.PositiveIntegerField(_("changed"), default=0)
    ended = models.PositiveIntegerField(_("ended"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    forced = models.BooleanField(_("forced"), default=False)
    message = models.TextField(_("message"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    job = models.ForeignKey(
        "core.Job",
        verbose_name=_("background job"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("register import")
        verbose_name_plural = _("register imports")

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.file_name}"


class ProviderEditor(TimeStampedModel):
    """A user who may propose changes to the local fields of a provider's services."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="provider_editorships",
    )
    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.CASCADE, related_name="editors"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["provider", "user"]
        verbose_name = _("provider editor")
        verbose_name_plural = _("provider editors")
        constraints = [
            models.UniqueConstraint(fields=["user", "provider"], name="unique_provider_editor")
        ]

    def __str__(self):
        return f"{self.user} – {self.provider}"


class ChangeProposal(TimeStampedModel):
    """A proposed change of local fields (by a provider editor) or a public suggestion."""

    class Kind(models.TextChoices):
        PROVIDER_EDIT = "provider_edit", _("provider's edit")
        SUGGESTION = "suggestion", _("suggestion of a correction")
        VERIFICATION = "verification", _("confirmation that the entry is current")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for review")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="proposals"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    proposer_name = models.CharField(_("name"), max_length=150, blank=True)
    proposer_email = models.EmailField(_("e-mail"), blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("change proposal")
        verbose_name_plural = _("change proposals")

    def __str__(self):
        return f"{self.service}: {self.get_kind_display()}"


class LifeSituation(models.Model):
    """An entry point to the catalogue ("Pečuji o blízkého") mapped to kinds and groups."""

    planning_area = models.ForeignKey(
        PlanningArea,
        verbose_name=_("planning area"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="life_situations",
        help_text=_("Empty for the nationwide default set."),
    )
    slug = models.SlugField(_("address"), max_length=100)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kinds = models.ManyToManyField(
        CodelistItem,
        verbose_name=_("kinds of service"),
        blank=True,
        related_name="life_situations_by_kind",
        limit_choices_to={"codelist": Codelist.KIND},
    )
    target_groups = models.ManyToManyField(
        CodelistItem,
        verbose_name=_("target groups"),
        blank=True,
        related_name="life_situations_by_group",
        limit_choices_to={"codelist": Codelist.TARGET_GROUP},
    )
    order = models.IntegerField(_("order"), default=0)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("life situation")
        verbose_name_plural = _("life situations")
        constraints = [
            models.UniqueConstraint(
                fields=["planning_area", "slug"], name="unique_life_situation_slug"
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(planning_area__isnull=True),
                name="unique_default_life_situation_slug",
            ),
        ]

    def __str__(self):
        return self.title
