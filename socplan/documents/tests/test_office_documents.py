"""Documents an office issues as they are (issue 15), read back: the DOCX's XML (page, language,
styles, fields, margins), the PDFs' text and images (title page, charts, hyphenation, numbers,
repeated table headers, the costs tables), the minutes' running header and the attendance
sheet."""

import datetime
import io
import re
import subprocess
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from socplan.documents.attendance import attendance_sheet_pdf
from socplan.documents.charts import bar_chart, indicator_chart
from socplan.documents.minutes import minutes_pdf
from socplan.documents.pdf import pdf_text
from socplan.documents.plan import plan_docx, plan_pdf
from socplan.documents.typography import NBSP, czech_nbsp, format_number
from socplan.organisation.models import Meeting, MeetingInvitation
from socplan.organisation.tests.minutes_builders import make_structure, write_minutes
from socplan.organisation.tests.structure_builders import (
    make_person,
    make_seniors_group,
    make_seniors_meeting,
)
from socplan.planning import services
from socplan.planning.models import Indicator, Measure, Plan
from socplan.planning.selectors import plan_finance
from socplan.planning.tests.builders import cost, make_plan

pytestmark = pytest.mark.django_db

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _part(content: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read(name).decode()


def _pages(pdf: bytes, *, layout=True) -> list[str]:
    args = ["pdftotext", *(["-layout"] if layout else []), "-", "-"]
    text = subprocess.run(args, input=pdf, capture_output=True, check=True).stdout.decode()
    return [page for page in text.split("\f") if page.strip()]


# a word hyphenated at the end of a line: Typst writes the hyphen as the soft hyphen U+00AD
HYPHEN_AT_LINE_END = "\u00ad\n"


def _words(pdf: bytes) -> str:
    """The text of a PDF with words hyphenated at line ends joined again and all white space
    as single spaces."""
    return " ".join(re.sub(HYPHEN_AT_LINE_END, "", pdf_text(pdf)).split())


def _png(size=(120, 40), colour=(35, 98, 162)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def logo(process, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # the process's own logo, and its funding logos (issue 15: two fields)
    process.brand_logo.save("mas.png", SimpleUploadedFile("mas.png", _png()), save=False)
    process.brand_logo_alt = "Logo MAS Humpolecko"
    process.logo.save("opz.png", SimpleUploadedFile("opz.png", _png(colour=(200, 0, 0))))
    process.logo_alt = "Logo OP Zaměstnanost plus"
    process.save()
    return process


# --- DOCX ----------------------------------------------------------------------------------


def test_the_docx_is_czech_a4_with_czech_margins_and_language(process):
    content = plan_docx(plan=make_plan(process), language="cs")
    document = _part(content, "word/document.xml")
    # A4 (210 × 297 mm in twentieths of a point), margins of ČSN 01 6910
    assert '<w:pgSz w:w="11906" w:h="16838"/>' in document
    margins = re.search(r"<w:pgMar [^>]*>", document).group(0)
    for side, twips in (("top", 1417), ("bottom", 1417), ("left", 1417), ("right", 1134)):
        assert f'w:{side}="{twips}"' in margins
    styles = _part(content, "word/styles.xml")
    defaults = re.search(r"<w:docDefaults>.*</w:docDefaults>", styles).group(0)
    assert '<w:lang w:val="cs-CZ"' in defaults
    assert "en-US" not in styles  # no style left in English
    assert "en-US" not in _part(content, "word/stylesWithEffects.xml")
    assert '<w:themeFontLang w:val="cs-CZ"' in _part(content, "word/settings.xml")
    assert "<dc:language>cs-CZ</dc:language>" in _part(content, "docProps/core.xml")


def test_the_docx_uses_word_styles_for_headings_and_tables_and_a_toc_field(process):
    from docx import Document

    content = plan_docx(plan=make_plan(process), language="cs")
    document = Document(io.BytesIO(content))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "Heading 3", "TOC Heading"} <= styles
    assert document.tables
    for table in document.tables:
        assert table.style.name == "socplan Table"
        first_row = table.rows[0]._tr
        assert first_row.find(f"{W}trPr/{W}tblHeader") is not None  # repeats on each page
    styles_xml = _part(content, "word/styles.xml")
    table_style = re.search(
        r'<w:style w:type="table"[^>]*w:styleId="socplanTable".*?</w:style>', styles_xml
    )
    assert table_style and 'w:type="firstRow"' in table_style.group(0)
    xml = _part(content, "word/document.xml")
    assert 'TOC \\o "1-3" \\h \\z \\u' in xml
    assert '<w:updateFields w:val="true"/>' in _part(content, "word/settings.xml")


def test_the_docx_header_and_footer_carry_logo_emblem_notice_and_page_numbers(logo, settings):
    settings.SITE_NAME = "Plánování sociálních služeb Humpolecka"
    content = plan_docx(plan=make_plan(logo), language="cs")
    header = _part(content, "word/header1.xml")
    footer = _part(content, "word/footer1.xml")
    # the process's own logo, its funding logos and the EU emblem
    assert header.count("<a:blip ") == 3
    assert 'descr="Logo MAS Humpolecko"' in header
    assert 'descr="Logo OP Zaměstnanost plus"' in header
    assert 'descr="Vlajka Evropské unie"' in header and "Evropská unie" in header
    assert "Střednědobý plán 2019–2021" in header
    assert "Projekt je spolufinancován Evropskou unií." in footer
    assert '<w:fldSimple w:instr="PAGE">' in footer
    assert '<w:fldSimple w:instr="NUMPAGES">' in footer
    assert "Strana" in footer
    document = _part(content, "word/document.xml")
    title_page = document[: document.index('TOC \\o "1-3"')]
    assert 'descr="Logo MAS Humpolecko"' in title_page
    assert 'descr="Logo OP Zaměstnanost plus"' in title_page
    assert "Evropská unie" in title_page and "Projekt je spolufinancován" in title_page
    assert "Plánování sociálních služeb Humpolecka" in title_page  # the installation's name
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        # the three logos, the chart of costs and the chart of an indicator
        assert len([n for n in archive.namelist() if n.startswith("word/media/")]) == 5


def test_a_process_without_funding_has_no_emblem_nor_notice(process):
    process.publicity_notice = ""
    process.registration_number = ""
    process.save()
    content = plan_docx(plan=make_plan(process), language="cs")
    assert "<a:blip " not in _part(content, "word/header1.xml")
    assert "Evropská unie" not in _part(content, "word/header1.xml")
    assert '<w:fldSimple w:instr="PAGE">' in _part(content, "word/footer1.xml")
    title_page = _pages(plan_pdf(plan=make_plan(process), language="cs"))[0]
    assert "Evropská unie" not in title_page and "Zpracovatel" in title_page


# --- the plan as PDF -----------------------------------------------------------------------


def test_the_pdf_title_page_has_logo_emblem_who_prepared_and_who_approved(logo, settings):
    settings.SITE_NAME = "Plánování sociálních služeb Humpolecka"
    import datetime

    from pypdf import PdfReader

    from socplan.consultation.services import plan_approve

    plan = make_plan(logo)
    # who approved the plan is read from the consultation (issue 13)
    plan_approve(
        actor=None, plan=plan, approved_on=datetime.date(2018, 12, 10), resolution="ZM 12/2018"
    )
    pdf = plan_pdf(plan=plan, language="cs")
    title_page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert len(title_page.images) == 3  # the process's logo, the funding logos, the EU emblem
    text = " ".join(_pages(pdf)[0].split())
    assert text.startswith("Plánování sociálních služeb Humpolecka")  # the installation
    assert "Zpracovatel MAS Společnost pro rozvoj Humpolecka" in text
    assert "Schválení Schváleno 10. 12. 2018 usnesením ZM 12/2018" in text
    assert "Evropská unie" in text
    draft = " ".join(_pages(plan_pdf(plan=make_plan(logo), language="cs"))[0].split())
    assert "Plán zatím nebyl schválen." in draft


def test_the_pdf_has_charts_of_the_series(process):
    plan = make_plan(process)
    text = _words(plan_pdf(plan=plan, language="cs"))
    assert "Graf: Náklady podle let a zdrojů financování (Kč)" in text
    assert "Ukazatele v grafech" in text
    assert "1.1 Počet klientů (osob)" in text  # baseline 80 and target 90: a series


def test_the_docx_has_the_charts_of_the_pdf_as_pictures(process):
    from docx import Document
    from PIL import Image

    content = plan_docx(plan=make_plan(process), language="cs")
    xml = _part(content, "word/document.xml").replace(NBSP, " ")
    assert "Graf: Náklady podle let a zdrojů financování (Kč)" in xml
    assert "Ukazatele v grafech" in xml
    # each chart is a picture with the chart's text alternative (the numbers it shows)
    descriptions = re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', xml)
    assert any(
        d.startswith("Náklady podle let a zdrojů financování (Kč). 2019:") for d in descriptions
    )
    assert any(d.startswith("1.1 Počet klientů (osob). výchozí hodnota: 80") for d in descriptions)
    document = Document(io.BytesIO(content))
    images = [
        Image.open(io.BytesIO(part.blob))
        for part in document.part.package.parts
        if part.partname.startswith("/word/media/")
    ]
    charts = [image for image in images if image.width >= 1000]  # drawn at 4 px per unit
    assert len(charts) == 2
    for chart in charts:
        colours = {colour for _count, colour in chart.convert("RGB").getcolors(1_000_000)}
        assert (0, 0x72, 0xB2) in colours  # the bars (the first colour of the palette)


def test_a_bar_chart_stacks_the_series_and_leaves_out_empty_ones():
    with translation.override("cs"):
        chart = bar_chart(
            title="Náklady",
            categories=["2019", "2020"],
            series=[("obce", [100, 300]), ("kraj", [100, 0]), ("EU", [0, 0])],
        )
    assert [label for _c, label, _y in chart.legend] == ["obce", "kraj"]
    first, second = chart.bars
    assert len(first.segments) == 2 and len(second.segments) == 1
    # heights in proportion to the amounts: 200 and 300
    height = sum(s.height for s in first.segments)
    assert abs(height / second.segments[0].height - 2 / 3) < 0.01
    assert second.total_label == "300"
    assert "<title>Náklady</title>" in chart.svg
    assert chart.data_uri.startswith("data:image/svg+xml;base64,")


def test_an_indicator_with_one_value_is_no_series(process):
    plan = make_plan(process)
    indicator = Indicator.objects.get(measure__priority__plan=plan)
    assert indicator_chart(indicator, plan.years) is not None  # 80 → 90
    indicator.baseline = None
    assert indicator_chart(indicator, plan.years) is None


def _with_indicator(process, **fields):
    plan = make_plan(process)
    measure = Measure.objects.get(priority__plan=plan, code="1.2")
    Indicator.objects.create(measure=measure, **fields)
    return plan


def test_narrow_columns_hyphenate_czech_words_instead_of_breaking_them(process):
    plan = _with_indicator(
        process,
        name="Počet klientů pečovatelské služby",
        unit="osob",
        baseline=Decimal(100),
        targets={"2021": 120},
    )
    text = "\n".join(_pages(plan_pdf(plan=plan, language="cs"), layout=False))
    assert re.search(HYPHEN_AT_LINE_END, text)  # words are hyphenated at the end of a line ...
    joined = re.sub(HYPHEN_AT_LINE_END, "", text)
    assert "pečovatelské" in joined
    # ... never broken in the middle of a syllable without a hyphen ("pečovatelsk é")
    assert not re.search(r"pečovatelsk\s+é", text)


def test_numbers_have_a_space_between_thousands_everywhere(process):
    plan = _with_indicator(
        process,
        name="Výtisky katalogu",
        unit="ks",
        baseline=Decimal(1500),
        targets={"2019": 3000, "2020": "12000"},
    )
    text = pdf_text(plan_pdf(plan=plan, language="cs"))
    assert f"3{NBSP}000" in text and f"1{NBSP}500" in text and f"12{NBSP}000" in text
    assert f"4{NBSP}600{NBSP}000" in text
    for number in re.findall(r"(?<![\d.,/])\d{4,}(?![\d.,])", text):
        assert 1990 <= int(number) <= 2100, number  # only years are written without a space
    docx = plan_docx(plan=plan, language="cs")
    assert f"3{NBSP}000" in _part(docx, "word/document.xml")


def test_number_format_of_documents():
    with translation.override("cs"):
        assert format_number(3000) == f"3{NBSP}000"
        assert format_number("1.50") == "1,5"
        assert format_number(Decimal("4600000.00"), 0) == f"4{NBSP}600{NBSP}000"
        assert format_number(None) == "" and format_number("n/a") == "n/a"
    with translation.override("en"):
        assert format_number(1234.5) == f"1{NBSP}234.5"


def _plan_with_many_priorities(process) -> Plan:
    plan = services.plan_create(
        actor=None, process=process, title="Plán s mnoha prioritami", year_start=2019, year_end=2021
    )
    for number in range(1, 13):
        priority = services.priority_create(
            actor=None, plan=plan, title=f"Priorita číslo {number} pro sociální služby v obcích"
        )
        services.measure_create(
            actor=None,
            priority=priority,
            title=f"Opatření {number}",
            kind="keep",
            costs=[
                cost(2019, str(10000 * number), "municipalities"),
                cost(2020, str(5000 * number), "region"),
                cost(2021, "1000", "eu"),
            ],
        )
    return plan


def test_the_costs_by_priority_and_source_list_every_priority_above_their_total(process):
    plan = _plan_with_many_priorities(process)
    text = "\n".join(_pages(plan_pdf(plan=plan, language="en")))
    table = text.split("Costs by priority and funding source (CZK)", 1)[1]
    table = table.split("Costs by target group and year (CZK)", 1)[0]
    above_total = re.split(r"^\s*Total\s+\d", table, flags=re.M)[0]
    for number in range(1, 13):
        assert f"{number} Priorita číslo {number}" in " ".join(above_total.split()), number
    # the total row is printed once, after the last priority
    assert len(re.findall(r"^\s*Total\s+\d", table, flags=re.M)) == 1


def test_a_sum_that_double_counts_says_so(process):
    plan = make_plan(process)
    table = plan_finance(plan=plan).by_target_group_and_year()
    rows_sum = sum(total for _label, _values, total in table.rows)
    assert rows_sum > Decimal("4600000")  # the care measure counts with two groups
    assert table.total == Decimal("4600000") == plan_finance(plan=plan).total
    assert table.double_counted and table.total_label
    text = _words(plan_pdf(plan=plan, language="en"))
    assert "The plan's total (each measure counted once)" in text
    docx = plan_docx(plan=plan, language="en")
    assert "The plan's total (each measure counted once)" in _part(docx, "word/document.xml")


def test_the_budget_page_labels_the_total_of_overlapping_rows(process, client):
    plan = make_plan(process, status=Plan.Status.CONSULTATION)
    page = client.get(
        reverse("planning:plan_finance", kwargs={"slug": process.slug, "pk": plan.pk})
    ).content.decode()
    assert "The plan&#x27;s total (each measure counted once)" in page


def test_an_apostrophe_s_is_no_one_letter_word():
    assert czech_nbsp("The plan's total, s nimi") == f"The plan's total, s{NBSP}nimi"


# --- minutes and attendance sheets --------------------------------------------------------


def test_the_minutes_have_a_running_header_and_page_numbers_on_every_page(
    process, member, methodologist, coordinator
):
    s = make_structure(process, member=member, methodologist=methodologist)
    for order in range(3, 15):
        s.items.append(
            s.meeting.agenda_items.create(order=order, title=f"Bod programu číslo {order}")
        )
    write_minutes(s, coordinator)
    minutes = s.meeting.minutes
    for item in s.items:
        item.minutes_text = "Diskuse o potřebách seniorů v obcích.\n" * 12
        item.save()
    minutes.save()
    pages = _pages(minutes_pdf(meeting=s.meeting, public=False, language="cs"))
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        lines = [line.strip() for line in page.strip().splitlines() if line.strip()]
        assert re.search(rf"(^|\s){number} ?/ ?{len(pages)}$", lines[-1]), number
        if number > 1:
            assert process.name in lines[0], number
            assert "Zápis z jednání dne 5. 3. 2019" in lines[0], number
            for heading in ("Program a průběh jednání", "Usnesení", "Přítomni"):
                assert heading not in lines[0], number


def test_the_attendance_sheet_lists_everybody_invited_and_spare_rows(process):
    group = make_seniors_group(process)
    meeting = make_seniors_meeting(process, group)
    guest = make_person(process, "Čeněk Pozvaný", organisation="Kraj Vysočina")
    MeetingInvitation.objects.create(meeting=meeting, person=guest, token_hash="a" * 64)
    text = pdf_text(attendance_sheet_pdf(meeting=meeting, language="cs"))
    # the invited guest and both members of the invited group, in Czech order (Č after C)
    positions = [text.index(name) for name in ("Anna Aktivní", "Bohumil Bez E-mailu", "Čeněk")]
    assert positions == sorted(positions)
    assert "Cyril Odešlý" not in text
    rows = [int(n) for n in re.findall(r"^\s*(\d+)\s*$", text, flags=re.M)]
    assert max(rows) == 3 + 8  # three people and 8 spare rows
    assert "Osobní údaje" in text and "MAS Společnost pro rozvoj Humpolecka" in text
    assert "Úřadu pro ochranu osobních údajů" in " ".join(text.split())


def test_a_public_meeting_has_many_spare_rows_and_the_header_on_every_page(process):
    group = make_seniors_group(process)
    meeting = make_seniors_meeting(process, group)
    meeting.kind = Meeting.Kind.PUBLIC
    meeting.starts_at = meeting.starts_at.replace(year=2030)
    meeting.save()
    pdf = attendance_sheet_pdf(meeting=meeting, language="cs")
    pages = _pages(pdf)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert "Jméno" in page and "Podpis" in page, number  # the table's header repeats
        if number > 1:
            assert "Setkání skupiny Senioři" in page.strip().splitlines()[0], number
    numbers = [int(n) for n in re.findall(r"^\s*(\d+)\s", "\n".join(pages), flags=re.M)]
    assert max(numbers) >= 2 + 40
    assert datetime.date(2030, 3, 12).strftime("%-d. %-m. %Y") in pages[1]
