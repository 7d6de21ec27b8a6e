"""The local open-data catalogue of the installation (LKOD) in DCAT-AP-CZ, as JSON-LD
documents the national catalogue (NKOD, data.gov.cz) harvests: the "DCAT-AP Dokumenty"
interface of the open formal norm "Rozhraní katalogů otevřených dat: DCAT-AP-CZ" (OFN,
version of 2024-05-28, https://ofn.gov.cz/dcat-ap-cz-rozhraní-katalogů-otevřených-dat/2024-05-28/).

The catalogue (``typ: Katalog``) lists the IRIs of its datasets; each dataset (``typ: Datová
sada``) is a document at its own IRI. The datasets:

- of every published process: the priorities, measures and activities of its public plans;
  their costs by year and funding source; their indicators with targets and the values of
  approved monitoring; the resolution of comments of its public consultation rounds; its
  public meetings; its output indicators. A dataset is listed when it has something to show.
- of the installation: the catalogue of social services, as CSV (with its CSVW schema) and
  through the HSDS 3.0 API (a data service).

Every IRI starts with ``settings.SITE_URL`` (https for a catalogue NKOD harvests). The
publisher is the public body of the register of public administration (RPP) known by its IČO
(``settings.OPENDATA_PUBLISHER``; ``settings.OPENDATA_PUBLISHERS`` names the body of a process
run by another one): the model of a process keeps no IČO of its body. Texts are in Czech and
English (``{"cs": ..., "en": ...}``), through the translations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from socplan.core import tables
from socplan.core.numbers import is_digits
from socplan.organisation.models import PlanningProcess
from socplan.planning import selectors as plan_selectors
from socplan.planning.models import Plan
from socplan.territory.models import PlanningArea, Region

from . import opendata_tables as odt

CONTEXT = (
    "https://ofn.gov.cz/dcat-ap-cz-rozhraní-katalogů-otevřených-dat/2024-05-28/"
    "kontexty/rozhraní-katalogů-otevřených-dat.jsonld"
)
SPECIFICATION = "https://ofn.gov.cz/dcat-ap-cz-rozhraní-katalogů-otevřených-dat/2024-05-28/"
RPP_BODY = "https://rpp-opendata.egon.gov.cz/odrpp/zdroj/orgán-veřejné-moci/"
THEME = "http://publications.europa.eu/resource/authority/data-theme/"
FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
MEDIA_TYPE = "http://www.iana.org/assignments/media-types/"
RUIAN = "https://linked.cuzk.cz/resource/ruian/"
CZECHIA = RUIAN + "stat/1"
HSDS_SPECIFICATION = "https://docs.openreferral.org/en/latest/hsds/"
NKOD_REGISTRATION = "https://data.gov.cz/formulář/registrace-lokálního-katalogu"

# the four-part terms of use (Specifikace podmínek užití), data.gov.cz/podmínky-užití/
TERMS_BASE = "https://data.gov.cz/podmínky-užití/"
NO_AUTHORED_WORKS = TERMS_BASE + "neobsahuje-autorská-díla/"
NOT_A_DATABASE_WORK = TERMS_BASE + "není-autorskoprávně-chráněnou-databází/"
NO_SUI_GENERIS = TERMS_BASE + "není-chráněna-zvláštním-právem-pořizovatele-databáze/"
NO_PERSONAL_DATA = TERMS_BASE + "neobsahuje-osobní-údaje/"
PERSONAL_DATA = TERMS_BASE + "obsahuje-osobní-údaje/"

CSV_MEDIA_TYPE = "text/csv"
CSVW_MEDIA_TYPE = "application/csvm+json"
JSONLD_MEDIA_TYPE = "application/ld+json"


def both(text) -> dict[str, str]:
    """A text in Czech and English (a multilingual literal of the norm)."""
    result = {}
    for language in ("cs", "en"):
        with translation.override(language):
            result[language] = str(text)
    return result


def terms(*, personal_data: bool) -> dict:
    """The terms of use of a distribution: the plans, tables and registers of public bodies
    are neither authored works nor databases protected as works or by the maker's right;
    whether personal data are in it (named commenters, providers who are persons)."""
    return {
        "typ": "Specifikace podmínek užití",
        "autorské_dílo": NO_AUTHORED_WORKS,
        "databáze_jako_autorské_dílo": NOT_A_DATABASE_WORK,
        "databáze_chráněná_zvláštními_právy": NO_SUI_GENERIS,
        "osobní_údaje": PERSONAL_DATA if personal_data else NO_PERSONAL_DATA,
    }


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def absolute(path: str) -> str:
    return site_url() + path


def _ico(value) -> str:
    """An IČO as the register writes it (8 digits, leading zeros kept), "" when it is none."""
    digits = "".join(str(value or "").split())
    return digits.zfill(8) if is_digits(digits) and len(digits) <= 8 else ""


def publisher_ico(process: PlanningProcess | None = None) -> str:
    if process is not None:
        for slug, ico in getattr(settings, "OPENDATA_PUBLISHERS", {}).items():
            if slug.strip() == process.slug and _ico(ico):
                return _ico(ico)
    return _ico(getattr(settings, "OPENDATA_PUBLISHER", ""))


def publisher_iri(process: PlanningProcess | None = None) -> str:
    """The publisher: the public body's IRI in the register of public administration ("" when
    no IČO is configured)."""
    ico = publisher_ico(process)
    return RPP_BODY + ico if ico else ""


def ruian_elements(area: PlanningArea) -> list[str]:
    """The RÚIAN elements of a planning area: the region (VÚSC) of a region's area, else its
    municipalities (the ČSÚ code of a municipality is its RÚIAN code); Czechia when empty."""
    municipalities = list(
        area.municipalities.select_related("district__region", "orp__region").order_by("code")
    )
    if area.kind == PlanningArea.Kind.REGION:
        regions = {
            (m.district.region if m.district_id and m.district.region_id else None)
            or (m.orp.region if m.orp_id and m.orp.region_id else None)
            for m in municipalities
        }
        codes = sorted(r.ruian_code for r in regions if isinstance(r, Region) and r.ruian_code)
        if codes:
            return [f"{RUIAN}vusc/{code}" for code in codes]
    return [f"{RUIAN}obec/{m.code}" for m in municipalities] or [CZECHIA]


# --- the kinds of datasets of a process -----------------------------------------------------


@dataclass
class ProcessData:
    """What of a process is public, read once for the catalogue and its datasets."""

    process: PlanningProcess
    plans: list[Plan] = field(default_factory=list)
    has_rounds: bool = False
    has_meetings: bool = False
    has_output_years: bool = False

    @classmethod
    def of(cls, process: PlanningProcess) -> ProcessData:
        return cls(
            process=process,
            plans=plan_selectors.plans_of_process(process=process, internal=False),
            has_rounds=bool(odt.public_rounds(process)),
            has_meetings=bool(odt.public_meetings(process)),
            has_output_years=bool(odt.output_years(process)),
        )

    @property
    def has_medium_term_plan(self) -> bool:
        return any(p.kind == Plan.Kind.MEDIUM_TERM for p in self.plans)


@dataclass(frozen=True)
class Kind:
    """A kind of dataset of a process: its address (``key``), texts, EU themes and update
    frequency, whether it holds personal data, its table and when it has something."""

    key: str
    title: object
    description: object
    keywords: tuple
    themes: tuple[str, ...]
    frequency: str
    personal_data: bool
    table: Callable[[PlanningProcess, str], tables.Table]
    present: Callable[[ProcessData], bool]


KINDS = (
    Kind(
        key="plan",
        title=_("Priorities, measures and activities of the plan of social services"),
        description=_(
            "The medium-term plans of development of social services of the planning process "
            "as published: priorities, measures and activities with their codes, "
            "descriptions, target groups, municipalities, responsible bodies and years."
        ),
        keywords=(
            _("social services"),
            _("community planning"),
            _("medium-term plan"),
            _("measures"),
        ),
        themes=("SOCI", "GOVE"),
        frequency="IRREG",
        personal_data=False,
        table=lambda process, base_url: odt.plan_parts_table(process),
        present=lambda data: data.has_medium_term_plan,
    ),
    Kind(
        key="naklady",
        title=_("Costs of the plan of social services"),
        description=_(
            "The estimated costs of the measures and activities of the published plans "
            "(medium-term and action plans) by year and funding source, in CZK."
        ),
        keywords=(_("social services"), _("community planning"), _("costs"), _("funding")),
        themes=("SOCI", "ECON", "GOVE"),
        frequency="IRREG",
        personal_data=False,
        table=lambda process, base_url: odt.plan_costs_table(process),
        present=lambda data: bool(data.plans),
    ),
    Kind(
        key="indikatory",
        title=_("Indicators of the plan of social services and their values"),
        description=_(
            "The indicators of the measures of the published medium-term plans with their "
            "baseline, the target value of each year and the actual value from the approved "
            "yearly monitoring."
        ),
        keywords=(_("social services"), _("indicators"), _("monitoring"), _("community planning")),
        themes=("SOCI", "GOVE"),
        frequency="ANNUAL",
        personal_data=False,
        table=lambda process, base_url: odt.plan_indicators_table(process),
        present=lambda data: data.has_medium_term_plan,
    ),
    Kind(
        key="pripominky",
        title=_("Resolution of comments on the plan of social services"),
        description=_(
            "The public comments on the drafts of the plan from the public consultation and "
            "how each was settled, with the reasoning. Commenters are named only when they "
            "agreed to it."
        ),
        keywords=(
            _("public consultation"),
            _("comments"),
            _("social services"),
            _("community planning"),
        ),
        themes=("GOVE", "SOCI"),
        frequency="IRREG",
        personal_data=True,
        table=lambda process, base_url: odt.resolutions_table(process),
        present=lambda data: data.has_rounds,
    ),
    Kind(
        key="jednani",
        title=_("Meetings of the community planning of social services"),
        description=_(
            "The public meetings of the planning process and the meetings of its public "
            "groups: date, kind, state, place, groups and agenda."
        ),
        keywords=(
            _("meetings"),
            _("working groups"),
            _("community planning"),
            _("social services"),
        ),
        themes=("GOVE", "SOCI"),
        frequency="IRREG",
        personal_data=False,
        table=lambda process, base_url: odt.meetings_table(process, base_url=base_url),
        present=lambda data: data.has_meetings,
    ),
    Kind(
        key="vystupove-ukazatele",
        title=_("Output indicators of the community planning of social services"),
        description=_(
            "The output indicators of the planning process for each calendar year: meetings "
            "held by kind, attendance, participants, trainings, public events and "
            "information materials (counts)."
        ),
        keywords=(
            _("output indicators"),
            _("community planning"),
            _("social services"),
            _("meetings"),
        ),
        themes=("GOVE", "SOCI"),
        frequency="IRREG",
        personal_data=False,
        table=lambda process, base_url: odt.output_indicators_table(process),
        present=lambda data: data.has_output_years,
    ),
)
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}

SERVICES_KEY = "katalog-sluzeb"
SERVICES_TITLE = _("Catalogue of social services")
SERVICES_DESCRIPTION = _(
    "The social services and related services of the catalogue of the installation: the "
    "services of the national register of providers (MPSV) and local services, with the "
    "provider, kind, forms and registered capacity, target groups, addresses, the "
    "municipalities served and contacts. Also through the HSDS 3.0 API (Open Referral)."
)
SERVICES_KEYWORDS = (
    _("social services"),
    _("providers of social services"),
    _("catalogue of services"),
    _("register of providers"),
)


def kinds_of(data: ProcessData) -> list[Kind]:
    """The datasets a published process has (none for any other)."""
    if not data.process.is_published:
        return []
    return [kind for kind in KINDS if kind.present(data)]


# --- addresses -------------------------------------------------------------------------------


def catalogue_iri() -> str:
    return absolute(reverse("api:opendata_catalogue"))


def dataset_iri(process: PlanningProcess, kind: Kind) -> str:
    return absolute(
        reverse("api:opendata_dataset", kwargs={"slug": process.slug, "table": kind.key})
    )


def csv_url(process: PlanningProcess, kind: Kind) -> str:
    return absolute(reverse("api:opendata_csv", kwargs={"slug": process.slug, "table": kind.key}))


def csvw_url(process: PlanningProcess, kind: Kind) -> str:
    return absolute(reverse("api:opendata_csvw", kwargs={"slug": process.slug, "table": kind.key}))


def services_iri() -> str:
    return absolute(reverse("api:opendata_services_dataset"))


# --- the documents ---------------------------------------------------------------------------


def _title(kind_title, process: PlanningProcess) -> dict[str, str]:
    return {language: f"{text} – {process.name}" for language, text in both(kind_title).items()}


def _description(kind_description, process: PlanningProcess) -> dict[str, str]:
    result = {}
    area = process.planning_area
    for language in ("cs", "en"):
        with translation.override(language):
            result[language] = str(
                _("%(description)s Planning process: %(process)s (%(area)s), %(period)s.")
                % {
                    "description": kind_description,
                    "process": process.name,
                    "area": area.name,
                    "period": process.period_label,
                }
            )
    return result


def _keywords(keywords) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {"cs": [], "en": []}
    for keyword in keywords:
        for language, text in both(keyword).items():
            result[language].append(text)
    return result


def _contact(process: PlanningProcess) -> dict | None:
    if not process.contact_email:
        return None
    return {
        "typ": "Organizace",
        "jméno": {"cs": process.realizer or process.name},
        "e-mail": f"mailto:{process.contact_email}",
    }


def _csv_distribution(*, iri: str, csv: str, schema: str, personal_data: bool) -> dict:
    return {
        "typ": "Distribuce",
        "iri": f"{iri}#distribuce-csv",
        "název": both(_("Table in CSV")),
        "podmínky_užití": terms(personal_data=personal_data),
        "přístupové_url": csv,
        "soubor_ke_stažení": csv,
        "typ_média": MEDIA_TYPE + CSV_MEDIA_TYPE,
        "formát": FILE_TYPE + "CSV",
        "schéma": schema,
    }


def _with_publisher(document: dict, publisher: str) -> dict:
    if publisher:
        document["poskytovatel"] = publisher
    return document


def dataset_document(process: PlanningProcess, kind: Kind) -> dict:
    """The DCAT-AP-CZ record of one dataset of a process."""
    iri = dataset_iri(process, kind)
    document = {
        "@context": CONTEXT,
        "iri": iri,
        "typ": "Datová sada",
        "název": _title(kind.title, process),
        "popis": _description(kind.description, process),
    }
    _with_publisher(document, publisher_iri(process))
    document.update(
        {
            "téma": [THEME + theme for theme in kind.themes],
            "periodicita_aktualizace": FREQUENCY + kind.frequency,
            "klíčové_slovo": _keywords(kind.keywords),
            "prvek_rúian": ruian_elements(process.planning_area),
            "časové_pokrytí": {
                "typ": "Časový interval",
                "začátek": f"{process.period_start}-01-01",
                "konec": f"{process.period_end}-12-31",
            },
            "dokumentace": absolute(process.get_absolute_url()),
            "distribuce": [
                _csv_distribution(
                    iri=iri,
                    csv=csv_url(process, kind),
                    schema=csvw_url(process, kind),
                    personal_data=kind.personal_data,
                )
            ],
        }
    )
    contact = _contact(process)
    if contact:
        document["kontaktní_bod"] = contact
    return document


def services_document() -> dict:
    """The DCAT-AP-CZ record of the catalogue of services: CSV (with its CSVW schema) and the
    HSDS API as a data service."""
    iri = services_iri()
    hsds = absolute(reverse("api:hsds_root"))
    document = {
        "@context": CONTEXT,
        "iri": iri,
        "typ": "Datová sada",
        "název": both(SERVICES_TITLE),
        "popis": both(SERVICES_DESCRIPTION),
    }
    _with_publisher(document, publisher_iri())
    document.update(
        {
            "téma": [THEME + "SOCI", THEME + "HEAL"],
            "periodicita_aktualizace": FREQUENCY + "IRREG",
            "klíčové_slovo": _keywords(SERVICES_KEYWORDS),
            "prvek_rúian": [CZECHIA],
            "dokumentace": absolute(reverse("api:hsds_docs")),
            "distribuce": [
                _csv_distribution(
                    iri=iri,
                    csv=absolute(reverse("api:opendata_services_csv")),
                    schema=absolute(reverse("api:opendata_services_csvw")),
                    personal_data=True,
                ),
                {
                    "typ": "Distribuce",
                    "iri": f"{iri}#distribuce-hsds",
                    "název": both(_("HSDS 3.0 API (Open Referral)")),
                    "podmínky_užití": terms(personal_data=True),
                    "přístupové_url": hsds,
                    "přístupová_služba": {
                        "typ": "Datová služba",
                        "iri": f"{iri}#sluzba-hsds",
                        "název": both(_("HSDS 3.0 API of the catalogue of social services")),
                        "přístupový_bod": hsds,
                        "popis_přístupového_bodu": absolute(reverse("api:hsds_openapi")),
                        "specifikace": [HSDS_SPECIFICATION],
                    },
                },
            ],
        }
    )
    return document


def published_data() -> list[ProcessData]:
    processes = PlanningProcess.objects.filter(is_published=True).select_related("planning_area")
    return [ProcessData.of(process) for process in processes.order_by("slug")]


def catalogue_document(data: list[ProcessData] | None = None) -> dict:
    """The catalogue: every dataset of every published process, and the catalogue of
    services."""
    data = published_data() if data is None else data
    datasets = [services_iri()]
    for process_data in data:
        datasets += [dataset_iri(process_data.process, kind) for kind in kinds_of(process_data)]
    name = (getattr(settings, "SITE_NAME", "") or "").strip() or "socplan"
    document = {
        "@context": CONTEXT,
        "iri": catalogue_iri(),
        "typ": "Katalog",
        "název": {
            language: f"{text} – {name}"
            for language, text in both(_("Local catalogue of open data")).items()
        },
        "popis": both(
            _(
                "Open data of community planning of social services: the plans, their costs "
                "and indicators, the resolution of comments, meetings and output indicators of "
                "the published planning processes, and the catalogue of social services."
            )
        ),
    }
    _with_publisher(document, publisher_iri())
    document["domovská_stránka"] = absolute(reverse("api:opendata_index"))
    document["datová_sada"] = datasets
    return document


# --- the tables of the distributions ------------------------------------------------------------


def dataset_table(process: PlanningProcess, kind: Kind) -> tables.Table:
    return kind.table(process, site_url())


def csvw_document(process: PlanningProcess, kind: Kind) -> dict:
    return odt.csvw_metadata(
        dataset_table(process, kind),
        csv_url=csv_url(process, kind),
        title=_title(kind.title, process),
        publisher=publisher_iri(process),
    )


def services_table() -> tables.Table:
    return odt.services_table(base_url=site_url())


def services_csvw_document() -> dict:
    return odt.csvw_metadata(
        services_table(),
        csv_url=absolute(reverse("api:opendata_services_csv")),
        title=both(SERVICES_TITLE),
        publisher=publisher_iri(),
    )
