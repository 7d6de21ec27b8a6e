"""Demo planning structure of the Humpolec process: a steering group and the four working
groups of the plan (activation of the long-term unemployed; services for seniors and people
with disabilities; other social services; cooperation with Kraj Vysočina), made-up members
across the triad (every name marked "(demo)"), the information meeting of 12 September 2017
and later meetings with invitations, replies and attendance, and a change in the
composition of a group (someone leaves, someone joins).

Idempotent: creates what is missing, never changes what exists.
"""

import datetime
import secrets
import zoneinfo

from django.contrib.auth import get_user_model

from .demo import PROCESS_SLUG
from .models import (
    AgendaItem,
    Attendance,
    Group,
    Meeting,
    MeetingInvitation,
    Membership,
    Person,
    PlanningProcess,
)
from .services_structure import hash_reply_token

PRAGUE = zoneinfo.ZoneInfo("Europe/Prague")
D = datetime.date
K = Group.Kind
S = Membership.Side
R = Membership.Role
O = Person.OrganisationKind  # noqa: E741

# slug, kind, name, focus target groups, description, order
GROUPS = [
    (
        "ridici-skupina",
        K.STEERING,
        "Řídicí skupina",
        [],
        "Řídí proces komunitního plánování, schvaluje návrhy pracovních skupin a předkládá "
        "plán zastupitelstvům. Schází se jednou za tři až čtyři měsíce.",
        1,
    ),
    (
        "aktivizace-dlouhodobe-nezamestnanych",
        K.TARGET_GROUP,
        "Pracovní skupina Aktivizace dlouhodobě nezaměstnaných",
        ["dlouhodobě nezaměstnaní", "lidé ohrožení sociálním vyloučením"],
        "Hledá cesty, jak pomoci dlouhodobě nezaměstnaným zpět do práce.",
        2,
    ),
    (
        "seniori-a-osoby-se-zdravotnim-postizenim",
        K.TARGET_GROUP,
        "Pracovní skupina Rozšíření služeb pro seniory a osoby se zdravotním postižením",
        ["senioři", "lidé se zdravotním postižením", "pečující"],
        "Terénní a pobytové služby, odlehčovací služby a podpora pečujících.",
        3,
    ),
    (
        "rozvoj-ostatnich-socialnich-sluzeb",
        K.TARGET_GROUP,
        "Pracovní skupina Rozvoj ostatních sociálních služeb",
        ["rodiny s dětmi", "lidé v krizi", "lidé bez domova"],
        "Služby pro rodiny s dětmi, lidi v krizi a další cílové skupiny.",
        4,
    ),
    (
        "spoluprace-s-krajem-vysocina",
        K.OTHER,
        "Pracovní skupina Spolupráce s Krajem Vysočina",
        [],
        "Sladění plánu s krajským střednědobým plánem a sítí sociálních služeb kraje.",
        5,
    ),
]

# key, name, organisation kind, organisation, municipality name, consent, user e-mail
PEOPLE = [
    (
        "coordinator",
        "Jana Nováková (demo)",
        O.OTHER,
        "MAS Společnost pro rozvoj Humpolecka",
        None,
        True,
        "koordinatorka@demo.socplan.cz",
    ),  # noqa: E501
    (
        "methodologist",
        "Petr Černý (demo)",
        O.OTHER,
        "Metodik procesu (demo)",
        None,
        True,
        "metodik@demo.socplan.cz",
    ),  # noqa: E501
    (
        "member",
        "Eva Dvořáková (demo)",
        O.OTHER,
        "Uživatelka pečovatelské služby",
        None,
        True,
        "clenka@demo.socplan.cz",
    ),  # noqa: E501
    ("mayor_humpolec", "Karel Starosta (demo)", O.MUNICIPALITY, "", "Humpolec", True, None),
    ("mayor_zeliv", "Alena Místostarostová (demo)", O.MUNICIPALITY, "", "Želiv", True, None),
    ("mayor_kejzlice", "Josef Radní (demo)", O.MUNICIPALITY, "", "Kejžlice", True, None),
    (
        "social_dept",
        "Lenka Sociální (demo)",
        O.MUNICIPALITY,
        "Městský úřad Humpolec, sociální odbor",
        "Humpolec",
        True,
        None,
    ),  # noqa: E501
    (
        "care",
        "Hana Pečovatelská (demo)",
        O.OTHER,
        "Pečovatelská služba Humpolec (demo)",
        None,
        True,
        None,
    ),  # noqa: E501
    ("charity", "Tomáš Charitní (demo)", O.OTHER, "Oblastní charita (demo)", None, True, None),
    ("home", "Marta Domovská (demo)", O.OTHER, "Domov pro seniory (demo)", None, True, None),
    (
        "counselling",
        "Ondřej Poradce (demo)",
        O.OTHER,
        "Poradna pro rodinu (demo)",
        None,
        False,
        None,
    ),  # noqa: E501
    (
        "labour",
        "Simona Úřednická (demo)",
        O.OTHER,
        "Úřad práce, kontaktní pracoviště Humpolec (demo)",
        None,
        True,
        None,
    ),  # noqa: E501
    ("user_senior", "Božena Uživatelská (demo)", O.OTHER, "Klub seniorů (demo)", None, True, None),
    (
        "user_disabled",
        "Milan Vozíčkář (demo)",
        O.OTHER,
        "Spolek osob se zdravotním postižením (demo)",
        None,
        False,
        None,
    ),  # noqa: E501
    ("carer", "Věra Pečující (demo)", O.OTHER, "", None, False, None),
    (
        "region",
        "Marie Krajská (demo)",
        O.OTHER,
        "Krajský úřad Kraje Vysočina (demo)",
        None,
        True,
        None,
    ),  # noqa: E501
    ("citizen", "Pavel Občan (demo)", O.OTHER, "", None, True, None),
    ("newcomer", "Klára Nová (demo)", O.OTHER, "Sociální podnik (demo)", None, True, None),
]

# group slug, person key, side, role, start, end
MEMBERSHIPS = [
    ("ridici-skupina", "mayor_humpolec", S.COMMISSIONER, R.CHAIR, D(2017, 10, 2), None),
    ("ridici-skupina", "mayor_zeliv", S.COMMISSIONER, R.MEMBER, D(2017, 10, 2), None),
    ("ridici-skupina", "social_dept", S.COMMISSIONER, R.MEMBER, D(2017, 10, 2), None),
    ("ridici-skupina", "charity", S.PROVIDER, R.DEPUTY, D(2017, 10, 2), None),
    ("ridici-skupina", "care", S.PROVIDER, R.MEMBER, D(2017, 10, 2), None),
    ("ridici-skupina", "user_senior", S.USER, R.MEMBER, D(2017, 10, 2), None),
    ("ridici-skupina", "coordinator", S.PUBLIC, R.SECRETARY, D(2017, 10, 2), None),
    (
        "aktivizace-dlouhodobe-nezamestnanych",
        "methodologist",
        S.PUBLIC,
        R.METHODOLOGIST,
        D(2017, 10, 2),
        None,
    ),  # noqa: E501
    (
        "aktivizace-dlouhodobe-nezamestnanych",
        "labour",
        S.COMMISSIONER,
        R.CHAIR,
        D(2017, 10, 2),
        None,
    ),  # noqa: E501
    ("aktivizace-dlouhodobe-nezamestnanych", "charity", S.PROVIDER, R.MEMBER, D(2017, 10, 2), None),  # noqa: E501
    (
        "aktivizace-dlouhodobe-nezamestnanych",
        "citizen",
        S.USER,
        R.MEMBER,
        D(2017, 10, 2),
        D(2018, 6, 30),
    ),  # noqa: E501
    ("aktivizace-dlouhodobe-nezamestnanych", "newcomer", S.PROVIDER, R.MEMBER, D(2018, 9, 1), None),  # noqa: E501
    (
        "seniori-a-osoby-se-zdravotnim-postizenim",
        "methodologist",
        S.PUBLIC,
        R.METHODOLOGIST,
        D(2017, 10, 2),
        None,
    ),  # noqa: E501
    ("seniori-a-osoby-se-zdravotnim-postizenim", "care", S.PROVIDER, R.CHAIR, D(2017, 10, 2), None),  # noqa: E501
    (
        "seniori-a-osoby-se-zdravotnim-postizenim",
        "home",
        S.PROVIDER,
        R.MEMBER,
        D(2017, 10, 2),
        None,
    ),  # noqa: E501
    (
        "seniori-a-osoby-se-zdravotnim-postizenim",
        "mayor_kejzlice",
        S.COMMISSIONER,
        R.MEMBER,
        D(2017, 10, 2),
        None,
    ),  # noqa: E501
    (
        "seniori-a-osoby-se-zdravotnim-postizenim",
        "user_senior",
        S.USER,
        R.MEMBER,
        D(2017, 10, 2),
        None,
    ),  # noqa: E501
    (
        "seniori-a-osoby-se-zdravotnim-postizenim",
        "user_disabled",
        S.USER,
        R.MEMBER,
        D(2017, 10, 2),
        D(2018, 12, 31),
    ),  # noqa: E501
    ("seniori-a-osoby-se-zdravotnim-postizenim", "carer", S.USER, R.MEMBER, D(2019, 1, 1), None),  # noqa: E501
    ("seniori-a-osoby-se-zdravotnim-postizenim", "member", S.USER, R.MEMBER, D(2018, 2, 1), None),  # noqa: E501
    (
        "rozvoj-ostatnich-socialnich-sluzeb",
        "counselling",
        S.PROVIDER,
        R.CHAIR,
        D(2017, 10, 2),
        None,
    ),  # noqa: E501
    (
        "rozvoj-ostatnich-socialnich-sluzeb",
        "social_dept",
        S.COMMISSIONER,
        R.MEMBER,
        D(2017, 10, 2),
        None,
    ),  # noqa: E501
    ("rozvoj-ostatnich-socialnich-sluzeb", "citizen", S.PUBLIC, R.MEMBER, D(2017, 10, 2), None),  # noqa: E501
    (
        "rozvoj-ostatnich-socialnich-sluzeb",
        "coordinator",
        S.PUBLIC,
        R.SECRETARY,
        D(2017, 10, 2),
        None,
    ),  # noqa: E501
    ("spoluprace-s-krajem-vysocina", "region", S.COMMISSIONER, R.MEMBER, D(2017, 10, 2), None),  # noqa: E501
    (
        "spoluprace-s-krajem-vysocina",
        "mayor_humpolec",
        S.COMMISSIONER,
        R.CHAIR,
        D(2017, 10, 2),
        None,
    ),  # noqa: E501
    ("spoluprace-s-krajem-vysocina", "coordinator", S.PUBLIC, R.SECRETARY, D(2017, 10, 2), None),  # noqa: E501
]

PLACE = "Humpolec, zasedací místnost městského úřadu (demo)"
MK = Meeting.Kind
# title, kind, groups, public, start (y, m, d, h, min), hours, status, agenda, present keys,
# excused keys, guests
MEETINGS = [
    (
        "Informační schůzka pro zájemce o členství v pracovních skupinách",
        MK.INFORMATION,
        [],
        True,
        (2017, 9, 12, 16, 0),
        2,
        Meeting.Status.HELD,
        [
            "Co je komunitní plánování sociálních služeb",
            "Harmonogram projektu v ORP Humpolec",
            "Pracovní skupiny a přihlášky do nich",
            "Diskuse",
        ],
        ["coordinator", "methodologist", "mayor_humpolec", "care", "charity", "user_senior"],
        [],
        [("Jiří Zájemce (demo)", "veřejnost"), ("Ludmila Zvídavá (demo)", "Klub seniorů")],
    ),
    (
        "1. setkání řídicí skupiny",
        MK.STEERING_GROUP,
        ["ridici-skupina"],
        False,
        (2017, 10, 16, 15, 0),
        2,
        Meeting.Status.HELD,
        ["Ustavení řídicí skupiny", "Jednací řád", "Harmonogram prací"],
        ["mayor_humpolec", "mayor_zeliv", "social_dept", "charity", "care", "coordinator"],
        ["user_senior"],
        [],
    ),
    (
        "1. setkání pracovní skupiny pro seniory a osoby se zdravotním postižením",
        MK.WORKING_GROUP,
        ["seniori-a-osoby-se-zdravotnim-postizenim"],
        False,
        (2018, 2, 20, 14, 0),
        2,
        Meeting.Status.HELD,
        ["Představení členů", "Výsledky analýzy potřeb", "Náměty na opatření"],
        ["methodologist", "care", "home", "user_senior", "member"],
        ["user_disabled"],
        [("Zdeňka Hostující (demo)", "Domácí hospic (demo)")],
    ),
    (
        "Setkání pracovní skupiny Aktivizace dlouhodobě nezaměstnaných",
        MK.WORKING_GROUP,
        ["aktivizace-dlouhodobe-nezamestnanych"],
        False,
        (2018, 3, 6, 14, 0),
        2,
        Meeting.Status.HELD,
        ["Data úřadu práce o nezaměstnanosti", "Možnosti sociálního podnikání"],
        ["methodologist", "labour", "charity"],
        ["citizen"],
        [],
    ),
    (
        "2. setkání řídicí skupiny: návrh plánu",
        MK.STEERING_GROUP,
        ["ridici-skupina"],
        False,
        (2018, 10, 22, 15, 0),
        2,
        Meeting.Status.HELD,
        ["Návrh střednědobého plánu 2019–2021", "Veřejné připomínkování", "Různé"],
        ["mayor_humpolec", "social_dept", "charity", "care", "user_senior", "coordinator"],
        ["mayor_zeliv"],
        [],
    ),
    (
        "Setkání pracovní skupiny pro seniory: akční plán 2019",
        MK.WORKING_GROUP,
        ["seniori-a-osoby-se-zdravotnim-postizenim"],
        False,
        (2019, 3, 12, 14, 0),
        2,
        Meeting.Status.HELD,
        ["Akční plán na rok 2019", "Odlehčovací služba", "Podpora pečujících"],
        ["methodologist", "care", "home", "carer", "member"],
        ["mayor_kejzlice"],
        [],
    ),
    (
        "Kulatý stůl starostů ORP Humpolec",
        MK.MAYORS,
        ["spoluprace-s-krajem-vysocina"],
        True,
        (2019, 5, 14, 16, 0),
        2,
        Meeting.Status.HELD,
        ["Financování sociálních služeb obcemi", "Síť sociálních služeb Kraje Vysočina"],
        ["mayor_humpolec", "region", "coordinator"],
        [],
        [
            ("Starostka obce Syrov (demo)", "Obec Syrov"),
            ("Starosta obce Ježov (demo)", "Obec Ježov"),
        ],
    ),
    (
        "Setkání pracovní skupiny Rozvoj ostatních sociálních služeb",
        MK.WORKING_GROUP,
        ["rozvoj-ostatnich-socialnich-sluzeb"],
        False,
        (2019, 9, 10, 14, 0),
        2,
        Meeting.Status.CANCELLED,
        ["Vyhodnocení akčního plánu"],
        [],
        [],
        [],
    ),
]


def load(report) -> None:
    process = PlanningProcess.objects.filter(slug=PROCESS_SLUG).first()
    if process is None:
        return
    groups = _groups(process, report)
    people = _people(process, report)
    for slug, key, side, role, start, end in MEMBERSHIPS:
        _, created = Membership.objects.get_or_create(
            group=groups[slug],
            person=people[key],
            start=start,
            defaults={"side": side, "role": role, "end": end},
        )
        report.add("group membership", created)
    for row in MEETINGS:
        _meeting(process, groups, people, row, report)


def _groups(process, report) -> dict[str, Group]:
    result = {}
    for slug, kind, name, focus, description, order in GROUPS:
        group, created = Group.objects.get_or_create(
            process=process,
            slug=slug,
            defaults={
                "kind": kind,
                "name": name,
                "focus_target_groups": focus,
                "description": description,
                "order": order,
                # The group working with the region is internal (its minutes are not public).
                "is_public": slug != "spoluprace-s-krajem-vysocina",
                "is_demo": True,
            },
        )
        report.add("group", created)
        result[slug] = group
    return result


def _people(process, report) -> dict[str, Person]:
    users = get_user_model().objects
    municipalities = {m.name: m for m in process.planning_area.municipalities.all()}
    result = {}
    for key, name, kind, organisation, municipality, consent, email in PEOPLE:
        person = Person.objects.filter(process=process, name=name).first()
        if person is None:
            town = municipalities.get(municipality) if municipality else None
            if kind == O.MUNICIPALITY and town is None:
                kind = O.OTHER
            person = Person.objects.create(
                process=process,
                name=name,
                organisation_kind=kind,
                organisation_name=organisation or (f"Obec {town.name}" if town else ""),
                municipality=town if kind == O.MUNICIPALITY else None,
                email=email or f"{key.replace('_', '.')}@demo.socplan.cz",
                consent_publish=consent,
                consent_at=datetime.datetime(2017, 10, 2, 9, 0, tzinfo=PRAGUE) if consent else None,
                user=users.filter(email__iexact=email).first() if email else None,
                is_demo=True,
            )
            report.add("person", True)
        result[key] = person
    return result


def _meeting(process, groups, people, row, report) -> None:
    title, kind, group_slugs, public, start, hours, status, agenda, present, excused, guests = row
    starts_at = datetime.datetime(*start, tzinfo=PRAGUE)
    if Meeting.objects.filter(process=process, title=title, starts_at=starts_at).exists():
        return
    meeting = Meeting.objects.create(
        process=process,
        kind=kind,
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=hours),
        place=PLACE,
        status=status,
        is_public=public,
        description="Demo: vymyšlené setkání pro vyzkoušení systému.",
        is_demo=True,
    )
    meeting.groups.set([groups[s] for s in group_slugs])
    report.add("meeting")
    for order, item in enumerate(agenda, start=1):
        AgendaItem.objects.create(meeting=meeting, order=order, title=item)
    day = starts_at.date()
    invited = {
        m.person_id: m.person
        for m in Membership.objects.on(day)
        .filter(group__in=meeting.groups.all())
        .select_related("person")
    }
    sent_at = starts_at - datetime.timedelta(days=10)
    for person in invited.values():
        key = next((k for k, p in people.items() if p.pk == person.pk), "")
        reply = MeetingInvitation.Reply.NONE
        if key in present:
            reply = MeetingInvitation.Reply.ATTEND
        elif key in excused:
            reply = MeetingInvitation.Reply.EXCUSED
        MeetingInvitation.objects.create(
            meeting=meeting,
            person=person,
            token_hash=hash_reply_token(secrets.token_urlsafe(32)),
            sent_at=sent_at,
            reply=reply,
            replied_at=sent_at + datetime.timedelta(days=2) if reply != "none" else None,
        )
        report.add("meeting invitation")
    if status != Meeting.Status.HELD:
        return
    present_ids = {people[k].pk for k in present}
    for person in {**invited, **{people[k].pk: people[k] for k in present}}.values():
        Attendance.objects.create(meeting=meeting, person=person, present=person.pk in present_ids)
        report.add("attendance")
    for name, organisation in guests:
        Attendance.objects.create(
            meeting=meeting, guest_name=name, guest_organisation=organisation, present=True
        )
        report.add("attendance")
