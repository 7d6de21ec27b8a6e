"""Providers keep their entries current: invitations of provider editors, proposals,
public suggestions, the review queue, verification and the history."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from socplan import testing
from socplan.accounts.models import Invitation, Role
from socplan.catalogue import review
from socplan.catalogue.models import (
    ChangeProposal,
    ProviderEditor,
    ServiceAreaMunicipality,
    ServiceChange,
)
from socplan.core.mail import send_queued_emails
from socplan.core.models import AuditEvent, OutgoingEmail
from socplan.territory.models import Municipality
from socplan.testing.mail import sent_mail, sent_mail_later
from socplan.testing.personas import PASSWORD

from .review_helpers import add_manual_area, make_editor, make_provider, make_service, valid_ico

pytestmark = pytest.mark.django_db
User = get_user_model()
NEW_PASSWORD = "Plánujeme-sluzby-2024"
LINK = re.compile(r"https?://[^/\s]+(/ucet/pozvanka/[\w-]+/)")


@pytest.fixture
def provider(area):
    return make_provider()


@pytest.fixture
def service(provider):
    return make_service(provider=provider)


@pytest.fixture
def editor(django_user_model, provider, process):
    user = django_user_model.objects.create_user(
        email="editor@example.org", password=PASSWORD, full_name="Editorka Charity"
    )
    testing.grant_role(user=user, process=process, role=Role.PROVIDER_EDITOR)
    make_editor(user, provider)
    return user


def _propose(client, service, **values):
    data = {
        "description": service.description,
        "opening_hours": service.opening_hours,
        "accessibility": service.accessibility,
        "area_add": "",
        **values,
    }
    return client.post(reverse("catalogue:service_propose", kwargs={"pk": service.pk}), data)


# --- inviting provider editors ---------------------------------------------------------------


def test_it_invites_a_provider_editor_who_then_sees_their_services(
    client_for, coordinator, process, provider, service
):
    other = make_service(
        provider=make_provider(ico=valid_ico("7000002"), name="Jiný poskytovatel"),
        name="Cizí služba",
    )
    url = reverse("catalogue:provider_editors", kwargs={"slug": process.slug})
    response = client_for(coordinator).post(
        url, {"ico": provider.ico, "email": "Jana@Charita.example", "full_name": "Jana"}
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.provider_ico == provider.ico
    assert invitation.role == Role.PROVIDER_EDITOR
    message = sent_mail()[0]
    assert message.to == ["jana@charita.example"]
    assert provider.ico in message.body
    link = LINK.search(message.body).group(1)

    new = Client()
    response = new.post(
        link, {"full_name": "Jana Nová", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    user = User.objects.get(email="jana@charita.example")
    assert ProviderEditor.objects.filter(user=user, provider=provider).exists()
    assert ProviderEditor.objects.get(user=user).invited_by == coordinator
    assert testing.has_role(user=user, process=process, role="provider_editor")
    assert AuditEvent.objects.filter(action="provider_editor.added").exists()

    html = new.get(reverse("catalogue:my_services")).content.decode()
    assert service.name in html
    assert other.name not in html
    # listed on the coordinator's page
    assert "jana@charita.example" in client_for(coordinator).get(url).content.decode()


def test_it_refuses_an_unknown_or_invalid_ico(client_for, coordinator, process, provider):
    url = reverse("catalogue:provider_editors", kwargs={"slug": process.slug})
    client = client_for(coordinator)
    for ico in [valid_ico("1234567"), "12345678", "123"]:
        response = client.post(url, {"ico": ico, "email": "x@example.org", "full_name": ""})
        assert response.status_code == 200
        assert response.context["form"].errors["ico"]
        assert f'value="{ico}"' in response.content.decode()
    assert not Invitation.objects.exists()
    assert sent_mail() == []


def test_it_refuses_inviting_an_editor_of_the_provider_again(
    client_for, coordinator, process, provider, editor
):
    url = reverse("catalogue:provider_editors", kwargs={"slug": process.slug})
    response = client_for(coordinator).post(
        url, {"ico": provider.ico, "email": "EDITOR@example.org", "full_name": ""}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not Invitation.objects.exists()


def test_an_existing_user_becomes_editor_of_a_second_provider(coordinator, process, editor):
    second = make_provider(ico=valid_ico("7000003"), name="Druhý poskytovatel")
    review.provider_editor_invite(
        process=process, provider=second, email="editor@example.org", invited_by=coordinator
    )
    link = LINK.search(sent_mail()[0].body).group(1)
    client = Client()
    client.force_login(editor)
    assert client.get(link).context["state"] == "confirm"
    assert client.post(link).status_code == 302
    assert set(editor.provider_editorships.values_list("provider__name", flat=True)) == {
        "Charita Humpolec",
        "Druhý poskytovatel",
    }


def test_a_plain_invitation_creates_no_provider_editor(coordinator, process):
    from socplan.accounts.services import invitation_accept, invitation_send

    invitation = invitation_send(
        email="member2@example.org", role="member", target=process, invited_by=coordinator
    )
    user = invitation_accept(invitation=invitation, password=NEW_PASSWORD, full_name="M")
    assert not ProviderEditor.objects.filter(user=user).exists()


def test_a_coordinator_removes_an_editor(client_for, coordinator, process, editor):
    row = ProviderEditor.objects.get(user=editor)
    url = reverse("catalogue:provider_editor_remove", kwargs={"slug": process.slug, "pk": row.pk})
    assert client_for(editor).post(url).status_code == 403
    assert client_for(coordinator).post(url).status_code == 302
    assert not ProviderEditor.objects.filter(pk=row.pk).exists()
    assert AuditEvent.objects.filter(action="provider_editor.removed").exists()


# --- proposals --------------------------------------------------------------------------------


def test_a_provider_editor_proposes_changes_of_local_fields(client_for, editor, service):
    client = client_for(editor)
    page = client.get(reverse("catalogue:service_propose", kwargs={"pk": service.pk}))
    assert page.status_code == 200
    assert "Pomáháme seniorům" in page.content.decode()  # prefilled

    response = _propose(client, service, opening_hours="Po–Pá 7–16", area_add="Kejžlice")
    assert response.status_code == 302
    proposal = ChangeProposal.objects.get()
    assert proposal.kind == ChangeProposal.Kind.PROVIDER_EDIT
    assert proposal.status == ChangeProposal.Status.PENDING
    assert proposal.proposed_by == editor
    # only what changed
    assert proposal.changes == {"opening_hours": "Po–Pá 7–16", "service_area": ["548120"]}
    service.refresh_from_db()
    assert service.opening_hours == "Po–Pá 7–15"  # nothing applied before review
    assert AuditEvent.objects.filter(action="change_proposal.submitted", actor=editor).exists()


def test_it_refuses_a_proposal_that_changes_nothing(client_for, editor, service):
    response = _propose(client_for(editor), service)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not ChangeProposal.objects.exists()


def test_it_keeps_what_was_typed_when_a_municipality_is_unknown(client_for, editor, service):
    response = _propose(
        client_for(editor), service, opening_hours="Nonstop", area_add="Kejžlice, Atlantida"
    )
    assert response.status_code == 200
    assert response.context["form"].errors["area_add"]
    html = response.content.decode()
    assert "Atlantida" in html
    assert "Nonstop" in html
    assert not ChangeProposal.objects.exists()


def test_it_asks_for_the_code_of_an_ambiguous_municipality(area):
    Municipality.objects.create(code="599999", name="Kejžlice")
    found, errors = review.resolve_municipalities("kejzlice")
    assert found == []
    assert "548120" in errors[0] and "599999" in errors[0]
    found, errors = review.resolve_municipalities("548120, Herálec")
    assert [m.code for m in found] == ["548120", "568678"]
    assert errors == []


def test_a_provider_editor_cannot_propose_for_another_providers_service(
    client_for, editor, service
):
    foreign = make_service(
        provider=make_provider(ico=valid_ico("7000002"), name="Jiný poskytovatel"),
        name="Cizí služba",
    )
    client = client_for(editor)
    url = reverse("catalogue:service_propose", kwargs={"pk": foreign.pk})
    assert client.get(url).status_code == 403
    assert _propose(client, foreign, opening_hours="x").status_code == 403
    verify = reverse("catalogue:service_verify", kwargs={"pk": foreign.pk})
    assert client.post(verify).status_code == 403
    with pytest.raises(ValidationError):
        review.change_proposal_submit(
            service=foreign, proposed={"opening_hours": "x"}, proposed_by=editor
        )
    assert not ChangeProposal.objects.exists()
    foreign.refresh_from_db()
    assert foreign.verified_at is None


# --- review -------------------------------------------------------------------------------------


def _proposal(editor, service, **changes):
    return review.change_proposal_submit(service=service, proposed=changes, proposed_by=editor)


def test_a_coordinator_accepts_a_proposal(client_for, coordinator, editor, service):
    add_manual_area(service, "568678")  # Herálec, to be removed
    proposal = _proposal(
        editor,
        service,
        description="Pomáháme seniorům a lidem s postižením v jejich domácnostech.",
        accessibility="Bezbariérový vstup",
        service_area=["548120"],
    )
    client = client_for(coordinator)
    queue = client.get(reverse("catalogue:review_queue")).content.decode()
    assert reverse("catalogue:review_detail", kwargs={"pk": proposal.pk}) in queue

    url = reverse("catalogue:review_detail", kwargs={"pk": proposal.pk})
    html = client.get(url).content.decode()
    assert re.search(r"seniorům<ins>(<span[^>]*>[^<]*</span>)? a lidem s postižením</ins> v", html)
    assert re.search(r"<ins>(<span[^>]*>[^<]*</span>)?Bezbariérový vstup</ins>", html)
    assert re.search(r"<del>(<span[^>]*>[^<]*</span>)?Herálec</del>", html)
    assert re.search(r"<ins>(<span[^>]*>[^<]*</span>)?Kejžlice</ins>", html)
    assert html.count('<span class="visually-hidden">added:') == 3

    response = client.post(url, {"action": "accept", "accept-note": "Děkujeme."})
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.description.startswith("Pomáháme seniorům a lidem s postižením")
    assert service.accessibility == "Bezbariérový vstup"
    manual = service.area_municipalities.filter(origin=ServiceAreaMunicipality.Origin.MANUAL)
    assert [row.municipality.code for row in manual] == ["548120"]
    assert manual.get().added_by == editor
    proposal.refresh_from_db()
    assert proposal.status == ChangeProposal.Status.ACCEPTED
    assert proposal.reviewed_by == coordinator
    assert proposal.reason == "Děkujeme."

    history = {row.field: row for row in ServiceChange.objects.filter(service=service)}
    assert set(history) == {"description", "accessibility", "service_area"}
    assert history["description"].source == ServiceChange.ChangeSource.PROVIDER
    assert history["description"].actor == editor
    assert history["description"].old_value == "Pomáháme seniorům v jejich domácnostech."
    assert history["service_area"].old_value == "Herálec"
    assert history["service_area"].new_value == "Kejžlice"
    assert AuditEvent.objects.filter(action="change_proposal.accepted", actor=coordinator).exists()

    message = sent_mail()[-1]
    assert message.to == ["editor@example.org"]
    assert "accepted" in message.subject
    assert service.name in message.subject
    assert "Accessibility" in message.body
    assert "Děkujeme." in message.body
    assert message.reply_to == ["coordinator@example.org"]

    # gone from the pending queue; the history is on the detail page
    assert (
        reverse("catalogue:review_detail", kwargs={"pk": proposal.pk})
        not in client.get(reverse("catalogue:review_queue")).content.decode()
    )
    assert "Bezbariérový vstup" in client.get(url).content.decode()


def test_it_rejects_only_with_a_reason(client_for, coordinator, editor, service):
    proposal = _proposal(editor, service, opening_hours="Nonstop")
    sent_mail().clear()  # the coordinator's notice of the new proposal
    client = client_for(coordinator)
    url = reverse("catalogue:review_detail", kwargs={"pk": proposal.pk})
    response = client.post(url, {"action": "reject", "reject-reason": "  "})
    assert response.status_code == 200
    assert response.context["reject_form"].errors["reason"]
    proposal.refresh_from_db()
    assert proposal.status == ChangeProposal.Status.PENDING
    assert sent_mail() == []

    response = client.post(
        url, {"action": "reject", "reject-reason": "Služba nonstop neposkytuje."}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ChangeProposal.Status.REJECTED
    assert proposal.reason == "Služba nonstop neposkytuje."
    service.refresh_from_db()
    assert service.opening_hours == "Po–Pá 7–15"
    assert not ServiceChange.objects.exists()
    message = sent_mail()[-1]
    assert message.to == ["editor@example.org"]
    assert "not accepted" in message.subject
    assert "Služba nonstop neposkytuje." in message.body
    # reviewed once only
    with pytest.raises(ValidationError):
        review.change_proposal_accept(proposal=proposal, reviewer=coordinator)
    assert client.post(url, {"action": "accept"}).status_code == 200
    service.refresh_from_db()
    assert service.opening_hours == "Po–Pá 7–15"


def test_the_queue_shows_only_services_of_the_coordinators_areas(
    client_for, coordinator, staff, editor, provider
):
    outside = make_service(provider=provider, name="Služba v Praze", municipality_code=None)
    praha = Municipality.objects.create(code="554782", name="Praha")
    add_manual_area(outside, praha.code)
    proposal = _proposal(editor, outside, opening_hours="Nonstop")
    url = reverse("catalogue:review_detail", kwargs={"pk": proposal.pk})
    assert client_for(coordinator).get(url).status_code == 403
    assert (
        url not in client_for(coordinator).get(reverse("catalogue:review_queue")).content.decode()
    )
    assert client_for(staff).get(url).status_code == 200
    assert url in client_for(staff).get(reverse("catalogue:review_queue")).content.decode()
    assert client_for(editor).get(url).status_code == 403


# --- public suggestions ----------------------------------------------------------------------


def test_anyone_suggests_a_correction(client, coordinator, service):
    url = reverse("catalogue:service_suggest", kwargs={"pk": service.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert "hidden" in page.content.decode()
    response = client.post(
        url,
        {
            "message": "Telefon už neplatí, volejte 565 000 000.",
            "name": "Petr",
            "email": "Petr@Example.org",
            "website": "",
        },
    )
    assert response["Location"] == reverse(
        "catalogue:service_suggest_thanks", kwargs={"pk": service.pk}
    )
    proposal = ChangeProposal.objects.get()
    assert proposal.kind == ChangeProposal.Kind.SUGGESTION
    assert proposal.proposed_by is None
    assert proposal.proposer_email == "petr@example.org"
    assert proposal.changes == {}

    # the coordinator fixes the opening hours while accepting
    review_url = reverse("catalogue:review_detail", kwargs={"pk": proposal.pk})
    cclient = Client()
    cclient.force_login(coordinator)
    assert "565 000 000" in cclient.get(review_url).content.decode()
    response = cclient.post(
        review_url,
        {
            "action": "accept",
            "fix-description": service.description,
            "fix-opening_hours": "Po–Pá 8–16",
            "fix-accessibility": "",
            "accept-note": "Opraveno.",
        },
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.opening_hours == "Po–Pá 8–16"
    row = ServiceChange.objects.get(service=service)
    assert row.source == ServiceChange.ChangeSource.SUGGESTION
    assert row.actor == coordinator
    assert sent_mail()[-1].to == ["petr@example.org"]
    assert "Opraveno." in sent_mail()[-1].body


def test_a_suggestion_needs_a_message_and_the_honeypot_stores_nothing(client, service):
    url = reverse("catalogue:service_suggest", kwargs={"pk": service.pk})
    response = client.post(url, {"message": "", "name": "Petr", "email": "not-an-email"})
    assert response.status_code == 200
    assert response.context["form"].errors["message"]
    assert response.context["form"].errors["email"]
    assert 'value="Petr"' in response.content.decode()
    response = client.post(url, {"message": "Buy pills", "website": "http://spam.example"})
    assert response.status_code == 302  # the robot sees success
    assert not ChangeProposal.objects.exists()


def test_a_suggestion_without_email_is_rejected_silently(coordinator, service):
    proposal = review.suggestion_submit(service=service, message="Zavřeno.")
    assert [m.to for m in sent_mail_later()] == [["coordinator@example.org"]]  # the digest
    review.change_proposal_reject(proposal=proposal, reviewer=coordinator, reason="Neověřeno.")
    assert len(sent_mail()) == 1
    proposal.refresh_from_db()
    assert proposal.status == ChangeProposal.Status.REJECTED


# --- verification and history ---------------------------------------------------------------


def test_a_provider_editor_confirms_the_entry_is_current(client_for, editor, service, member):
    url = reverse("catalogue:service_verify", kwargs={"pk": service.pk})
    assert client_for(member).post(url).status_code == 403
    response = client_for(editor).post(url)
    assert response["Location"] == reverse("catalogue:my_services")
    service.refresh_from_db()
    assert service.verified_at == timezone.localdate()
    assert service.verified_by == editor
    row = ServiceChange.objects.get(service=service, field="verified_at")
    assert row.source == ServiceChange.ChangeSource.PROVIDER
    assert not ChangeProposal.objects.exists()  # no review needed
    assert AuditEvent.objects.filter(action="service.verified", actor=editor).exists()
    assert client_for(editor).get(url).status_code == 405


def test_the_history_names_people_only_for_reviewers(coordinator, editor, service):
    proposal = _proposal(editor, service, opening_hours="Po–Pá 8–16")
    review.change_proposal_accept(proposal=proposal, reviewer=coordinator)
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    public = render_to_string(
        "catalogue/includes/service_history.html", {"service": service}, request=request
    )
    assert "Opening hours" in public
    assert "Po–Pá 8–16" in public
    assert "Provider" in public
    assert "Editorka Charity" not in public
    request.user = coordinator
    internal = render_to_string(
        "catalogue/includes/service_history.html", {"service": service}, request=request
    )
    assert "Editorka Charity" in internal


def test_a_failing_mail_server_does_not_stop_the_decision(
    client_for, coordinator, editor, service, settings
):
    proposal = _proposal(editor, service, opening_hours="Po–Pá 8–16")
    sent_mail().clear()  # the coordinator's notice of the new proposal
    settings.EMAIL_BACKEND = "socplan.testing.mail.FailingEmailBackend"
    url = reverse("catalogue:review_detail", kwargs={"pk": proposal.pk})
    response = client_for(coordinator).post(url, {"action": "accept"}, follow=True)
    assert "the proposer will be told by e-mail" in response.content.decode()
    assert sent_mail() == []
    proposal.refresh_from_db()
    service.refresh_from_db()
    assert proposal.status == ChangeProposal.Status.ACCEPTED
    assert service.opening_hours == "Po–Pá 8–16"
    waiting = OutgoingEmail.objects.get(recipients="editor@example.org")
    assert (waiting.status, waiting.attempts) == (OutgoingEmail.Status.QUEUED, 1)
    # The mail server works again: the retry sends it.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send_queued_emails(now=timezone.now() + datetime.timedelta(hours=1))
    (message,) = sent_mail()
    assert message.to == ["editor@example.org"]
    assert "accepted" in message.subject


def test_the_account_page_links_to_my_services_and_the_review(client_for, editor, coordinator):
    html = client_for(editor).get(reverse("accounts:account")).content.decode()
    assert reverse("catalogue:my_services") in html
    assert reverse("catalogue:review_queue") not in html
    html = client_for(coordinator).get(reverse("accounts:account")).content.decode()
    assert reverse("catalogue:review_queue") in html
    assert reverse("catalogue:my_services") not in html


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_proposed_photo_is_added_on_acceptance(
    client_for, coordinator, editor, service, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile

    from socplan.core.files import private_storage

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "private"
    client = client_for(editor)
    # a photo needs its text alternative
    response = _propose(client, service, photo=SimpleUploadedFile("a.png", _png(), "image/png"))
    assert response.status_code == 200
    assert response.context["form"].errors["photo_alt"]
    assert not ChangeProposal.objects.exists()

    response = _propose(
        client,
        service,
        photo=SimpleUploadedFile("vstup.png", _png(), "image/png"),
        photo_alt="Bezbariérový vstup do budovy",
    )
    assert response.status_code == 302
    proposal = ChangeProposal.objects.get()
    (item,) = proposal.changes["photos_add"]
    assert item["alt"] == "Bezbariérový vstup do budovy"
    # the proposed photo waits in the private storage, never under MEDIA_ROOT
    assert private_storage().exists(item["file"])
    assert not default_storage.exists(item["file"])
    assert not [path for path in (tmp_path / "media").rglob("*") if path.is_file()]
    assert not service.photos.exists()

    url = reverse("catalogue:review_detail", kwargs={"pk": proposal.pk})
    html = client_for(coordinator).get(url).content.decode()
    assert 'alt="Bezbariérový vstup do budovy"' in html
    shown = client_for(coordinator).get(reverse("catalogue:review_photo", args=[proposal.pk, 0]))
    assert shown.status_code == 200 and b"".join(shown.streaming_content) == _png()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(coordinator).post(url, {"action": "accept"})
    photo = service.photos.get()
    assert photo.alt_text == "Bezbariérový vstup do budovy"
    # accepted: moved to the public photos (served), gone from the private storage
    assert photo.image.name.startswith("catalogue/photos/")
    assert not photo.image.name.startswith(review.PENDING_PHOTO_DIR)
    assert default_storage.open(photo.image.name).read() == _png()
    assert not private_storage().exists(item["file"])
    assert client_for(coordinator).get(f"/media/{photo.image.name}").status_code == 200
    proposal.refresh_from_db()
    assert proposal.changes["photos_add"][0]["file"] == photo.image.name
    # the reviewer still sees the photo of the decided proposal
    shown = client_for(coordinator).get(reverse("catalogue:review_photo", args=[proposal.pk, 0]))
    assert shown.status_code == 200 and b"".join(shown.streaming_content) == _png()
    assert ServiceChange.objects.get(service=service, field="photos").new_value == photo.alt_text

    # removing it through a second proposal, which is rejected: the pending file goes away
    response = _propose(
        client,
        service,
        photos_remove=[str(photo.pk)],
        photo=SimpleUploadedFile("b.png", _png(), "image/png"),
        photo_alt="Druhá fotka",
    )
    second = ChangeProposal.objects.get(status="pending")
    assert second.changes["photos_remove"] == [photo.pk]
    pending_file = second.changes["photos_add"][0]["file"]
    assert private_storage().exists(pending_file)
    with django_capture_on_commit_callbacks(execute=True):
        review.change_proposal_reject(proposal=second, reviewer=coordinator, reason="Ne.")
    assert not private_storage().exists(pending_file)
    assert not default_storage.exists(pending_file)
    assert service.photos.filter(pk=photo.pk).exists()

    # removing it, accepted: the row and (after the commit) the file go
    _propose(client, service, photos_remove=[str(photo.pk)])
    third = ChangeProposal.objects.get(status="pending")
    with django_capture_on_commit_callbacks(execute=True):
        review.change_proposal_accept(proposal=third, reviewer=coordinator)
    assert not service.photos.exists()
    assert not default_storage.exists(photo.image.name)
    removal = ServiceChange.objects.filter(field="photos").order_by("-pk").first()
    assert removal.old_value == "Bezbariérový vstup do budovy"


def test_a_provider_editor_role_without_a_provider_sees_an_explanation(
    client_for, django_user_model, process
):
    user = django_user_model.objects.create_user(email="pe@example.org", password=PASSWORD)
    testing.grant_role(user=user, process=process, role=Role.PROVIDER_EDITOR)
    response = client_for(user).get(reverse("catalogue:my_services"))
    assert response.status_code == 200
    assert "You do not keep the entries of any provider" in response.content.decode()


def test_the_coordinators_of_the_area_are_told_about_a_new_proposal(
    client, coordinator, editor, service, provider, staff, django_user_model
):
    from socplan import testing

    other_area = testing.make_area(name="Jinde", slug="jinde")
    other_area.municipalities.set([Municipality.objects.create(code="554782", name="Praha")])
    other = django_user_model.objects.create_user(email="other@example.org", password=PASSWORD)
    testing.grant_role(
        user=other,
        process=testing.make_process(area=other_area, slug="jinde"),
        role=Role.COORDINATOR,
    )
    client.post(
        reverse("catalogue:service_suggest", kwargs={"pk": service.pk}),
        {"message": "Změnil se telefon.", "email": ""},
    )
    proposal = ChangeProposal.objects.get()
    assert sent_mail() == []  # the digest waits for more suggestions
    (message,) = sent_mail_later()
    assert message.to == ["coordinator@example.org"]  # not the other area's, not staff
    assert service.name in message.subject
    assert "Změnil se telefon." in message.body
    assert reverse("catalogue:review_detail", kwargs={"pk": proposal.pk}) in message.body


def test_a_failing_notice_does_not_lose_the_suggestion(coordinator, service, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 1  # nothing listens there: connection refused
    review.suggestion_submit(service=service, message="Zavřeno.")
    assert sent_mail_later() == []
    assert ChangeProposal.objects.filter(status="pending").count() == 1
    assert OutgoingEmail.objects.get().last_error  # waits for the retry


def test_photos_still_waiting_move_out_of_media_accepted_ones_stay(service, settings, tmp_path):
    """Migration catalogue 0007: a photo proposed before it (in MEDIA_ROOT) moves to the
    private storage under the same name; a proposed photo already accepted stays public."""
    from importlib import import_module

    from django.apps import apps

    from socplan.catalogue.models import ServicePhoto
    from socplan.core.files import private_storage

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "private"
    folder = tmp_path / "media" / review.PENDING_PHOTO_DIR
    folder.mkdir(parents=True)
    (folder / "waiting.png").write_bytes(b"waiting")
    (folder / "accepted.png").write_bytes(b"accepted")
    ServicePhoto.objects.create(
        service=service, image=f"{review.PENDING_PHOTO_DIR}accepted.png", alt_text="Vstup"
    )
    migration = import_module("socplan.catalogue.migrations.0007_proposed_photos_private")
    migration.move_waiting_photos_out_of_media(apps, None)
    assert not (folder / "waiting.png").exists()
    name = f"{review.PENDING_PHOTO_DIR}waiting.png"
    assert private_storage().open(name).read() == b"waiting"
    assert (folder / "accepted.png").read_bytes() == b"accepted"
