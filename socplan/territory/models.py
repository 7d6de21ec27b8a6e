import unicodedata

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from socplan.core.collation import czech
from socplan.core.models import TimeStampedModel


def search_key(text: str) -> str:
    """Lower-cased text without diacritics: "Kejžlice" -> "kejzlice".

    Stored in :attr:`Municipality.search_name` so that diacritics-insensitive search is a
    plain ``icontains`` on every database.
    """
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


class Region(models.Model):
    """Kraj (ČSÚ code list 100)."""

    code = models.CharField(_("ČSÚ code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    nuts_code = models.CharField(_("NUTS 3 code"), max_length=8, unique=True)
    ruian_code = models.CharField(_("RÚIAN code"), max_length=8, blank=True, db_index=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=8, blank=True)

    class Meta:
        ordering = [czech("name")]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class District(models.Model):
    """Okres (ČSÚ code list 101)."""

    code = models.CharField(_("ČSÚ code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=100)
    lau_code = models.CharField(_("LAU 1 code"), max_length=8, blank=True, db_index=True)
    ruian_code = models.CharField(_("RÚIAN code"), max_length=8, blank=True, db_index=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="districts",
        null=True,
        blank=True,
    )

    class Meta:
        ordering = [czech("name")]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self):
        return self.name


class Orp(models.Model):
    """Obec s rozšířenou působností (ČSÚ code list 65)."""

    code = models.CharField(_("ČSÚ code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="orps",
        null=True,
        blank=True,
    )

    class Meta:
        ordering = [czech("name")]
        verbose_name = _("ORP")
        verbose_name_plural = _("ORPs")

    def __str__(self):
        return self.name


class Municipality(models.Model):
    """Obec (ČSÚ code list 43); the code is the one RÚIAN and the MPSV register use."""

    code = models.CharField(_("ČSÚ code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=150, db_index=True)
    short_name = models.CharField(_("short name"), max_length=150, blank=True)
    search_name = models.CharField(
        _("name for searching"), max_length=150, blank=True, db_index=True, editable=False
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="municipalities",
        null=True,
        blank=True,
    )
    orp = models.ForeignKey(
        Orp,
        verbose_name=_("ORP"),
        on_delete=models.PROTECT,
        related_name="municipalities",
        null=True,
        blank=True,
    )
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        ordering = [czech("name"), "code"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = search_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class Population(models.Model):
    """Population of a municipality at a reference date, in total and by age band.

    Bands are optional: the register population has only the total, the 2021 census
    has 0–14, 15–64 and 65+.
    """

    class Source(models.TextChoices):
        CENSUS = "census", _("census")
        REGISTER = "register", _("population register")
        DEMO = "demo", _("demo data")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="population",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    reference_date = models.DateField(_("reference date"), null=True, blank=True)
    total = models.PositiveIntegerField(_("total"))
    age_0_14 = models.PositiveIntegerField(_("0–14 years"), null=True, blank=True)
    age_15_64 = models.PositiveIntegerField(_("15–64 years"), null=True, blank=True)
    age_65_plus = models.PositiveIntegerField(_("65 years and more"), null=True, blank=True)

    class Meta:
        ordering = ["municipality", "-year"]
        verbose_name = _("population")
        verbose_name_plural = _("population")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "source"], name="unique_population_record"
            )
        ]

    def __str__(self):
        return f"{self.municipality} {self.year}: {self.total}"

    @property
    def share_65_plus(self):
        if self.age_65_plus is None or not self.total:
            return None
        return self.age_65_plus / self.total


class RegionRole(models.Model):
    """Region staff: sees every planning process in the region."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="region_roles",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        related_name="staff_roles",
    )

    class Meta:
        verbose_name = _("region staff")
        verbose_name_plural = _("region staff")
        constraints = [
            models.UniqueConstraint(fields=["user", "region"], name="unique_user_region")
        ]

    def __str__(self):
        return f"{self.user} – {self.region}"


class PlanningArea(TimeStampedModel):
    """Území plánování: the set of municipalities a planning process covers."""

    class Kind(models.TextChoices):
        ORP = "orp", _("ORP")
        MAS = "mas", _("MAS (local action group)")
        MICROREGION = "microregion", _("microregion")
        REGION = "region", _("region")
        CUSTOM = "custom", _("custom")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    orp = models.ForeignKey(
        Orp,
        verbose_name=_("ORP"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="planning_areas",
        help_text=_("Set when the area is the territory of one ORP."),
    )
    description = models.TextField(_("description"), blank=True)
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("municipalities"), related_name="planning_areas"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    class Meta:
        ordering = [czech("name")]
        verbose_name = _("planning area")
        verbose_name_plural = _("planning areas")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("territory:area_detail", kwargs={"slug": self.slug})


class SubArea(models.Model):
    """A named part of a planning area, e.g. a territorial working group's microregion."""

    area = models.ForeignKey(
        PlanningArea,
        verbose_name=_("planning area"),
        on_delete=models.CASCADE,
        related_name="sub_areas",
    )
    name = models.CharField(_("name"), max_length=200)
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("municipalities"), related_name="sub_areas"
    )

    class Meta:
        ordering = ["area", czech("name")]
        verbose_name = _("sub-area")
        verbose_name_plural = _("sub-areas")
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="unique_sub_area_name")
        ]

    def __str__(self):
        return self.name
