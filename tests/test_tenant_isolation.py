"""No leak between tenants: files made for a user, the national register, planning areas,
region staff and methodologists (issue "Hardening", section "Files and tenants")."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from socplan.organisation.models import Membership, Person, PlanningProcess, ProcessRole
from socplan.territory.models import PlanningArea
from socplan.testing.tenants import make_second_tenant

pytestmark = pytest.mark.django_db


@pytest.fixture
def files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "private"
    settings.LIBRARY_ROOT = tmp_path / "library"
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def tenant(files):
    return make_second_tenant(with_job=True)


# --- files made for a user -----------------------------------------------------------------


def test_nobody_downloads_another_process_s_draft_plan_document_without_signing_in(
    tenant, files, client, personas, client_for
):
    job = tenant.job
    name = job.result_file.name
    stored = Path(job.result_file.path)
    # kept outside MEDIA_ROOT, under a random folder nobody can guess
    assert stored.is_file() and Path(files / "private") in stored.parents
    assert not list(files.joinpath("media").rglob("*.docx"))
    folder = name.split("/")[-2]
    assert len(folder) >= 20 and folder not in {str(tenant.plan.pk), tenant.process.slug}
    file_name = name.rsplit("/", 1)[-1]
    guesses = [
        f"/media/{name}",
        f"/media/jobs/{name.split('/')[1]}/{name.split('/')[2]}/{file_name}",
        f"/media/jobs/{file_name}",
        f"/media/{file_name}",
    ]
    for url in guesses:
        assert client.get(url).status_code == 404, url
    job_file = reverse("core:job_file", args=[job.pk])
    response = client.get(job_file)
    assert response.status_code == 302 and "/ucet/prihlaseni/" in response["Location"]
    # signed in, but not the one who started it: the other tenant's coordinator, region staff
    for persona in ("coordinator", "region_staff", "other_region_staff", "nobody", "member"):
        assert client_for(personas[persona]).get(job_file).status_code == 403, persona
    assert client_for(tenant.coordinator).get(job_file).status_code == 200


def test_media_serves_only_public_files(files, process, client):
    """A process's logo is public; anything else lying in MEDIA_ROOT is not served."""
    media = files / "media"
    (media / "process-logos").mkdir(parents=True)
    (media / "process-logos" / "logo.png").write_bytes(b"\x89PNG logo")
    (media / "jobs" / "2026" / "12").mkdir(parents=True)
    (media / "jobs" / "2026" / "12" / "plan.pdf").write_bytes(b"%PDF secret")
    (media / "registry-imports").mkdir()
    (media / "registry-imports" / "upload.json").write_text("{}")
    (media / "catalogue" / "photos" / "proposed").mkdir(parents=True)
    (media / "catalogue" / "photos" / "proposed" / "x.jpg").write_bytes(b"jpg")
    assert client.get("/media/process-logos/logo.png").status_code == 200
    for url in (
        "/media/jobs/2026/12/plan.pdf",
        "/media/registry-imports/upload.json",
        "/media/catalogue/photos/proposed/x.jpg",  # a proposed photo, not accepted yet
        "/media/process-logos/../jobs/2026/12/plan.pdf",
        "/media/nothing.txt",
    ):
        assert client.get(url).status_code == 404, url


def test_a_service_photo_is_public_once_accepted(files, client):
    from socplan.catalogue.models import ServicePhoto
    from socplan.planning.tests.builders import make_service

    name = default_storage.save("catalogue/photos/proposed/abc.jpg", ContentFile(b"jpg"))
    assert client.get(f"/media/{name}").status_code == 404
    ServicePhoto.objects.create(service=make_service(), image=name, alt_text="Budova")
    assert client.get(f"/media/{name}").status_code == 200


def test_job_results_of_older_installations_move_out_of_media(files):
    """The migration moves result files from MEDIA_ROOT/jobs/ into the private storage."""
    from importlib import import_module

    from django.apps import apps

    from socplan.core.models import Job

    old = files / "media" / "jobs" / "2026" / "11"
    old.mkdir(parents=True)
    (old / "plan.pdf").write_bytes(b"%PDF old")
    job = Job.objects.create(function="x.y", title="old", status=Job.Status.SUCCEEDED)
    Job.objects.filter(pk=job.pk).update(result_file="jobs/2026/11/plan.pdf")
    migration = import_module("socplan.core.migrations.0004_job_result_file_private")
    migration.move_results_out_of_media(apps, None)
    job.refresh_from_db()
    assert not (old / "plan.pdf").exists()
    assert job.result_file.name.startswith("jobs/2026/11/") and job.result_file.name.endswith(
        "/plan.pdf"
    )
    assert job.result_file.read() == b"%PDF old"


# --- planning areas ------------------------------------------------------------------------


def test_the_name_of_an_unpublished_process_s_area_is_not_public(
    tenant, process, personas, client_for
):
    detail = tenant.area.get_absolute_url()
    catalogue = reverse("catalogue:area", kwargs={"slug": tenant.area.slug})
    export = reverse("catalogue:area_export", kwargs={"slug": tenant.area.slug, "fmt": "csv"})
    for persona in ("anonymous", "nobody", "member", "coordinator", "region_staff"):
        client = client_for(personas[persona])
        assert tenant.area.name not in client.get("/uzemi/").content.decode(), persona
        for url in (detail, catalogue, export):
            assert client.get(url).status_code == 404, (persona, url)
    # its coordinator, the staff of its region and site staff see it
    for user in (tenant.coordinator, personas["other_region_staff"], personas["staff"]):
        client = client_for(user)
        assert tenant.area.name in client.get("/uzemi/").content.decode()
        assert client.get(detail).status_code == 200
    # the area of a published process is public
    assert client_for(None).get(process.planning_area.get_absolute_url()).status_code == 200


def _process_data(area, **extra):
    return {
        "planning_area": area.pk,
        "name": "Můj proces",
        "period_start": 2024,
        "period_end": 2026,
        "realizer": "Obec",
        "partners-TOTAL_FORMS": "0",
        "partners-INITIAL_FORMS": "0",
        **extra,
    }


def test_a_coordinator_attaches_only_their_own_areas_or_a_public_orp_area(
    tenant, process, coordinator, client_for
):
    coordinator.can_start_processes = True
    coordinator.save()
    client = client_for(coordinator)
    form = client.get(reverse("organisation:process_create")).content.decode()
    assert tenant.area.name not in form
    response = client.post(reverse("organisation:process_create"), _process_data(tenant.area))
    assert response.status_code == 200 and response.context["form"].errors["planning_area"]
    assert not PlanningProcess.objects.filter(name="Můj proces").exists()
    # the service refuses as well (API, command line with an actor)
    from django.core.exceptions import ValidationError

    from socplan.organisation import services

    with pytest.raises(ValidationError):
        services.process_create(
            actor=coordinator,
            planning_area=tenant.area,
            name="Můj proces",
            period_start=2024,
            period_end=2026,
            realizer="Obec",
        )
    with pytest.raises(ValidationError):
        services.process_update(process=process, actor=coordinator, planning_area=tenant.area)
    assert PlanningProcess.objects.get(pk=process.pk).planning_area_id != tenant.area.pk
    # a public ORP area made by somebody else (the area of a published process) is allowed
    orp_area = process.planning_area
    orp_area.created_by = tenant.coordinator
    orp_area.save()
    other = client_for(tenant.coordinator)
    response = other.post(reverse("organisation:process_create"), _process_data(orp_area))
    assert response.status_code == 302, response.context and response.context["form"].errors
    new = PlanningProcess.objects.get(name="Můj proces")
    assert new.planning_area == orp_area


def test_a_coordinator_edits_only_areas_they_own(tenant, process, coordinator, client_for):
    """An ORP area shared with another coordinator's process is not theirs to change."""
    area = process.planning_area
    edit = reverse("territory:area_edit", kwargs={"slug": area.slug})
    assert client_for(coordinator).get(edit).status_code == 200
    shared = PlanningProcess.objects.create(
        name="Druhý proces", slug="druhy", planning_area=area, period_start=2024, period_end=2026
    )
    ProcessRole.objects.create(
        user=tenant.coordinator, process=shared, role=ProcessRole.Role.COORDINATOR
    )
    assert client_for(coordinator).get(edit).status_code == 403
    assert client_for(tenant.coordinator).get(edit).status_code == 403
    # never the other tenant's own area
    own = reverse("territory:area_edit", kwargs={"slug": tenant.area.slug})
    assert client_for(coordinator).post(own, {"name": "Ukradeno"}).status_code in (403, 404)
    assert PlanningArea.objects.get(pk=tenant.area.pk).name == "Tajné území Táborska"


def test_region_staff_read_everything_and_create_nothing(
    tenant, process, region_staff, other_region_staff, client_for
):
    for user, own in ((region_staff, process), (other_region_staff, tenant.process)):
        client = client_for(user)
        assert client.get(own.get_absolute_url()).status_code == 200
        for name in ("organisation:process_create", "territory:area_create"):
            assert client.get(reverse(name)).status_code == 403
        response = client.post(
            reverse("organisation:process_create"), _process_data(own.planning_area)
        )
        assert response.status_code == 403
        edit = reverse("organisation:process_edit", kwargs={"slug": own.slug})
        assert client.post(edit, {"name": "Změněno"}).status_code == 403
    assert PlanningProcess.objects.count() == 2


# --- a methodologist acts on the people and groups they lead -------------------------------


@pytest.fixture
def led(process, methodologist, coordinator):
    from socplan.organisation.tests.structure_builders import (
        add_member,
        facilitated_structure,
        make_group,
        make_person,
    )

    internal, steering = facilitated_structure(process, methodologist=methodologist, member=None)
    led_person = make_person(process, "Vedená Osoba", email="vedena@example.org")
    add_member(internal, led_person)
    outsider = steering.memberships.get().person  # "Starosta Novák", not in their group
    boss = make_person(process, "Koordinátorka", user=coordinator, email="koord@example.org")
    add_member(internal, boss, role=Membership.Role.MEMBER)
    other_group = make_group(process, name="Rodiny", slug="rodiny")
    return {"led": led_person, "outsider": outsider, "boss": boss, "other_group": other_group}


def test_a_methodologist_edits_only_people_of_their_groups_and_anonymises_nobody(
    process, methodologist, coordinator, led, client_for
):
    client = client_for(methodologist)

    def edit(person):
        return reverse("organisation:person_edit", kwargs={"slug": process.slug, "pk": person.pk})

    def anonymise(person):
        return reverse(
            "organisation:person_anonymise", kwargs={"slug": process.slug, "pk": person.pk}
        )

    page = client.get(edit(led["led"]))
    assert page.status_code == 200
    assert "person_anonymise" not in page.content.decode() and "anonymizovat" not in (
        page.content.decode()
    )
    for person in (led["outsider"], led["boss"]):
        assert client.get(edit(person)).status_code == 403, person.name
        assert client.post(edit(person), {"name": "Přepsáno"}).status_code == 403
    for person in (led["led"], led["outsider"], led["boss"]):
        assert client.post(anonymise(person)).status_code == 403, person.name
    assert set(Person.objects.values_list("name", flat=True)) >= {
        "Vedená Osoba",
        "Starosta Novák",
        "Koordinátorka",
    }
    # the people list links only to the people they may edit
    listing = client.get(
        reverse("organisation:person_list", kwargs={"slug": process.slug})
    ).content.decode()
    assert edit(led["led"]) in listing and edit(led["boss"]) not in listing
    # groups they do not lead are not theirs to manage
    other = reverse(
        "organisation:group_edit", kwargs={"slug": process.slug, "group": led["other_group"].slug}
    )
    assert client.get(other).status_code == 403
    # the coordinator still does all of it
    boss_client = client_for(coordinator)
    assert boss_client.get(edit(led["outsider"])).status_code == 200
    assert boss_client.post(anonymise(led["outsider"])).status_code == 302


def test_a_proposed_photo_is_shown_only_to_its_reviewers(files, staff, nobody, client, client_for):
    from socplan.catalogue import review
    from socplan.catalogue.models import ChangeProposal
    from socplan.planning.tests.builders import make_service

    service = make_service()
    name = review.store_pending_photo(SimpleUploadedFile("foto.jpg", b"\xff\xd8jpg"))
    proposal = ChangeProposal.objects.create(
        service=service,
        kind=ChangeProposal.Kind.SUGGESTION,
        changes={review.PHOTOS_ADD: [{"file": name, "alt": "Budova"}]},
    )
    url = reverse("catalogue:review_photo", args=[proposal.pk, 0])
    assert client.get(f"/media/{name}").status_code == 404
    assert client.get(url).status_code == 302
    assert client_for(nobody).get(url).status_code == 403
    response = client_for(staff).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"\xff\xd8jpg"
    assert (
        client_for(staff).get(reverse("catalogue:review_photo", args=[proposal.pk, 1])).status_code
        == 404
    )
