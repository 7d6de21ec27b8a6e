"""Life situations: the area shows the nationwide defaults until its coordinator edits
them; the first edit copies the whole set to the area."""

import pytest
from django.urls import reverse

from socplan.catalogue.models import LifeSituation
from socplan.core.models import AuditEvent

from . import public_helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def defaults(db):
    h.catalogue()
    return [
        h.life_situation("Senior potřebuje pomoc doma", kinds=[h.CARE_SERVICE], groups=[h.SENIORS]),
        h.life_situation("Pečuji o blízkého", groups=[h.CARERS]),
    ]


def test_editing_a_default_copies_the_set_and_changes_only_the_copy(
    defaults, process, coordinator, client_for
):
    area = process.planning_area
    client = client_for(coordinator)
    url = reverse("catalogue:life_situation_edit", args=[area.slug, defaults[0].pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "saving copies the whole nationwide set" in page.content.decode()

    response = client.post(
        url,
        {
            "title": "Senior doma",
            "description": "Pomoc v domácnosti.",
            "kinds": [h.item(h.CARE_SERVICE).pk],
            "target_groups": [],
            "order": 1,
        },
    )
    assert response.status_code == 302
    own = LifeSituation.objects.filter(planning_area=area).order_by("order", "title")
    assert [s.title for s in own] == ["Pečuji o blízkého", "Senior doma"]
    # the nationwide default is unchanged
    defaults[0].refresh_from_db()
    assert defaults[0].title == "Senior potřebuje pomoc doma"
    assert AuditEvent.objects.filter(action="life_situations.copied").count() == 1
    assert AuditEvent.objects.filter(action="life_situation.updated").count() == 1

    page = client_for(None).get(reverse("catalogue:area", args=[area.slug])).content.decode()
    assert "Senior doma" in page and "Senior potřebuje pomoc doma" not in page


def test_a_life_situation_needs_a_kind_or_a_group_and_keeps_the_input(
    defaults, process, coordinator, client_for
):
    area = process.planning_area
    url = reverse("catalogue:life_situation_create", args=[area.slug])
    response = client_for(coordinator).post(url, {"title": "Jsem v krizi", "order": 0})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose at least one kind of service or one target group." in page
    assert 'value="Jsem v krizi"' in page
    assert not LifeSituation.objects.filter(planning_area=area).exists()

    response = client_for(coordinator).post(
        url, {"title": "Jsem v krizi", "order": 0, "kinds": [h.item(h.CRISIS).pk]}
    )
    assert response.status_code == 302
    assert set(
        LifeSituation.objects.filter(planning_area=area).values_list("title", flat=True)
    ) == {"Senior potřebuje pomoc doma", "Pečuji o blízkého", "Jsem v krizi"}


def test_deleting_and_resetting_to_the_defaults(defaults, process, staff, client_for):
    area = process.planning_area
    client = client_for(staff)
    client.post(reverse("catalogue:life_situation_delete", args=[area.slug, defaults[1].pk]))
    assert list(
        LifeSituation.objects.filter(planning_area=area).values_list("title", flat=True)
    ) == ["Senior potřebuje pomoc doma"]
    assert LifeSituation.objects.filter(planning_area=None).count() == 2

    client.post(reverse("catalogue:life_situations", args=[area.slug]), {"action": "reset"})
    assert not LifeSituation.objects.filter(planning_area=area).exists()


def test_a_situation_of_another_area_is_not_found(defaults, process, coordinator, client_for):
    from socplan import testing

    other = testing.make_area(name="Jiné území", slug="jine-uzemi")
    foreign = h.life_situation("Cizí", area=other, groups=[h.SENIORS])
    url = reverse("catalogue:life_situation_edit", args=[process.planning_area.slug, foreign.pk])
    assert client_for(coordinator).get(url).status_code == 404


def test_the_coordinator_sees_the_edit_link_on_the_area_catalogue(
    defaults, process, coordinator, member, client_for
):
    url = reverse("catalogue:area", args=[process.planning_area.slug])
    link = reverse("catalogue:life_situations", args=[process.planning_area.slug])
    assert link in client_for(coordinator).get(url).content.decode()
    assert link not in client_for(member).get(url).content.decode()
