import datetime

import pytest
from django.urls import reverse

from socplan.core.audit import AuditEvent
from socplan.organisation import selectors_structure as selectors
from socplan.organisation import services_structure as services
from socplan.organisation.models import Group, Membership, Person

from .structure_builders import add_member, make_group, make_person

pytestmark = pytest.mark.django_db

D = datetime.date


def test_composition_on_a_date_follows_the_membership_dates(process):
    group = make_group(process)
    old = add_member(
        group, make_person(process, "Odcházející"), start=D(2017, 9, 12), end=D(2018, 6, 30)
    )
    stays = add_member(group, make_person(process, "Stálá"), start=D(2017, 9, 12))
    new = add_member(group, make_person(process, "Nový"), start=D(2018, 7, 1))

    def names(day):
        return {m.person.name for m in selectors.composition(group=group, on=day)}

    assert names(D(2017, 9, 11)) == set()
    assert names(D(2018, 6, 30)) == {"Odcházející", "Stálá"}
    assert names(D(2018, 7, 1)) == {"Stálá", "Nový"}
    assert set(Membership.objects.on(D(2018, 1, 1))) == {old, stays}
    assert new in Membership.objects.current()


def test_triad_balance_counts_each_person_once_per_side(process):
    group = make_group(process)
    mayor = make_person(process, "Starosta")
    add_member(group, mayor, side=Membership.Side.COMMISSIONER)
    add_member(group, make_person(process, "Poskytovatelka"), side=Membership.Side.PROVIDER)
    add_member(group, make_person(process, "Poskytovatel"), side=Membership.Side.PROVIDER)
    add_member(group, make_person(process, "Uživatelka"), side=Membership.Side.USER)
    balance = selectors.triad_balance(selectors.composition(group=group, on=D(2019, 1, 1)))
    assert balance.counts == {"commissioner": 1, "provider": 2, "user": 1, "public": 0}
    assert balance.total == 4


def test_public_group_page_shows_only_consenting_members(process, client):
    group = make_group(process)
    add_member(group, make_person(process, "Souhlasící Osoba", organisation="Charita Humpolec"))
    add_member(group, make_person(process, "Tajná Osoba", consent=False, organisation="Tajná org"))
    add_member(group, make_person(process, "Další Tajná", consent=False))
    for url in (group.get_absolute_url(), reverse("organisation:group_list", args=[process.slug])):
        html = client.get(url).content.decode()
        assert "Souhlasící Osoba" in html and "Charita Humpolec" in html
        assert "Tajná Osoba" not in html and "Tajná org" not in html
        assert "and 2 members without consent to publish" in html


def test_members_of_the_group_see_everybody(process, client_for, member, staff):
    group = make_group(process, is_public=False)
    add_member(group, make_person(process, "Tajná Osoba", consent=False))
    add_member(group, make_person(process, "Členka", user=member))
    html = client_for(member).get(group.get_absolute_url()).content.decode()
    assert "Tajná Osoba" in html
    assert "History of the composition" in html


def test_internal_group_does_not_exist_for_the_public(process, client, nobody, client_for):
    group = make_group(process, is_public=False, name="Interní")
    assert client.get(group.get_absolute_url()).status_code == 302  # sign in first
    assert client_for(nobody).get(group.get_absolute_url()).status_code == 404
    html = client.get(reverse("organisation:group_list", args=[process.slug])).content.decode()
    assert "Interní" not in html


def test_who_was_in_the_group_on_a_date_page(process, client_for, coordinator):
    group = make_group(process)
    add_member(group, make_person(process, "Bývalý člen"), start=D(2017, 1, 1), end=D(2018, 1, 1))
    add_member(group, make_person(process, "Současná členka"), start=D(2018, 6, 1))
    client = client_for(coordinator)
    html = client.get(group.get_absolute_url(), {"on": "2017-06-01"}).content.decode()
    table = html.split('id="members-title"')[1].split('id="history-title"')[0]
    assert "Bývalý člen" in table and "Současná členka" not in table
    html = client.get(group.get_absolute_url()).content.decode()
    table = html.split('id="members-title"')[1].split('id="history-title"')[0]
    assert "Bývalý člen" not in table and "Současná členka" in table


def test_group_create_and_territorial_needs_sub_area(process, coordinator, client_for):
    client = client_for(coordinator)
    url = reverse("organisation:group_create", args=[process.slug])
    response = client.post(url, {"name": "Humpolecko", "kind": "territorial", "is_public": "on"})
    assert response.status_code == 200
    assert "A territorial group needs its sub-area." in response.content.decode()
    assert 'value="Humpolecko"' in response.content.decode()
    assert not Group.objects.exists()
    response = client.post(
        url,
        {
            "name": "Senioři a lidé se zdravotním postižením",
            "kind": "target_group",
            "focus_target_groups": "senioři\nlidé se zdravotním postižením\n\n",
            "is_public": "on",
        },
    )
    group = Group.objects.get()
    assert response.status_code == 302 and response["Location"] == group.get_absolute_url()
    assert group.focus_target_groups == ["senioři", "lidé se zdravotním postižením"]
    assert group.slug == "seniori-a-lide-se-zdravotnim-postizenim"
    assert AuditEvent.objects.filter(action="group.created").exists()


def test_person_with_provider_and_login(process, coordinator, member, client_for):
    client = client_for(coordinator)
    url = reverse("organisation:person_create", args=[process.slug])
    data = {
        "name": "Petra Poskytovatelka",
        "organisation_kind": "provider",
        "organisation_name": "",
        "provider_ico": "",
        "email": "MEMBER@example.org",
        "consent_publish": "on",
        "link_user": "on",
    }
    response = client.post(url, data)
    assert "Enter the IČO of the provider." in response.content.decode()
    assert not Person.objects.exists()
    data["provider_ico"] = "12345678"
    data["organisation_name"] = "Charita Humpolec"
    assert client.post(url, data).status_code == 302
    person = Person.objects.get()
    assert person.user == member
    assert person.consent_at is not None
    assert person.provider_ico == "12345678"


def test_membership_add_end_and_overlap(process, coordinator, client_for):
    group = make_group(process)
    person = make_person(process, "Jan Člen")
    client = client_for(coordinator)
    url = reverse("organisation:membership_add", args=[process.slug, group.slug])
    data = {"person": person.pk, "role": "member", "side": "user", "start": "2018-01-01"}
    assert client.post(url, data).status_code == 302
    response = client.post(url, data | {"start": "2019-01-01"})
    assert "already a member of the group" in response.content.decode()
    membership = Membership.objects.get()
    edit = reverse("organisation:membership_edit", args=[process.slug, group.slug, membership.pk])
    response = client.post(edit, data | {"end": "2017-01-01"})
    assert "cannot end before it starts" in response.content.decode()
    assert client.post(edit, data | {"end": "2018-12-31"}).status_code == 302
    membership.refresh_from_db()
    assert membership.end == D(2018, 12, 31)
    services.membership_add(
        actor=None, group=group, person=person, side="user", start=D(2019, 1, 1)
    )
    assert Membership.objects.filter(person=person).count() == 2


def test_methodologist_manages_only_the_groups_they_facilitate(process, methodologist, client_for):
    mine = make_group(process, name="Moje")
    other = make_group(process, name="Cizí")
    add_member(
        mine,
        make_person(process, "Metodik", user=methodologist),
        role=Membership.Role.METHODOLOGIST,
    )
    client = client_for(methodologist)
    assert (
        client.get(reverse("organisation:group_edit", args=[process.slug, mine.slug])).status_code
        == 200
    )
    assert (
        client.get(reverse("organisation:group_edit", args=[process.slug, other.slug])).status_code
        == 403
    )
    assert client.get(reverse("organisation:group_create", args=[process.slug])).status_code == 403


def test_withdrawn_consent_hides_the_person_again(process, coordinator, client_for, client):
    group = make_group(process)
    person = make_person(process, "Odvolávající Souhlas")
    add_member(group, person)
    assert "Odvolávající Souhlas" in client.get(group.get_absolute_url()).content.decode()
    url = reverse("organisation:person_edit", args=[process.slug, person.pk])
    data = {"name": person.name, "organisation_kind": "other", "organisation_name": "Spolek"}
    assert client_for(coordinator).post(url, data).status_code == 302
    person.refresh_from_db()
    assert not person.consent_publish and person.consent_at is None
    html = client.get(group.get_absolute_url()).content.decode()
    assert "Odvolávající Souhlas" not in html
    assert "and 1 member without consent to publish" in html


def test_municipality_person_gets_the_municipality_name(process, coordinator, client_for):
    town = process.planning_area.municipalities.get(name="Kejžlice")
    url = reverse("organisation:person_create", args=[process.slug])
    data = {"name": "Starosta", "organisation_kind": "municipality", "municipality": town.pk}
    assert client_for(coordinator).post(url, data).status_code == 302
    person = Person.objects.get()
    assert person.organisation_name == "Kejžlice" and person.municipality == town


def test_territorial_group_shows_its_sub_area(process, coordinator, client_for, client):
    from socplan.territory.models import SubArea

    sub_area = SubArea.objects.create(area=process.planning_area, name="Humpolecko")
    sub_area.municipalities.set(process.planning_area.municipalities.filter(name="Herálec"))
    url = reverse("organisation:group_create", args=[process.slug])
    data = {"name": "Humpolecko", "kind": "territorial", "sub_area": sub_area.pk, "is_public": "on"}
    assert client_for(coordinator).post(url, data).status_code == 302
    group = Group.objects.get()
    assert group.sub_area == sub_area
    html = client.get(group.get_absolute_url()).content.decode()
    assert "Herálec" in html and "Kejžlice" not in html


def test_anonymise_removes_personal_data_but_keeps_the_balance(
    process, coordinator, member, client_for, client
):
    group = make_group(process)
    person = make_person(process, "Zapomenutá Osoba", email="z@example.org", user=member)
    person.organisation_kind = Person.OrganisationKind.OTHER
    person.save()
    add_member(group, person, side=Membership.Side.USER)
    url = reverse("organisation:person_anonymise", args=[process.slug, person.pk])
    assert client_for(coordinator).get(url).status_code == 405
    assert client_for(member).post(url).status_code == 403
    assert client.post(url)["Location"].startswith(reverse("accounts:login"))
    assert client_for(coordinator).post(url).status_code == 302
    person.refresh_from_db()
    assert "Zapomenutá" not in person.name
    assert (person.email, person.user, person.consent_publish) == ("", None, False)
    html = client.get(group.get_absolute_url()).content.decode()
    assert "Zapomenutá" not in html and "and 1 member without consent to publish" in html
    balance = selectors.triad_balance(selectors.composition(group=group, on=D(2019, 1, 1)))
    assert balance.counts["user"] == 1
    assert AuditEvent.objects.filter(action="person.anonymised").exists()
