"""The local open-data catalogue (DCAT-AP-CZ): the catalogue and every dataset pass the shapes of
the open formal norm "Rozhraní katalogů otevřených dat: DCAT-AP-CZ" (2024-05-28: the required
fields present and well typed), every distribution answers with its media type, every CSV has
the columns its CSVW schema names with values of their datatypes; nothing of an unpublished
process, a draft plan or a hidden comment is ever published."""

import csv
import datetime
import io
import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from socplan.api import opendata, opendata_tables
from socplan.catalogue import exports as catalogue_exports

pytestmark = pytest.mark.django_db

SITE = "https://socplan.example.cz"
PUBLISHER_ICO = "00248801"
HIDDEN_MARKER = "SKRYTA-PRIPOMINKA-7f3a"
DRAFT_MARKER = "TAJNY-NAVRH-PLANU-91c2"

# --- the shapes of the norm (written from its JSON schemas and examples) ----------------------

HTTPS_IRI = re.compile(r"^https://[^\s]{2,}$")
HTTP_IRI = re.compile(r"^https?://[^\s]{2,}$")
THEME = re.compile(r"^http://publications\.europa\.eu/resource/authority/data-theme/[A-Z_]+$")
FREQUENCY = re.compile(r"^http://publications\.europa\.eu/resource/authority/frequency/[A-Z0-9_]+$")
FILE_TYPE = re.compile(r"^http://publications\.europa\.eu/resource/authority/file-type/[A-Z0-9_]+$")
# an IANA media type (type/subtype, RFC 6838 restricted names) as the IRI of its registration
MEDIA_TYPE = re.compile(
    r"^http://www\.iana\.org/assignments/media-types/"
    r"(application|audio|font|image|message|model|multipart|text|video)/"
    r"[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$"
)
RUIAN = re.compile(r"^https://linked\.cuzk\.cz/resource/ruian/(stat|vusc|okres|orp|obec)/\d+$")
RPP = re.compile(r"^https://rpp-opendata\.egon\.gov\.cz/odrpp/zdroj/orgán-veřejné-moci/\d{8}$")
PERSONAL = {
    "https://data.gov.cz/podmínky-užití/neobsahuje-osobní-údaje/",
    "https://data.gov.cz/podmínky-užití/obsahuje-osobní-údaje/",
}
CONTEXT = (
    "https://ofn.gov.cz/dcat-ap-cz-rozhraní-katalogů-otevřených-dat/2024-05-28/"
    "kontexty/rozhraní-katalogů-otevřených-dat.jsonld"
)


def check_text(value, where):
    """A multilingual text: {"cs": "...", ...}, every value a non-empty string."""
    assert isinstance(value, dict) and value, where
    assert isinstance(value.get("cs"), str) and value["cs"].strip(), f"{where}: no Czech text"
    assert all(isinstance(v, str) and v.strip() for v in value.values()), where


def check_texts(value, where):
    """Several multilingual texts: {"cs": ["...", ...], ...}."""
    assert isinstance(value, dict) and isinstance(value.get("cs"), list) and value["cs"], where
    for texts in value.values():
        assert all(isinstance(t, str) and t.strip() for t in texts), where


def check_type(value, expected, where):
    assert value == expected or (isinstance(value, list) and expected in value), where


def check_terms(value, where):
    assert isinstance(value, dict), where
    check_type(value.get("typ"), "Specifikace podmínek užití", where)
    for part in (
        "autorské_dílo",
        "databáze_jako_autorské_dílo",
        "databáze_chráněná_zvláštními_právy",
    ):
        assert HTTPS_IRI.match(value.get(part) or ""), f"{where}: {part}"
    assert value.get("osobní_údaje") in PERSONAL, f"{where}: osobní_údaje"


def check_distribution(value, where):
    for key in ("typ", "iri", "podmínky_užití", "přístupové_url"):
        assert key in value, f"{where}: no {key}"
    check_type(value["typ"], "Distribuce", where)
    assert HTTP_IRI.match(value["iri"]), where
    check_terms(value["podmínky_užití"], where)
    assert HTTPS_IRI.match(value["přístupové_url"]), where
    if "název" in value:
        check_text(value["název"], where)
    is_file = any(k in value for k in ("soubor_ke_stažení", "formát", "typ_média"))
    is_service = "přístupová_služba" in value
    assert is_file != is_service, f"{where}: a file to download or a data service, one of them"
    if is_file:
        assert HTTPS_IRI.match(value.get("soubor_ke_stažení") or ""), where
        assert FILE_TYPE.match(value.get("formát") or ""), where
        assert MEDIA_TYPE.match(value.get("typ_média") or ""), where
        if "schéma" in value:
            assert HTTP_IRI.match(value["schéma"]), where
    else:
        service = value["přístupová_služba"]
        for key in ("typ", "název", "přístupový_bod", "iri"):
            assert key in service, f"{where}: data service without {key}"
        check_type(service["typ"], "Datová služba", where)
        check_text(service["název"], where)
        assert HTTPS_IRI.match(service["přístupový_bod"]), where
        assert HTTP_IRI.match(service["iri"]), where
        for key in ("popis_přístupového_bodu",):
            if key in service:
                assert HTTPS_IRI.match(service[key]), where


def check_catalogue(doc):
    for key in ("@context", "typ", "iri", "název", "popis", "poskytovatel", "datová_sada"):
        assert key in doc, f"catalogue: no {key}"
    assert doc["@context"] == CONTEXT
    check_type(doc["typ"], "Katalog", "catalogue")
    assert HTTP_IRI.match(doc["iri"])
    check_text(doc["název"], "catalogue název")
    check_text(doc["popis"], "catalogue popis")
    assert RPP.match(doc["poskytovatel"])
    assert HTTPS_IRI.match(doc.get("domovská_stránka", "https://x")), "domovská_stránka"
    assert isinstance(doc["datová_sada"], list) and doc["datová_sada"]
    assert all(HTTPS_IRI.match(iri) for iri in doc["datová_sada"])
    assert len(set(doc["datová_sada"])) == len(doc["datová_sada"])


def check_dataset(doc):
    where = doc.get("iri", "dataset")
    for key in (
        "@context",
        "typ",
        "iri",
        "název",
        "popis",
        "poskytovatel",
        "téma",
        "periodicita_aktualizace",
        "klíčové_slovo",
        "prvek_rúian",
    ):
        assert key in doc, f"{where}: no {key}"
    assert doc["@context"] == CONTEXT
    check_type(doc["typ"], "Datová sada", where)
    assert HTTPS_IRI.match(doc["iri"]), where
    check_text(doc["název"], where)
    check_text(doc["popis"], where)
    assert "en" in doc["název"], where
    assert RPP.match(doc["poskytovatel"]), where
    assert isinstance(doc["téma"], list) and any(THEME.match(t) for t in doc["téma"]), where
    assert all(HTTP_IRI.match(t) for t in doc["téma"]), where
    assert FREQUENCY.match(doc["periodicita_aktualizace"]), where
    check_texts(doc["klíčové_slovo"], where)
    assert isinstance(doc["prvek_rúian"], list) and doc["prvek_rúian"], where
    assert all(RUIAN.match(e) for e in doc["prvek_rúian"]), where
    if "časové_pokrytí" in doc:
        check_type(doc["časové_pokrytí"].get("typ"), "Časový interval", where)
        start = datetime.date.fromisoformat(doc["časové_pokrytí"]["začátek"])
        end = datetime.date.fromisoformat(doc["časové_pokrytí"]["konec"])
        assert start <= end, where
    if "kontaktní_bod" in doc:
        assert doc["kontaktní_bod"]["e-mail"].startswith("mailto:"), where
    if "dokumentace" in doc:
        assert HTTP_IRI.match(doc["dokumentace"]), where
    assert isinstance(doc["distribuce"], list) and doc["distribuce"], where
    for distribution in doc["distribuce"]:
        check_distribution(distribution, where)


# --- CSV on the Web -----------------------------------------------------------------------------


def _conforms(value: str, datatype: str) -> bool:
    if value == "":
        return True  # the default null of CSVW
    try:
        if datatype == "integer":
            int(value)
        elif datatype == "decimal":
            Decimal(value)
            return re.fullmatch(r"-?\d+(\.\d+)?", value) is not None
        elif datatype == "date":
            datetime.date.fromisoformat(value)
        elif datatype == "dateTime":
            datetime.datetime.fromisoformat(value)
        elif datatype == "anyURI":
            return HTTP_IRI.match(value) is not None
    except ValueError:
        return False
    return True


def read_csv(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8")
    assert not text.startswith("\ufeff")  # RFC 4180 as data.gov.cz asks: no byte-order mark
    return list(csv.reader(io.StringIO(text), delimiter=","))


def check_csv_against_csvw(content: bytes, metadata: dict, where: str) -> list[list[str]]:
    assert metadata["@context"][0] == "http://www.w3.org/ns/csvw", where
    assert metadata["dialect"]["delimiter"] == ",", where
    columns = metadata["tableSchema"]["columns"]
    names = [c["name"] for c in columns]
    assert len(set(names)) == len(names), where
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", n) for n in names), where
    for column in columns:
        check_text(column["titles"], where)
        assert column["datatype"] in {"string", "integer", "decimal", "date", "dateTime", "anyURI"}
    rows = read_csv(content)
    assert rows, f"{where}: no header"
    assert rows[0] == [c["titles"]["cs"] for c in columns], where
    for row in rows[1:]:
        assert len(row) == len(columns), where
        for value, column in zip(row, columns, strict=True):
            assert _conforms(value, column["datatype"]), (
                f"{where}: {column['name']}={value!r} is no {column['datatype']}"
            )
    return rows


# --- the data ---------------------------------------------------------------------------------


@pytest.fixture
def world(shared_demo, settings):
    """The demo (published processes with plans, consultations, meetings), a hidden comment
    and a draft plan in a published process, and the second tenant's unpublished process."""
    from socplan.consultation.models import Comment
    from socplan.organisation.models import PlanningProcess
    from socplan.planning.models import Plan, Priority
    from socplan.testing.tenants import make_second_tenant

    settings.SITE_URL = SITE
    settings.OPENDATA_PUBLISHER = PUBLISHER_ICO
    settings.OPENDATA_PUBLISHERS = {}
    published = list(PlanningProcess.objects.filter(is_published=True))
    assert published
    shown = None
    for process in published:
        for round_ in opendata_tables.public_rounds(process):
            comments = list(
                Comment.objects.filter(round=round_, confirmed_at__isnull=False, is_hidden=False)
            )
            if len(comments) >= 2:
                hidden, shown = comments[0], comments[1]
                Comment.objects.filter(pk=hidden.pk).update(
                    is_hidden=True, text=HIDDEN_MARKER, quote=HIDDEN_MARKER
                )
                break
        if shown:
            break
    assert shown is not None, "the demo has a public round with two comments"
    process = published[0]
    draft = Plan.objects.create(
        process=process,
        kind=Plan.Kind.MEDIUM_TERM,
        title=DRAFT_MARKER,
        year_start=process.period_start,
        year_end=process.period_end,
        status=Plan.Status.DRAFT,
    )
    Priority.objects.create(plan=draft, title=DRAFT_MARKER)
    tenant = make_second_tenant()
    return {"tenant": tenant, "shown_comment": shown, "published": published}


def _get(client, url: str):
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == SITE, url
    return client.get(parts.path)


def _json(response) -> dict:
    import json

    return json.loads(response.content.decode("utf-8"))


def walk(client):
    """The catalogue, every dataset and every distribution: (url, response) pairs."""
    catalogue = client.get(reverse("api:opendata_catalogue"))
    seen = [(opendata.catalogue_iri(), catalogue)]
    for iri in _json(catalogue)["datová_sada"]:
        dataset = _get(client, iri)
        seen.append((iri, dataset))
        for distribution in _json(dataset)["distribuce"]:
            seen.append(
                (distribution["přístupové_url"], _get(client, distribution["přístupové_url"]))
            )
            if "schéma" in distribution:
                seen.append((distribution["schéma"], _get(client, distribution["schéma"])))
    return seen


# --- the tests -------------------------------------------------------------------------------


def test_it_passes_the_shapes_of_the_catalogue_and_every_dataset(world, client):
    response = client.get(reverse("api:opendata_catalogue"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    catalogue = _json(response)
    check_catalogue(catalogue)
    assert catalogue["iri"] == SITE + reverse("api:opendata_catalogue")
    assert catalogue["poskytovatel"].endswith("/" + PUBLISHER_ICO)
    # every published process with a plan has its datasets
    slugs = {urlsplit(iri).path.split("/")[-2] for iri in catalogue["datová_sada"]}
    assert {p.slug for p in world["published"]} <= slugs | {"otevrena-data"}
    kinds = {urlsplit(iri).path.rsplit("/", 1)[-1] for iri in catalogue["datová_sada"]}
    assert {"plan.jsonld", "naklady.jsonld", "indikatory.jsonld", "pripominky.jsonld"} <= kinds
    assert "katalog-sluzeb.jsonld" in kinds
    for iri in catalogue["datová_sada"]:
        response = _get(client, iri)
        assert response.status_code == 200, iri
        assert response["Content-Type"].startswith("application/ld+json"), iri
        document = _json(response)
        assert document["iri"] == iri  # the record lives at its IRI
        check_dataset(document)


def test_it_serves_every_distribution_with_its_media_type(world, client):
    catalogue = _json(client.get(reverse("api:opendata_catalogue")))
    checked = 0
    for iri in catalogue["datová_sada"]:
        for distribution in _json(_get(client, iri))["distribuce"]:
            response = _get(client, distribution["přístupové_url"])
            assert response.status_code == 200, distribution["přístupové_url"]
            if "typ_média" in distribution:
                media_type = distribution["typ_média"].split("/media-types/", 1)[1]
                assert response["Content-Type"].split(";")[0] == media_type
                assert distribution["soubor_ke_stažení"] == distribution["přístupové_url"]
            else:  # the HSDS API
                assert response["Content-Type"].startswith("application/json")
                endpoint = distribution["přístupová_služba"]["popis_přístupového_bodu"]
                assert _get(client, endpoint).status_code == 200
            checked += 1
    assert checked >= 5


def test_it_describes_every_csv_with_its_csvw_schema(world, client):
    catalogue = _json(client.get(reverse("api:opendata_catalogue")))
    tables_with_rows = 0
    for iri in catalogue["datová_sada"]:
        for distribution in _json(_get(client, iri))["distribuce"]:
            if distribution.get("formát", "").endswith("/CSV"):
                schema = _get(client, distribution["schéma"])
                assert schema.status_code == 200
                assert schema["Content-Type"].startswith("application/csvm+json")
                metadata = _json(schema)
                assert metadata["url"] == distribution["soubor_ke_stažení"]
                content = _get(client, distribution["soubor_ke_stažení"]).content
                rows = check_csv_against_csvw(content, metadata, iri)
                tables_with_rows += len(rows) > 1
    assert tables_with_rows >= 5


def test_it_never_publishes_an_unpublished_process(world, client):
    tenant = world["tenant"]
    everything = walk(client)
    for url, response in everything:
        assert response.status_code == 200, url
        body = response.content.decode("utf-8")
        assert tenant.process.slug not in body, url
        assert tenant.process.name not in body, url
        assert tenant.plan.title not in body, url
    for kind in opendata.KINDS:
        kwargs = {"slug": tenant.process.slug, "table": kind.key}
        for name in ("api:opendata_dataset", "api:opendata_csv", "api:opendata_csvw"):
            assert client.get(reverse(name, kwargs=kwargs)).status_code == 404


def test_it_never_publishes_a_hidden_comment_or_a_draft_plan(world, client):
    bodies = [response.content.decode("utf-8") for _url, response in walk(client)]
    assert all(HIDDEN_MARKER not in body for body in bodies)
    assert all(DRAFT_MARKER not in body for body in bodies)
    # the other comments of that round are there
    shown = world["shown_comment"]
    assert any(shown.text in body for body in bodies)


def test_it_names_a_commenter_only_as_agreed(world, client):
    from socplan.consultation.models import Comment

    shown = world["shown_comment"]
    Comment.objects.filter(pk=shown.pk).update(
        author_name="Utajená Připomínkující", organisation="Spolek U Utajených", publish_name=False
    )
    bodies = [response.content.decode("utf-8") for _url, response in walk(client)]
    assert any(shown.text in body for body in bodies)  # the comment is there, unnamed
    assert all("Utajená Připomínkující" not in body for body in bodies)
    assert all("Spolek U Utajených" not in body for body in bodies)
    Comment.objects.filter(pk=shown.pk).update(publish_name=True)
    bodies = [response.content.decode("utf-8") for _url, response in walk(client)]
    assert any("Utajená Připomínkující, Spolek U Utajených" in body for body in bodies)


def test_it_writes_the_records_in_czech_and_english(world, client):
    catalogue = _json(client.get(reverse("api:opendata_catalogue")))
    assert catalogue["název"]["cs"].startswith("Lokální katalog otevřených dat")
    for iri in catalogue["datová_sada"]:
        document = _json(_get(client, iri))
        assert document["název"]["cs"] != document["název"]["en"], iri
        assert document["popis"]["cs"] != document["popis"]["en"], iri
        assert document["klíčové_slovo"]["cs"] != document["klíčové_slovo"]["en"], iri
    kind = opendata.KINDS_BY_KEY["naklady"]
    process = world["published"][0]
    metadata = _json(
        client.get(reverse("api:opendata_csvw", kwargs={"slug": process.slug, "table": kind.key}))
    )
    titles = {c["name"]: c["titles"] for c in metadata["tableSchema"]["columns"]}
    assert titles["amount"] == {"cs": "Částka (Kč)", "en": "Amount (CZK)"}


def test_it_shows_the_approved_version_of_a_plan_under_amendment(world, client):
    from socplan.planning.models import Plan

    plan = Plan.objects.filter(
        process__is_published=True,
        kind=Plan.Kind.MEDIUM_TERM,
        status__in=Plan.FROZEN_STATUSES,
    ).first()
    assert plan is not None
    old_title = plan.priorities.order_by("order").first().title
    # an amendment is drafted: the live plan is a draft of a higher version
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.DRAFT, version=plan.version + 1)
    plan.priorities.update(title="ZMENA-V-NAVRHU-DODATKU")
    kind = opendata.KINDS_BY_KEY["plan"]
    response = client.get(
        reverse("api:opendata_csv", kwargs={"slug": plan.process.slug, "table": kind.key})
    )
    body = response.content.decode("utf-8")
    assert "ZMENA-V-NAVRHU-DODATKU" not in body
    assert old_title in body


def test_it_keeps_the_values_of_indicators_that_an_amendment_renames(world, client):
    """The approved version's snapshot names its indicators by id: renaming them in a
    drafted amendment neither shows the new names nor loses the monitored values."""
    import csv
    import io

    from socplan.planning.models import Indicator, Plan

    plan = Plan.objects.filter(
        process__is_published=True,
        kind=Plan.Kind.MEDIUM_TERM,
        status__in=Plan.FROZEN_STATUSES,
    ).first()
    url = reverse("api:opendata_csv", kwargs={"slug": plan.process.slug, "table": "indikatory"})

    names = [c.name for c in opendata_tables.INDICATORS_COLUMNS]

    def rows():
        body = client.get(url).content.decode("utf-8")
        return [
            dict(zip(names, row, strict=True)) for row in list(csv.reader(io.StringIO(body)))[1:]
        ]

    before = rows()
    assert any(r["value"] for r in before), "the demo has monitored values"
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.DRAFT, version=plan.version + 1)
    Indicator.objects.filter(measure__priority__plan=plan).update(name="PREJMENOVANO-V-DODATKU")
    after = rows()
    assert "PREJMENOVANO-V-DODATKU" not in str(after)
    assert after == before


def test_it_takes_the_publisher_of_a_process_from_the_settings(world, client, settings):
    process = world["published"][0]
    settings.OPENDATA_PUBLISHERS = {process.slug: " 70890692 ", "jiny-proces": "00253014"}
    kind = opendata.KINDS_BY_KEY["plan"]
    document = _json(
        client.get(
            reverse("api:opendata_dataset", kwargs={"slug": process.slug, "table": kind.key})
        )
    )
    assert document["poskytovatel"].endswith("/70890692")
    catalogue = _json(client.get(reverse("api:opendata_catalogue")))
    assert catalogue["poskytovatel"].endswith("/" + PUBLISHER_ICO)
    settings.OPENDATA_PUBLISHER = "248801"  # leading zeros left out: the IČO has 8 digits
    assert opendata.publisher_iri().endswith("/00248801")
    settings.OPENDATA_PUBLISHER = "nevím"
    assert opendata.publisher_iri() == ""


def test_it_gives_the_territory_as_ruian_municipalities(world):
    process = world["published"][0]
    elements = opendata.ruian_elements(process.planning_area)
    codes = sorted(process.planning_area.municipalities.values_list("code", flat=True))
    assert elements == [f"https://linked.cuzk.cz/resource/ruian/obec/{c}" for c in codes]


def test_it_names_every_column_of_the_catalogue_export():
    assert len(opendata_tables.SERVICE_COLUMN_NAMES) == len(catalogue_exports.columns())


def test_it_lists_the_datasets_on_a_page_linked_from_every_page(world, client):
    response = client.get(reverse("api:opendata_index"))
    assert response.status_code == 200
    html = response.content.decode("utf-8")
    catalogue_path = reverse("api:opendata_catalogue")
    assert f'<link rel="alternate" type="application/ld+json" href="{catalogue_path}"' in html
    assert reverse("api:opendata_index") in client.get(reverse("home:index")).content.decode()
    process = world["published"][0]
    assert reverse("api:opendata_csv", kwargs={"slug": process.slug, "table": "plan"}) in html
    assert world["tenant"].process.name not in html


def test_it_refuses_to_be_written_to(client):
    assert client.post(reverse("api:opendata_catalogue")).status_code == 405


def test_it_counts_the_output_indicators_per_year(world, client):
    process = world["published"][0]
    response = client.get(
        reverse("api:opendata_csv", kwargs={"slug": process.slug, "table": "vystupove-ukazatele"})
    )
    rows = read_csv(response.content)
    years = {row[0] for row in rows[1:]}
    expected = opendata_tables.output_years(process)
    assert years == {str(y) for y in expected}
    assert expected[-1] <= timezone.localdate().year


def test_it_reads_the_catalogue_in_a_few_queries_per_process(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from socplan.testing import make_area, make_process

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("api:opendata_catalogue")).status_code == 200
        return len(queries.captured_queries)

    before = count()
    for i in range(4):
        area = make_area(name=f"Území {i}", slug=f"uzemi-od-{i}")
        make_process(area=area, slug=f"proces-od-{i}")
    after = count()
    assert (after - before) / 4 <= 8, (before, after)
    catalogue = _json(client.get(reverse("api:opendata_catalogue")))
    # a process without plans, rounds or meetings has only its output indicators
    own = [iri for iri in catalogue["datová_sada"] if "/proces-od-0/" in iri]
    assert [urlsplit(iri).path.rsplit("/", 1)[-1] for iri in own] == ["vystupove-ukazatele.jsonld"]


def test_it_gives_the_region_of_a_region_s_area_as_its_vusc():
    from socplan.territory.models import PlanningArea
    from socplan.testing import make_area

    area = make_area(name="Kraj Vysočina", slug="kraj-vysocina-od")
    area.kind = PlanningArea.Kind.REGION
    area.save()
    assert opendata.ruian_elements(area) == ["https://linked.cuzk.cz/resource/ruian/vusc/108"]
    area.municipalities.clear()
    assert opendata.ruian_elements(area) == ["https://linked.cuzk.cz/resource/ruian/stat/1"]
