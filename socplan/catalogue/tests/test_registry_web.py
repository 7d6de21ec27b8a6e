"""Register import from the web (catdata): background job, progress page, past imports."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
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
        if persona not in allowed:
            response = client_for(personas[persona]).post(URL, {"download": "on"})
            assert response.status_code in (302, 403), persona
    assert not Job.objects.exists()


def test_a_coordinator_uploads_a_file_and_sees_the_result(coordinator, process, client_for):
    client = client_for(coordinator)
    items = sample_items()[:5]
    response = client.post(URL, {"file": _upload(items)})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert "5 added" in job.message
    run = RegistryImport.objects.get()
    assert (run.added, run.started_by, run.job, run.file_name) == (5, coordinator, job, "rpss.json")
    assert Service.objects.count() == 5
    page = client.get(URL)
    assert "rpss.json" in page.content.decode()
    detail = client.get(reverse("catalogue:registry_import", kwargs={"pk": run.pk}))
    assert str(items[0]["portalId"]) in detail.content.decode()
    # the uploaded copy is removed after the import
    from django.core.files.storage import default_storage

    assert not default_storage.exists(job.params["upload"])


def test_a_broken_upload_fails_with_a_message_and_changes_nothing(coordinator, client_for):
    client = client_for(coordinator)
    client.post(URL, {"file": _upload(sample_items()[:5])})
    client.post(URL, {"file": SimpleUploadedFile("bad.json", b'{"polozky": [{"portalId": 1')})
    job = Job.objects.order_by("-pk").first()
    assert job.status == Job.Status.FAILED
    assert "incomplete" in job.message
    assert Service.objects.count() == 5
    assert RegistryImport.objects.order_by("-pk").first().status == "failed"


def test_the_form_wants_a_file_or_the_download(coordinator, client_for):
    response = client_for(coordinator).post(URL, {})
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
