"""Catalogue booklet: the PDF read back as text (title page, contents with page numbers,
entries with capacity units, indexes in Czech order), the background job and the command."""

import re
import subprocess

import pytest
from django.core.management import call_command

from socplan.core.collation import czech_sort_key
from socplan.core.jobs import Progress
from socplan.documents.booklet import booklet_context, booklet_job, render_booklet
from socplan.documents.pdf import pdf_text, render_html
from socplan.documents.typography import NBSP
from socplan.testing.catalogue import make_catalogue

pytestmark = pytest.mark.django_db


def pdftotext(pdf: bytes) -> str:
    """Text in reading order per page (pdftotext keeps the layout of leader lines)."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode()


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
    html = render_html("documents/booklet.html", context)
    # "a" never ends a line: a non-breaking space binds it to the next word
    assert f"přednášky a{NBSP}výlety" in html
    assert "přednášky a výlety" not in html


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
    monkeypatch.setattr(booklet, "pdf_from_html", lambda html: typeset.append(html) or b"%PDF-")
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
