"""Query budgets of the catalogue's lists: search results (everywhere and in an area), the
shortlist, exports, the history of an entry, the review queue, provider editors, my
services, register imports, local services and life situations: as many queries for 20
rows as for 2."""

import pytest
from django.urls import reverse
from django.utils import timezone

from socplan.catalogue import review
from socplan.catalogue.models import ChangeProposal, ProviderEditor, RegistryImport
from socplan.core.models import Job
from socplan.testing import grant_role
from socplan.testing.query_budgets import assert_flat_queries, clients_of

from . import public_helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(area):
    return h.catalogue()


def _add_services(start, stop, **extra):
    made = []
    for n in range(start, stop):
        made.append(
            h.service(
                f"Služba číslo {n:02}",
                kind=[h.CARE_SERVICE, h.CRISIS][n % 2],
                by=h.provider(f"Poskytovatel {n:02}", f"71{n:05}"),
                groups=[h.SENIORS, h.CARERS][: 1 + n % 2],
                ages=["VekovaSkupinaOsoby/8"],
                forms=[("ter", [("klient", 10)]), ("amb", [("kontakt", 2)])],
                places=[(h.HUMPOLEC, "49.5415", "15.3593"), h.KEJZLICE],
                area_codes=[h.HERALEC],
                description="Pomáháme seniorům doma.",
                **extra,
            )
        )
    return made


def test_search_results(built, area, personas, client_for):
    assert_flat_queries(
        clients_of(personas, client_for, "anonymous", "coordinator"),
        [
            reverse("catalogue:home") + "?q=sluzba+cislo",
            reverse("catalogue:area", kwargs={"slug": area.slug}) + "?q=sluzba+cislo",
            reverse("catalogue:area", kwargs={"slug": area.slug}),
        ],
        _add_services,
        expect=lambda html: "Služba číslo 01" in html,
    )


def test_shared_shortlist(built, client_for):
    ids = []

    def add(start, stop):
        ids.extend(s.pk for s in _add_services(start, stop))

    assert_flat_queries(
        client_for(None),
        lambda: reverse("catalogue:shortlist") + "?s=" + ",".join(map(str, ids)),
        add,
        expect=lambda html: "Služba číslo 01" in html,
    )


def test_exports(built, client_for):
    assert_flat_queries(
        client_for(None),
        [
            reverse("catalogue:export", kwargs={"fmt": fmt}) + "?q=sluzba+cislo"
            for fmt in ["csv", "xlsx"]
        ],
        _add_services,
    )


def test_service_detail_with_its_history(built, personas, client_for):
    service = built["care"]
    staff = personas["staff"]

    def add(start, stop):
        for n in range(start, stop):
            proposal = review.suggestion_submit(service=service, message=f"Oprava {n}")
            review.change_proposal_accept(
                proposal=proposal,
                reviewer=staff,
                corrections={"opening_hours": f"Po–Pá {n}–15"},
            )

    assert_flat_queries(
        clients_of(personas, client_for, "anonymous", "coordinator"),
        reverse("catalogue:service_detail", kwargs={"pk": service.pk}),
        add,
        expect=lambda html: "Po–Pá 1–15" in html,
    )


def _add_suggestions(start, stop):
    for service in _add_services(start, stop):
        review.suggestion_submit(service=service, message="Zavřeno.")
        review.suggestion_submit(service=service, message="Jiný telefon.")


def test_review_queue(built, personas, client_for):
    assert_flat_queries(
        clients_of(personas, client_for, "coordinator", "staff"),
        reverse("catalogue:review_queue"),
        _add_suggestions,
        expect=lambda html: "Služba číslo 01" in html,
    )


def test_reviewed_proposals(built, staff, client_for):
    def add(start, stop):
        _add_suggestions(start, stop)
        for proposal in ChangeProposal.objects.filter(status=ChangeProposal.Status.PENDING):
            review.change_proposal_reject(proposal=proposal, reviewer=staff, reason="Ne.")

    assert_flat_queries(
        client_for(staff),
        reverse("catalogue:review_queue") + "?stav=rejected",
        add,
        expect=lambda html: "Služba číslo 01" in html,
    )


def test_provider_editors(built, process, coordinator, client_for, django_user_model):
    def add(start, stop):
        for service in _add_services(start, stop):
            n = service.name[-2:]
            user = django_user_model.objects.create_user(
                email=f"editor{n}@example.org", password="x", full_name=f"Editor {n}"
            )
            grant_role(user=user, process=process, role="provider_editor")
            ProviderEditor.objects.create(
                user=user, provider=service.provider, invited_by=coordinator
            )

    assert_flat_queries(
        client_for(coordinator),
        reverse("catalogue:provider_editors", kwargs={"slug": process.slug}),
        add,
        expect=lambda html: "Editor 01" in html,
    )


def test_my_services(built, django_user_model, client_for):
    editor = django_user_model.objects.create_user(
        email="editor@example.org", password="x", full_name="Editorka"
    )

    def add(start, stop):
        for service in _add_services(start, stop):
            ProviderEditor.objects.get_or_create(user=editor, provider=service.provider)
            review.change_proposal_submit(
                service=service,
                proposed={"opening_hours": "Po–Pá 8–16"},
                proposed_by=editor,
            )

    assert_flat_queries(
        client_for(editor),
        reverse("catalogue:my_services"),
        add,
        expect=lambda html: "Služba číslo 01" in html,
    )


def test_registry_imports(area, coordinator, staff, client_for):
    def add(start, stop):
        for n in range(start, stop):
            job = Job.objects.create(
                function="socplan.catalogue.jobs.import_registry",
                title=f"Import {n}",
                created_by=staff,
            )
            RegistryImport.objects.create(
                file_name=f"rpss-{n:02}.json",
                status=RegistryImport.Status.SUCCEEDED,
                started_by=staff,
                job=job,
                finished_at=timezone.now(),
            )

    assert_flat_queries(
        client_for(coordinator),
        reverse("catalogue:registry_imports"),
        add,
        expect=lambda html: "rpss-01.json" in html,
    )


def test_local_services(built, area, coordinator, client_for):
    def add(start, stop):
        for n in range(start, stop):
            h.service(
                f"Místní služba {n:02}",
                category="socplan.LocalCategory/leisure",
                by=h.provider(f"Spolek {n:02}", local=True),
                groups=[h.SENIORS],
                places=[h.HERALEC],
            )

    assert_flat_queries(
        client_for(coordinator),
        reverse("catalogue:local_services", kwargs={"slug": area.slug}),
        add,
        expect=lambda html: "Místní služba 01" in html,
    )


def test_life_situations(built, area, coordinator, client_for):
    def add(start, stop):
        for n in range(start, stop):
            h.life_situation(
                f"Situace {n:02}", area=area, kinds=[h.CARE_SERVICE], groups=[h.SENIORS]
            )

    assert_flat_queries(
        client_for(coordinator),
        [
            reverse("catalogue:life_situations", kwargs={"slug": area.slug}),
            reverse("catalogue:area", kwargs={"slug": area.slug}),  # offered above the results
        ],
        add,
        expect=lambda html: "Situace 01" in html,
    )
