"""Demo documents, news and events of the Humpolec demo process (all labelled demo).

The PDF files are made by the documents app, which owns PDF generation: its demo loader
calls :func:`load_documents` with a function that makes the PDF of a document's context
(its process, title, subtitle and sections). Nothing is copied from anywhere. Idempotent:
what exists (by title) is left as it is.
"""

import datetime
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.utils import timezone

from socplan.organisation.models import Group, Meeting, PlanningProcess

from . import services
from .models import Document, Event, NewsArticle

PROCESS_SLUG = "kpss-orp-humpolec"

STATUTE = [
    (
        "Článek 1: Poslání řídicí skupiny",
        [
            "Řídicí skupina koordinuje komunitní plánování sociálních služeb v ORP Humpolec, "
            "schvaluje postup prací a předkládá návrh střednědobého plánu zastupitelstvu.",
        ],
    ),
    (
        "Článek 2: Složení",
        [
            "Členy jsou zástupci zadavatelů (obcí), poskytovatelů sociálních služeb a "
            "uživatelů. Každá strana triády má nejméně dva zástupce.",
        ],
    ),
    (
        "Článek 3: Jednání",
        [
            "Řídicí skupina se schází nejméně jednou za tři až čtyři měsíce. O jednání se "
            "pořizuje zápis, který se zveřejňuje na stránkách procesu.",
        ],
    ),
]
RULES = [
    (
        "1. Pracovní skupiny",
        [
            "Pracovní skupiny se zakládají podle cílových skupin a zabývají se potřebami "
            "osob, pro které pracují. Každou skupinu vede metodik.",
        ],
    ),
    (
        "2. Usnášeníschopnost",
        [
            "Skupina je usnášeníschopná, je-li přítomna nadpoloviční většina členů. "
            "Usnesení se přijímá většinou hlasů přítomných.",
        ],
    ),
]
LEAFLET = [
    (
        "Co je komunitní plánování?",
        [
            "Komunitní plánování je cesta, jak společně s obcemi, poskytovateli a uživateli "
            "naplánovat sociální služby, které lidé na Humpolecku potřebují.",
            "Přijďte na veřejné setkání nebo se přihlaste do pracovní skupiny.",
        ],
    ),
]
INVITATION = [
    (
        "Zveme vás na informační schůzku",
        [
            "Kdy: úterý 12. září 2017 od 16 hodin. Kde: zasedací místnost městského úřadu "
            "v Humpolci.",
            "Program: co je komunitní plánování, harmonogram projektu, pracovní skupiny a "
            "přihlášky do nich, diskuse.",
        ],
    ),
]

# The meeting a document belongs to: title -> (meeting kind, date of the meeting)
DOCUMENT_MEETINGS = {
    "Jednací řád pracovních skupin (demo)": ("steering_group", datetime.date(2017, 10, 16)),
    "Pozvánka na informační schůzku (demo)": ("information", datetime.date(2017, 9, 12)),
}

# title, category, issued on, public, subtitle, versions: [(sections, note, uploaded)]
DOCUMENTS = [
    (
        "Statut řídicí skupiny (demo)",
        Document.Category.FOUNDING,
        datetime.date(2019, 3, 14),
        True,
        "Základní listina komunitního plánování",
        [
            (STATUTE[:2], "Návrh projednaný na informační schůzce", (2017, 9, 12)),
            (STATUTE, "Schváleno řídicí skupinou", (2019, 3, 14)),
        ],
    ),
    (
        "Jednací řád pracovních skupin (demo)",
        Document.Category.FOUNDING,
        datetime.date(2017, 10, 16),
        True,
        "Pravidla jednání",
        [(RULES, "Schváleno na 1. setkání řídicí skupiny", (2017, 10, 16))],
    ),
    (
        "Pozvánka na informační schůzku (demo)",
        Document.Category.INVITATION,
        datetime.date(2017, 8, 28),
        True,
        "Informační schůzka pro zájemce o členství v pracovních skupinách, 12. září 2017",
        [(INVITATION, "", (2017, 8, 28))],
    ),
    (
        "Leták: Co je komunitní plánování (demo)",
        Document.Category.INFORMATION,
        datetime.date(2018, 4, 20),
        True,
        "Informační materiál pro veřejnost",
        [(LEAFLET, "", (2018, 4, 20))],
    ),
    (
        "Pracovní poznámky řídicí skupiny (demo)",
        Document.Category.OTHER,
        datetime.date(2019, 2, 1),
        False,
        "Interní dokument",
        [(STATUTE[2:], "", (2019, 2, 1))],
    ),
]

NEWS = [
    (
        "Začíná komunitní plánování na Humpolecku (demo)",
        "Zveme zájemce o členství v pracovních skupinách na informační schůzku.",
        "Informační schůzka se koná 12. září 2017 v zasedací místnosti městského úřadu.\n\n"
        "Představíme postup komunitního plánování a pracovní skupiny.",
        (2017, 8, 28),
    ),
    (
        "Střednědobý plán je schválen (demo)",
        "Zastupitelstvo schválilo střednědobý plán rozvoje sociálních služeb na léta 2019–2021.",
        "Zastupitelstvo města Humpolce schválilo plán 10. prosince 2018 (usnesení ZM 12/2018/7), "
        "ostatní obce jej projednaly do konce ledna. Plán platí od 1. ledna 2019; je ke stažení "
        "na stránce plánu spolu s vypořádáním připomínek.\n\nDěkujeme všem, kdo se zapojili.",
        (2019, 1, 30),
    ),
    (
        "Monitorovací zpráva za rok 2019 (demo)",
        "Řídicí skupina schválila zprávu o plnění akčního plánu 2019.",
        "Většina aktivit roku 2019 byla splněna; co zbylo, převzal akční plán 2020. Rada města "
        "vzala zprávu na vědomí 16. března 2020. Zpráva je ke stažení mezi dokumenty procesu.",
        (2020, 3, 20),
    ),
    (
        "Monitoring roku 2020 a začátek vyhodnocení plánu (demo)",
        "Rok 2020 ovlivnila epidemie, přesto se podařilo splnit většinu aktivit.",
        "Rada města vzala monitoring roku 2020 na vědomí 22. března 2021. Řídicí skupina "
        "zahájila vyhodnocení celého plánu 2019–2021, z něhož vyjde příští střednědobý plán.",
        (2021, 3, 25),
    ),
    (
        "Katalog sociálních služeb ke stažení (demo)",
        "Přehled sociálních služeb na Humpolecku v jedné brožuře.",
        "Tištěný katalog se všemi službami, jejich kontakty a rejstříky poskytovatelů a obcí je "
        "ke stažení na stránce katalogu procesu; aktuální údaje najdete v katalogu na webu.",
        (2021, 4, 15),
    ),
]

EVENTS = [
    (
        "Den sociálních služeb (demo)",
        (2018, 9, 20, 9),
        (2018, 9, 20, 15),
        "Horní náměstí, Humpolec",
        "Poskytovatelé představí své služby veřejnosti.",
    ),
    (
        "Veřejné projednání návrhu plánu (demo)",
        (2018, 10, 16, 17),
        (2018, 10, 16, 19),
        "Městský úřad Humpolec, velká zasedací místnost",
        "Připomínky k návrhu střednědobého plánu.",
    ),
]


def _when(parts) -> datetime.datetime:
    return datetime.datetime(*parts, tzinfo=timezone.get_current_timezone())


def _meeting(process, title):
    if title not in DOCUMENT_MEETINGS:
        return None
    kind, day = DOCUMENT_MEETINGS[title]
    return (
        Meeting.objects.filter(process=process, kind=kind, starts_at__date=day)
        .order_by("starts_at")
        .first()
    )


def load_documents(report, *, make_pdf: Callable[[dict], bytes]) -> None:
    """The demo documents; ``make_pdf(context)`` makes their PDF files (context: process,
    title, subtitle, sections [(heading, [paragraphs])])."""
    process = PlanningProcess.objects.filter(slug=PROCESS_SLUG).first()
    if process is None:
        return

    def _pdf(process, title, subtitle, sections) -> bytes:
        return make_pdf(
            {"process": process, "title": title, "subtitle": subtitle, "sections": sections}
        )

    steering = Group.objects.filter(process=process, kind=Group.Kind.STEERING).first()
    for title, category, issued, public, subtitle, versions in DOCUMENTS:
        if Document.objects.filter(process=process, title=title).exists():
            continue
        filename = f"{category}-{issued:%Y%m%d}.pdf"
        (sections, note, uploaded), *later = versions
        document = services.document_create(
            process=process,
            actor=None,
            title=title,
            category=category,
            issued_on=issued,
            is_public=public,
            group=steering if "řídicí" in title else None,
            meeting=_meeting(process, title),
            file=ContentFile(_pdf(process, title, subtitle, sections), name=filename),
            note=note,
            is_demo=True,
            uploaded_at=_when((*uploaded, 12)),
        )
        report.add("document")
        for sections, note, uploaded in later:
            version = services.document_version_add(
                document=document,
                actor=None,
                file=ContentFile(_pdf(process, title, subtitle, sections), name=filename),
                note=note,
            )
            version.uploaded_at = _when((*uploaded, 12))
            version.save(update_fields=["uploaded_at"])
            report.add("document version")


def load(report) -> None:
    """The demo news and events (the documents come with :func:`load_documents`)."""
    process = PlanningProcess.objects.filter(slug=PROCESS_SLUG).first()
    if process is None:
        return
    for title, perex, body, published in NEWS:
        if NewsArticle.objects.filter(process=process, title=title).exists():
            continue
        services.news_create(
            process=process,
            actor=None,
            title=title,
            perex=perex,
            body=body,
            published_at=_when((*published, 8)),
            is_published=True,
            is_demo=True,
        )
        report.add("news article")
    for title, starts, ends, place, description in EVENTS:
        if Event.objects.filter(process=process, title=title).exists():
            continue
        services.event_create(
            process=process,
            actor=None,
            title=title,
            starts_at=_when(starts),
            ends_at=_when(ends),
            place=place,
            description=description,
            is_public=True,
            is_demo=True,
        )
        report.add("event")
