"""Builders for the planning tests: a small medium-term plan made through the services."""

import datetime
from decimal import Decimal

from socplan.catalogue.models import Codelist, CodelistItem, Provider, Service, Source
from socplan.organisation.models import Group, Membership, Person
from socplan.planning import services
from socplan.planning.models import Plan


def target_group(code: str, name: str, order: int = 0) -> CodelistItem:
    item, _ = CodelistItem.objects.get_or_create(
        codelist=Codelist.TARGET_GROUP,
        register_id=f"CilovaSkupinaOsoby/{code}",
        defaults={"code": code, "name": name, "order": order},
    )
    return item


def make_service(name="Pečovatelská služba Humpolec") -> Service:
    provider, _ = Provider.objects.get_or_create(
        ico="70000001", defaults={"name": "Charita Humpolec", "source": Source.REGISTER}
    )
    return Service.objects.create(provider=provider, name=name, source=Source.REGISTER)


def make_group(process, name="Senioři a OZP", slug="seniori") -> Group:
    return Group.objects.create(process=process, kind=Group.Kind.TARGET_GROUP, name=name, slug=slug)


def add_member(group, user, *, start=None, end=None) -> Membership:
    person = Person.objects.create(
        process=group.process, name=user.full_name, organisation_name="Test", user=user
    )
    return Membership.objects.create(
        group=group,
        person=person,
        side=Membership.Side.PROVIDER,
        start=start or datetime.date(2018, 1, 1),
        end=end,
    )


def cost(year, amount, source="municipalities"):
    return {"year": year, "amount": Decimal(amount), "source": source}


def make_plan(process, *, actor=None, status=None) -> Plan:
    """Two priorities; measures 1.1, 1.2 and 2.1; activities with costs in 2019–2021."""
    seniors = target_group("senioři", "senioři", 1)
    disabled = target_group("ozp", "osoby se zdravotním postižením", 2)
    unemployed = target_group("nezam", "osoby dlouhodobě nezaměstnané", 3)
    plan = services.plan_create(
        actor=actor,
        process=process,
        title="Střednědobý plán 2019–2021",
        year_start=2019,
        year_end=2021,
        vision="Lidé na Humpolecku dostanou pomoc, kterou potřebují.",
    )
    p1 = services.priority_create(actor=actor, plan=plan, title="Senioři a OZP")
    p2 = services.priority_create(actor=actor, plan=plan, title="Zaměstnanost")
    m11 = services.measure_create(
        actor=actor,
        priority=p1,
        title="Zachování pečovatelské služby",
        kind="keep",
        start_year=2019,
        end_year=2021,
        target_groups=[seniors, disabled],
        costs=[cost(2019, "100000", "municipalities"), cost(2019, "50000", "region")],
        indicators=[
            {"name": "Počet klientů", "unit": "osob", "baseline": 80, "targets": {2021: 90}}
        ],
    )
    m12 = services.measure_create(
        actor=actor, priority=p1, title="Odlehčovací služba", kind="new", start_year=2020
    )
    m21 = services.measure_create(
        actor=actor,
        priority=p2,
        title="Aktivizace dlouhodobě nezaměstnaných",
        kind="system",
        target_groups=[unemployed],
    )
    services.activity_create(
        actor=actor,
        measure=m11,
        title="Provoz služby",
        start_year=2019,
        end_year=2021,
        expected_outputs="80 klientů ročně",
        costs=[
            cost(2019, "1000000", "municipalities"),
            cost(2019, "2000000", "state"),
            cost(2020, "1100000", "municipalities"),
        ],
    )
    services.activity_create(
        actor=actor,
        measure=m12,
        title="Příprava odlehčovací služby",
        start_year=2020,
        end_year=2020,
        costs=[cost(2020, "300000", "eu")],
    )
    services.activity_create(
        actor=actor,
        measure=m21,
        title="Job klub",
        start_year=2019,
        end_year=2019,
        costs=[cost(2019, "40000", "eu"), cost(2019, "10000", "users")],
    )
    if status:
        services.plan_status_set(actor=actor, plan=plan, status=status)
    plan.refresh_from_db()
    return plan
