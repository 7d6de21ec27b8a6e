"""Builders of real files of each allowed format (made here, never copied from anywhere)
and of organisation data for the library tests."""

import datetime
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone


def pdf_bytes(text: str = "Test document") -> bytes:
    """A small valid PDF (one page with a line of text)."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def docx_bytes(text: str = "Zápis") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Obec", "Počet"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
    return buffer.getvalue()


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def pdf_upload(name: str = "statut.pdf", text: str = "Test document") -> SimpleUploadedFile:
    return upload(name, pdf_bytes(text))


def at(y, m, d, h=10) -> datetime.datetime:
    return datetime.datetime(y, m, d, h, 0, tzinfo=timezone.get_current_timezone())


def make_meeting(process, *, kind="working_group", when=None, status="held", public=False, **kw):
    from socplan.organisation.models import Meeting

    return Meeting.objects.create(
        process=process,
        kind=kind,
        title=kw.pop("title", f"Meeting {kind}"),
        starts_at=when or at(2019, 3, 1),
        status=status,
        is_public=public,
        **kw,
    )


def make_person(process, name, user=None):
    from socplan.organisation.models import Person

    return Person.objects.create(process=process, name=name, organisation_name="Obec", user=user)


def make_group(process, name="Senioři", slug="seniori"):
    from socplan.organisation.models import Group

    return Group.objects.create(process=process, kind="target_group", name=name, slug=slug)
