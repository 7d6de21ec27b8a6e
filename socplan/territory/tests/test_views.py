import pytest
from django.core.exceptions import ValidationError

from socplan.core.models import AuditEvent
from socplan.territory import services
from socplan.territory.models import Municipality, PlanningArea, SubArea

NBSP = "\xa0"


def _names(response):
    return [m.name for m in response.context["rows"]]


@pytest.fixture
def outsider(area):
    """A municipality that is not in the area."""
    humpolec = area.municipalities.get(code="547999")
    return Municipality.objects.create(
        code="548111", name="Kamenice nad Lipou", district=humpolec.district
    )


# --------------------------------------------------------------------------- public pages


def test_it_lists_planning_areas_with_population(client, area, settings):
    settings.LANGUAGE_CODE = "cs"  # Czech number formatting
    response = client.get("/uzemi/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "ORP Humpolec" in content
    assert f"11{NBSP}860" in content  # 10 835 + 330 + 695
    assert "leaflet" not in content


def test_it_shows_the_area_with_numbers(client, area, settings):
    settings.LANGUAGE_CODE = "cs"  # Czech number formatting
    response = client.get("/uzemi/orp-humpolec/")
    assert response.status_code == 200
    content = response.content.decode()
    assert f"10{NBSP}835" in content
    assert f"2{NBSP}478" in content
    summary = response.context["summary"]
    assert summary.total == 11860
    assert summary.census_year == 2021
    assert summary.municipality_count == 3
    assert f"22,5{NBSP}%" in content  # (2478 + 67 + 119) / 11 860
    assert 'id="map-points"' in content
    assert "vendor/leaflet/leaflet.js" in content
    assert "socplan/js/map.js" in content
    assert 'data-points="map-points"' in content
    assert "<caption>" in content


def test_it_shows_the_area_in_english(client, area):
    client.cookies["django_language"] = "en"
    response = client.get("/uzemi/orp-humpolec/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Humpolec" in response.content.decode()


def test_it_sorts_the_municipalities(client, area):
    assert _names(client.get("/uzemi/orp-humpolec/")) == ["Herálec", "Humpolec", "Kejžlice"]
    assert _names(client.get("/uzemi/orp-humpolec/?sort=-name")) == [
        "Kejžlice",
        "Humpolec",
        "Herálec",
    ]
    response = client.get("/uzemi/orp-humpolec/?sort=-population")
    assert _names(response) == ["Humpolec", "Herálec", "Kejžlice"]
    assert 'aria-sort="descending"' in response.content.decode()
    assert _names(client.get("/uzemi/orp-humpolec/?sort=population")) == [
        "Kejžlice",
        "Herálec",
        "Humpolec",
    ]
    # 65+: Humpolec 22.9 %, Kejžlice 20.3 %, Herálec 17.1 %
    assert _names(client.get("/uzemi/orp-humpolec/?sort=-share_65_plus")) == [
        "Humpolec",
        "Kejžlice",
        "Herálec",
    ]
    assert _names(client.get("/uzemi/orp-humpolec/?sort=-code")) == [
        "Herálec",  # 568678
        "Kejžlice",  # 548120
        "Humpolec",  # 547999
    ]
    # an unknown sort key falls back to the name
    assert _names(client.get("/uzemi/orp-humpolec/?sort=drop")) == [
        "Herálec",
        "Humpolec",
        "Kejžlice",
    ]


def test_it_links_column_headers_for_sorting(client, area):
    content = client.get("/uzemi/orp-humpolec/?sort=name").content.decode()
    assert 'href="?sort=-population#municipalities"' in content
    assert 'href="?sort=-name#municipalities"' in content
    assert 'aria-sort="ascending"' in content


def test_it_shows_sub_areas(client, area):
    services.sub_area_create(
        area=area, name="Kejžlicko", municipalities=area.municipalities.all()[:1], actor=None
    )
    assert "Kejžlicko" in client.get("/uzemi/orp-humpolec/").content.decode()


def test_it_returns_404_for_an_unknown_area(client, db):
    assert client.get("/uzemi/nic-takoveho/").status_code == 404


# --------------------------------------------------------------------------- creating


def test_it_sends_anonymous_users_to_login(client, area):
    for url in (
        "/uzemi/novy/",
        "/uzemi/novy/z-obci/",
        "/uzemi/orp-humpolec/upravit/",
        "/uzemi/orp-humpolec/casti/nova/",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/ucet/" in response["Location"]


def test_it_refuses_nobody(client_for, nobody, area):
    client = client_for(nobody)
    assert client.get("/uzemi/novy/").status_code == 403
    assert client.get("/uzemi/novy/z-obci/").status_code == 403
    assert client.post("/uzemi/novy/", {"orp": area.orp_id}).status_code == 403
    assert client.get("/uzemi/orp-humpolec/upravit/").status_code == 403
    assert client.post("/uzemi/orp-humpolec/upravit/", {"name": "X"}).status_code == 403
    assert client.get("/uzemi/orp-humpolec/casti/nova/").status_code == 403
    assert PlanningArea.objects.count() == 1


def test_region_staff_only_read_and_make_no_areas(client_for, region_staff, area):
    client = client_for(region_staff)
    assert client.get("/uzemi/novy/").status_code == 403
    response = client.post("/uzemi/novy/", {"orp": area.orp_id, "name": ""})
    assert response.status_code == 403
    assert PlanningArea.objects.count() == 1
    assert client.get(area.get_absolute_url()).status_code == 200


def test_it_lets_a_process_starter_create_an_area_from_an_orp(client_for, nobody, area):
    nobody.can_start_processes = True
    nobody.save()
    client = client_for(nobody)
    page = client.get("/uzemi/novy/")
    assert page.status_code == 200
    assert "<optgroup" in page.content.decode()
    response = client.post("/uzemi/novy/", {"orp": area.orp_id, "name": ""})
    new = PlanningArea.objects.exclude(pk=area.pk).get()
    assert response.status_code == 302
    assert response["Location"] == new.get_absolute_url()
    assert new.name == "ORP Humpolec"
    assert new.slug == "orp-humpolec-2"
    assert new.created_by == nobody
    assert set(new.municipalities.values_list("code", flat=True)) == {
        "547999",
        "548120",
        "568678",
    }
    assert AuditEvent.objects.filter(action="planning_area.created", object_id=str(new.pk)).exists()


def test_it_keeps_the_choice_when_the_orp_form_is_wrong(client_for, staff, area):
    response = client_for(staff).post("/uzemi/novy/", {"orp": "999999", "name": "Mine"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert 'value="Mine"' in response.content.decode()
    assert PlanningArea.objects.count() == 1


def test_it_creates_an_area_from_a_list(client_for, staff, area):
    codes = ["547999", "548120"]
    ids = list(Municipality.objects.filter(code__in=codes).values_list("pk", flat=True))
    response = client_for(staff).post(
        "/uzemi/novy/z-obci/",
        {
            "name": "Mikroregion Humpolecko",
            "kind": "microregion",
            "description": "Dvě obce",
            "municipalities": ids,
            "action": "save",
        },
    )
    area = PlanningArea.objects.get(name="Mikroregion Humpolecko")
    assert response.status_code == 302
    assert response["Location"] == "/uzemi/mikroregion-humpolecko/"
    assert area.kind == PlanningArea.Kind.MICROREGION
    assert area.description == "Dvě obce"
    assert sorted(area.municipalities.values_list("code", flat=True)) == sorted(codes)


def test_it_keeps_what_was_typed_when_no_municipality_is_chosen(client_for, staff, area):
    response = client_for(staff).post(
        "/uzemi/novy/z-obci/",
        {"name": "MAS Bez obcí", "kind": "mas", "description": "Popis", "action": "save"},
    )
    assert response.status_code == 200
    assert "municipalities" in response.context["form"].errors
    content = response.content.decode()
    assert 'value="MAS Bez obcí"' in content
    assert "Popis" in content
    assert PlanningArea.objects.count() == 1


def test_it_links_the_missing_municipalities_error_from_the_summary(client_for, staff, area):
    response = client_for(staff).post(
        "/uzemi/novy/z-obci/", {"name": "MAS Bez obcí", "kind": "mas", "action": "save"}
    )
    content = response.content.decode()
    summary = content[content.index('class="form-errors"') : content.index("</fieldset>")]
    # The summary at the top links to the error shown by the municipality picker.
    assert 'href="#municipalities-errors"' in summary
    assert 'id="municipalities-errors"' in content


def test_it_searches_municipalities_without_diacritics(client_for, staff, area):
    response = client_for(staff).get("/uzemi/novy/z-obci/", {"q": "kejzlice"})
    assert response.status_code == 200
    assert [m.name for m in response.context["results"]] == ["Kejžlice"]
    response = client_for(staff).get("/uzemi/novy/z-obci/", {"q": "HERAL"})
    assert [m.name for m in response.context["results"]] == ["Herálec"]


def test_it_filters_the_search_by_orp(client_for, staff, area, outsider):
    response = client_for(staff).get("/uzemi/novy/z-obci/", {"orp": area.orp_id})
    assert {m.name for m in response.context["results"]} == {"Humpolec", "Kejžlice", "Herálec"}


def test_it_keeps_ticked_municipalities_when_searching_again(client_for, staff, area):
    humpolec = Municipality.objects.get(code="547999")
    response = client_for(staff).post(
        "/uzemi/novy/z-obci/",
        {
            "name": "MAS X",
            "kind": "mas",
            "q": "kejz",
            "municipalities": [humpolec.pk],
            "action": "search",
        },
    )
    assert response.status_code == 200
    assert [m.name for m in response.context["selected"]] == ["Humpolec"]
    assert [m.name for m in response.context["results"]] == ["Kejžlice"]
    content = response.content.decode()
    assert f'value="{humpolec.pk}" checked' in content
    assert 'value="MAS X"' in content
    assert not response.context["form"].errors


def test_it_returns_the_picker_fragment_to_htmx(client_for, staff, area):
    response = client_for(staff).get(
        "/uzemi/novy/z-obci/",
        {"q": "kejz", "picked": "1"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="picker",
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert 'id="picker"' in content
    assert "Kejžlice" in content


def test_it_adds_all_municipalities_of_an_orp(client_for, staff, area):
    response = client_for(staff).post(
        "/uzemi/novy/z-obci/", {"name": "", "kind": "mas", "orp": area.orp_id, "action": "add_orp"}
    )
    assert len(response.context["selected"]) == 3
    assert PlanningArea.objects.count() == 1


# --------------------------------------------------------------------------- editing


def test_it_lets_the_coordinator_edit_the_area(client_for, coordinator, area):
    client = client_for(coordinator)
    page = client.get("/uzemi/orp-humpolec/upravit/")
    assert page.status_code == 200
    assert len(page.context["selected"]) == 3
    keep = list(area.municipalities.exclude(code="568678").values_list("pk", flat=True))
    response = client.post(
        "/uzemi/orp-humpolec/upravit/",
        {
            "name": "ORP Humpolec (bez Herálce)",
            "kind": "orp",
            "description": "",
            "municipalities": keep,
            "picked": "1",
            "action": "save",
        },
    )
    assert response.status_code == 302
    area.refresh_from_db()
    assert area.name == "ORP Humpolec (bez Herálce)"
    assert area.slug == "orp-humpolec"  # the address stays
    assert area.municipalities.count() == 2
    assert AuditEvent.objects.filter(action="planning_area.updated").exists()


def test_it_refuses_editing_to_members_and_other_regions(
    client_for, member, other_region_staff, region_staff, area
):
    for user in (member, other_region_staff, region_staff):
        assert client_for(user).get("/uzemi/orp-humpolec/upravit/").status_code == 403


def test_it_lets_staff_do_everything(client_for, staff, area):
    client = client_for(staff)
    assert client.get("/uzemi/novy/").status_code == 200
    assert client.get("/uzemi/orp-humpolec/upravit/").status_code == 200
    assert client.get("/uzemi/orp-humpolec/casti/nova/").status_code == 200


def test_it_removes_municipalities_left_out_of_the_area_from_its_sub_areas(area):
    heralec = area.municipalities.get(code="568678")
    sub = services.sub_area_create(area=area, name="Západ", municipalities=[heralec], actor=None)
    services.planning_area_update(
        area=area, actor=None, municipalities=area.municipalities.exclude(pk=heralec.pk)
    )
    assert sub.municipalities.count() == 0


# --------------------------------------------------------------------------- sub-areas


def test_it_creates_a_sub_area(client_for, coordinator, area):
    ids = list(
        area.municipalities.filter(code__in=["547999", "548120"]).values_list("pk", flat=True)
    )
    response = client_for(coordinator).post(
        "/uzemi/orp-humpolec/casti/nova/", {"name": "Humpolecko", "municipalities": ids}
    )
    assert response.status_code == 302
    sub = SubArea.objects.get(area=area, name="Humpolecko")
    assert sub.municipalities.count() == 2


def test_it_rejects_a_sub_area_with_a_municipality_outside_the_area(
    client_for, coordinator, area, outsider
):
    inside = area.municipalities.get(code="547999")
    response = client_for(coordinator).post(
        "/uzemi/orp-humpolec/casti/nova/",
        {"name": "Kamenicko", "municipalities": [inside.pk, outsider.pk]},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Kamenice nad Lipou" in content
    assert "not in the planning area" in str(response.context["form"].errors)
    assert 'value="Kamenicko"' in content
    assert not SubArea.objects.exists()


def test_it_rejects_a_duplicate_sub_area_name(area):
    services.sub_area_create(
        area=area, name="Sever", municipalities=area.municipalities.all(), actor=None
    )
    with pytest.raises(ValidationError):
        services.sub_area_create(
            area=area, name="sever", municipalities=area.municipalities.all(), actor=None
        )
    assert SubArea.objects.count() == 1


def test_it_edits_and_deletes_a_sub_area(client_for, coordinator, area):
    sub = services.sub_area_create(
        area=area, name="Sever", municipalities=area.municipalities.all(), actor=None
    )
    client = client_for(coordinator)
    one = area.municipalities.get(code="547999")
    response = client.post(
        f"/uzemi/orp-humpolec/casti/{sub.pk}/upravit/", {"name": "Jih", "municipalities": [one.pk]}
    )
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.name == "Jih"
    assert list(sub.municipalities.all()) == [one]
    assert client.get(f"/uzemi/orp-humpolec/casti/{sub.pk}/smazat/").status_code == 200
    response = client.post(f"/uzemi/orp-humpolec/casti/{sub.pk}/smazat/")
    assert response.status_code == 302
    assert not SubArea.objects.exists()
    assert AuditEvent.objects.filter(action="sub_area.deleted").exists()


def test_it_refuses_sub_area_changes_to_nobody(client_for, nobody, area):
    sub = services.sub_area_create(
        area=area, name="Sever", municipalities=area.municipalities.all(), actor=None
    )
    client = client_for(nobody)
    assert client.post(f"/uzemi/orp-humpolec/casti/{sub.pk}/smazat/").status_code == 403
    assert (
        client.post(f"/uzemi/orp-humpolec/casti/{sub.pk}/upravit/", {"name": "X"}).status_code
        == 403
    )
    assert SubArea.objects.get().name == "Sever"
