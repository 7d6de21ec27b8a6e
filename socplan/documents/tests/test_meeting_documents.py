"""The meeting documents (minutes and attendance sheet PDFs), read back as text."""

import re
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse

from socplan.documents.attendance import attendance_sheet_pdf
from socplan.documents.minutes import minutes_pdf
from socplan.documents.pdf import pdf_text
from socplan.documents.tests.test_office_documents import _pages, _words
from socplan.documents.tests.test_typeset import (
    MARKUP,
    _figure_alts,
    _reader,
    _structure_types,
)
from socplan.organisation import services_minutes
from socplan.organisation.models import Meeting
from socplan.organisation.tests.minutes_builders import (
    approve_minutes,
    make_structure,
    write_minutes,
)
from socplan.organisation.tests.structure_builders import (
    make_seniors_group,
    make_seniors_meeting,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(process, member, methodologist):
    return make_structure(process, member=member, methodologist=methodologist)


@pytest.fixture
def group(process):
    return make_seniors_group(process)


@pytest.fixture
def meeting(process, group):
    return make_seniors_meeting(process, group)


def test_the_minutes_pdf_has_items_resolutions_tasks_and_the_publicity_notice(s, coordinator):
    write_minutes(s, coordinator)
    approve_minutes(s, coordinator)

    internal = " ".join(pdf_text(minutes_pdf(meeting=s.meeting, public=False)).split())
    public = " ".join(pdf_text(minutes_pdf(meeting=s.meeting, public=True)).split())

    for text in (internal, public):
        assert "1. jednání pracovní skupiny" in text
        assert "Projekt je spolufinancován" in text
        assert "Potřeby seniorů" in text
        assert "odlehčovací službě" in text
        assert "PS 7/2019" in text
        assert "Zjistit kapacitu" in text
        assert "2. jednání pracovní skupiny" in text  # approved at
    assert "Tajný Uživatel" in internal
    assert "Tajný Uživatel" not in public
    assert "Excused or absent: Metodik Černý" in internal
    assert "Metodik Černý" not in public
    assert "Internal document" in internal


def test_the_minutes_pdf_page_gives_the_public_only_published_minutes(s, coordinator, client):
    write_minutes(s, coordinator)
    approve_minutes(s, coordinator)
    url = reverse(
        "documents:minutes_pdf", kwargs={"slug": s.meeting.process.slug, "pk": s.meeting.pk}
    )
    assert client.get(url).status_code == 302

    services_minutes.minutes_publish(minutes=s.meeting.minutes, actor=coordinator)
    response = client.get(url)

    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Členka Dvořáková" in text
    assert "Tajný Uživatel" not in text


def test_attendance_sheet_pdf(process, group, meeting, coordinator, client_for, tmp_path):
    response = client_for(coordinator).get(
        reverse("documents:meeting_attendance_sheet", args=[process.slug, meeting.pk])
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Attendance sheet" in text
    assert "Setkání skupiny Senioři" in text
    assert "12 Mar 2030" in text  # the short date of the language (Czech: 12. 3. 2030)
    assert "Anna Aktivní" in text and "Bohumil Bez E-mailu" in text and "Obec Herálec" in text
    assert "Cyril Odešlý" not in text  # left the group before the meeting
    assert "Signature" in text and "Organisation" in text
    assert "Projekt je spolufinancován Evropskou unií." in text
    assert "10" in text.split("Bohumil Bez E-mailu")[-1]  # 2 members + 8 empty rows
    out = tmp_path / "sheet.pdf"
    call_command("attendance_sheet", str(meeting.pk), "--out", str(out))
    assert "Anna Aktivní" in pdf_text(out.read_bytes())


def test_attendance_sheet_has_the_process_logo(process, meeting, settings, tmp_path):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image
    from pypdf import PdfReader

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), (35, 98, 162)).save(buffer, format="PNG")
    process.logo.save("logo.png", SimpleUploadedFile("logo.png", buffer.getvalue()))
    pdf = attendance_sheet_pdf(meeting=meeting, empty_rows=0)
    first_page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert len(first_page.images) == 2  # the process's logo and the EU emblem (funded)
    text = pdf_text(pdf)
    assert "Projekt je spolufinancován Evropskou unií." in text.split("Anna Aktivní")[0]


# --- typeset by Typst: tagged PDF/UA-1, a user's text printed as written, the rows to sign


def _check_pdf_ua(reader, title: str) -> list[str]:
    """The PDF/UA-1 marks of a tagged PDF; returns the types of its structure elements."""
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]).startswith("cs")
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == title
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "pdfuaid:part" in xmp and ">1<" in xmp.split("pdfuaid:part", 1)[1][:40]
    alts = _figure_alts(reader)
    # the EU emblem (the process is funded) and every other picture with its alternative
    assert "Vlajka Evropské unie" in alts and all(alt.strip() for alt in alts), alts
    return _structure_types(reader)


def test_the_minutes_are_a_tagged_pdf_ua(s, coordinator):
    write_minutes(s, coordinator)
    reader = _reader(minutes_pdf(meeting=s.meeting, public=False, language="cs"))
    types = _check_pdf_ua(reader, "Zápis: 1. jednání pracovní skupiny")
    # the title, the sections and the agenda items as headings in order; the tables of the
    # people present, the resolutions and the tasks with their header cells
    assert types.index("/H1") < types.index("/H2") < types.index("/H3")
    assert types.count("/Table") == 3 and "/TH" in types and "/TD" in types


def test_the_attendance_sheet_is_a_tagged_pdf_ua(process, meeting):
    reader = _reader(attendance_sheet_pdf(meeting=meeting, language="cs"))
    types = _check_pdf_ua(reader, "Prezenční listina: Setkání skupiny Senioři")
    assert "/H1" in types
    assert types.count("/Table") == 1 and types.count("/TH") == 4 and "/TD" in types


def test_typst_syntax_in_the_texts_of_a_meeting_is_printed_as_written(s, coordinator):
    write_minutes(s, coordinator, summary=MARKUP)
    s.meeting.title = s.meeting.place = MARKUP
    s.meeting.save()
    s.items[1].title = s.items[0].minutes_text = MARKUP
    s.items[1].save()
    s.items[0].save()
    s.meeting.resolutions.update(text=MARKUP)
    s.meeting.tasks.update(title=MARKUP)
    s.meeting.attendances.filter(person=None).update(guest_name=MARKUP)
    s.member_person.name = s.member_person.organisation_name = MARKUP
    s.member_person.save()
    # in the minutes the meeting's title and place, the summary, an item's title and an
    # item's minutes, the resolution, the task, the guest and the member's name and
    # organisation; in the sheet the meeting's title and place, the member's name and
    # organisation
    for pdf, count in (
        (minutes_pdf(meeting=s.meeting, public=False, language="cs"), 10),
        (attendance_sheet_pdf(meeting=s.meeting, language="cs"), 4),
    ):
        text = _words(pdf)
        for part in ("*tučně*", "_kurzíva_", "#set page(width: 1cm)", "$x^2$", "<návěští>"):
            assert part in text, part
        assert "[závorky] // konec" in text
        assert text.count("@odkaz") >= count
        reader = _reader(pdf)
        assert reader.metadata.title.endswith(MARKUP)
        # the pages are still A4 (the "#set page" of the texts did nothing)
        assert {round(float(page.mediabox.width)) for page in reader.pages} == {595}


def _row_numbers(pdf: bytes, page: int) -> dict[int, float]:
    """The numbers in the first column of the attendance sheet on a page, with their top."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>(\d+)</word>', out)
    # the first column (left of 100 pt): not the page number at the foot
    return {int(n): float(y) for x, y, n in words if float(x) < 100}


def test_the_rows_of_the_attendance_sheet_leave_room_to_sign(process, meeting):
    pdf = attendance_sheet_pdf(meeting=meeting, language="cs")
    rows = _row_numbers(pdf, 1)
    assert sorted(rows) == list(range(1, 11))  # two members and eight spare rows
    gaps = [rows[n + 1] - rows[n] for n in range(1, 10)]
    assert min(gaps) >= 12 * 72 / 25.4 - 0.5  # 12 mm to sign in
    # a public meeting's sheet runs to a second page: the heading row is repeated, no row
    # is split, the numbers go on
    meeting.kind = Meeting.Kind.PUBLIC
    meeting.save()
    pdf = attendance_sheet_pdf(meeting=meeting, language="cs")
    assert min(_row_numbers(pdf, 2)) == max(_row_numbers(pdf, 1)) + 1
    page_two = _pages(pdf)[1]
    assert "Č." in page_two and "Jméno" in page_two and "Podpis" in page_two


def test_draft_minutes_say_so_and_an_overdue_task_is_marked(s, coordinator):
    write_minutes(s, coordinator)  # not approved; its task was due in 2019
    text = " ".join(pdf_text(minutes_pdf(meeting=s.meeting, public=False, language="cs")).split())
    assert "Koncept: zápis zatím nebyl schválen." in text
    assert "otevřený (po termínu)" in text
    assert "Zapsal(a):" in text
    public = " ".join(pdf_text(minutes_pdf(meeting=s.meeting, public=True, language="cs")).split())
    assert "Zapsal(a):" not in public
    assert "(jméno nezveřejněno)" in public  # the task's owner did not consent
