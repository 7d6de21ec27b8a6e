"""Register import from the web (catdata): background job, progress page, past imports."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as AuthGroup
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from socplan.catalogue.models import RegistryImport, Service
from socplan.core.models import Job
from socplan.testing.personas import PERSONAS, assert_only_allowed

from .registry_helpers import sample_items

pytestmark = pytest.mark.django_db

URL = "/katalog/registr/"


def _upload(items, name="rpss.json"):
    data = json.dumps({"polozky": items}, ensure_ascii=False).encode("utf-8")
    return SimpleUploadedFile(name, data, content_type="application/json")


def test_the_url():
    assert reverse("catalogue:registry_imports") == URL


def test_only_coordinators_and_staff_see_the_import_pages(process, personas, client_for):
    run = RegistryImport.objects.create(file_name="rpss.json", status="succeeded")
    allowed = ["coordinator", "staff"]
    assert_only_allowed(URL, allowed, personas, client_for)
    assert_only_allowed(
        reverse("catalogue:registry_import", kwargs={"pk": run.pk}), allowed, personas, client_for
    )
    for persona in PERSONAS:
        if persona != "staff":
            response = client_for(personas[persona]).post(URL, {"download": "on"})
            assert response.status_code in (302, 403), persona
    assert not Job.objects.exists()


def test_a_coordinator_cannot_import_or_force_the_national_register(
    coordinator, process, client_for
):
    """The catalogue is shared by every process: a one-service file of one coordinator must
    not end every registered service in the country."""
    staff_client = Client()
    staff_client.force_login(
        get_user_model().objects.create_user(email="ops@example.org", password="x", is_staff=True)
    )
    staff_client.post(URL, {"file": _upload(sample_items()[:10])})
    assert Service.objects.count() == 10
    client = client_for(coordinator)
    page = client.get(URL)
    assert page.status_code == 200 and 'name="file"' not in page.content.decode()
    for data in ({"file": _upload(sample_items()[:1]), "force": "on"}, {"download": "on"}):
        assert client.post(URL, data).status_code == 403
    assert Job.objects.filter(created_by=coordinator).count() == 0
    assert Service.objects.filter(removed_from_register_at__isnull=True).count() == 10


def test_the_national_register_role_may_import(nobody, client_for):
    """Not site staff, but granted "change registry import" in the admin (or by a group)."""
    group = AuthGroup.objects.create(name="Národní registr")
    group.permissions.add(Permission.objects.get(codename="change_registryimport"))
    nobody.groups.add(group)
    client = client_for(nobody)
    response = client.post(URL, {"file": _upload(sample_items()[:3])})
    assert response.status_code == 302
    assert Job.objects.get().status == Job.Status.SUCCEEDED
    assert Service.objects.count() == 3


def test_site_staff_upload_a_file_and_see_the_result(staff, process, client_for):
    client = client_for(staff)
    items = sample_items()[:5]
    response = client.post(URL, {"file": _upload(items)})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert "5 added" in job.message
    run = RegistryImport.objects.get()
    assert (run.added, run.started_by, run.job, run.file_name) == (5, staff, job, "rpss.json")
    assert Service.objects.count() == 5
    page = client.get(URL)
    assert "rpss.json" in page.content.decode()
    detail = client.get(reverse("catalogue:registry_import", kwargs={"pk": run.pk}))
    assert str(items[0]["portalId"]) in detail.content.decode()
    # the uploaded copy is removed after the import
    from socplan.core.files import private_storage

    assert not private_storage().exists(job.params["upload"])


def test_a_broken_upload_fails_with_a_message_and_changes_nothing(staff, client_for):
    client = client_for(staff)
    client.post(URL, {"file": _upload(sample_items()[:5])})
    client.post(URL, {"file": SimpleUploadedFile("bad.json", b'{"polozky": [{"portalId": 1')})
    job = Job.objects.order_by("-pk").first()
    assert job.status == Job.Status.FAILED
    assert "incomplete" in job.message
    assert Service.objects.count() == 5
    assert RegistryImport.objects.order_by("-pk").first().status == "failed"


def test_the_form_wants_a_file_or_the_download(staff, client_for):
    response = client_for(staff).post(URL, {})
    assert response.status_code == 200
    assert "one of the two" in response.content.decode()
    assert not Job.objects.exists()


def test_the_shrink_guard_applies_to_web_imports(staff, client_for):
    client = client_for(staff)
    client.post(URL, {"file": _upload(sample_items()[:10])})
    client.post(URL, {"file": _upload(sample_items()[:5])})
    job = Job.objects.order_by("-pk").first()
    assert job.status == Job.Status.FAILED and "far fewer" in job.message
    client.post(URL, {"file": _upload(sample_items()[:5]), "force": "on"})
    job = Job.objects.order_by("-pk").first()
    assert job.status == Job.Status.SUCCEEDED
    assert RegistryImport.objects.order_by("-pk").first().forced


# --- uploads are private (issue 10) ----------------------------------------------------------


@pytest.fixture
def roots(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "private"
    return tmp_path


def _files_under(folder) -> list:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def test_an_uploaded_register_file_never_lands_in_media_root(staff, client_for, roots):
    """The file waits for its import in PRIVATE_ROOT (never served), not under /media/."""
    from unittest import mock

    seen = {}

    def job_start(**kwargs):  # look at the storage while the import is queued
        from socplan.core.files import private_storage

        name = kwargs["params"]["upload"]
        seen["name"] = name
        seen["private"] = private_storage().exists(name)
        seen["path"] = private_storage().path(name)
        seen["media"] = _files_under(roots / "media")
        return Job.objects.create(function="x.y", title="queued")

    with mock.patch("socplan.catalogue.views_registry.job_start", job_start):
        response = client_for(staff).post(URL, {"file": _upload(sample_items()[:2])})
    assert response.status_code == 302
    assert seen["private"] and seen["media"] == []
    assert seen["path"].startswith(str(roots / "private"))
    assert seen["name"].startswith("registry-imports/")
    # nobody can fetch it by its name
    assert client_for(staff).get(f"/media/{seen['name']}").status_code == 404


def test_a_finished_upload_leaves_nothing_in_media_or_private(staff, client_for, roots):
    client_for(staff).post(URL, {"file": _upload(sample_items()[:3])})
    assert Job.objects.get().status == Job.Status.SUCCEEDED
    assert _files_under(roots / "media") == []
    assert _files_under(roots / "private" / "registry-imports") == []


def test_uploads_waiting_in_media_root_move_to_private_storage(roots):
    """Migration catalogue 0006: a file uploaded before it (queued import) moves under the
    same name, where the import job looks for it now."""
    from importlib import import_module

    from django.apps import apps

    from socplan.core.files import private_storage

    old = roots / "media" / "registry-imports"
    old.mkdir(parents=True)
    (old / "abc.json").write_text('{"polozky": []}')
    migration = import_module("socplan.catalogue.migrations.0006_registry_uploads_private")
    migration.move_uploads_out_of_media(apps, None)
    assert not old.exists()
    assert private_storage().open("registry-imports/abc.json").read() == b'{"polozky": []}'
