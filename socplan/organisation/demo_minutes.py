"""Demo minutes, resolutions and tasks of the Humpolec process (made up, labelled demo):
the minutes of the information meeting of 12 September 2017 and of later demo meetings of
``demo_structure``, approved at the following meeting and published where the meeting or
group is public; resolutions with numbers; tasks, some done, some open, one overdue.

Idempotent: minutes are written only for meetings that have none, never changed after.
"""

import datetime
import zoneinfo

from django.utils import timezone

from .demo import PROCESS_SLUG
from .models import Meeting, Minutes, Person, PlanningProcess, Resolution, Task

PRAGUE = zoneinfo.ZoneInfo("Europe/Prague")
D = datetime.date

INFO = "Informační schůzka pro zájemce o členství v pracovních skupinách"
STEERING_1 = "1. setkání řídicí skupiny"
STEERING_2 = "2. setkání řídicí skupiny: návrh plánu"
SENIORS_1 = "1. setkání pracovní skupiny pro seniory a osoby se zdravotním postižením"
SENIORS_2 = "Setkání pracovní skupiny pro seniory: akční plán 2019"

# A due date counted from the day the demo is loaded: an open task that is not overdue.
IN_THREE_WEEKS = "in_three_weeks"

# meeting title, approved at (title or None: draft), published, summary, item texts (in
# agenda order), resolutions (number, text, agenda item index or None),
# tasks (title, owner name, due, done on or None)
MINUTES = [
    (
        INFO,
        STEERING_1,
        True,
        "Demo: vymyšlený zápis. Koordinátorka představila komunitní plánování sociálních "
        "služeb v ORP Humpolec a pozvala zájemce do pracovních skupin.",
        [
            "Koordinátorka vysvětlila, že komunitní plánování je otevřený proces, do kterého "
            "se zapojují obce, poskytovatelé sociálních služeb i jejich uživatelé.",
            "Projekt poběží od září 2017 do prosince 2019. Plán na léta 2019–2021 bude "
            "hotový na konci roku 2018.",
            "Vzniknou čtyři pracovní skupiny a řídicí skupina. Přihlášky lze odevzdat do "
            "30. září 2017.",
            "Zájemci se ptali na časovou náročnost práce ve skupinách (přibližně jedno "
            "setkání za dva měsíce).",
        ],
        [],
        [
            (
                "Rozeslat přihlášky do pracovních skupin všem obcím ORP",
                "Jana Nováková (demo)",
                D(2017, 9, 20),
                D(2017, 9, 18),
            ),
        ],
    ),
    (
        STEERING_1,
        STEERING_2,
        True,
        "Demo: vymyšlený zápis. Řídicí skupina se ustavila, schválila jednací řád a "
        "harmonogram prací.",
        [
            "Předsedou řídicí skupiny byl zvolen Karel Starosta, místopředsedou Tomáš Charitní.",
            "Členové prošli návrh jednacího řádu; připomínky se týkaly zastupitelnosti členů.",
            "Harmonogram počítá s analýzami do června 2018 a návrhem plánu v říjnu 2018.",
        ],
        [
            ("ŘS 1/2017", "Řídicí skupina schvaluje jednací řád ve znění připomínek.", 1),
            ("ŘS 2/2017", "Řídicí skupina schvaluje harmonogram prací na léta 2017–2018.", 2),
        ],
        [
            (
                "Zapracovat připomínky do jednacího řádu",
                "Jana Nováková (demo)",
                D(2017, 10, 31),
                D(2017, 10, 27),
            ),
            (
                "Zadat sociodemografickou analýzu",
                "Lenka Sociální (demo)",
                D(2017, 12, 15),
                D(2017, 12, 11),
            ),
        ],
    ),
    (
        SENIORS_1,
        SENIORS_2,
        True,
        "Demo: vymyšlený zápis. Skupina se seznámila s výsledky analýzy potřeb seniorů a "
        "lidí se zdravotním postižením a sebrala náměty na opatření.",
        [
            "Členové se představili; ve skupině jsou zastoupeni zadavatelé, poskytovatelé "
            "i uživatelé.",
            "Z analýzy vyplývá nedostatek odlehčovací služby a dlouhé čekací doby v domově "
            "pro seniory.",
            "Náměty: rozšířit odlehčovací službu, podpořit pečující, zřídit sociální "
            "poradenství v menších obcích.",
        ],
        [
            (
                "PS SOZP 1/2018",
                "Pracovní skupina doporučuje zařadit do plánu rozšíření odlehčovací služby.",
                2,
            ),
        ],
        [
            (
                "Zjistit kapacitu odlehčovací služby v okolních ORP",
                "Hana Pečovatelská (demo)",
                D(2018, 4, 15),
                D(2018, 4, 10),
            ),
            (
                "Připravit leták pro pečující o dostupných službách",
                "Eva Dvořáková (demo)",
                D(2019, 4, 30),
                None,  # open and overdue
            ),
        ],
    ),
    (
        SENIORS_2,
        None,  # a draft: approved at the next meeting, which has not been held
        False,
        "Demo: vymyšlený zápis (koncept). Skupina projednala akční plán na rok 2019.",
        [
            "Akční plán obsahuje čtyři aktivity pro seniory a osoby se zdravotním postižením.",
            "Poskytovatel odlehčovací služby připraví rozšíření o dvě lůžka.",
            "",
        ],
        [
            (
                "PS SOZP 1/2019",
                "Pracovní skupina doporučuje řídicí skupině schválit akční plán na rok 2019.",
                0,
            ),
        ],
        [
            (
                "Navrhnout podporu pečujících do akčního plánu 2020",
                "Eva Dvořáková (demo)",
                IN_THREE_WEEKS,
                None,
            ),
            (
                "Ověřit možnost dotace na rozšíření odlehčovací služby",
                "Marta Domovská (demo)",
                None,
                None,
            ),
        ],
    ),
]


def load(report) -> None:
    process = PlanningProcess.objects.filter(slug=PROCESS_SLUG).first()
    if process is None:
        return
    meetings = {m.title: m for m in Meeting.objects.filter(process=process, is_demo=True)}
    people = {p.name: p for p in Person.objects.filter(process=process)}
    for row in MINUTES:
        _minutes(process, meetings, people, row, report)


def _minutes(process, meetings, people, row, report) -> None:
    title, approved_at, published, summary, texts, resolutions, tasks = row
    meeting = meetings.get(title)
    if meeting is None or Minutes.objects.filter(meeting=meeting).exists():
        return
    approved_meeting = meetings.get(approved_at) if approved_at else None
    Minutes.objects.create(
        meeting=meeting,
        summary=summary,
        status=Minutes.Status.APPROVED if approved_meeting else Minutes.Status.DRAFT,
        approved_at_meeting=approved_meeting,
        approved_on=timezone.localtime(approved_meeting.starts_at, PRAGUE).date()
        if approved_meeting
        else None,
        is_published=bool(approved_meeting and published),
    )
    report.add("minutes")
    items = list(meeting.agenda_items.order_by("order", "pk"))
    for item, text in zip(items, texts, strict=False):
        if text and not item.minutes_text:
            item.minutes_text = text
            item.save(update_fields=["minutes_text"])
    for order, (number, text, item_index) in enumerate(resolutions, start=1):
        Resolution.objects.create(
            meeting=meeting,
            number=number,
            text=text,
            order=order,
            agenda_item=items[item_index] if item_index is not None and items else None,
        )
        report.add("resolution")
    groups = list(meeting.groups.all())
    for task_title, owner, due, done_on in tasks:
        if due == IN_THREE_WEEKS:
            due = timezone.localdate() + datetime.timedelta(days=21)
        Task.objects.create(
            process=process,
            group=groups[0] if len(groups) == 1 else None,
            meeting=meeting,
            title=task_title,
            description="Demo: vymyšlený úkol.",
            owner=people.get(owner),
            due=due,
            status=Task.Status.DONE if done_on else Task.Status.OPEN,
            done_at=datetime.datetime.combine(done_on, datetime.time(12, 0), tzinfo=PRAGUE)
            if done_on
            else None,
        )
        report.add("task")
