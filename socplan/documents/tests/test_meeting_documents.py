"""The meeting documents (minutes and attendance sheet PDFs), read back as text."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from socplan.documents.attendance import attendance_sheet_pdf
from socplan.documents.minutes import minutes_pdf
from socplan.documents.pdf import pdf_text
from socplan.organisation import services_minutes
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
