"""Upload checks: size, type by extension AND by content."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from socplan.library.models import Document, DocumentVersion
from socplan.library.uploads import check_upload

from .helpers import docx_bytes, odt_bytes, pdf_bytes, png_bytes, upload, xlsx_bytes


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("statut.pdf", pdf_bytes(), "application/pdf"),
        (
            "zapis.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "data.xlsx",
            xlsx_bytes(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("jednaci-rad.odt", odt_bytes(), "application/vnd.oasis.opendocument.text"),
        ("foto.PNG", png_bytes(), "image/png"),
    ],
    # names, not the bytes: a zip file holds the time it was made, and the parallel workers
    # of `make test` must collect the same test ids
    ids=["pdf", "docx", "xlsx", "odt", "png"],
)
def test_it_accepts_real_files_of_the_allowed_types(name, content, content_type):
    assert check_upload(upload(name, content)).content_type == content_type


def _error(file) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        check_upload(file)
    return info.value


def test_it_refuses_a_type_that_is_not_allowed():
    error = _error(upload("program.exe", b"MZ\x90\x00" + b"\x00" * 100))
    assert error.code == "type"
    assert "Allowed types: PDF, DOCX" in error.messages[0]


def test_it_refuses_a_fake_pdf_that_has_only_the_extension():
    error = _error(upload("statut.pdf", b"MZ\x90\x00this is a program, not a PDF" * 10))
    assert error.code == "content"
    assert error.messages[0].startswith(
        "The file is named like a PDF file but its content is not PDF"
    )


def test_it_refuses_a_pdf_renamed_to_docx():
    assert _error(upload("zapis.docx", pdf_bytes())).code == "content"


def test_it_refuses_a_zip_that_is_not_a_docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert _error(upload("zapis.docx", buffer.getvalue())).code == "content"


def test_it_refuses_an_xlsx_renamed_to_odt():
    assert _error(upload("plan.odt", xlsx_bytes())).code == "content"


def test_it_refuses_a_broken_zip_with_a_zip_header():
    assert _error(upload("data.xlsx", b"PK\x03\x04" + b"\x00" * 200)).code == "content"


def test_it_refuses_an_empty_file():
    assert _error(upload("statut.pdf", b"")).code == "empty"


def test_it_refuses_a_file_over_the_size_limit(settings):
    settings.LIBRARY_MAX_UPLOAD_BYTES = 1000
    content = pdf_bytes() + b"%" + b"x" * 1000
    error = _error(upload("statut.pdf", content))
    assert error.code == "too_big"
    assert "the largest allowed size is 1000" in error.messages[0]


def test_the_default_limit_is_20_mb(settings):
    from socplan.library.uploads import max_upload_bytes

    del settings.LIBRARY_MAX_UPLOAD_BYTES
    assert max_upload_bytes() == 20 * 1024 * 1024


@pytest.mark.django_db
def test_the_upload_form_shows_the_error_keeps_the_input_and_saves_nothing(
    process, coordinator, client_for
):
    url = reverse("library:document_create", kwargs={"slug": process.slug})
    response = client_for(coordinator).post(
        url,
        {
            "title": "Statut řídicí skupiny",
            "category": "founding",
            "issued_on": "2019-01-15",
            "is_public": "on",
            "file": upload("statut.pdf", b"not a pdf at all" * 20),
        },
    )

    assert response.status_code == 200
    assert b"Please correct the errors below." in response.content
    assert "its content is not PDF" in response.content.decode()
    assert 'value="Statut řídicí skupiny"' in response.content.decode()
    assert Document.objects.count() == 0
    assert DocumentVersion.objects.count() == 0


@pytest.mark.django_db
def test_the_version_form_refuses_a_too_big_file_with_a_clear_message(
    process, coordinator, client_for, settings
):
    from socplan.library import services

    document = services.document_create(
        process=process, actor=coordinator, title="Plán", file=upload("plan.pdf", pdf_bytes())
    )
    settings.LIBRARY_MAX_UPLOAD_BYTES = 2048
    url = reverse("library:document_version_add", kwargs={"slug": process.slug, "pk": document.pk})

    response = client_for(coordinator).post(
        url, {"file": upload("plan-v2.pdf", pdf_bytes() + b"%" * 4096), "note": "v2"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "The file is too big (4.6\xa0KB); the largest allowed size is 2.0\xa0KB." in page
    assert 'value="v2"' in page
    assert document.versions.count() == 1
