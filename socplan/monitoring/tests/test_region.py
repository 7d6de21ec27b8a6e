"""The region's view (/kraje/, socplan.monitoring.region): its figures against an
independent recomputation over several processes in two regions (a MAS across two ORPs
among them), its permissions, its exports and its query budget."""

import csv
import datetime
import io
import re
from collections import defaultdict
from decimal import Decimal

import pytest
from django.urls import reverse

from socplan import testing
from socplan.analysis.coverage import AGE_YEAR, RATIOS
from socplan.catalogue.models import Capacity, Codelist, Facility, Provider, Service, ServiceForm
from socplan.consultation.models import PlanApproval
from socplan.monitoring import region as region_module
from socplan.monitoring import selectors
from socplan.monitoring.models import ActivityReport, LightOverride, MonitoringPeriod, Weight
from socplan.organisation.models import PlanningProcess
from socplan.planning.models import (
    ActionItem,
    Activity,
    CostEstimate,
    Measure,
    Plan,
    Priority,
)
from socplan.territory.models import (
    AgeStructure,
    Municipality,
    Orp,
    PlanningArea,
)
from socplan.testing.catalogue import item
from socplan.testing.query_budgets import assert_flat_queries
from socplan.testing.tenants import make_other_territory

pytestmark = pytest.mark.django_db
ON = datetime.date(2026, 6, 1)


# --------------------------------------------------------------------------- the world


def _ages(municipality, *, total, old, very_old):
    """Age structure: ``old`` aged 65–79 and ``very_old`` 80+ (one row, sex f)."""
    AgeStructure.objects.create(
        municipality=municipality,
        year=AGE_YEAR,
        reference_date=datetime.date(AGE_YEAR, 12, 31),
        sex="f",
        total=total,
        age_30_34=total - old - very_old,
        age_70_74=old,
        age_85_plus=very_old,
    )


def _service(provider, name, kind, form, unit, value, municipality):
    service = Service.objects.create(
        provider=provider, name=name, kind=kind, start_date=datetime.date(2010, 1, 1)
    )
    service_form = ServiceForm.objects.create(service=service, form=form)
    Capacity.objects.create(service_form=service_form, type=unit, value=value)
    Facility.objects.create(service=service, name=name, municipality=municipality)
    return service


def _plan(process, *, title, start, end, status, measures, approved=None):
    """A medium-term plan; ``measures``: list of (kind, services, target groups, own
    costs [(year, source, amount)], activity costs [(year, source, amount)])."""
    plan = Plan.objects.create(
        process=process,
        kind=Plan.Kind.MEDIUM_TERM,
        title=title,
        year_start=start,
        year_end=end,
        status=status,
    )
    priority = Priority.objects.create(plan=plan, title=f"Priorita {title}", order=1)
    for n, (kind, services, groups, own, activity_costs) in enumerate(measures):
        measure = Measure.objects.create(priority=priority, title=f"Opatření {n}", kind=kind)
        measure.services.set(services)
        measure.target_groups.set(groups)
        for year, source, amount in own:
            CostEstimate.objects.create(
                plan=plan, measure=measure, year=year, source=source, amount=Decimal(amount)
            )
        activity = Activity.objects.create(measure=measure, title=f"Aktivita {n}")
        for year, source, amount in activity_costs:
            CostEstimate.objects.create(
                plan=plan,
                measure=measure,
                activity=activity,
                year=year,
                source=source,
                amount=Decimal(amount),
            )
    if approved:
        PlanApproval.objects.create(
            plan=plan, version=plan.version, approved_on=approved[0], resolution=approved[1]
        )
    return plan


def _area(name, slug, municipalities, *, kind=PlanningArea.Kind.MAS, orp=None):
    area = PlanningArea.objects.create(name=name, slug=slug, kind=kind, orp=orp)
    area.municipalities.set(municipalities)
    return area


def _process(area, slug, *, published=True):
    return PlanningProcess.objects.create(
        name=f"KPSS {area.name}",
        slug=slug,
        planning_area=area,
        period_start=2024,
        period_end=2028,
        realizer="Realizátor",
        is_published=published,
    )


@pytest.fixture
def world(process):
    """Kraj Vysočina with ORP Humpolec (3 municipalities, the personas' process over it)
    and ORP Pelhřimov (2 municipalities); Jihočeský kraj with ORP Tábor. Processes:

    - Humpolec (the personas' ORP process): an approved plan 2024–2028 in force, with an
      action plan whose budget repeats the costs (must not count twice), monitored 2025;
    - a MAS over 1 municipality of Humpolec and 2 of Pelhřimov (unpublished): a draft plan
      2026–2030 (belongs to Pelhřimov, reaches Humpolec);
    - an old plan of the Humpolec process 2015–2018 (expired);
    - Tábor (the other region): a plan that must not show in Vysočina.
    """
    region, district, humpolec_orp, (humpolec, kejzlice, heralec) = testing.make_territory()
    pelhrimov_orp = Orp.objects.create(code="6108", name="Pelhřimov", region=region)
    pelhrimov = Municipality.objects.create(
        code="548511", name="Pelhřimov", district=district, orp=pelhrimov_orp
    )
    vcelnicka = Municipality.objects.create(
        code="561941", name="Včelnička", district=district, orp=pelhrimov_orp
    )
    other_region, _d, tabor_orp, (tabor, chynov) = make_other_territory()
    for m, total, old, very_old in (
        (humpolec, 10000, 1500, 500),
        (kejzlice, 300, 50, 20),
        (heralec, 700, 100, 30),
        (pelhrimov, 16000, 2500, 800),
        (vcelnicka, 400, 60, 25),
        (tabor, 34000, 5000, 1500),
        (chynov, 2000, 300, 100),
    ):
        _ages(m, total=total, old=old, very_old=very_old)

    k = {
        "home": item(Codelist.KIND, "13", "domovy pro seniory", order=13),
        "special": item(Codelist.KIND, "14", "domovy se zvláštním režimem", order=14),
        "care": item(Codelist.KIND, "4", "pečovatelská služba", order=4),
        "respite": item(Codelist.KIND, "8", "odlehčovací služby", order=8),
        "seniors": item(Codelist.TARGET_GROUP, "24", "senioři", order=24),
        "disabled": item(Codelist.TARGET_GROUP, "2", "osoby se zdravotním postižením"),
        "residential": item(Codelist.FORM, "pob", "pobytová", order=2),
        "field": item(Codelist.FORM, "ter", "terénní", order=3),
        "beds": item(Codelist.CAPACITY_TYPE, "luzka", "Počet lůžek", order=4),
        "clients": item(Codelist.CAPACITY_TYPE, "klient", "Počet klientů", order=1),
    }
    provider = Provider.objects.create(ico="12345678", name="Poskytovatel")
    services = {
        "home_humpolec": _service(
            provider, "DS Humpolec", k["home"], k["residential"], k["beds"], 40, humpolec
        ),
        "special_pelhrimov": _service(
            provider, "DZR Pelhřimov", k["special"], k["residential"], k["beds"], 30, pelhrimov
        ),
        "home_tabor": _service(
            provider, "DS Tábor", k["home"], k["residential"], k["beds"], 200, tabor
        ),
        "care_humpolec": _service(
            provider, "PS Humpolec", k["care"], k["field"], k["clients"], 60, humpolec
        ),
    }
    humpolec_process = process
    humpolec_plan = _plan(
        humpolec_process,
        title="SPRSS Humpolec",
        start=2024,
        end=2028,
        status=Plan.Status.IN_FORCE,
        approved=(datetime.date(2023, 12, 11), "ZM 12/2023/5"),
        measures=[
            (
                Measure.Kind.KEEP,
                [services["home_humpolec"]],
                [k["seniors"]],
                [(2024, "region", 100000), (2025, "region", 110000)],
                [(2024, "eu", 50000)],
            ),
            (
                Measure.Kind.NEW,
                [services["home_humpolec"], services["care_humpolec"]],
                [k["seniors"], k["disabled"]],
                [],
                [(2025, "municipalities", 20000), (2025, "eu", 30000)],
            ),
            (Measure.Kind.SYSTEM, [], [], [(2026, "other", 5000)], []),
        ],
    )
    # the action plan 2025 repeats the measure's costs (planning's rule: not summed again)
    action_plan = Plan.objects.create(
        process=humpolec_process,
        kind=Plan.Kind.ACTION,
        medium_term_plan=humpolec_plan,
        year=2025,
        title="AP 2025",
        year_start=2025,
        year_end=2025,
        status=Plan.Status.IN_FORCE,
    )
    activities = list(Activity.objects.filter(measure__priority__plan=humpolec_plan))
    items = []
    for n, activity in enumerate(activities):
        action_item = ActionItem.objects.create(
            plan=action_plan,
            activity=activity,
            order=n,
            status=["done", "in_progress", "not_done"][n],
        )
        CostEstimate.objects.create(
            plan=action_plan,
            measure=activity.measure,
            activity=activity,
            action_item=action_item,
            year=2025,
            source="eu",
            amount=Decimal(99999),
        )
        items.append(action_item)
    period = MonitoringPeriod.objects.create(
        action_plan=action_plan, status=MonitoringPeriod.Status.APPROVED
    )
    ActivityReport.objects.create(period=period, action_item=items[1], progress=70)
    Weight.objects.create(plan=humpolec_plan, activity=activities[0], weight=Decimal(3))
    old_plan = _plan(
        humpolec_process,
        title="SPRSS Humpolec 2015",
        start=2015,
        end=2018,
        status=Plan.Status.SUPERSEDED,
        approved=(datetime.date(2014, 12, 1), "ZM 8/2014"),
        measures=[(Measure.Kind.KEEP, [], [k["seniors"]], [(2016, "state", 7000)], [])],
    )

    mas_area = _area("MAS Zálesí", "mas-zalesi", [kejzlice, pelhrimov, vcelnicka])
    mas_process = _process(mas_area, "kpss-mas-zalesi", published=False)
    mas_plan = _plan(
        mas_process,
        title="SPRSS MAS Zálesí",
        start=2026,
        end=2030,
        status=Plan.Status.DRAFT,
        measures=[
            (
                Measure.Kind.NEW,
                [services["special_pelhrimov"]],
                [k["seniors"]],
                [(2026, "region", 40000)],
                [(2027, "region", 1000), (2026, "health_insurance", 2500)],
            ),
        ],
    )
    tabor_area = _area(
        "ORP Tábor", "orp-tabor", [tabor, chynov], kind=PlanningArea.Kind.ORP, orp=tabor_orp
    )
    tabor_process = _process(tabor_area, "kpss-tabor")
    tabor_plan = _plan(
        tabor_process,
        title="SPRSS Tábor",
        start=2025,
        end=2027,
        status=Plan.Status.IN_FORCE,
        approved=(datetime.date(2024, 11, 1), "ZM 1/2024"),
        measures=[(Measure.Kind.KEEP, [services["home_tabor"]], [k["seniors"]], [], [])],
    )
    return {
        "region": region,
        "other_region": other_region,
        "humpolec_orp": humpolec_orp,
        "pelhrimov_orp": pelhrimov_orp,
        "humpolec_plan": humpolec_plan,
        "old_plan": old_plan,
        "mas_plan": mas_plan,
        "tabor_plan": tabor_plan,
        "period": period,
        "items": items,
        "k": k,
        "services": services,
        "mas_process": mas_process,
    }


# --------------------------------------------------------------------------- recomputation


def _region_of_plan(plan) -> set[int]:
    return {
        m.district.region_id
        for m in plan.process.planning_area.municipalities.select_related("district")
    }


def _plans_in(region) -> list[Plan]:
    return [
        p
        for p in Plan.objects.filter(kind=Plan.Kind.MEDIUM_TERM).select_related(
            "process__planning_area"
        )
        if region.pk in _region_of_plan(p)
    ]


def test_it_sums_costs_by_year_and_source_like_a_plain_loop(world):
    region = world["region"]
    overview = region_module.region_overview(region=region, on=ON)
    plans = {p.pk for p in _plans_in(region)}
    expected = defaultdict(Decimal)
    for cost in CostEstimate.objects.all():
        if cost.plan_id in plans:  # medium-term plans of the region only
            expected[(cost.year, cost.source)] += cost.amount
    assert overview.costs == dict(expected)
    # by hand: Humpolec 100000+110000+50000+20000+30000+5000, old 7000, MAS 43500
    assert overview.costs_total == Decimal(365500)
    assert overview.cost(year=2025, source="eu") == Decimal(30000)  # not the action plan's
    # approved plans only: the MAS's draft is left out
    assert overview.approved_costs_total == Decimal(365500 - 43500)
    assert overview.cost_years == [2016, 2024, 2025, 2026, 2027]
    assert [s for s, _label in overview.cost_sources] == [
        "municipalities",
        "region",
        "state",
        "eu",
        "health_insurance",
        "other",
    ]


def test_it_counts_measures_by_kind_of_service_target_group_and_type(world):
    region = world["region"]
    overview = region_module.region_overview(region=region, on=ON)
    plans = {p.pk for p in _plans_in(region)}
    by_kind, by_group, by_type = defaultdict(int), defaultdict(int), defaultdict(int)
    kind_growth, group_growth = defaultdict(int), defaultdict(int)
    total = 0
    for measure in Measure.objects.select_related("priority"):
        if measure.priority.plan_id not in plans:
            continue
        total += 1
        kinds = {s.kind.name for s in measure.services.all()}
        grows = measure.kind in ("new", "capacity")
        for kind in kinds or {"no service named"}:
            by_kind[kind] += 1
            kind_growth[kind] += grows
        groups = {g.name for g in measure.target_groups.all()}
        for group in groups or {"no target group named"}:
            by_group[group] += 1
            group_growth[group] += grows
        by_type[measure.kind] += 1
    assert overview.measures_total == total == 5
    assert {g.label: g.count for g in overview.measures_by_service_kind} == dict(by_kind)
    assert {g.label: g.count for g in overview.measures_by_target_group} == dict(by_group)
    assert {g.key: g.count for g in overview.measures_by_type} == dict(by_type)
    assert {g.label: g.growth for g in overview.measures_by_service_kind} == dict(kind_growth)
    assert {g.label: g.growth for g in overview.measures_by_target_group} == dict(group_growth)
    # by hand: new: a home with a special regime (the MAS), home care and a home (Humpolec)
    growth = {g.key: g.growth for g in overview.measures_by_service_kind}
    assert (growth["14"], growth["4"], growth["13"]) == (1, 1, 1)
    # the list per plan links each plan
    homes = next(g for g in overview.measures_by_service_kind if g.key == "13")
    assert [(url, n) for _label, url, n in homes.plans] == [
        (world["humpolec_plan"].get_absolute_url(), 2)
    ]
    # Tábor's home (the other region) is not there
    assert all(
        "Tábor" not in label for g in overview.measures_by_service_kind for label, *_ in g.plans
    )


def test_it_gives_each_orp_the_state_of_its_plans(world):
    overview = region_module.region_overview(region=world["region"], on=ON)
    orps = {o.code: o for o in overview.orps}
    assert set(orps) == {"6103", "6108"}  # Tábor is in the other region
    humpolec, pelhrimov = orps["6103"], orps["6108"]
    assert humpolec.state == region_module.IN_FORCE
    assert [p.title for p in humpolec.plans] == ["SPRSS Humpolec 2015", "SPRSS Humpolec"]
    assert [p.state for p in humpolec.plans] == [region_module.EXPIRED, region_module.IN_FORCE]
    plan = humpolec.plans[1]
    assert plan.approved_on == datetime.date(2023, 12, 11)
    assert plan.resolution == "ZM 12/2023/5"
    assert plan.in_force_until == 2028
    # the MAS has 2 of its 3 municipalities in Pelhřimov: its plan is Pelhřimov's
    assert pelhrimov.state == region_module.PREPARING
    assert [p.title for p in pelhrimov.plans] == ["SPRSS MAS Zálesí"]
    assert pelhrimov.plans[0].approved_on is None
    assert pelhrimov.plans[0].in_force_until is None
    assert not pelhrimov.plans[0].process_published
    # and it reaches Humpolec (one municipality), listed, not counted
    assert [(r.process_name, r.municipalities) for r in humpolec.reaches] == [
        ("KPSS MAS Zálesí", 1)
    ]
    assert overview.state_counts == {region_module.IN_FORCE: 1, region_module.PREPARING: 1}
    # later, the Humpolec plan has expired (its last year is over)
    later = region_module.region_overview(region=world["region"], on=datetime.date(2029, 1, 1))
    assert {o.code: o.state for o in later.orps}["6103"] == region_module.EXPIRED


def test_an_approved_plan_not_begun_is_in_force_from_its_first_year(world, personas, client_for):
    # approved in December 2023, its first year 2024: in force, said from when
    before = region_module.region_overview(region=world["region"], on=datetime.date(2023, 12, 20))
    humpolec = {o.code: o for o in before.orps}["6103"]
    plan = next(p for p in humpolec.plans if p.plan_id == world["humpolec_plan"].pk)
    assert plan.state == region_module.IN_FORCE
    assert plan.in_force_from == 2024
    assert plan.state_label == "approved plan, in force from 2024"
    assert humpolec.state == region_module.IN_FORCE
    assert humpolec.state_label == "approved plan, in force from 2024"
    assert before.state_counts[region_module.IN_FORCE] == 1
    # once begun, plainly in force
    overview = region_module.region_overview(region=world["region"], on=ON)
    plan = next(p for p in overview.plans if p.plan_id == world["humpolec_plan"].pk)
    assert plan.in_force_from is None
    assert plan.state_label == "approved plan in force"
    # the page (today) says it: a plan approved for next year on
    start = datetime.date.today().year + 1
    Plan.objects.filter(pk=world["humpolec_plan"].pk).update(year_start=start, year_end=start + 4)
    html = client_for(personas["region_staff"]).get(_url(world["region"])).content.decode()
    assert f"approved plan, in force from {start}" in html
    assert f"{start + 4} (from {start})" in html


def test_it_computes_ratios_per_orp_like_a_plain_loop(world, monkeypatch):
    monkeypatch.setattr(region_module, "national_data_loaded", lambda: True)
    overview = region_module.region_overview(region=world["region"], on=ON)
    # independent: every service here has one facility, so its capacity is where it is
    capacity = defaultdict(float)  # (kind, unit, orp id) -> capacity
    for cap in Capacity.objects.select_related(
        "service_form__service__kind", "type", "service_form__form"
    ):
        service = cap.service_form.service
        facility = service.facilities.get()
        capacity[(service.kind.code, cap.type.code, facility.municipality.orp_id)] += cap.value
    ages = defaultdict(lambda: [0, 0])  # orp id -> [65+, 80+]
    region_ages = defaultdict(lambda: [0, 0])
    for row in AgeStructure.objects.select_related("municipality__district"):
        old = row.age_65_69 + row.age_70_74 + row.age_75_79 + row.age_80_84 + row.age_85_plus
        very_old = row.age_80_84 + row.age_85_plus
        for target in (
            ages[row.municipality.orp_id],
            region_ages[row.municipality.district.region_id],
        ):
            target[0] += old
            target[1] += very_old
    region_id = world["region"].pk
    for orp in overview.orps:
        orp_id = Orp.objects.get(code=orp.code).pk
        for ratio in RATIOS:
            population = ages[orp_id][1 if ratio.age == "80+" else 0]
            expected = round(1000 * capacity[(ratio.kind, ratio.unit, orp_id)] / population, 1)
            got = orp.ratios[ratio.key]
            assert got.value == expected, (orp.code, ratio.key)
            in_region = sum(
                v
                for (kind, unit, o), v in capacity.items()
                if kind == ratio.kind
                and unit == ratio.unit
                and Orp.objects.get(pk=o).region_id == region_id
            )
            region_value = round(
                1000 * in_region / region_ages[region_id][1 if ratio.age == "80+" else 0], 1
            )
            summary = next(s for s in overview.ratios if s.key == ratio.key)
            assert summary.region == region_value
            assert ("region" in got.below) == (expected < region_value)
            assert ("benchmark" in got.below) == (
                ratio.benchmark is not None and expected < ratio.benchmark
            )
    humpolec = next(o for o in overview.orps if o.code == "6103")
    # 40 beds for 550 aged 80+: 72.7, below the benchmark 83 (and not told by colour only)
    assert humpolec.ratios["13.beds_per_1000_80"].value == 72.7
    assert "benchmark" in humpolec.ratios["13.beds_per_1000_80"].below
    # white spots: no home with a special regime reaches Humpolec's 3 municipalities
    spots = {s.column: s.municipalities for s in humpolec.white_spots}
    assert spots["kind:14"] == 3
    assert spots["kind:13"] == 2  # Kejžlice and Herálec


def test_it_rolls_up_the_monitoring_like_the_period_state(world):
    overview = region_module.region_overview(region=world["region"], on=ON)
    plan = next(p for p in overview.plans if p.plan_id == world["humpolec_plan"].pk)
    [period] = plan.periods
    state = selectors.period_state(period=world["period"])
    assert period.year == 2025
    assert period.status == MonitoringPeriod.Status.APPROVED
    assert period.progress == round(state.progress)
    assert period.light == state.light
    # by hand: done 100 (weight 3), 70 % given, not done 0 → (300 + 70 + 0) / 5 / 3 measures
    assert state.progress is not None
    LightOverride.objects.create(
        period=world["period"], light="on_track", reason="Rada to tak rozhodla."
    )
    overview = region_module.region_overview(region=world["region"], on=ON)
    plan = next(p for p in overview.plans if p.plan_id == world["humpolec_plan"].pk)
    assert (
        plan.periods[0].light == "on_track" == selectors.period_state(period=world["period"]).light
    )


def test_the_national_overview_counts_each_region(world):
    summaries = {s.code: s for s in region_module.national_overview(on=ON)}
    vysocina, south = summaries["3107"], summaries["3042"]
    assert (vysocina.orps, vysocina.processes, vysocina.plans) == (2, 2, 3)
    assert (vysocina.plans_in_force, vysocina.orps_with_plan_in_force) == (1, 1)
    assert (south.orps, south.processes, south.plans, south.plans_in_force) == (1, 1, 1, 1)


# --------------------------------------------------------------------------- pages


def _url(region):
    return reverse("region:detail", kwargs={"region": region.code})


def test_it_shows_the_dashboard_to_region_staff_and_site_staff_only(world, personas, client_for):
    url = _url(world["region"])
    for persona in ("region_staff", "staff"):
        response = client_for(personas[persona]).get(url)
        assert response.status_code == 200, persona
        html = response.content.decode()
        assert "SPRSS MAS Zálesí" in html  # unpublished: region staff read it
        assert "SPRSS Tábor" not in html
        assert "ZM 12/2023/5" in html
    for persona in ("nobody", "member", "methodologist", "coordinator", "other_region_staff"):
        assert client_for(personas[persona]).get(url).status_code == 403, persona
    response = client_for(None).get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    # the other region's staff see theirs
    other = _url(world["other_region"])
    assert client_for(personas["other_region_staff"]).get(other).status_code == 200
    assert client_for(personas["region_staff"]).get(other).status_code == 403
    assert client_for(personas["staff"]).get("/kraje/9999/").status_code == 404


def test_the_national_view_is_for_site_staff_and_leads_region_staff_home(
    world, personas, client_for
):
    url = reverse("region:index")
    response = client_for(personas["staff"]).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert _url(world["region"]) in html and _url(world["other_region"]) in html
    response = client_for(personas["region_staff"]).get(url)
    assert response.status_code == 302
    assert response["Location"] == _url(world["region"])
    for persona in ("nobody", "member", "coordinator"):
        assert client_for(personas[persona]).get(url).status_code == 403, persona
    assert client_for(None).get(url).status_code == 302
    export = reverse("region:index_export", kwargs={"fmt": "csv"})
    assert client_for(personas["region_staff"]).get(export).status_code == 404
    rows = list(
        csv.reader(
            io.StringIO(client_for(personas["staff"]).get(export).content.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    assert ["Kraj Vysočina", "3107", "2", "2", "3", "1"] in rows


def test_it_links_the_dashboard_from_the_home_dashboard(world, personas, client_for):
    html = client_for(personas["region_staff"]).get(reverse("home:dashboard")).content.decode()
    assert reverse("region:index") in html
    html = client_for(personas["member"]).get(reverse("home:dashboard")).content.decode()
    assert reverse("region:index") not in html


def test_the_page_holds_the_map_its_table_and_the_gaps(world, personas, client_for):
    from socplan.territory.models import Boundary

    square = [[[15.3, 49.5], [15.4, 49.5], [15.4, 49.6], [15.3, 49.6], [15.3, 49.5]]]
    Boundary.objects.create(level=Boundary.Level.ORP, code="6103", year=2024, polygons=[square])
    html = client_for(personas["region_staff"]).get(_url(world["region"])).content.decode()
    assert "<svg" in html and "Humpolec: approved plan in force" in html
    assert 'scope="col"' in html and "<caption" in html
    assert "below the benchmark" in html  # the gap in words, not by colour alone
    assert "2024–2028" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html) and 'style="' not in html


def test_the_exports_hold_the_figures(world, personas, client_for):
    client = client_for(personas["region_staff"])
    url = reverse(
        "region:export", kwargs={"region": world["region"].code, "table": "orp", "fmt": "csv"}
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], {r[1]: r for r in rows[1:]}
    assert header[:7] == [
        "ORP",
        "Code",
        "Municipalities",
        "Population",
        "Aged 65+",
        "Aged 80+",
        "State of the plans",
    ]
    assert body["6103"][6] == "approved plan in force"
    assert body["6108"][6] == "plan in preparation"
    assert "SPRSS Humpolec" in body["6103"][7]
    ratio_column = header.index(str(RATIOS[0].label))
    assert body["6103"][ratio_column] == "72.7"
    assert "the benchmark" in body["6103"][ratio_column + 1]

    costs = client.get(
        reverse(
            "region:export",
            kwargs={"region": world["region"].code, "table": "costs", "fmt": "csv"},
        )
    )
    rows = list(csv.reader(io.StringIO(costs.content.decode("utf-8-sig")), delimiter=";"))
    all_2024 = next(r for r in rows if r[0] == "all plans" and r[1] == "2024")
    assert all_2024[-1] in ("150000", "150000.0")

    xlsx = client.get(
        reverse(
            "region:export", kwargs={"region": world["region"].code, "table": "vse", "fmt": "xlsx"}
        )
    )
    assert xlsx.status_code == 200
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx.content))
    assert len(book.sheetnames) == 6
    values = [c for row in book.worksheets[2].iter_rows(values_only=True) for c in row]
    assert "SPRSS MAS Zálesí" in values and "ZM 12/2023/5" in values
    missing = reverse(
        "region:export", kwargs={"region": world["region"].code, "table": "nic", "fmt": "csv"}
    )
    assert client.get(missing).status_code == 404
    other = reverse(
        "region:export",
        kwargs={"region": world["other_region"].code, "table": "orp", "fmt": "csv"},
    )
    assert client.get(other).status_code == 403


def test_its_queries_stay_flat_as_processes_are_added(world, personas, client_for):
    _region, district, orp, municipalities = testing.make_territory()
    k, services = world["k"], world["services"]

    def add(start, stop):
        for n in range(start, stop):
            area = _area(f"Mikroregion {n}", f"mikroregion-{n}", municipalities[:2])
            process = _process(area, f"kpss-mikroregion-{n}")
            plan = _plan(
                process,
                title=f"Plán {n}",
                start=2025,
                end=2029,
                status=Plan.Status.IN_FORCE if n % 2 else Plan.Status.DRAFT,
                approved=(datetime.date(2024, 12, 1), f"ZM {n}") if n % 2 else None,
                measures=[
                    (
                        Measure.Kind.NEW,
                        [services["care_humpolec"]],
                        [k["seniors"]],
                        [(2025, "region", 1000 + n)],
                        [(2026, "eu", 500)],
                    )
                ],
            )
            action_plan = Plan.objects.create(
                process=process,
                kind=Plan.Kind.ACTION,
                medium_term_plan=plan,
                year=2025,
                title=f"AP {n}",
                year_start=2025,
                year_end=2025,
            )
            activity = Activity.objects.filter(measure__priority__plan=plan).first()
            ActionItem.objects.create(plan=action_plan, activity=activity, status="done")
            MonitoringPeriod.objects.create(action_plan=action_plan)

    assert_flat_queries(
        {"region_staff": client_for(personas["region_staff"])},
        _url(world["region"]),
        add,
        expect=lambda html: "Plán 0" in html and "Plán 1" in html,
        few=2,
        many=12,
    )
    # and the national view too
    assert_flat_queries(
        {"staff": client_for(personas["staff"])},
        reverse("region:index"),
        lambda start, stop: add(100 + start, 100 + stop),
        few=1,
        many=8,
    )


def test_a_region_without_processes_shows_every_orp_as_without(db):
    region, *_rest = testing.make_territory()
    overview = region_module.region_overview(region=region, on=ON)
    assert [(o.code, o.state) for o in overview.orps] == [("6103", region_module.NO_PLAN)]
    assert overview.plans == []
    assert overview.measures_total == 0
    assert overview.costs_total == 0
    assert overview.map() is None  # no boundaries: the table says it all


def test_it_speaks_czech_first(world, personas, client_for, settings):
    settings.LANGUAGE_CODE = "cs"
    html = client_for(personas["region_staff"]).get(_url(world["region"])).content.decode()
    assert "Plány v kraji: Kraj Vysočina" in html
    assert "schválený plán v platnosti" in html
    assert "pod celostátním srovnáním" in html
    assert '<th scope="row">2024</th>' in html  # a year, not a number "2 024"
    dashboard = client_for(personas["region_staff"]).get(reverse("home:dashboard"))
    assert "Přehled kraje" in dashboard.content.decode()


def test_the_orps_sort_by_a_ratio_lowest_first(world, personas, client_for):
    client = client_for(personas["region_staff"])
    url = _url(world["region"]) + "?poradi=14.beds_per_1000_80"
    html = client.get(url).content.decode()
    table = html[html.index('id="orp-ratios-caption"') :]
    # Humpolec has no home with a special regime (0.0), Pelhřimov 30 beds for 825 aged 80+
    assert table.index(">Humpolec<") < table.index(">Pelhřimov<")
    assert 'aria-sort="ascending"' in table
    html = client.get(_url(world["region"]) + "?poradi=13.beds_per_1000_80").content.decode()
    table = html[html.index('id="orp-ratios-caption"') :]
    assert table.index(">Pelhřimov<") < table.index(">Humpolec<")
