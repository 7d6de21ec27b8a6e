import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from socplan.accounts.audit import AccountsAction
from socplan.core.audit import audit_log
from socplan.core.models import AuditEvent
from socplan.organisation.models import ProcessRole
from socplan.territory.models import RegionRole
from socplan.testing import make_other_region

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser(email="root@example.org", password="x-secret-pass-1")


def test_it_adds_a_user_without_a_username(client_for, superuser):
    client = client_for(superuser)
    url = reverse("admin:accounts_user_add")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "email": "Added@Example.org",
            "full_name": "Added Person",
            "usable_password": "true",
            "password1": "a-good-long-password-1",
            "password2": "a-good-long-password-1",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(email="added@example.org")
    assert user.check_password("a-good-long-password-1")


def test_it_refuses_a_duplicate_email_in_any_case(client_for, superuser, nobody):
    response = client_for(superuser).post(
        reverse("admin:accounts_user_add"),
        {"email": "NOBODY@example.org", "usable_password": "false"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"]


def test_it_changes_a_user_in_the_admin(client_for, superuser, coordinator):
    client = client_for(superuser)
    url = reverse("admin:accounts_user_change", args=[coordinator.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "coordinator@example.org" in response.content.decode()
    assert client.get(reverse("admin:accounts_user_changelist") + "?q=coord").status_code == 200


def test_it_manages_region_staff_in_the_admin_with_audit(client_for, superuser, nobody):
    region = make_other_region()
    response = client_for(superuser).post(
        reverse("admin:territory_regionrole_add"), {"user": nobody.pk, "region": region.pk}
    )
    assert response.status_code == 302
    assert RegionRole.objects.filter(user=nobody, region=region).exists()
    assert AuditEvent.objects.filter(action="region_role.granted", actor=superuser).exists()


def test_it_keeps_the_last_coordinator_in_the_admin(client_for, superuser, coordinator):
    role = coordinator.process_roles.get()
    client = client_for(superuser)
    response = client.post(
        reverse("admin:organisation_processrole_delete", args=[role.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert ProcessRole.objects.filter(pk=role.pk).exists()


def test_it_shows_the_audit_log_read_only_to_site_staff(client_for, staff, coordinator):
    event = audit_log(
        actor=coordinator, action=AccountsAction.USER_PASSWORD_CHANGED, obj=coordinator, note="hi"
    )
    client = client_for(staff)  # site staff, not a superuser
    page = client.get(reverse("admin:core_auditevent_changelist"))
    assert page.status_code == 200
    assert "password changed" in page.content.decode()  # the action's label
    assert client.get(reverse("admin:core_auditevent_change", args=[event.pk])).status_code == 200
    assert client.get(reverse("admin:core_auditevent_add")).status_code == 403
    response = client.post(
        reverse("admin:core_auditevent_delete", args=[event.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_it_hides_the_audit_log_from_non_staff(client_for, coordinator):
    response = client_for(coordinator).get(reverse("admin:core_auditevent_changelist"))
    assert response.status_code == 302  # to the admin login
