"""The region's list and export of the ORPs' opinions on need (/kraje/<code>/potrebnost/):
region staff of the region see every sent opinion of its processes (never a draft, never
another region's), filter and sort them, and download them with every field."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from socplan import testing
from socplan.planning import services_opinions as services
from socplan.planning.tests.builders_opinions import make_evidence, make_opinion
from socplan.territory.models import Orp

pytestmark = pytest.mark.django_db


def region_of(process):
    return process.planning_area.municipalities.first().district.region


def address(name, region):
    return reverse(f"region:{name}", kwargs={"region": region.code})


@pytest.fixture
def opinions(process, coordinator):
    """Three sent opinions (needed, conditional, withdrawn) and a draft of the process."""
    evidence = make_evidence(process, actor=coordinator)
    catalogue = evidence["catalogue"]
    needed = make_opinion(process, evidence, actor=coordinator, send=True)
    conditional = make_opinion(
        process,
        evidence,
        actor=coordinator,
        send=True,
        service=None,
        kind=catalogue.items["home_kind"],
        provider_name="Nový domov, z. ú.",
        year=2021,
        verdict="conditional",
        conditions="Jen 10 lůžek; poskytovatel doloží personál.",
        reasons="Kapacita domovů je pod průměrem kraje.",
        capacity_unit=catalogue.items["beds"],
        requested_capacity=20,
        recommended_capacity=10,
        measures=[evidence["measures"]["1.2"], evidence["measures"]["1.1"]],
    )
    withdrawn = make_opinion(process, evidence, actor=coordinator, send=True, year=2019)
    services.need_opinion_withdraw(actor=coordinator, opinion=withdrawn, reason="Zpět.")
    draft = make_opinion(process, evidence, actor=coordinator, reasons="Tajný koncept.")
    return {
        "needed": needed,
        "conditional": conditional,
        "withdrawn": withdrawn,
        "draft": draft,
        "evidence": evidence,
    }


def codes(response) -> list[str]:
    return [o.code for o in response.context["opinions"]]


def test_it_lists_the_sent_opinions_of_the_region(process, opinions, region_staff, client_for):
    response = client_for(region_staff).get(address("opinion_list", region_of(process)))

    assert response.status_code == 200
    assert sorted(codes(response)) == ["V01", "V02"]  # not the withdrawn one, not the draft
    content = response.content.decode()
    assert "Jen 10 lůžek" in content
    assert "Tajný koncept." not in content
    assert opinions["needed"].get_absolute_url() in content


def test_it_shows_withdrawn_opinions_on_request_never_drafts(
    process, opinions, region_staff, client_for
):
    response = client_for(region_staff).get(
        address("opinion_list", region_of(process)), {"old": "on"}
    )

    assert sorted(codes(response)) == ["V01", "V02", "V03"]
    assert "V04" not in response.content.decode()


def test_it_filters_and_sorts(process, opinions, region_staff, client_for):
    client = client_for(region_staff)
    page = address("opinion_list", region_of(process))
    kinds = opinions["evidence"]["catalogue"].items

    assert codes(client.get(page, {"verdict": "conditional"})) == ["V02"]
    assert codes(client.get(page, {"kind": kinds["care_kind"].pk})) == ["V01"]
    assert codes(client.get(page, {"year": "2021"})) == ["V02"]
    assert codes(client.get(page, {"process": process.pk})) == ["V02", "V01"]  # newest first
    assert codes(client.get(page, {"sort": "year"})) == ["V01", "V02"]
    assert codes(client.get(page, {"sort": "-year"})) == ["V02", "V01"]
    # the ORP: processes whose area lies in it
    orp = process.planning_area.municipalities.first().orp
    other_orp = Orp.objects.create(code="6199", name="Pelhřimov", region=region_of(process))
    assert sorted(codes(client.get(page, {"orp": orp.pk}))) == ["V01", "V02"]
    assert codes(client.get(page, {"orp": other_orp.pk})) == []
    # a value the form does not know drops that filter only, never a server error
    odd = client.get(page, {"year": "abc", "verdict": "conditional", "sort": "nonsense"})
    assert odd.status_code == 200 and codes(odd) == ["V02"]


def test_another_regions_processes_are_not_listed(
    process, opinions, other_region_staff, client_for, django_user_model
):
    from socplan.territory.models import RegionRole

    other_region = testing.make_other_region()
    assert (
        client_for(other_region_staff)
        .get(address("opinion_list", other_region))
        .context["opinions"]
        == []
    )
    # staff of the other region get nothing of this region
    for name in ("opinion_list", "opinion_xlsx", "opinion_csv"):
        response = client_for(other_region_staff).get(address(name, region_of(process)))
        assert response.status_code == 403, name
    assert RegionRole.objects.filter(user=other_region_staff).count() == 1


@pytest.mark.parametrize("persona", ["nobody", "member", "methodologist", "coordinator"])
def test_people_of_the_process_do_not_see_the_regions_list(
    persona, process, opinions, personas, client_for
):
    response = client_for(personas[persona]).get(address("opinion_list", region_of(process)))

    assert response.status_code == 403


def test_anonymous_visitors_sign_in_and_site_staff_see_it(process, opinions, staff, client_for):
    page = address("opinion_list", region_of(process))

    anonymous = client_for(None).get(page)
    assert anonymous.status_code == 302 and "/ucet/prihlaseni/" in anonymous["Location"]
    assert sorted(codes(client_for(staff).get(page))) == ["V01", "V02"]
    assert client_for(staff).get(reverse("region:opinion_list", args=["9999"])).status_code == 404


def test_the_xlsx_export_has_every_field(process, opinions, region_staff, client_for):
    response = client_for(region_staff).get(
        address("opinion_xlsx", region_of(process)), {"sort": "process"}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows[0]
    records = [dict(zip(header, row, strict=False)) for row in rows[1:] if row[0]]
    by_code = {r["No."]: r for r in records if r["No."] in ("V01", "V02")}
    assert set(by_code) == {"V01", "V02"}
    conditional = by_code["V02"]
    evidence = opinions["evidence"]
    m11, m12 = evidence["measures"]["1.1"], evidence["measures"]["1.2"]
    assert conditional["Opinion"] == "needed under conditions"
    assert conditional["Conditions"] == "Jen 10 lůžek; poskytovatel doloží personál."
    assert conditional["Kind of service"] == "domovy pro seniory (§ 49)"
    assert conditional["Provider"] == "Nový domov, z. ú."
    assert (conditional["Requested capacity"], conditional["Recommended capacity"]) == (20, 10)
    assert conditional["Unit of capacity"] == "Počet lůžek"
    assert conditional["Year"] == 2021
    assert conditional["Measures of the plan"].splitlines() == [
        f"1.1 {m11.title}",
        f"1.2 {m12.title}",
    ]
    plan = evidence["plan"]
    assert conditional["Addresses of the measures"].splitlines()[1] == (
        f"http://testserver/procesy/{process.slug}/plan/{plan.pk}/opatreni/{m12.pk}/"
    )
    assert conditional["Findings of the analysis"] == (
        "Z01 Senioři v malých obcích nemají pomoc doma"
    )
    assert conditional["State"] == "sent to the region"
    assert conditional["Sent by"] == "Koordinátorka Nováková"
    needed = by_code["V01"]
    assert needed["Service"] == "Pečovatelská služba Humpolec"
    assert needed["IČO"] == "00248266"
    assert needed["Reference of the request (č. j.)"] == "KrVy 1/2019"
    assert needed["Address of the opinion"] == (
        "http://testserver" + opinions["needed"].get_absolute_url()
    )
    assert "Tajný koncept." not in str(rows)


def test_the_csv_export_follows_the_filters(process, opinions, region_staff, client_for):
    response = client_for(region_staff).get(
        address("opinion_csv", region_of(process)), {"old": "on", "verdict": "needed"}
    )

    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header, records = rows[0], rows[1:]
    assert sorted(r[header.index("No.")] for r in records) == ["V01", "V03"]
    withdrawn = next(r for r in records if r[header.index("No.")] == "V03")
    assert withdrawn[header.index("State")] == "withdrawn"
    assert withdrawn[header.index("Reason of the withdrawal")] == "Zpět."


def test_the_demo_region_has_opinions_to_show(shared_demo, client_for, staff):
    from socplan.core.demo import load_demo
    from socplan.planning.models import NeedOpinion
    from socplan.territory.models import Region

    demo = NeedOpinion.objects.filter(is_demo=True, process__slug="kpss-orp-humpolec")
    assert demo.count() == 4
    assert demo.filter(state="submitted").count() == 3
    assert set(demo.values_list("verdict", flat=True)) == {"needed", "not_needed", "conditional"}
    assert all(o.measures.exists() for o in demo)
    region = Region.objects.get(code="3107")  # Kraj Vysočina
    response = client_for(staff).get(address("opinion_list", region))
    assert len(response.context["opinions"]) == 3
    assert "Odlehčovací" in response.content.decode() or "odlehčovací" in response.content.decode()
    load_demo()  # again: nothing new
    assert NeedOpinion.objects.filter(is_demo=True).count() == 4


def test_the_list_and_export_ask_the_same_queries_however_many_opinions(
    process, opinions, region_staff, client_for
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(region_staff)
    region = region_of(process)

    def count(name):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(address(name, region), {"old": "on"}).status_code == 200
        return len(queries)

    before = {name: count(name) for name in ("opinion_list", "opinion_xlsx")}
    for _ in range(3):
        make_opinion(process, opinions["evidence"], send=True)
    after = {name: count(name) for name in ("opinion_list", "opinion_xlsx")}

    assert after == before
