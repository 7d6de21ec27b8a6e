"""Catalogue booklet (typeset by Typst): the PDF read back as text (title page, contents
with page numbers, entries with capacity units, indexes in Czech order whose page numbers
are those of the entries, in two columns on A4), a tagged PDF/UA-1, the background job and
the command."""

import io
import re
import subprocess

import pytest
from django.core.management import call_command

from socplan.core.collation import czech_sort_key
from socplan.core.jobs import Progress
from socplan.documents.booklet import (
    booklet_context,
    booklet_job,
    printed_booklet,
    render_booklet,
)
from socplan.documents.pdf import pdf_text
from socplan.documents.tests.test_typeset import MARKUP, _structure_types
from socplan.documents.typography import NBSP
from socplan.testing.catalogue import make_catalogue

pytestmark = pytest.mark.django_db


def pdftotext(pdf: bytes) -> str:
    """Text in reading order per page (pdftotext keeps the layout of leader lines), without
    the word joiners Typst puts before the page numbers of the contents."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode().replace("\u2060", "")


def pages(pdf: bytes) -> list[str]:
    return pdftotext(pdf).split("\f")


def page_of(pdf_pages: list[str], text: str, *, start: int = 0) -> int:
    """The 1-based number of the first page from ``start`` that contains ``text``."""
    for index, page in enumerate(pdf_pages[start:], start=start):
        if text in " ".join(page.split()):
            return index + 1
    raise AssertionError(f"{text!r} is on no page")


@pytest.fixture
def catalogue():
    return make_catalogue()


def test_czech_sort_puts_ch_after_h_and_diacritics_second():
    names = [
        "Chotěboř",
        "Humpolec",
        "Čáslav",
        "Cvikov",
        "Ivančice",
        "Žďár",
        "Zlín",
        "Šumperk",
        "Svitavy",
        "Ústí",
        "Uherský Brod",
        "Řevnice",
        "Rokycany",
        "Cena",
        "Céna",
        "Cenb",
    ]
    assert sorted(names, key=czech_sort_key) == [
        "Cena",
        "Céna",
        "Cenb",
        "Cvikov",
        "Čáslav",
        "Humpolec",
        "Chotěboř",
        "Ivančice",
        "Rokycany",
        "Řevnice",
        "Svitavy",
        "Šumperk",
        "Uherský Brod",
        "Ústí",
        "Zlín",
        "Žďár",
    ]
    assert czech_sort_key("Chotěboř") > czech_sort_key("Humpolec")
    assert czech_sort_key("abc") < czech_sort_key("Abc") < czech_sort_key("abd")


def test_the_booklet_has_title_page_contents_entries_and_indexes(catalogue, process):
    pdf = render_booklet(area=process.planning_area, process=process, page_size="A5")
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    pdf_pages = pages(pdf)
    title = " ".join(pdf_pages[0].split())
    assert "Catalogue of social services" in title
    assert "ORP Humpolec" in title
    assert "Projekt je spolufinancován Evropskou unií." in title  # the publicity notice
    # contents: chapters by group and kind, with the page numbers where they start
    toc_page = page_of(pdf_pages, "Contents")
    toc = pdf_pages[toc_page - 1]
    for heading in [
        "Social care services",
        "Pečovatelská služba (§ 40)",
        "Social prevention services",
        "Related services",
        "Index of providers",
        "Index of municipalities",
    ]:
        match = re.search(re.escape(heading) + r"[ .]*?(\d+)\s*$", toc, re.MULTILINE)
        assert match, heading
        assert int(match.group(1)) == page_of(pdf_pages, heading, start=toc_page), heading
    # a service entry with provider, form and capacity with its unit, contacts, address
    entry = " ".join(text.split())
    assert "Pečovatelská služba Humpolec" in entry
    assert "Field: Number of clients: 120" in entry or "Terénní: Number of clients: 120" in entry
    assert "40 beds" in entry
    assert "Školní 675/4, 39601 Humpolec" in entry
    assert "777 123 456 (vedoucí služby)" in entry
    assert "Zeta, o. p. s., IČO 00248266" in entry
    # the ended service is not in the booklet, the secret address is never printed
    assert "Chráněné bydlení Herálec" not in entry
    assert "Tajná" not in entry
    assert "address not published" in entry
    # local services are marked
    assert "not a registered social service" in entry


def test_the_provider_index_is_in_czech_order_with_page_numbers(catalogue, process):
    from socplan.catalogue.models import Provider, Service

    chrudim = Provider.objects.create(ico="00270211", name="Charita Humpolec")
    hospic = Provider.objects.create(ico="00270229", name="Hospic Humpolec")
    Service.objects.create(
        provider=chrudim, portal_id=2001, name="Poradna Charity", kind=catalogue.items["care_kind"]
    )
    Service.objects.create(
        provider=hospic, portal_id=2002, name="Hospicová péče", kind=catalogue.items["care_kind"]
    )
    from socplan.catalogue.models import ServiceRegion

    for service in Service.objects.filter(portal_id__in=[2001, 2002]):
        ServiceRegion.objects.create(
            service=service, region=process.planning_area.municipalities.first().district.region
        )
    # A5: one column (pdftotext -layout would interleave the two columns of A4)
    pdf = render_booklet(area=process.planning_area, process=process, page_size="A5")
    pdf_pages = pages(pdf)
    index_start = page_of(pdf_pages, "Index of providers", start=2)
    index = " ".join(" ".join(pdf_pages[index_start - 1 :]).split())
    index = index.split("Index of municipalities")[0]
    order = [
        "Alfa – sociální služby",
        "Hospic Humpolec",
        "Charita Humpolec",  # "ch" comes after "h"
        "Město Humpolec",
        "Zeta, o. p. s.",
    ]
    positions = [index.index(name) for name in order]
    assert positions == sorted(positions)
    # each service of the index has the number of the page of its entry
    match = re.search(r"Pečovatelská služba Humpolec[ .]*(\d+)", index)
    assert match
    assert int(match.group(1)) == page_of(pdf_pages, "Pečovatelská služba Humpolec", start=2)
    municipalities = " ".join(" ".join(pdf_pages[index_start - 1 :]).split()).partition(
        "Index of municipalities"
    )[2]
    assert municipalities.index("Humpolec") < municipalities.index("Kejžlice")
    assert "Domov pro seniory Kejžlice" in municipalities


def test_by_target_group_a_service_is_printed_once_and_referred_to(catalogue, process):
    context = booklet_context(area=process.planning_area, by="target_group")
    titles = [chapter.title for chapter in context["chapters"]]
    assert titles == ["Osoby s chronickým onemocněním", "Osoby bez přístřeší", "Senioři"]
    seniors = context["chapters"][2].sections[0].entries
    by_name = {entry.service.name: entry.full for entry in seniors}
    # the care service is printed under its first group; seniors refer to it
    assert by_name["Pečovatelská služba Humpolec"] is False
    assert by_name["Domov pro seniory Kejžlice"] is True
    pdf = render_booklet(area=process.planning_area, by="target_group", page_size="A5")
    pdf_pages = pages(pdf)
    text = " ".join(" ".join(pdf_pages).split())
    assert text.count("Zeta, o. p. s., IČO 00248266") == 1
    match = re.search(r"Pečovatelská služba Humpolec \(Zeta, o. p. s.\): see page (\d+)", text)
    assert match
    entry_page = page_of(pdf_pages, "Zeta, o. p. s., IČO 00248266")
    assert int(match.group(1)) == entry_page


def test_czech_typography_binds_one_letter_words(catalogue, process):
    context = booklet_context(area=process.planning_area)
    assert context["service_count"] == 4
    data = printed_booklet(area=process.planning_area).data().decode()
    # "a" never ends a line: a non-breaking space binds it to the next word
    assert f"přednášky a{NBSP}výlety" in data
    assert "přednášky a výlety" not in data


def test_the_job_returns_the_pdf_as_a_file(catalogue, process):
    result = booklet_job(
        Progress.none(),
        area_id=process.planning_area.pk,
        process_id=process.pk,
        by="kind",
        page_size="A4",
    )
    assert result.file_name.startswith("katalog-orp-humpolec-")
    assert result.file_content.startswith(b"%PDF")
    assert "ORP Humpolec" in result.message


def test_the_job_typesets_an_unchanged_booklet_once(
    catalogue, process, settings, tmp_path, monkeypatch
):
    from socplan.catalogue.models import Service
    from socplan.documents import booklet

    settings.DATA_DIR = tmp_path
    typeset = []
    monkeypatch.setattr(
        booklet.typeset,
        "typeset_pdf",
        lambda document: typeset.append(document.data().decode()) or b"%PDF-",
    )
    params = {"area_id": process.planning_area.pk, "process_id": process.pk, "page_size": "A5"}
    booklet_job(Progress.none(), **params)
    result = booklet_job(Progress.none(), **params)
    assert result.file_content == b"%PDF-" and len(typeset) == 1
    # a change of a service printed in it: typeset again
    service = Service.objects.filter(name="Pečovatelská služba Humpolec").get()
    service.opening_hours = "Po–Pá 7–15"
    service.save()
    booklet_job(Progress.none(), **params)
    assert len(typeset) == 2 and "Po–Pá 7–15" in typeset[1]
    assert len(list((tmp_path / "booklets").glob("*.pdf"))) == 1  # the older one removed


def test_the_job_fails_clearly_without_services(process):
    from socplan.core.jobs import JobFailed

    with pytest.raises(JobFailed, match="no active service"):
        booklet_job(Progress.none(), area_id=process.planning_area.pk)


def test_the_command_writes_the_booklet(catalogue, process, tmp_path):
    out = tmp_path / "katalog.pdf"
    call_command(
        "catalogue_booklet",
        process.planning_area.slug,
        "--out",
        str(out),
        "--by",
        "target_group",
        "--size",
        "A4",
    )
    text = pdf_text(out.read_bytes())
    assert "Index of providers" in text
    assert "Projekt je spolufinancován" in text  # the process over the area was found


def test_the_command_refuses_an_unknown_area_or_process(catalogue, process, tmp_path):
    from django.core.management.base import CommandError

    out = tmp_path / "katalog.pdf"
    with pytest.raises(CommandError, match="no planning area"):
        call_command("catalogue_booklet", "nowhere", "--out", str(out))
    with pytest.raises(CommandError, match="no process"):
        call_command(
            "catalogue_booklet", process.planning_area.slug, "--out", str(out), "--process", "x"
        )
    assert not out.exists()


LONG = (
    "Pomáháme lidem zůstat doma co nejdéle: nákupy, hygiena, dovoz obědů, doprovod k lékaři "
    "a na úřady, úklid domácnosti a praní prádla. "
)


@pytest.fixture
def many(catalogue):
    """Thirty more services of thirty providers, each with a facility in Humpolec and a long
    description: the entries take many pages and the indexes more than a column of A4."""
    from socplan.catalogue.models import Facility, Provider, Service

    humpolec = catalogue.facilities["care"].municipality
    names = []
    for number in range(1, 31):
        provider = Provider.objects.create(
            ico=f"{90000000 + number}", name=f"Poskytovatel číslo {number:02d}, z. s."
        )
        service = Service.objects.create(
            provider=provider,
            portal_id=3000 + number,
            name=f"Služba číslo {number:02d}",
            kind=catalogue.items["care_kind"],
            description=LONG * 3,
            opening_hours="Po–Pá 7:00–15:30\nSo 8:00–12:00",
        )
        Facility.objects.create(
            service=service,
            name="Středisko",
            street="Školní",
            house_number=str(number),
            postcode="39601",
            municipality=humpolec,
            municipality_code=humpolec.code,
        )
        names.append(service.name)
    return names


def test_the_page_numbers_of_the_indexes_are_the_pages_of_the_entries(many, process):
    pdf = render_booklet(area=process.planning_area, process=process, page_size="A5")
    pdf_pages = pages(pdf)
    first_chapter = page_of(pdf_pages, "Social care services", start=page_of(pdf_pages, "Contents"))
    providers = page_of(pdf_pages, "Index of providers", start=first_chapter)
    municipalities = page_of(pdf_pages, "Index of municipalities", start=providers)
    entry_pages = {name: page_of(pdf_pages, name, start=first_chapter - 1) for name in many}
    # the entries run over many pages, before the indexes
    assert len(set(entry_pages.values())) >= 8
    assert max(entry_pages.values()) < providers
    for start, end in ((providers, municipalities - 1), (municipalities, len(pdf_pages))):
        index = " ".join(" ".join(pdf_pages[start - 1 : end]).split())
        for name in many:
            found = re.findall(re.escape(name) + r" (\d+)", index)
            assert found == [str(entry_pages[name])], (name, found, start)


def _word_positions(pdf: bytes, page: int, word: str) -> list[float]:
    """The left edges (in points) of the words ``word`` on the page ``page`` (1-based)."""
    result = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    return [
        float(x)
        for x, text in re.findall(
            r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>', result.stdout.decode()
        )
        if text == word
    ]


@pytest.mark.parametrize(("size", "width", "columns"), [("A4", 595, 2), ("A5", 420, 1)])
def test_the_indexes_are_in_two_columns_on_a4_and_one_on_a5(many, process, size, width, columns):
    pdf = render_booklet(area=process.planning_area, process=process, page_size=size)
    pdf_pages = pages(pdf)
    first_chapter = page_of(pdf_pages, "Social care services", start=page_of(pdf_pages, "Contents"))
    index = page_of(pdf_pages, "Index of providers", start=first_chapter)
    # the providers of the index: "Poskytovatel číslo 01, z. s.", … in one column or two
    left = _word_positions(pdf, index, "Poskytovatel")
    assert len(left) >= 10
    in_right_half = [x for x in left if x > width / 2]
    if columns == 2:
        assert in_right_half and len(in_right_half) < len(left)
    else:
        assert not in_right_half


def test_the_booklet_is_a_tagged_pdf_ua_with_its_language_title_and_headings(catalogue, process):
    from pypdf import PdfReader

    pdf = render_booklet(area=process.planning_area, process=process, language="cs")
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]).startswith("cs")
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == "Katalog sociálních služeb"
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "pdfuaid:part" in xmp and ">1<" in xmp.split("pdfuaid:part", 1)[1][:40]
    types = _structure_types(reader)
    # chapters, sections and entries as headings; the indexes as lists; page references
    # as links
    assert {"/H1", "/H2", "/H3", "/L", "/LI", "/Link"} <= set(types), sorted(set(types))
    width = float(reader.pages[1].mediabox.width)
    assert round(width) == 420  # A5

    # the bookmarks list the chapters, their sections and the indexes, not the entries
    def titles(items) -> list[str]:
        found = []
        for item in items:
            found += titles(item) if isinstance(item, list) else [item.title.replace("\xa0", " ")]
        return found

    bookmarks = titles(reader.outline)
    assert "Služby sociální péče" in bookmarks and "Rejstřík poskytovatelů" in bookmarks
    assert "Pečovatelská služba (§ 40)" in bookmarks
    assert "Pečovatelská služba Humpolec" not in bookmarks


def test_a_users_text_in_the_booklet_is_printed_as_written(catalogue, process):
    service = catalogue.services["care"]
    service.description = MARKUP
    service.opening_hours = MARKUP
    service.save()
    pdf = render_booklet(area=process.planning_area, process=process, page_size="A5")
    text = " ".join(pdf_text(pdf).split())
    for part in ("*tučně*", "_kurzíva_", "#set page(width: 1cm)", "$x^2$", "<návěští>", "@odkaz"):
        assert text.count(part) == 2, part
    from pypdf import PdfReader

    assert round(float(PdfReader(io.BytesIO(pdf)).pages[3].mediabox.width)) == 420
