"""Demo of "providers keep their entries current": a provider editor of one demo provider
(provider-editor@demo.socplan.cz, password socplan-demo), one proposal waiting for review
and one accepted change in the history. Runs after :mod:`socplan.catalogue.demo` and
creates only what is missing."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from socplan.accounts.models import Role

from .models import ChangeProposal, Provider, ProviderEditor, Service, ServiceChange

EDITOR_EMAIL = "provider-editor@demo.socplan.cz"
EDITOR_NAME = "Alena Poskytovatelová (demo)"
DEMO_PASSWORD = "socplan-demo"
COORDINATOR_EMAIL = "koordinatorka@demo.socplan.cz"

PENDING_CHANGES = {
    "opening_hours": "Kancelář: Po–Pá 7.00–15.30\nNávštěvy: denně 9.00–18.00",
}
ACCEPTED_ACCESSIBILITY = (
    "Bezbariérový vstup z parkoviště, výtah do 2. patra, WC pro osoby na vozíku."
)


def _demo_provider():
    """The first demo provider (with an IČO) that has a service."""
    return (
        Provider.objects.filter(is_demo=True, ico__isnull=False, services__isnull=False)
        .order_by("name", "pk")
        .first()
    )


def load(report) -> None:
    provider = _demo_provider()
    if provider is None:
        return
    users = get_user_model()
    user = users.objects.filter(email__iexact=EDITOR_EMAIL).first()
    if user is None:
        user = users.objects.create_user(
            email=EDITOR_EMAIL, password=DEMO_PASSWORD, full_name=EDITOR_NAME
        )
        report.add("demo user")
    # The role provider editor in the demo process is organisation's (its demo grants it).
    coordinator = users.objects.filter(email__iexact=COORDINATOR_EMAIL).first()
    _, created = ProviderEditor.objects.get_or_create(
        user=user, provider=provider, defaults={"invited_by": coordinator}
    )
    report.add("provider editor", created)
    label = str(Role.PROVIDER_EDITOR.label)
    report.logins.append((EDITOR_EMAIL, DEMO_PASSWORD, f"{label} ({provider.name})"))

    services = list(Service.objects.filter(provider=provider).order_by("name", "pk")[:2])
    accepted_on = services[0]
    pending_on = services[-1]

    if not ChangeProposal.objects.filter(
        proposed_by=user, status=ChangeProposal.Status.ACCEPTED
    ).exists():
        _accepted_change(service=accepted_on, user=user, coordinator=coordinator)
        report.add("accepted change proposal")

    if not ChangeProposal.objects.filter(
        proposed_by=user, status=ChangeProposal.Status.PENDING
    ).exists():
        ChangeProposal.objects.create(
            service=pending_on,
            kind=ChangeProposal.Kind.PROVIDER_EDIT,
            proposed_by=user,
            proposer_name=user.get_full_name(),
            proposer_email=user.email,
            changes=PENDING_CHANGES,
        )
        report.add("pending change proposal")


def _accepted_change(*, service, user, coordinator) -> None:
    """A proposal of the editor accepted a week ago, applied with its history row."""
    at = timezone.now() - datetime.timedelta(days=7)
    proposal = ChangeProposal.objects.create(
        service=service,
        kind=ChangeProposal.Kind.PROVIDER_EDIT,
        proposed_by=user,
        proposer_name=user.get_full_name(),
        proposer_email=user.email,
        changes={"accessibility": ACCEPTED_ACCESSIBILITY},
        status=ChangeProposal.Status.ACCEPTED,
        reviewed_by=coordinator,
        reviewed_at=at,
        reason="Děkujeme za doplnění (demo).",
    )
    ChangeProposal.objects.filter(pk=proposal.pk).update(created_at=at - datetime.timedelta(days=2))
    old = service.accessibility
    service.accessibility = ACCEPTED_ACCESSIBILITY
    service.verified_at = at.date()
    service.verified_by = user
    service.save(update_fields=["accessibility", "verified_at", "verified_by", "updated_at"])
    ServiceChange.objects.create(
        service=service,
        at=at,
        actor=user,
        source=ServiceChange.ChangeSource.PROVIDER,
        field="accessibility",
        old_value=old,
        new_value=ACCEPTED_ACCESSIBILITY,
        note="Děkujeme za doplnění (demo).",
    )
