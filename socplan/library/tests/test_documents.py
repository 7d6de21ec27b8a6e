"""Documents: versions, downloads through the permission check, services, methodologists."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from socplan.core.models import AuditEvent
from socplan.library import services
from socplan.library.models import Document, DocumentVersion
from socplan.organisation.models import Membership

from .helpers import docx_bytes, make_group, make_person, pdf_bytes, pdf_upload, upload

pytestmark = pytest.mark.django_db


def _document(process, user, *, public=True, **kw):
    return services.document_create(
        process=process,
        actor=user,
        title=kw.pop("title", "Statut"),
        category=kw.pop("category", "founding"),
        is_public=public,
        file=kw.pop("file", None) or pdf_upload(text="Version one"),
        **kw,
    )


def _download_url(document, number=None):
    if number is None:
        return reverse(
            "library:document_download",
            kwargs={"slug": document.process.slug, "pk": document.pk},
        )
    return reverse(
        "library:document_version_download",
        kwargs={"slug": document.process.slug, "pk": document.pk, "number": number},
    )


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_it_creates_a_document_with_its_first_version_and_logs_it(process, coordinator):
    document = _document(process, coordinator, note="first draft")

    version = document.versions.get()
    assert (version.number, version.note, version.content_type) == (
        1,
        "first draft",
        "application/pdf",
    )
    assert version.original_name == "statut.pdf"
    assert version.size == len(pdf_bytes("Version one"))
    assert version.uploaded_by == coordinator
    event = AuditEvent.objects.get(action="document.created")
    assert event.object_id == str(document.pk)
    assert event.data["file"] == "statut.pdf"


def test_it_stores_files_outside_the_media_folder_under_a_random_path(process, coordinator):
    one = _document(process, coordinator).versions.get()
    two = _document(process, coordinator).versions.get()

    path = Path(one.file.path)
    assert path.is_file()
    assert Path(settings.LIBRARY_ROOT).resolve() in path.parents
    assert Path(settings.MEDIA_ROOT).resolve() not in path.parents
    random_one, random_two = one.file.name.split("/")[1], two.file.name.split("/")[1]
    assert random_one != random_two and len(random_one) >= 20
    assert one.file.name.endswith("/statut.pdf")


def test_a_new_version_becomes_current_and_the_old_one_stays_downloadable(
    process, coordinator, client_for
):
    document = _document(process, coordinator)
    services.document_version_add(
        document=document,
        actor=coordinator,
        file=upload("statut-2019.docx", docx_bytes("Version two")),
        note="approved",
    )

    assert list(document.versions.values_list("number", flat=True)) == [2, 1]
    client = client_for(None)
    current = client.get(_download_url(document))
    assert current.status_code == 200
    assert current["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="statut-2019.docx"' in current["Content-Disposition"]
    old = client.get(_download_url(document, 1))
    assert old.status_code == 200
    assert _body(old) == pdf_bytes("Version one")
    assert client.get(_download_url(document, 3)).status_code == 404
    assert AuditEvent.objects.filter(action="document.version_added").count() == 1


def test_the_version_form_refuses_a_bad_file_and_keeps_the_versions(
    process, coordinator, client_for
):
    document = _document(process, coordinator)
    url = reverse("library:document_version_add", kwargs={"slug": process.slug, "pk": document.pk})

    response = client_for(coordinator).post(url, {"file": upload("x.pdf", b"GIF89a" * 50)})

    assert response.status_code == 200
    assert "its content is not PDF" in response.content.decode()
    assert document.versions.count() == 1


def test_the_version_form_uploads_a_new_version(process, coordinator, client_for):
    document = _document(process, coordinator)
    url = reverse("library:document_version_add", kwargs={"slug": process.slug, "pk": document.pk})

    response = client_for(coordinator).post(url, {"file": pdf_upload("v2.pdf"), "note": "v2"})

    assert response.status_code == 302
    assert document.versions.order_by("-number").first().note == "v2"


def test_the_public_downloads_public_documents_but_not_internal_ones(
    process, coordinator, member, nobody, client_for
):
    public = _document(process, coordinator, public=True)
    internal = _document(process, coordinator, public=False, title="Interní analýza")

    for user in (None, nobody):
        client = client_for(user)
        assert client.get(_download_url(public)).status_code == 200
        assert client.get(_download_url(internal)).status_code == 404
        assert client.get(_download_url(internal, 1)).status_code == 404
        assert client.get(internal.get_absolute_url()).status_code == 404
        listing = client.get(reverse("library:document_list", kwargs={"slug": process.slug}))
        assert "Interní analýza" not in listing.content.decode()
    response = client_for(member).get(_download_url(internal))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert _body(response) == pdf_bytes("Version one")
    listing = client_for(member).get(
        reverse("library:document_list", kwargs={"slug": process.slug})
    )
    assert "Interní analýza" in listing.content.decode()


def test_nothing_of_an_unpublished_process_is_public(unpublished_process, staff, client_for):
    document = _document(unpublished_process, staff, public=True)

    assert client_for(None).get(_download_url(document)).status_code == 404
    assert client_for(staff).get(_download_url(document)).status_code == 200


def test_the_list_filters_by_category(process, coordinator, client_for):
    _document(process, coordinator, title="Statut ŘS", category="founding")
    _document(process, coordinator, title="Leták pro veřejnost", category="information")
    url = reverse("library:document_list", kwargs={"slug": process.slug})

    page = client_for(None).get(url, {"kategorie": "information"}).content.decode()

    assert "Leták pro veřejnost" in page and "Statut ŘS" not in page


def test_the_coordinator_uploads_through_the_form(process, coordinator, client_for):
    url = reverse("library:document_create", kwargs={"slug": process.slug})
    response = client_for(coordinator).post(
        url,
        {
            "title": "Jednací řád",
            "category": "founding",
            "issued_on": "2018-02-01",
            "is_public": "on",
            "file": pdf_upload("jednaci-rad.pdf"),
            "note": "",
        },
    )

    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == document.get_absolute_url()
    assert (document.title, document.issued_on, document.is_public) == (
        "Jednací řád",
        datetime.date(2018, 2, 1),
        True,
    )


def test_a_group_or_meeting_of_another_process_is_refused(process, unpublished_process, staff):
    group = make_group(unpublished_process)
    with pytest.raises(ValidationError):
        _document(process, staff, group=group)
    assert Document.objects.count() == 0
    assert not list(Path(settings.LIBRARY_ROOT).rglob("*.pdf"))  # the stored file is removed


def test_deleting_removes_the_document_its_versions_and_files(
    process, coordinator, client_for, django_capture_on_commit_callbacks
):
    document = _document(process, coordinator)
    path = Path(document.versions.get().file.path)
    url = reverse("library:document_delete", kwargs={"slug": process.slug, "pk": document.pk})

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(coordinator).post(url)

    assert response.status_code == 302
    assert not Document.objects.exists() and not DocumentVersion.objects.exists()
    assert not path.exists()


def test_a_methodologist_uploads_documents_of_the_group_they_facilitate(
    process, methodologist, client_for
):
    seniors = make_group(process)
    other = make_group(process, name="Rodina", slug="rodina")
    person = make_person(process, "Metodik Černý", user=methodologist)
    Membership.objects.create(
        group=seniors,
        person=person,
        role=Membership.Role.METHODOLOGIST,
        side=Membership.Side.PUBLIC,
        start=datetime.date(2017, 1, 1),
    )
    client = client_for(methodologist)
    url = reverse("library:document_create", kwargs={"slug": process.slug})
    data = {"title": "Zápis", "category": "minutes", "issued_on": "2019-03-01"}

    refused = client.post(url, {**data, "group": other.pk, "file": pdf_upload()})
    assert refused.status_code == 200 and not Document.objects.exists()
    response = client.post(url, {**data, "group": seniors.pk, "file": pdf_upload()})

    assert response.status_code == 302
    document = Document.objects.get()
    assert document.group == seniors
    assert methodologist.has_perm("library.change_document", document)
    assert not methodologist.has_perm("library.manage", process)
    # not a document of another group
    foreign = _document(process, None, group=other)
    assert not methodologist.has_perm("library.change_document", foreign)


def test_the_form_offers_the_groups_and_meetings_of_the_process_only(
    process, unpublished_process, coordinator, client_for
):
    from .helpers import at, make_meeting

    make_group(process, name="Senioři")
    make_group(unpublished_process, name="Cizí skupina", slug="cizi")
    make_meeting(process, title="Řídicí skupina 1/2019", when=at(2019, 3, 5))
    make_meeting(unpublished_process, title="Cizí jednání")

    page = (
        client_for(coordinator)
        .get(reverse("library:document_create", kwargs={"slug": process.slug}))
        .content.decode()
    )

    assert "Senioři" in page and "Řídicí skupina 1/2019 (5 Mar 2019)" in page
    assert "Cizí skupina" not in page and "Cizí jednání" not in page


def test_a_group_member_without_a_role_in_the_process_sees_internal_documents(
    process, coordinator, nobody, client_for
):
    internal = _document(process, coordinator, public=False)
    assert client_for(nobody).get(_download_url(internal)).status_code == 404

    person = make_person(process, "Nikdo Nikdovič", user=nobody)
    Membership.objects.create(
        group=make_group(process),
        person=person,
        side=Membership.Side.USER,
        start=datetime.date(2017, 1, 1),
    )

    assert client_for(nobody).get(_download_url(internal)).status_code == 200
