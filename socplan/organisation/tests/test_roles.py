import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from socplan.core.models import AuditEvent
from socplan.organisation import services
from socplan.organisation.models import ProcessRole

pytestmark = pytest.mark.django_db

REFUSED = ["nobody", "member", "methodologist", "region_staff", "other_region_staff"]


def _people_url(process):
    return reverse("organisation:process_people", kwargs={"slug": process.slug})


def test_it_sends_anonymous_visitors_of_the_people_page_to_login(client, process):
    response = client.get(_people_url(process))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")


@pytest.mark.parametrize("persona", REFUSED)
def test_it_refuses_the_people_page_to_others(request, client_for, process, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(_people_url(process)).status_code == 403
    response = client.post(
        _people_url(process), {"email": "x@example.org", "full_name": "", "role": "coordinator"}
    )
    assert response.status_code == 403
    assert not process.invitations.exists()


@pytest.mark.parametrize("persona", ["coordinator", "staff"])
def test_it_shows_the_people_page(request, client_for, process, persona, member, coordinator):
    client = client_for(request.getfixturevalue(persona))
    response = client.get(_people_url(process))
    html = response.content.decode()
    assert response.status_code == 200
    assert "member@example.org" in html
    assert "coordinator@example.org" in html
    assert "<caption" in html
    assert (
        reverse(
            "organisation:role_revoke",
            kwargs={"slug": process.slug, "pk": member.process_roles.get().pk},
        )
        in html
    )


def test_it_answers_404_for_an_unknown_process(client_for, staff):
    assert client_for(staff).get("/procesy/no-such-process/role/").status_code == 404


def test_the_old_address_of_the_people_page_redirects(client, process):
    response = client.get(f"/ucet/proces/{process.slug}/lide/")
    assert response.status_code == 301
    assert response["Location"] == _people_url(process)


def test_it_refuses_the_people_page_of_another_process(
    client_for, coordinator, unpublished_process
):
    assert client_for(coordinator).get(_people_url(unpublished_process)).status_code == 403


@pytest.mark.parametrize("persona", ["coordinator", "member", "nobody", "region_staff"])
def test_it_refuses_the_site_invite_page(request, client_for, persona):
    client = client_for(request.getfixturevalue(persona))
    url = reverse("accounts:invite_site_user")
    assert client.get(url).status_code == 403
    assert client.post(url, {"email": "x@example.org"}).status_code == 403


def test_it_sends_anonymous_visitors_of_the_site_invite_page_to_login(client, db):
    response = client.get(reverse("accounts:invite_site_user"))
    assert response.status_code == 302


def test_it_shows_the_site_invite_page_to_staff(client_for, staff):
    response = client_for(staff).get(reverse("accounts:invite_site_user"))
    assert response.status_code == 200
    assert 'type="email"' in response.content.decode()


def test_it_refuses_to_revoke_the_last_coordinator(coordinator, process, staff):
    role = coordinator.process_roles.get()
    with pytest.raises(ValidationError) as error:
        services.process_role_revoke(role_obj=role, actor=staff)
    assert error.value.code == "last_coordinator"
    assert ProcessRole.objects.filter(pk=role.pk).exists()
    assert not AuditEvent.objects.filter(action="process_role.revoked").exists()


def test_it_revokes_a_coordinator_when_another_remains(coordinator, process, member, staff):
    services.process_role_grant(user=member, process=process, role="coordinator", actor=staff)
    role = coordinator.process_roles.get()
    services.process_role_revoke(role_obj=role, actor=staff)
    assert not coordinator.process_roles.exists()
    event = AuditEvent.objects.get(action="process_role.revoked")
    assert event.actor == staff
    assert event.data == {"user": coordinator.pk, "process": process.pk, "role": "coordinator"}
    # and now the other one is the last
    with pytest.raises(ValidationError):
        services.process_role_revoke(
            role_obj=member.process_roles.get(role="coordinator"), actor=staff
        )


def test_it_grants_a_role_once(process, member, staff):
    first = services.process_role_grant(
        user=member, process=process, role="methodologist", actor=staff
    )
    again = services.process_role_grant(
        user=member, process=process, role="methodologist", actor=staff
    )
    assert first.pk == again.pk
    assert AuditEvent.objects.filter(action="process_role.granted").count() == 1
    assert member.has_perm("organisation.view_process_internal", process)


def test_it_asks_before_revoking_and_then_revokes(client_for, coordinator, member, process):
    client = client_for(coordinator)
    role = member.process_roles.get()
    url = reverse("organisation:role_revoke", kwargs={"slug": process.slug, "pk": role.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert "member@example.org" in response.content.decode()
    assert ProcessRole.objects.filter(pk=role.pk).exists()  # GET changes nothing
    response = client.post(url)
    assert response["Location"] == _people_url(process)
    assert not ProcessRole.objects.filter(pk=role.pk).exists()


def test_it_shows_an_error_when_revoking_the_last_coordinator(client_for, coordinator, process):
    client = client_for(coordinator)
    role = coordinator.process_roles.get()
    url = reverse("organisation:role_revoke", kwargs={"slug": process.slug, "pk": role.pk})
    response = client.post(url, follow=True)
    assert ProcessRole.objects.filter(pk=role.pk).exists()
    errors = [m for m in response.context["messages"] if m.level_tag == "error"]
    assert len(errors) == 1
    assert "message--error" in response.content.decode()


@pytest.mark.parametrize("persona", REFUSED)
def test_it_refuses_revoking_to_others(request, client_for, coordinator, member, process, persona):
    client = client_for(request.getfixturevalue(persona))
    role = member.process_roles.get() if persona != "member" else coordinator.process_roles.get()
    url = reverse("organisation:role_revoke", kwargs={"slug": process.slug, "pk": role.pk})
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert ProcessRole.objects.filter(pk=role.pk).exists()


def test_it_shows_my_account(client_for, coordinator, process):
    response = client_for(coordinator).get(reverse("accounts:account"))
    html = response.content.decode()
    assert response.status_code == 200
    assert process.name in html
    assert _people_url(process) in html
