"""Every protected page of the catalogue, tried with every persona: the right ones get in,
the wrong ones are refused (anonymous: sent to the login page; signed in without the
right: 403). Each part of the catalogue adds its rows in its own marked section."""

import pytest
from django.urls import reverse

from socplan.testing.personas import PERSONAS, assert_only_allowed

pytestmark = pytest.mark.django_db


# --- review: provider editors, proposals, review queue (catreview) ---
def _suggestion(process):
    """A public suggestion for a service with a facility in the process's area."""
    from socplan.catalogue import review
    from socplan.catalogue.models import ChangeProposal

    from .review_helpers import make_service

    proposal = ChangeProposal.objects.filter(kind="suggestion").first()
    if proposal is None:
        proposal = review.suggestion_submit(service=make_service(), message="Zavřeno.")
    return proposal


REVIEW_PAGES = [
    ("catalogue:review_queue", lambda p: {}, ["coordinator", "staff"]),
    ("catalogue:review_detail", lambda p: {"pk": _suggestion(p).pk}, ["coordinator", "staff"]),
    ("catalogue:my_services", lambda p: {}, ["staff"]),
    # only the provider's own editors (none of the personas; see test_review.py)
    ("catalogue:service_propose", lambda p: {"pk": _suggestion(p).service_id}, []),
    ("catalogue:provider_editors", lambda p: {"slug": p.slug}, ["coordinator", "staff"]),
]
REVIEW_POST_ONLY = [
    ("catalogue:service_verify", lambda p: {"pk": _suggestion(p).service_id}),
]
# --- end of catreview ---


# --- register import (catdata) ---
def _registry_import(process):
    from socplan.catalogue.models import RegistryImport

    return RegistryImport.objects.get_or_create(file_name="rpss.json", status="succeeded")[0]


REGISTRY_PAGES = [
    ("catalogue:registry_imports", lambda p: {}, ["coordinator", "staff"]),
    (
        "catalogue:registry_import",
        lambda p: {"pk": _registry_import(p).pk},
        ["coordinator", "staff"],
    ),
    (
        "catalogue:local_services",
        lambda p: {"slug": p.planning_area.slug},
        ["coordinator", "staff"],
    ),
    (
        "catalogue:local_service_create",
        lambda p: {"slug": p.planning_area.slug},
        ["coordinator", "staff"],
    ),
]
# --- end of catdata ---


# --- public catalogue: life situations of an area (catsearch) ---
def _default_situation(process):
    from socplan.catalogue.models import LifeSituation

    return LifeSituation.objects.get_or_create(
        planning_area=None, slug="pecuji-o-blizkeho", defaults={"title": "Pečuji o blízkého"}
    )[0]


def _area_slug(process):
    return {"slug": process.planning_area.slug}


SITUATION_PAGES = [
    ("catalogue:life_situations", _area_slug, ["coordinator", "staff"]),
    ("catalogue:life_situation_create", _area_slug, ["coordinator", "staff"]),
    (
        "catalogue:life_situation_edit",
        lambda p: {**_area_slug(p), "pk": _default_situation(p).pk},
        ["coordinator", "staff"],
    ),
    (
        "catalogue:life_situation_delete",
        lambda p: {**_area_slug(p), "pk": _default_situation(p).pk},
        ["coordinator", "staff"],
    ),
]
PUBLIC_CATALOGUE_PAGES = ["catalogue:home", "catalogue:shortlist"]
# --- end of catsearch ---

PROTECTED_PAGES = [*REVIEW_PAGES, *REGISTRY_PAGES, *SITUATION_PAGES]


@pytest.mark.parametrize(
    ("name", "kwargs", "allowed"), PROTECTED_PAGES, ids=[page[0] for page in PROTECTED_PAGES]
)
def test_it_lets_in_only_the_right_personas(name, kwargs, allowed, process, personas, client_for):
    assert_only_allowed(reverse(name, kwargs=kwargs(process)), allowed, personas, client_for)


@pytest.mark.parametrize(
    ("name", "kwargs"), REVIEW_POST_ONLY, ids=[page[0] for page in REVIEW_POST_ONLY]
)
def test_it_refuses_actions_to_every_persona_without_the_right(
    name, kwargs, process, personas, client_for
):
    # The provider editors are the only ones allowed (tested in test_review.py).
    url = reverse(name, kwargs=kwargs(process))
    assert_only_allowed(url, [], personas, client_for, method="post")


def test_it_shows_the_suggestion_form_to_everybody(process, personas, client_for):
    url = reverse("catalogue:service_suggest", kwargs={"pk": _suggestion(process).service_id})
    for persona in PERSONAS:
        assert client_for(personas[persona]).get(url).status_code == 200, persona


@pytest.mark.parametrize("name", PUBLIC_CATALOGUE_PAGES)
def test_it_shows_the_public_catalogue_to_everybody(name, process, personas, client_for):
    for persona in PERSONAS:
        assert client_for(personas[persona]).get(reverse(name)).status_code == 200, persona
    area_page = reverse("catalogue:area", kwargs=_area_slug(process))
    assert client_for(None).get(area_page).status_code == 200
