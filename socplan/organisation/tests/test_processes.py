import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from socplan.core.models import AuditEvent
from socplan.organisation.models import Partner, Phase, PlanningProcess, ProcessRole

TODAY = datetime.date.today()


@pytest.fixture(autouse=True)
def _english(settings, tmp_path):
    # Assert on the English source strings; uploads go to a throw-away folder.
    settings.LANGUAGE_CODE = "en"
    settings.MEDIA_ROOT = tmp_path / "media"


def detail_url(process):
    return reverse("organisation:process_detail", kwargs={"slug": process.slug})


def edit_url(process):
    return reverse("organisation:process_edit", kwargs={"slug": process.slug})


def phases_url(process):
    return reverse("organisation:process_phases", kwargs={"slug": process.slug})


def png_bytes(size=(20, 10), fmt="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (35, 98, 162)).save(buffer, format=fmt)
    return buffer.getvalue()


def form_data(process=None, **overrides):
    """POST data of the process form with the values of ``process`` (or a new one)."""
    data = {
        "planning_area": process.planning_area_id if process else "",
        "name": process.name if process else "Komunitní plán Pelhřimovska",
        "purpose": process.purpose if process else "Plánujeme služby společně.",
        "period_start": process.period_start if process else 2025,
        "period_end": process.period_end if process else 2027,
        "realizer": process.realizer if process else "MAS Pelhřimovsko",
        "realizer_url": process.realizer_url if process else "",
        "funding_programme": process.funding_programme if process else "OPZ+",
        "registration_number": process.registration_number if process else "",
        "grant_amount": process.grant_amount or "" if process else "",
        "realization_start": process.realization_start or "" if process else "",
        "realization_end": process.realization_end or "" if process else "",
        "publicity_notice": process.publicity_notice if process else "",
        "logo_alt": process.logo_alt if process else "",
        "brand_logo_alt": process.brand_logo_alt if process else "",
        "contact_name": process.contact_name if process else "",
        "contact_email": process.contact_email if process else "",
        "contact_phone": process.contact_phone if process else "",
        "partners-TOTAL_FORMS": "0",
        "partners-INITIAL_FORMS": "0",
        "partners-MIN_NUM_FORMS": "0",
        "partners-MAX_NUM_FORMS": "1000",
    }
    if process is None or process.is_published:
        data["is_published"] = "on"
    data.update(overrides)
    return data


def with_partners(data, process, rows):
    """Add partner rows: existing partners of the process first, then ``rows``."""
    existing = list(process.partners.all()) if process else []
    data["partners-INITIAL_FORMS"] = str(len(existing))
    data["partners-TOTAL_FORMS"] = str(len(existing) + len(rows))
    for i, partner in enumerate(existing):
        data[f"partners-{i}-id"] = str(partner.pk)
        data[f"partners-{i}-process"] = str(process.pk)
        data[f"partners-{i}-name"] = partner.name
        data[f"partners-{i}-url"] = partner.url
        data[f"partners-{i}-order"] = str(partner.order)
    for j, row in enumerate(rows, start=len(existing)):
        for key, value in row.items():
            data[f"partners-{j}-{key}"] = value
    return data


def set_phases_around_today(process):
    process.phases.all().delete()
    Phase.objects.create(
        process=process,
        kind=Phase.Kind.ANALYSIS,
        start=TODAY - datetime.timedelta(days=60),
        end=TODAY - datetime.timedelta(days=31),
    )
    Phase.objects.create(
        process=process,
        kind=Phase.Kind.DRAFTING,
        start=TODAY - datetime.timedelta(days=30),
        end=TODAY + datetime.timedelta(days=30),
        note="Pracovní skupiny navrhují opatření.",
    )
    Phase.objects.create(
        process=process,
        kind=Phase.Kind.CONSULTATION,
        start=TODAY + datetime.timedelta(days=31),
        end=TODAY + datetime.timedelta(days=60),
    )


# The public page -----------------------------------------------------------------------


def test_it_shows_the_public_page_of_a_process(client, process):
    Partner.objects.create(process=process, name="Město Humpolec", url="https://www.humpolec.cz")
    process.funding_programme = "Operační program Zaměstnanost"
    process.save()
    set_phases_around_today(process)

    response = client.get(detail_url(process))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Komunitní plán sociálních služeb v ORP Humpolec" in html
    assert "MAS Společnost pro rozvoj Humpolecka" in html
    assert "2019–2021" in html
    assert "CZ.03.2.63/0.0/0.0/16_063/0006578" in html
    assert "Projekt je spolufinancován Evropskou unií." in html
    assert '<a href="https://www.humpolec.cz">Město Humpolec</a>' in html
    assert "Current phase: <strong>Drafting the plan</strong>" in html
    assert "Pracovní skupiny navrhují opatření." in html
    assert "kontakt@example.org" in html
    # Past, current and future phases are told in words, not only by colour.
    assert html.index("completed") < html.index("current phase") < html.index("planned")
    # The territory with its population (census 2021 of the three municipalities).
    assert "ORP Humpolec" in html
    assert "11,860" in html  # 10 835 + 330 + 695
    # The publicity notice is shown once: in the "Funding" section, not again in the footer
    # (the other pages of the process have it in the footer).
    assert html.count("Projekt je spolufinancován Evropskou unií.") == 1
    assert html.count('class="publicity"') == 1
    # The kind of area follows its name without brackets inside brackets.
    assert "(ORP (" not in html
    # Nobody without a role sees the edit links.
    assert edit_url(process) not in html


def test_it_states_the_last_phase_when_all_phases_ended(client, process):
    html = client.get(detail_url(process)).content.decode()
    # make_process plans preparation and analysis in 2017–2018 only
    assert "Last phase: <strong>Analysis</strong>" in html
    assert "Current phase" not in html


def test_it_finds_the_current_phase_on_a_given_date(process):
    assert process.current_phase(datetime.date(2017, 10, 1)).kind == Phase.Kind.PREPARATION
    assert process.current_phase(datetime.date(2018, 3, 1)).kind == Phase.Kind.ANALYSIS
    # after the last phase ended: the last one started
    assert process.current_phase(datetime.date(2020, 1, 1)).kind == Phase.Kind.ANALYSIS
    assert process.current_phase(datetime.date(2017, 1, 1)) is None


def test_it_marks_phases_past_current_and_future_on_a_date(process):
    from socplan.organisation.selectors import process_timeline

    timeline = process_timeline(process=process, on=datetime.date(2018, 3, 1))
    assert [(e.phase.kind, e.status) for e in timeline.entries] == [
        ("preparation", "past"),
        ("analysis", "current"),
    ]
    assert timeline.current.kind == "analysis"
    assert timeline.current_is_running

    timeline = process_timeline(process=process, on=datetime.date(2017, 1, 1))
    assert [e.status for e in timeline.entries] == ["future", "future"]
    assert timeline.current is None


def test_it_formats_the_grant_in_czech(client, process, settings):
    settings.LANGUAGE_CODE = "cs"
    process.grant_amount = Decimal("1234567.00")
    process.realization_start = datetime.date(2017, 9, 1)
    process.save()

    html = client.get(detail_url(process)).content.decode()

    assert "1\xa0234\xa0567" in html
    assert "1. 9. 2017" in html  # the interface's date (core/formats)


def test_it_marks_demo_processes(client, process):
    PlanningProcess.objects.filter(pk=process.pk).update(is_demo=True)
    html = client.get(detail_url(process)).content.decode()
    assert "badge--demo" in html
    assert "Demo data" in html


def test_it_shows_edit_links_to_the_coordinator(client_for, process, coordinator):
    html = client_for(coordinator).get(detail_url(process)).content.decode()
    assert edit_url(process) in html
    assert phases_url(process) in html


def test_it_shows_the_people_link_when_the_accounts_page_exists(client_for, process, coordinator):
    from django.urls import NoReverseMatch

    try:
        people_url = reverse("organisation:process_people", kwargs={"slug": process.slug})
    except NoReverseMatch:
        pytest.skip("organisation:process_people is not installed")
    html = client_for(coordinator).get(detail_url(process)).content.decode()
    assert people_url in html


def test_it_returns_404_for_an_unknown_process(client, db):
    assert client.get("/procesy/no-such-process/").status_code == 404


# Unpublished processes -------------------------------------------------------------------


@pytest.fixture
def hidden_roles(django_user_model, unpublished_process):
    """Personas of the unpublished process (the shared ones belong to ``process``)."""
    users = {}
    for role in ("coordinator", "member"):
        user = django_user_model.objects.create_user(
            email=f"hidden-{role}@example.org", password="x", full_name=role
        )
        ProcessRole.objects.create(user=user, process=unpublished_process, role=role)
        users[role] = user
    return users


def test_it_hides_an_unpublished_process_from_the_public(
    client, client_for, unpublished_process, nobody
):
    assert client.get(detail_url(unpublished_process)).status_code == 404
    assert client_for(nobody).get(detail_url(unpublished_process)).status_code == 404


def test_it_hides_an_unpublished_process_from_other_regions(
    client_for, unpublished_process, other_region_staff
):
    response = client_for(other_region_staff).get(detail_url(unpublished_process))
    assert response.status_code == 404


def test_it_hides_an_unpublished_process_from_roles_in_other_processes(
    client_for, unpublished_process, coordinator
):
    assert client_for(coordinator).get(detail_url(unpublished_process)).status_code == 404


def test_it_shows_an_unpublished_process_to_those_with_access(
    client_for, unpublished_process, staff, hidden_roles, region_staff
):
    for user in [staff, hidden_roles["coordinator"], hidden_roles["member"], region_staff]:
        response = client_for(user).get(detail_url(unpublished_process))
        assert response.status_code == 200, user
        assert "Not published" in response.content.decode()


# Creating a process --------------------------------------------------------------------


def test_it_shows_the_create_form(client_for, staff, area):
    response = client_for(staff).get(reverse("organisation:process_create"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="registration_number"' in html
    assert 'name="publicity_notice"' in html
    assert 'name="partners-0-name"' in html
    assert "ORP Humpolec" in html  # the planning area to choose


def test_it_lets_a_user_who_may_start_processes_create_one(client_for, nobody, area):
    nobody.can_start_processes = True
    nobody.save()
    data = form_data(
        planning_area=area.pk,
        registration_number="CZ.03.02.01/00/22_002/0000061",
        publicity_notice="Projekt je financován Evropskou unií.",
    )
    with_partners(data, None, [{"name": "Město Pelhřimov", "url": "", "order": "1"}])

    response = client_for(nobody).post(reverse("organisation:process_create"), data)

    process = PlanningProcess.objects.get(name="Komunitní plán Pelhřimovska")
    assert response.status_code == 302
    assert response["Location"] == detail_url(process)
    assert process.slug == "komunitni-plan-pelhrimovska"
    assert process.registration_number == "CZ.03.02.01/00/22_002/0000061"
    assert process.created_by == nobody
    assert process.phases.count() == 0
    assert [p.name for p in process.partners.all()] == ["Město Pelhřimov"]
    assert ProcessRole.objects.filter(
        user=nobody, process=process, role=ProcessRole.Role.COORDINATOR
    ).exists()
    assert AuditEvent.objects.filter(action="process.created", object_id=str(process.pk)).exists()


def test_it_lets_site_staff_create_a_process_without_becoming_coordinator(client_for, staff, area):
    response = client_for(staff).post(
        reverse("organisation:process_create"), form_data(planning_area=area.pk)
    )
    assert response.status_code == 302
    process = PlanningProcess.objects.get(name="Komunitní plán Pelhřimovska")
    assert not ProcessRole.objects.filter(process=process).exists()


def test_it_lets_site_staff_become_coordinator_when_asked(client_for, staff, area):
    data = form_data(planning_area=area.pk, make_coordinator="on")
    client_for(staff).post(reverse("organisation:process_create"), data)
    process = PlanningProcess.objects.get(name="Komunitní plán Pelhřimovska")
    assert ProcessRole.objects.filter(user=staff, process=process, role="coordinator").exists()


def test_it_gives_processes_of_the_same_name_different_addresses(client_for, staff, process):
    data = form_data(planning_area=process.planning_area_id, name=process.name)
    client_for(staff).post(reverse("organisation:process_create"), data)
    slugs = set(PlanningProcess.objects.values_list("slug", flat=True))
    assert slugs == {"kpss-humpolec", "komunitni-plan-socialnich-sluzeb-v-orp-humpolec"}
    client_for(staff).post(reverse("organisation:process_create"), data)
    assert PlanningProcess.objects.filter(
        slug="komunitni-plan-socialnich-sluzeb-v-orp-humpolec-2"
    ).exists()


def test_it_refuses_to_create_a_process_for_nobody(client_for, nobody, area):
    url = reverse("organisation:process_create")
    assert client_for(nobody).get(url).status_code == 403
    response = client_for(nobody).post(url, form_data(planning_area=area.pk))
    assert response.status_code == 403
    assert not PlanningProcess.objects.exists()


def test_it_sends_anonymous_users_to_login_from_the_create_form(client, area):
    url = reverse("organisation:process_create")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    client.post(url, form_data(planning_area=area.pk))
    assert not PlanningProcess.objects.exists()


def test_it_rejects_a_malformed_registration_number(client_for, staff, area):
    data = form_data(planning_area=area.pk, registration_number="CZ 03 2 63")
    response = client_for(staff).post(reverse("organisation:process_create"), data)
    assert response.status_code == 200
    assert "CZ 03 2 63" in response.content.decode()
    assert "registration_number" in response.context["form"].errors
    assert not PlanningProcess.objects.exists()


def test_it_lists_each_error_with_a_link_to_its_field(client_for, staff, area):
    data = form_data(planning_area=area.pk, registration_number="CZ 03 2 63", period_start=2028)
    response = client_for(staff).post(reverse("organisation:process_create"), data)
    html = response.content.decode()
    summary = html[html.index('class="form-errors"') : html.index("<fieldset>")]
    assert '<a href="#id_registration_number">Registration number: ' in summary
    assert '<a href="#id_period_end">' in summary
    assert 'id="id_registration_number"' in html


def test_it_asks_to_choose_the_logo_again_when_the_form_comes_back(client_for, staff, area):
    data = form_data(planning_area=area.pk, period_start=2028, logo_alt="Logo EU")
    data["logo"] = SimpleUploadedFile("eu-logo.png", png_bytes(), content_type="image/png")
    response = client_for(staff).post(reverse("organisation:process_create"), data)
    assert response.status_code == 200
    assert "The logo eu-logo.png has not been saved yet" in response.content.decode()
    assert not PlanningProcess.objects.exists()
    # Without a file sent there is nothing to choose again.
    response = client_for(staff).post(
        reverse("organisation:process_create"), form_data(planning_area=area.pk, period_start=2028)
    )
    assert "has not been saved yet" not in response.content.decode()


# Editing a process ---------------------------------------------------------------------


def test_it_lets_the_coordinator_edit_the_process(client_for, process, coordinator):
    data = form_data(
        process,
        name="KPSS Humpolecko",
        purpose="Nový účel",
        grant_amount="2500000",
        realization_start="2017-09-01",
        realization_end="2019-12-31",
        contact_phone="+420 565 000 000",
    )
    response = client_for(coordinator).post(edit_url(process), data)

    assert response.status_code == 302
    process.refresh_from_db()
    assert process.name == "KPSS Humpolecko"
    assert process.slug == "kpss-humpolec"  # the address stays
    assert process.grant_amount == Decimal("2500000")
    assert process.realization_end == datetime.date(2019, 12, 31)
    event = AuditEvent.objects.get(action="process.updated")
    assert event.actor == coordinator
    assert event.data["changed"]["name"] == "KPSS Humpolecko"
    assert "registration_number" not in event.data["changed"]


def test_it_shows_the_edit_form_with_current_values(client_for, process, coordinator):
    response = client_for(coordinator).get(edit_url(process))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="CZ.03.2.63/0.0/0.0/16_063/0006578"' in html
    assert "make_coordinator" not in html


@pytest.mark.parametrize("persona", ["methodologist", "member", "nobody", "region_staff"])
def test_it_refuses_editing_to_others(request, client_for, process, persona):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    assert client.get(edit_url(process)).status_code == 403
    assert client.post(edit_url(process), form_data(process, name="Hacked")).status_code == 403
    assert client.get(phases_url(process)).status_code == 403
    process.refresh_from_db()
    assert process.name != "Hacked"


def test_it_sends_anonymous_users_to_login_from_the_edit_form(client, process):
    response = client.post(edit_url(process), form_data(process, name="Hacked"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    process.refresh_from_db()
    assert process.name != "Hacked"


def test_it_keeps_typed_values_and_changes_nothing_for_an_invalid_period(
    client_for, process, coordinator
):
    data = form_data(process, name="Nový název", period_start="2024", period_end="2022")
    response = client_for(coordinator).post(edit_url(process), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "The plan period cannot end before it starts." in html
    assert 'value="Nový název"' in html
    assert 'value="2024"' in html and 'value="2022"' in html
    process.refresh_from_db()
    assert (process.name, process.period_start, process.period_end) == (
        "Komunitní plán sociálních služeb v ORP Humpolec",
        2019,
        2021,
    )
    assert not AuditEvent.objects.filter(action="process.updated").exists()


def test_it_rejects_a_realization_ending_before_it_starts(client_for, process, coordinator):
    data = form_data(process, realization_start="2019-01-01", realization_end="2018-01-01")
    response = client_for(coordinator).post(edit_url(process), data)
    assert response.status_code == 200
    assert "realization_end" in response.context["form"].errors
    process.refresh_from_db()
    assert process.realization_start is None


# Partners ------------------------------------------------------------------------------


def test_it_adds_changes_and_deletes_partners(client_for, process, coordinator):
    kept = Partner.objects.create(process=process, name="Město Humpolec", order=1)
    gone = Partner.objects.create(process=process, name="Obec Herálec", order=2)
    data = with_partners(
        form_data(process),
        process,
        [{"name": "Charita Humpolec", "url": "https://humpolec.charita.cz", "order": "3"}],
    )
    data["partners-0-url"] = "https://www.mesto-humpolec.cz"
    data["partners-1-DELETE"] = "on"

    response = client_for(coordinator).post(edit_url(process), data)

    assert response.status_code == 302
    assert list(process.partners.values_list("name", "url")) == [
        ("Město Humpolec", "https://www.mesto-humpolec.cz"),
        ("Charita Humpolec", "https://humpolec.charita.cz"),
    ]
    assert not Partner.objects.filter(pk=gone.pk).exists()
    assert Partner.objects.get(pk=kept.pk).url == "https://www.mesto-humpolec.cz"
    event = AuditEvent.objects.get(action="process.partners_updated")
    assert event.data["added"] == ["Charita Humpolec"]
    assert event.data["deleted"] == [gone.pk]


def test_it_adds_a_partner_row_without_saving(client_for, process, coordinator):
    data = with_partners(form_data(process, name="Neuloženo"), process, [])
    data["partners-TOTAL_FORMS"] = "1"
    data["partners-0-name"] = "Typed partner"
    data["add_partner"] = "1"

    response = client_for(coordinator).post(edit_url(process), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Typed partner"' in html
    assert 'name="partners-1-name"' in html
    assert response.context["partners"].total_form_count() == 2
    process.refresh_from_db()
    assert process.name != "Neuloženo"
    assert not process.partners.exists()


def test_it_rejects_a_partner_without_a_name(client_for, process, coordinator):
    data = with_partners(form_data(process), process, [{"url": "https://example.org"}])
    response = client_for(coordinator).post(edit_url(process), data)
    assert response.status_code == 200
    assert not process.partners.exists()


# Logo ----------------------------------------------------------------------------------


def test_it_uploads_a_logo_and_shows_it_with_its_text_alternative(
    client_for, client, process, coordinator
):
    data = form_data(process, logo_alt="Logo Evropské unie a OPZ")
    data["logo"] = SimpleUploadedFile("eu.png", png_bytes(), content_type="image/png")

    response = client_for(coordinator).post(edit_url(process), data)

    assert response.status_code == 302
    process.refresh_from_db()
    assert process.logo.name.startswith("process-logos/eu")
    html = client.get(detail_url(process)).content.decode()
    assert html.count(f'<img src="{process.logo.url}" alt="Logo Evropské unie a OPZ">') == 1
    # The other pages of the process show it in the footer.
    html = client_for(coordinator).get(phases_url(process)).content.decode()
    assert html.count(f'<img src="{process.logo.url}" alt="Logo Evropské unie a OPZ">') == 1

    # Saving again without a new file keeps the logo.
    client_for(coordinator).post(edit_url(process), form_data(process, name="Jiný název"))
    process.refresh_from_db()
    assert process.logo.name.startswith("process-logos/eu")


def test_it_rejects_a_logo_that_is_not_an_image(client_for, process, coordinator):
    data = form_data(process, logo_alt="Logo")
    data["logo"] = SimpleUploadedFile("eu.png", b"not an image", content_type="image/png")
    response = client_for(coordinator).post(edit_url(process), data)
    assert response.status_code == 200
    assert "logo" in response.context["form"].errors
    process.refresh_from_db()
    assert not process.logo


def test_it_rejects_a_gif_logo(client_for, process, coordinator):
    data = form_data(process, logo_alt="Logo")
    data["logo"] = SimpleUploadedFile("eu.gif", png_bytes(fmt="GIF"), content_type="image/gif")
    response = client_for(coordinator).post(edit_url(process), data)
    assert response.status_code == 200
    assert "logo" in response.context["form"].errors


def test_it_rejects_a_logo_over_two_megabytes(process, coordinator, settings):
    # random pixels do not compress: a 1000×1000 PNG is about 3 MB
    import os

    from django.core.exceptions import ValidationError

    from socplan.organisation import services

    noise = Image.frombytes("RGB", (1000, 1000), os.urandom(3 * 1000 * 1000))
    buffer = io.BytesIO()
    noise.save(buffer, format="PNG")
    assert buffer.tell() > 2 * 1024 * 1024
    upload = SimpleUploadedFile("big.png", buffer.getvalue(), content_type="image/png")
    with pytest.raises(ValidationError) as error:
        services.process_update(process=process, actor=coordinator, logo=upload, logo_alt="x")
    assert "logo" in error.value.error_dict
    process.refresh_from_db()
    assert not process.logo


def test_it_asks_for_a_text_alternative_of_a_new_logo(client_for, process, coordinator):
    data = form_data(process, logo_alt="")
    data["logo"] = SimpleUploadedFile("eu.png", png_bytes(), content_type="image/png")
    response = client_for(coordinator).post(edit_url(process), data)
    assert response.status_code == 200
    assert "logo_alt" in response.context["form"].errors


def test_it_shows_the_process_own_logo_in_the_header_of_its_public_pages(
    client_for, client, process, coordinator
):
    data = form_data(process, brand_logo_alt="Logo MAS Pelhřimovsko")
    data["brand_logo"] = SimpleUploadedFile("mas.png", png_bytes(), content_type="image/png")

    response = client_for(coordinator).post(edit_url(process), data)

    assert response.status_code == 302
    process.refresh_from_db()
    assert process.brand_logo.name.startswith("process-logos/mas")
    assert not process.logo  # the funding logos are another field
    img = f'<img class="process-brand__logo" src="{process.brand_logo.url}"'
    html = client.get(detail_url(process)).content.decode()
    header = html[html.index('class="site-header"') : html.index("</header>")]
    assert img in header
    assert 'alt="Logo MAS Pelhřimovsko"' in header
    # A page of the process that is not its detail carries it too; other pages do not.
    plans = client.get(reverse("planning:plan_list", kwargs={"slug": process.slug}))
    assert img in plans.content.decode()
    assert "process-brand__logo" not in client.get(reverse("home:index")).content.decode()
    # It is a public file, served to anybody.
    served = client.get(process.brand_logo.url)
    assert served.status_code == 200
    assert (
        b"".join(served.streaming_content if served.streaming else [served.content])[:8]
        == b"\x89PNG\r\n\x1a\n"
    )
    # Saving again without a new file keeps it; the clear box removes it.
    client_for(coordinator).post(edit_url(process), form_data(process, name="Jiný název"))
    process.refresh_from_db()
    assert process.brand_logo.name.startswith("process-logos/mas")
    client_for(coordinator).post(
        edit_url(process), form_data(process, **{"brand_logo-clear": "on"})
    )
    process.refresh_from_db()
    assert not process.brand_logo


def test_a_funded_process_shows_the_eu_emblem_with_its_notice_on_its_pages(client, process):
    plans = reverse("planning:plan_list", kwargs={"slug": process.slug})
    html = client.get(plans).content.decode()
    footer = html[html.index('class="site-footer"') :]
    assert "socplan/eu-emblem.png" in footer and 'alt="Flag of the European Union"' in footer
    assert "Projekt je spolufinancován Evropskou unií." in footer
    PlanningProcess.objects.filter(pk=process.pk).update(
        publicity_notice="", registration_number="", funding_programme="", grant_amount=None
    )
    assert "eu-emblem" not in client.get(plans).content.decode()


def test_it_validates_the_process_own_logo_as_an_image_with_a_text_alternative(
    client_for, process, coordinator
):
    data = form_data(process, brand_logo_alt="Logo")
    data["brand_logo"] = SimpleUploadedFile("mas.png", b"not an image", content_type="image/png")
    response = client_for(coordinator).post(edit_url(process), data)
    assert response.status_code == 200
    assert "brand_logo" in response.context["form"].errors
    data = form_data(process, brand_logo_alt="")
    data["brand_logo"] = SimpleUploadedFile(
        "mas.gif", png_bytes(fmt="GIF"), content_type="image/gif"
    )
    response = client_for(coordinator).post(edit_url(process), data)
    assert "brand_logo" in response.context["form"].errors
    data = form_data(process, brand_logo_alt="")
    data["brand_logo"] = SimpleUploadedFile("mas.png", png_bytes(), content_type="image/png")
    response = client_for(coordinator).post(edit_url(process), data)
    assert "brand_logo_alt" in response.context["form"].errors
    process.refresh_from_db()
    assert not process.brand_logo


# Phases --------------------------------------------------------------------------------


def phase_data(rows: dict) -> dict:
    data = {
        "phases-TOTAL_FORMS": "7",
        "phases-INITIAL_FORMS": "7",
        "phases-MIN_NUM_FORMS": "7",
        "phases-MAX_NUM_FORMS": "7",
    }
    for i, kind in enumerate(Phase.Kind.values):
        start, end, note = rows.get(kind, ("", "", ""))
        data.update(
            {
                f"phases-{i}-kind": kind,
                f"phases-{i}-start": start,
                f"phases-{i}-end": end,
                f"phases-{i}-note": note,
            }
        )
    return data


def test_it_shows_the_seven_phases_to_plan(client_for, process, coordinator):
    response = client_for(coordinator).get(phases_url(process))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('type="date"') == 14
    assert 'value="2017-09-01"' in html  # the planned preparation


def test_it_saves_the_phases(client_for, process, coordinator):
    data = phase_data(
        {
            "preparation": ("2017-09-01", "2017-12-31", "Informační schůzka"),
            "drafting": ("2018-07-01", "2018-10-31", ""),
            "implementation": ("2019-01-01", "", ""),
        }
    )
    response = client_for(coordinator).post(phases_url(process), data)

    assert response.status_code == 302
    assert list(process.phases.values_list("kind", "start", "end", "note")) == [
        (
            "preparation",
            datetime.date(2017, 9, 1),
            datetime.date(2017, 12, 31),
            "Informační schůzka",
        ),
        ("drafting", datetime.date(2018, 7, 1), datetime.date(2018, 10, 31), ""),
        ("implementation", datetime.date(2019, 1, 1), None, ""),
    ]
    event = AuditEvent.objects.get(action="process.phases_updated")
    assert event.data["removed"] == ["analysis"]
    assert set(event.data["planned"]) == {"preparation", "drafting", "implementation"}


def test_it_rejects_a_phase_ending_before_it_starts(client_for, process, coordinator):
    data = phase_data({"preparation": ("2017-09-01", "2017-08-01", "")})
    response = client_for(coordinator).post(phases_url(process), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "A phase cannot end before it starts." in html
    assert 'value="2017-08-01"' in html
    assert process.phases.count() == 2  # unchanged


def test_it_rejects_phases_out_of_order(client_for, process, coordinator):
    data = phase_data(
        {
            "preparation": ("2018-01-01", "2018-03-31", ""),
            "analysis": ("2017-06-01", "2017-12-31", ""),
        }
    )
    response = client_for(coordinator).post(phases_url(process), data)
    assert response.status_code == 200
    assert "cannot start before" in response.content.decode()
    assert process.phases.get(kind="preparation").start == datetime.date(2017, 9, 1)


def test_it_rejects_a_phase_with_an_end_but_no_start(client_for, process, coordinator):
    data = phase_data({"approval": ("", "2019-01-31", "")})
    response = client_for(coordinator).post(phases_url(process), data)
    assert response.status_code == 200
    assert not process.phases.filter(kind="approval").exists()


# Home and dashboard ---------------------------------------------------------------------


def test_it_lists_published_processes_on_the_home_page(client, process, unpublished_process):
    html = client.get(reverse("home:index")).content.decode()
    assert detail_url(process) in html
    assert detail_url(unpublished_process) not in html


def test_it_lists_the_users_processes_on_the_dashboard(
    client_for, process, unpublished_process, coordinator
):
    html = client_for(coordinator).get(reverse("home:dashboard")).content.decode()
    assert detail_url(process) in html
    assert edit_url(process) in html
    assert detail_url(unpublished_process) not in html


def test_it_lists_the_regions_processes_for_region_staff(
    client_for, process, unpublished_process, region_staff, other_region_staff
):
    html = client_for(region_staff).get(reverse("home:dashboard")).content.decode()
    assert detail_url(process) in html
    assert detail_url(unpublished_process) in html  # same region (Vysočina)
    assert edit_url(process) not in html
    html = client_for(other_region_staff).get(reverse("home:dashboard")).content.decode()
    assert detail_url(unpublished_process) not in html


def test_it_offers_a_new_process_on_the_dashboard_only_to_those_who_may(client_for, staff, nobody):
    url = reverse("organisation:process_create")
    assert url in client_for(staff).get(reverse("home:dashboard")).content.decode()
    assert url not in client_for(nobody).get(reverse("home:dashboard")).content.decode()


def test_it_keeps_a_new_process_unpublished_until_the_coordinator_publishes_it(
    client_for, staff, area
):
    response = client_for(staff).get(reverse("organisation:process_create"))
    assert response.context["form"]["is_published"].value() is False

    data = form_data(planning_area=area.pk)
    data.pop("is_published", None)
    client_for(staff).post(reverse("organisation:process_create"), data)

    process = PlanningProcess.objects.get(name="Komunitní plán Pelhřimovska")
    assert process.is_published is False
    assert client_for(None).get(detail_url(process)).status_code == 404


def test_it_reads_the_grant_amount_as_people_write_it_in_czech(
    client_for, coordinator, process, settings
):
    settings.LANGUAGE_CODE = "cs"
    data = form_data(planning_area=process.planning_area.pk, grant_amount="2 450 000,50")
    with_partners(data, process, [])

    response = client_for(coordinator).post(
        reverse("organisation:process_edit", kwargs={"slug": process.slug}), data
    )

    assert response.status_code == 302
    process.refresh_from_db()
    assert str(process.grant_amount) == "2450000.50"
    form = client_for(coordinator).get(
        reverse("organisation:process_edit", kwargs={"slug": process.slug})
    )
    assert 'value="2\xa0450\xa0000,50"' in form.content.decode()
