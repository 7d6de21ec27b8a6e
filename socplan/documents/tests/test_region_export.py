"""The groundwork for the region's own plan (socplan.documents.region): the DOCX and the
XLSX read back hold the overview's figures, in Czech and English, for the region's staff and
site staff only."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import override
from docx import Document
from openpyxl import load_workbook

from socplan.documents import region as documents
from socplan.documents.word import money
from socplan.monitoring import region as region_module
from socplan.monitoring.tests.test_region import ON, world  # noqa: F401  (the fixture)
from socplan.planning.tests.builders_opinions import make_evidence, make_opinion
from socplan.territory.models import Boundary

pytestmark = pytest.mark.django_db


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ")


def docx_text(content: bytes) -> tuple[list[str], list[list[list[str]]]]:
    """The paragraphs and the tables (rows of cells) of a DOCX."""
    document = Document(io.BytesIO(content))
    paragraphs = [_plain(p.text) for p in document.paragraphs]
    tables = [
        [[_plain(cell.text) for cell in row.cells] for row in table.rows]
        for table in document.tables
    ]
    return paragraphs, tables


def headings(content: bytes) -> list[str]:
    document = Document(io.BytesIO(content))
    return [
        _plain(p.text)
        for p in document.paragraphs
        if p.style.name.startswith("Heading") or p.style.name == "Title"
    ]


def _overview(world):  # noqa: F811
    return region_module.region_overview(region=world["region"], on=ON)


def test_it_writes_the_figures_of_the_overview_into_the_docx(world):  # noqa: F811
    overview = _overview(world)
    content = documents.region_docx(overview=overview, language="en")
    paragraphs, tables = docx_text(content)
    text = "\n".join(paragraphs)
    assert "Groundwork for the region's medium-term plan of social services" in text
    assert "Kraj Vysočina" in text
    assert "As of 1 Jun 2026" in paragraphs
    cells = [cell for table in tables for row in table for cell in row]
    # the state of the ORPs' plans
    orp_table = next(t for t in tables if t[0][:2] == ["ORP", "State"])
    states = {row[0]: row[1] for row in orp_table[1:]}
    assert states == {
        "Humpolec": "P approved plan in force",
        "Pelhřimov": "V plan in preparation",
    }
    assert any("SPRSS MAS Zálesí" in c for c in cells)
    assert "ZM 12/2023/5" in "\n".join(cells)
    assert not any("SPRSS Tábor" in c for c in cells)  # the other region's
    # the costs: every plan and the approved ones, with their totals
    cost_tables = [t for t in tables if t[0][0] == "Year" and t[-1][0] == "Total"]
    assert len(cost_tables) == 2
    assert cost_tables[0][-1][-1] == _plain(money(overview.costs_total)) == "365 500"
    assert cost_tables[1][-1][-1] == _plain(money(overview.approved_costs_total)) == "322 000"
    row_2024 = next(r for r in cost_tables[0] if r[0] == "2024")
    assert row_2024[-1] == "150 000"
    # the ratios: Humpolec's 72.7 beds per 1,000 aged 80+ is below the benchmark, said in
    # words beside the mark
    ratio_table = next(t for t in tables if t[0][0] == "ORP" and t[0][1] == "(1)")
    humpolec = next(r for r in ratio_table if r[0] == "Humpolec")
    assert humpolec[1].startswith("72.7 ▼") and humpolec[1].endswith("B")
    assert "B the national benchmark" in text
    assert any(
        p == "Humpolec – Homes for the elderly: beds per 1,000 aged 80+: 72.7 (the benchmark 83)"
        for p in paragraphs
    )
    # white spots: no home with a special regime in Humpolec's 3 municipalities
    spots = next(
        t for t in tables if t[0] == ["ORP", "Municipalities", "Kinds of service with white spots"]
    )
    humpolec_spots = next(r for r in spots if r[0] == "Humpolec")[2]
    assert "domovy se zvláštním režimem: 3" in humpolec_spots
    # measures by kind: the homes for the elderly with the Humpolec plan (2 measures)
    kinds = next(t for t in tables if t[0][:2] == ["Kind of service", "Measures"])
    homes = next(r for r in kinds if r[0] == "domovy pro seniory")
    assert homes[1] == "2" and "SPRSS Humpolec" in homes[3]
    # the monitoring of 2025
    monitoring = next(t for t in tables if t[0][:3] == ["Planning process", "Plan", "Year"])
    assert any(r[2] == "2025" and r[1] == "SPRSS Humpolec" for r in monitoring)
    assert headings(content)[1:] == [
        "The state of the plans in the ORPs",
        "Plans of the region",
        "Coverage of the network of services",
        "The ORPs against the region, Czechia and the benchmarks",
        "White spots",
        "White spots per ORP",
        "Measures across the plans",
        "Measures by kind of service",
        "Measures by target group",
        "Measures by type",
        "Planned costs by year and funding source",
        "Every plan (CZK)",
        "Approved plans only (CZK)",
        "Monitoring of the plans",
        "Opinions of the ORPs on need",
        "How the figures are made",
    ]
    # the running header names the document; the body is in English
    with zipfile.ZipFile(io.BytesIO(content)) as docx:
        xml = docx.read("word/document.xml").decode()
        headers = "".join(
            docx.read(n).decode() for n in docx.namelist() if n.startswith("word/header")
        )
    assert "Kraj Vysočina" in headers
    assert "▼" in xml


def test_it_draws_the_map_when_boundaries_are_loaded(world):  # noqa: F811
    square = [[[15.3, 49.5], [15.4, 49.5], [15.4, 49.6], [15.3, 49.6], [15.3, 49.5]]]
    Boundary.objects.create(level=Boundary.Level.ORP, code="6103", year=2024, polygons=[square])
    overview = _overview(world)
    image = documents.state_map_png(overview)
    assert image is not None and image.startswith(b"\x89PNG")
    content = documents.region_docx(overview=overview, language="en")
    with zipfile.ZipFile(io.BytesIO(content)) as docx:
        media = [n for n in docx.namelist() if n.startswith("word/media/")]
        xml = docx.read("word/document.xml").decode()
    assert media  # the map (and the costs chart)
    assert 'descr="The state of the plans in the ORPs of Kraj Vysočina. Humpolec: approved' in xml


def test_the_xlsx_holds_every_table_and_every_measure(world):  # noqa: F811
    overview = _overview(world)
    book = load_workbook(io.BytesIO(documents.region_xlsx(overview=overview, language="en")))
    assert len(book.sheetnames) == 8  # the page's 6 tables, the measures, the opinions
    sheet = book["Every measure of the plans"]
    rows = list(sheet.iter_rows(values_only=True))
    header_index = next(i for i, r in enumerate(rows) if r[0] == "ORP")
    header = rows[header_index]
    body = [r for r in rows[header_index + 1 :] if r[0] is not None and r[5]]
    body = [r for r in body if not str(r[0]).startswith("Source")]
    assert header[:9] == (
        "ORP",
        "Planning process",
        "Plan",
        "State",
        "Code",
        "Measure",
        "Type of measure",
        "Kinds of service",
        "Target groups",
    )
    years = [int(y) for y in header[9:-1]]
    assert years == overview.cost_years == [2016, 2024, 2025, 2026, 2027]
    assert len(body) == overview.measures_total == 5
    # the costs per measure add up to the overview's
    assert sum(Decimal(str(r[-1])) for r in body) == overview.costs_total
    for n, year in enumerate(years):
        assert sum(Decimal(str(r[9 + n])) for r in body) == overview.cost(year=year)
    first = next(r for r in body if r[2] == "SPRSS Humpolec" and r[5] == "Opatření 0")
    assert first[0] == "6103"
    assert first[3] == "approved plan in force"
    assert first[6] == "keep an existing service"
    assert "13 domovy pro seniory" in first[7]
    assert first[8] == "senioři"
    assert (first[10], first[11]) == (150000, 110000)  # 2024: own 100000 + activity 50000
    mas = next(r for r in body if r[2] == "SPRSS MAS Zálesí")
    assert mas[0] == "6108" and mas[3] == "plan in preparation"
    # the page's tables are there too: the ORPs and their states
    orps = [c for row in book.worksheets[0].iter_rows(values_only=True) for c in row]
    assert "approved plan in force" in orps and "plan in preparation" in orps


def test_it_lists_the_opinions_sent_to_the_region(process, coordinator):
    evidence = make_evidence(process, actor=coordinator)
    sent = make_opinion(process, evidence, actor=coordinator, send=True)
    make_opinion(process, evidence, actor=coordinator, reasons="Tajný koncept.")  # a draft
    region = process.planning_area.municipalities.first().district.region
    overview = region_module.region_overview(region=region, on=datetime.date(2026, 6, 1))
    paragraphs, tables = docx_text(documents.region_docx(overview=overview, language="en"))
    opinions = next(t for t in tables if t[0][0] == "No.")
    assert [r[0] for r in opinions[1:]] == [sent.code]
    assert opinions[1][7] == "needed"
    assert "Plán počítá s rozšířením pečovatelské služby." in opinions[1][8]
    assert "requested 150, recommended 140" in opinions[1][6]
    assert "Tajný koncept." not in "\n".join(c for t in tables for r in t for c in r)
    assert "Opinions in force sent to the region: 1 (needed 1)." in paragraphs
    book = load_workbook(io.BytesIO(documents.region_xlsx(overview=overview, language="en")))
    values = [
        c for row in book["Opinions of the ORPs on need"].iter_rows(values_only=True) for c in row
    ]
    assert sent.code in values and "needed" in values


def test_it_speaks_czech_first(world):  # noqa: F811
    with override("cs"):  # the overview's labels are in the language it was made in
        overview = _overview(world)
    content = documents.region_docx(overview=overview, language="cs")
    paragraphs, tables = docx_text(content)
    assert "Podklady pro střednědobý plán rozvoje sociálních služeb kraje" in paragraphs
    assert headings(content)[1:4] == [
        "Stav plánů v ORP",
        "Plány v kraji",
        "Pokrytí sítí služeb",
    ]
    text = "\n".join(paragraphs)
    assert "S celostátní srovnání" in text  # the letter after ▼, in words
    orp_table = next(t for t in tables if t[0][:2] == ["ORP", "Stav"])
    assert "P schválený plán v platnosti" in [r[1] for r in orp_table]
    cost_tables = [t for t in tables if t[0][0] == "Rok" and t[-1][0] == "Celkem"]
    assert cost_tables[0][-1][-1] == "365 500"
    book = load_workbook(io.BytesIO(documents.region_xlsx(overview=overview, language="cs")))
    assert "Všechna opatření plánů" in book.sheetnames


# --------------------------------------------------------------------------- downloads


def _url(region, format):  # noqa: A002
    return reverse(
        "region_documents:plan_groundwork", kwargs={"region": region.code, "format": format}
    )


def test_the_region_staff_download_both(world, personas, client_for):  # noqa: F811
    for persona in ("region_staff", "staff"):
        client = client_for(personas[persona])
        docx = client.get(_url(world["region"], "docx"))
        assert docx.status_code == 200, persona
        assert docx["Content-Type"].startswith("application/vnd.openxmlformats")
        assert 'filename="podklady-pro-plan-kraj-vysocina.docx"' in docx["Content-Disposition"]
        paragraphs, _tables = docx_text(docx.content)
        assert "Kraj Vysočina" in paragraphs
        xlsx = client.get(_url(world["region"], "xlsx"))
        assert xlsx.status_code == 200
        assert "Every measure of the plans" in load_workbook(io.BytesIO(xlsx.content)).sheetnames
    client = client_for(personas["region_staff"])
    assert client.get(_url(world["region"], "pdf")).status_code == 404
    assert client.get(_url(world["other_region"], "docx")).status_code == 403
    assert client.post(_url(world["region"], "docx")).status_code == 405


def test_others_get_nothing(world, personas, client_for):  # noqa: F811
    url = _url(world["region"], "docx")
    for persona in ("other_region_staff", "nobody", "member", "coordinator", "methodologist"):
        assert client_for(personas[persona]).get(url).status_code == 403, persona
    response = client_for(None).get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert (
        client_for(personas["staff"]).get("/kraje/9999/podklady-pro-plan.docx").status_code == 404
    )


def test_the_region_page_links_both(world, personas, client_for):  # noqa: F811
    page = reverse("region:detail", kwargs={"region": world["region"].code})
    html = client_for(personas["region_staff"]).get(page).content.decode()
    assert _url(world["region"], "docx") in html
    assert _url(world["region"], "xlsx") in html
