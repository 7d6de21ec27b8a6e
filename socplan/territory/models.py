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


# --------------------------------------------------------------------------- national statistics
#
# Facts of the whole country read from official files (ČSÚ, MMR, RÚIAN): population by age
# band and sex, the index of social exclusion, simplified boundaries. Each keeps its
# reference date and source, shown next to every figure computed from it.

# 5-year age bands of ČSÚ's "Věkové složení obyvatelstva obcí": (field, first age, last age)
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = tuple(
    (f"age_{low}_{low + 4}", low, low + 4) for low in range(0, 85, 5)
) + (("age_85_plus", 85, None),)
AGE_BAND_FIELDS: tuple[str, ...] = tuple(name for name, _low, _high in AGE_BANDS)


def age_band_label(low: int, high: int | None) -> str:
    return f"{low}–{high}" if high is not None else f"{low}+"


class AgeStructure(models.Model):
    """Population of a municipality of one sex by 5-year age band at a reference date
    (ČSÚ, e.g. 31 Dec 2020). Two rows per municipality and date: men and women."""

    class Sex(models.TextChoices):
        MALE = "m", _("men")
        FEMALE = "f", _("women")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="age_structure",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    reference_date = models.DateField(_("reference date"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    total = models.PositiveIntegerField(_("total"))
    age_0_4 = models.PositiveIntegerField("0–4", default=0)
    age_5_9 = models.PositiveIntegerField("5–9", default=0)
    age_10_14 = models.PositiveIntegerField("10–14", default=0)
    age_15_19 = models.PositiveIntegerField("15–19", default=0)
    age_20_24 = models.PositiveIntegerField("20–24", default=0)
    age_25_29 = models.PositiveIntegerField("25–29", default=0)
    age_30_34 = models.PositiveIntegerField("30–34", default=0)
    age_35_39 = models.PositiveIntegerField("35–39", default=0)
    age_40_44 = models.PositiveIntegerField("40–44", default=0)
    age_45_49 = models.PositiveIntegerField("45–49", default=0)
    age_50_54 = models.PositiveIntegerField("50–54", default=0)
    age_55_59 = models.PositiveIntegerField("55–59", default=0)
    age_60_64 = models.PositiveIntegerField("60–64", default=0)
    age_65_69 = models.PositiveIntegerField("65–69", default=0)
    age_70_74 = models.PositiveIntegerField("70–74", default=0)
    age_75_79 = models.PositiveIntegerField("75–79", default=0)
    age_80_84 = models.PositiveIntegerField("80–84", default=0)
    age_85_plus = models.PositiveIntegerField("85+", default=0)

    class Meta:
        ordering = ["municipality", "-year", "sex"]
        verbose_name = _("population by age and sex")
        verbose_name_plural = _("population by age and sex")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "sex"], name="unique_age_structure"
            )
        ]

    def __str__(self):
        return f"{self.municipality} {self.year} {self.sex}: {self.total}"

    @property
    def bands(self) -> list[int]:
        return [getattr(self, name) for name in AGE_BAND_FIELDS]


class SocialExclusion(models.Model):
    """Index of social exclusion of a municipality (MMR, Lang–Matoušek method): 0–30
    points from debt enforcement, housing and subsistence benefits, long-term job seekers
    and early school leavers, with the counts and shares behind it."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="social_exclusion",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    reference_date = models.DateField(_("reference date"))
    population_15_plus = models.PositiveIntegerField(_("population 15+"), null=True, blank=True)
    population_15_64 = models.PositiveIntegerField(_("population 15–64"), null=True, blank=True)
    debt_enforcement = models.PositiveIntegerField(_("persons in debt enforcement"), null=True)
    debt_enforcement_share = models.FloatField(_("share in debt enforcement (%)"), null=True)
    housing_allowance = models.FloatField(_("housing allowance recipients"), null=True)
    housing_allowance_share = models.FloatField(_("share of housing allowance (%)"), null=True)
    subsistence_allowance = models.FloatField(_("subsistence allowance recipients"), null=True)
    subsistence_allowance_share = models.FloatField(
        _("share of subsistence allowance (%)"), null=True
    )
    long_term_jobseekers = models.PositiveIntegerField(_("job seekers over 6 months"), null=True)
    long_term_jobseekers_share = models.FloatField(
        _("share of long-term job seekers (%)"), null=True
    )
    early_school_leavers = models.PositiveIntegerField(
        _("early school leavers"), null=True, blank=True
    )
    early_school_leavers_share = models.FloatField(
        _("share of early school leavers (%)"), null=True, blank=True
    )
    school_note = models.TextField(
        _("note on school data"),
        blank=True,
        help_text=_("The publisher's note where a municipality has no primary school."),
    )
    points = models.PositiveSmallIntegerField(_("index of social exclusion (0–30 points)"))
    category = models.CharField(_("category"), max_length=20)

    class Meta:
        ordering = ["municipality", "-year"]
        verbose_name = _("index of social exclusion")
        verbose_name_plural = _("indexes of social exclusion")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="unique_exclusion_year")
        ]

    def __str__(self):
        return f"{self.municipality} {self.year}: {self.points}"


class Boundary(models.Model):
    """A simplified boundary of a municipality or an ORP for maps: polygons of
    ``[longitude, latitude]`` rings (WGS 84), from RÚIAN (© ČÚZK)."""

    class Level(models.TextChoices):
        MUNICIPALITY = "municipality", _("municipality")
        ORP = "orp", _("ORP")

    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    code = models.CharField(_("code"), max_length=8)
    name = models.CharField(_("name"), max_length=150, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    polygons = models.JSONField(_("polygons"), default=list)
    min_lon = models.FloatField(default=0)
    min_lat = models.FloatField(default=0)
    max_lon = models.FloatField(default=0)
    max_lat = models.FloatField(default=0)

    class Meta:
        ordering = ["level", "code"]
        verbose_name = _("boundary")
        verbose_name_plural = _("boundaries")
        constraints = [models.UniqueConstraint(fields=["level", "code"], name="unique_boundary")]

    def __str__(self):
        return f"{self.level} {self.code}"
