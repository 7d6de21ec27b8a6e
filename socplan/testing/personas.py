"""Shared test personas (after healthchecks), loaded for every test by the root conftest.py:
each protected page is tried with the wrong ones, including ``nobody``, a signed-in user
with no access at all."""

import pytest
from django.test import Client

from socplan import testing
from socplan.organisation.models import ProcessRole
from socplan.territory.models import RegionRole

PASSWORD = "correct-horse-battery-staple"

# Every persona, from no access to full access. Each app's tests/test_permission_matrix.py
# tries its protected pages with all of them (see assert_only_allowed).
PERSONAS = [
    "anonymous",
    "nobody",
    "member",
    "methodologist",
    "region_staff",
    "other_region_staff",
    "coordinator",
    "staff",
]


def assert_only_allowed(url, allowed, personas, client_for, *, method="get"):
    """The personas in ``allowed`` get 200; anonymous is sent to the login page; every
    other signed-in persona gets 403."""
    from django.urls import reverse

    for persona in PERSONAS:
        response = getattr(client_for(personas[persona]), method)(url)
        if persona in allowed:
            assert response.status_code == 200, (persona, url, response.status_code)
        elif persona == "anonymous":
            assert response.status_code == 302, (persona, url)
            assert response["Location"].startswith(reverse("accounts:login")), url
        else:
            assert response.status_code == 403, (persona, url, response.status_code)


def settings_for_tests() -> dict:
    """The settings every test runs with (also while the shared demo is loaded, conftest.py)."""
    from django.conf import settings

    return {
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
        # Tests read English texts (the source language); the Czech default has its own tests
        # (socplan/core/tests/test_language.py) and the browser tests.
        "LANGUAGE_CODE": "en",
        # No sign-in throttling nor rate limit of public forms: many tests sign in and post
        # from one address (the tests of the limits switch them on).
        "AXES_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        # Background jobs run at once, inside the test; the cache is per test process.
        "TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        "CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        # Pages render without `collectstatic` (no manifest of hashed names in tests).
        "STORAGES": {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    }


@pytest.fixture(autouse=True)
def _test_defaults(settings):
    for name, value in settings_for_tests().items():
        setattr(settings, name, value)


def _user(django_user_model, email, name, **extra):
    return django_user_model.objects.create_user(
        email=email, password=PASSWORD, full_name=name, **extra
    )


@pytest.fixture
def area(db):
    return testing.make_area()


@pytest.fixture
def process(area):
    return testing.make_process(area=area)


@pytest.fixture
def unpublished_process(db):
    area = testing.make_area(name="Hidden area", slug="hidden-area")
    return testing.make_process(area=area, published=False, slug="hidden-process")


@pytest.fixture
def staff(django_user_model):
    return _user(django_user_model, "staff@example.org", "Site Staff", is_staff=True)


@pytest.fixture
def coordinator(django_user_model, process):
    user = _user(django_user_model, "coordinator@example.org", "Koordinátorka Nováková")
    ProcessRole.objects.create(user=user, process=process, role=ProcessRole.Role.COORDINATOR)
    return user


@pytest.fixture
def methodologist(django_user_model, process):
    user = _user(django_user_model, "methodologist@example.org", "Metodik Černý")
    ProcessRole.objects.create(user=user, process=process, role=ProcessRole.Role.METHODOLOGIST)
    return user


@pytest.fixture
def member(django_user_model, process):
    user = _user(django_user_model, "member@example.org", "Členka Dvořáková")
    ProcessRole.objects.create(user=user, process=process, role=ProcessRole.Role.MEMBER)
    return user


@pytest.fixture
def region_staff(django_user_model, process):
    user = _user(django_user_model, "region@example.org", "Krajská Referentka")
    region = process.planning_area.municipalities.first().district.region
    RegionRole.objects.create(user=user, region=region)
    return user


@pytest.fixture
def other_region_staff(django_user_model, db):
    user = _user(django_user_model, "south@example.org", "Jihočeský Referent")
    RegionRole.objects.create(user=user, region=testing.make_other_region())
    return user


@pytest.fixture
def nobody(django_user_model, db):
    """Signed in, but with no role anywhere."""
    return _user(django_user_model, "nobody@example.org", "Nikdo Nikdovič")


@pytest.fixture
def client_for():
    def make(user):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def personas(
    request,
    process,
    nobody,
    member,
    methodologist,
    region_staff,
    other_region_staff,
    coordinator,
    staff,
):
    return {
        "anonymous": None,
        "nobody": nobody,
        "member": member,
        "methodologist": methodologist,
        "region_staff": region_staff,
        "other_region_staff": other_region_staff,
        "coordinator": coordinator,
        "staff": staff,
    }
