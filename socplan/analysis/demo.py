"""Demo analysis of the Humpolec process (made up, labelled demo): the SWOTs of the four
working groups, rated by their members, with a merged duplicate, approved; the SWOT of the
whole process taken from the best rated items; and about 30 findings with their sources.

The measures of the demo plan (planning's demo, loaded after this one) link to the findings
through :func:`findings_for_measure`. Idempotent: nothing is made twice, nothing a user
made is changed.
"""

import zlib

from django.utils import timezone

from socplan.catalogue.models import CodelistItem
from socplan.library.models import Document
from socplan.organisation.models import Group, Membership, PlanningProcess, Resolution
from socplan.territory.models import Municipality

from . import services
from .models import Finding, Quadrant, Swot, SwotItem

PROCESS_SLUG = "kpss-orp-humpolec"
AREA_SLUG = "orp-humpolec"
S, W, O, T = Quadrant.STRENGTH, Quadrant.WEAKNESS, Quadrant.OPPORTUNITY, Quadrant.THREAT  # noqa: E741

# group slug -> items (quadrant, text); an item whose text starts with "=" duplicates the
# item before it in the same quadrant and is merged into it
SWOTS = {
    "seniori-a-osoby-se-zdravotnim-postizenim": [
        (S, "Pečovatelská služba města má dobrou pověst a zkušený personál."),
        (S, "Denní stacionář v Želivě přijímá i lidi s demencí."),
        (S, "Obce spolupracují a přispívají na služby pro své občany."),
        (W, "Pečovatelská služba nejezdí o víkendech ani do nejmenších obcí."),
        (W, "= Chybí víkendová pečovatelská služba."),
        (W, "V území není terénní odlehčovací služba pro pečující rodiny."),
        (W, "Čekací doba na domov se zvláštním režimem je přes rok."),
        (O, "Krajský plán počítá s rozšířením sítě terénních služeb."),
        (O, "Dotace na sociální bydlení a bezbariérové úpravy bytů."),
        (T, "Počet obyvatel nad 80 let rychle poroste."),
        (T, "Nedostatek pracovníků v sociálních službách a nízké mzdy."),
    ],
    "aktivizace-dlouhodobe-nezamestnanych": [
        (S, "Úřad práce a charita spolupracují na případech klientů."),
        (S, "Místní firmy mají zájem o zaměstnance i s nižší kvalifikací."),
        (W, "V území není dluhová poradna, lidé jezdí do Pelhřimova."),
        (W, "Lidé v exekuci nemají motivaci legálně pracovat."),
        (W, "= Exekuce odrazují od legální práce."),
        (O, "Výzvy OP Zaměstnanost+ na sociální podnikání."),
        (O, "Veřejně prospěšné práce v obcích."),
        (T, "Zadluženost domácností roste."),
        (T, "Dojíždění za prací z malých obcí je drahé a trvá dlouho."),
    ],
    "rozvoj-ostatnich-socialnich-sluzeb": [
        (S, "Fungující spolupráce s OSPOD a školami."),
        (S, "Nízkoprahový klub má stálé prostory ve městě."),
        (W, "Rodiny s dětmi s postižením jezdí za ranou péčí do Jihlavy."),
        (W, "V území chybí krizové a azylové bydlení."),
        (O, "Zájem škol o preventivní programy."),
        (T, "Přibývá rodin v bytové nouzi."),
        (T, "Nejisté financování služeb z krajských dotací."),
    ],
    "spoluprace-s-krajem-vysocina": [
        (S, "Plán ORP je sladěn s krajským střednědobým plánem."),
        (W, "Lidé nevědí, jaké služby v území jsou a kde je hledat."),
        (W, "Malé obce na služby nepřispívají podle pravidel."),
        (O, "Kraj podporuje společné financování služeb obcemi."),
        (T, "Změny pravidel dotací v průběhu roku."),
    ],
}

# Findings: statement, source, target group codes, municipality codes, measure titles.
# Sources: ("indicator", key), ("swot", group slug, item text), ("survey", reference, note),
# ("resolution", index of the process's resolutions), ("document", title), ("other", note)
FINDINGS = [
    (
        "Podíl obyvatel nad 65 let v ORP Humpolec je vyšší než průměr kraje a dále poroste.",
        ("indicator", "share_65_plus"),
        ["24"],
        [],
        ["Zachování a rozšíření pečovatelské služby", "Denní stacionář pro seniory"],
    ),
    (
        "Na 100 dětí do 14 let připadá v území více než 100 seniorů (index stáří).",
        ("indicator", "ageing_index"),
        ["24"],
        [],
        ["Rozšíření kapacity domova se zvláštním režimem"],
    ),
    (
        "Na 100 lidí v produktivním věku připadá stále víc seniorů: roste potřeba péče v rodinách.",
        ("indicator", "old_age_dependency"),
        ["24", "26"],
        [],
        ["Odlehčovací služba pro pečující rodiny"],
    ),
    (
        "V území žije přes 17 tisíc obyvatel v 25 obcích, většina obcí má méně než 500 obyvatel.",
        ("indicator", "population"),
        [],
        [],
        ["Osobní asistence v malých obcích", "Společné financování služeb obcemi"],
    ),
    (
        "Pečovatelská služba nepokrývá víkendy a nejmenší obce.",
        ("swot", "seniori-a-osoby-se-zdravotnim-postizenim", W, 0),
        ["24", "17"],
        ["548715", "549215", "548774"],
        ["Zachování a rozšíření pečovatelské služby"],
    ),
    (
        "Pečující rodiny nemají terénní odlehčovací službu.",
        ("swot", "seniori-a-osoby-se-zdravotnim-postizenim", W, 1),
        ["26", "24"],
        [],
        ["Odlehčovací služba pro pečující rodiny"],
    ),
    (
        "Na místo v domově se zvláštním režimem se čeká přes rok.",
        ("swot", "seniori-a-osoby-se-zdravotnim-postizenim", W, 2),
        ["30"],
        ["547999"],
        ["Rozšíření kapacity domova se zvláštním režimem"],
    ),
    (
        "Denní stacionář v Želivě je jedinou ambulantní službou pro lidi s demencí.",
        ("swot", "seniori-a-osoby-se-zdravotnim-postizenim", S, 1),
        ["30"],
        ["549215"],
        ["Denní stacionář pro seniory"],
    ),
    (
        "Nedostatek pracovníků ohrožuje rozvoj terénních služeb.",
        ("swot", "seniori-a-osoby-se-zdravotnim-postizenim", T, 1),
        [],
        [],
        [],
    ),
    (
        "40 % seniorů v malých obcích nezná nikoho, kdo by jim pomohl s nákupem a hygienou.",
        ("survey", "survey:seniori-2018", "Dotazník pro seniory 2018 (demo), 312 odpovědí"),
        ["24"],
        ["548715", "549215", "548774"],
        ["Zachování a rozšíření pečovatelské služby", "Osobní asistence v malých obcích"],
    ),
    (
        "Pečující jako největší potřebu uvádějí několik hodin volna týdně.",
        ("survey", "survey:pecujici-2018", "Dotazník pro pečující 2018 (demo), 64 odpovědí"),
        ["26"],
        [],
        ["Odlehčovací služba pro pečující rodiny"],
    ),
    (
        "Lidé se zdravotním postižením v obcích bez autobusového spojení potřebují asistenci.",
        ("survey", "survey:ozp-2018", "Rozhovory s uživateli 2018 (demo)"),
        ["17", "15"],
        [],
        ["Osobní asistence v malých obcích"],
    ),
    (
        "Dluhové poradenství je dostupné jen v Pelhřimově.",
        ("swot", "aktivizace-dlouhodobe-nezamestnanych", W, 0),
        ["21", "19"],
        [],
        ["Dluhové poradenství"],
    ),
    (
        "Exekuce odrazují dlouhodobě nezaměstnané od legální práce.",
        ("swot", "aktivizace-dlouhodobe-nezamestnanych", W, 1),
        ["21"],
        [],
        ["Dluhové poradenství", "Job klub pro dlouhodobě nezaměstnané"],
    ),
    (
        "Místní firmy hledají zaměstnance i s nižší kvalifikací.",
        ("swot", "aktivizace-dlouhodobe-nezamestnanych", S, 1),
        ["21"],
        ["547999"],
        ["Job klub pro dlouhodobě nezaměstnané"],
    ),
    (
        "V území je přes 120 dlouhodobě nezaměstnaných, z nich polovina déle než dva roky.",
        ("other", "Úřad práce ČR, kontaktní pracoviště Humpolec, 2018 (demo)"),
        ["21", "20"],
        ["547999"],
        ["Job klub pro dlouhodobě nezaměstnané", "Veřejně prospěšné práce a sociální podnik"],
    ),
    (
        "Obce mají zájem o veřejně prospěšné práce a sociální podnik.",
        ("swot", "aktivizace-dlouhodobe-nezamestnanych", O, 1),
        ["14", "21"],
        ["549215"],
        ["Veřejně prospěšné práce a sociální podnik"],
    ),
    (
        "Ve dvou lokalitách Humpolce žijí rodiny ohrožené sociálním vyloučením.",
        ("document", "Pracovní poznámky řídicí skupiny (demo)"),
        ["21", "20", "7"],
        ["547999", "548715"],
        ["Terénní práce v lokalitách ohrožených sociálním vyloučením"],
    ),
    (
        "Zadluženost domácností v území roste.",
        ("swot", "aktivizace-dlouhodobe-nezamestnanych", T, 0),
        ["19"],
        [],
        ["Dluhové poradenství"],
    ),
    (
        "Dojíždění za prací z malých obcí je drahé a trvá dlouho.",
        ("swot", "aktivizace-dlouhodobe-nezamestnanych", T, 1),
        ["21"],
        [],
        [],
    ),
    (
        "Rodiny dětí s postižením jezdí za ranou péčí do Jihlavy.",
        ("swot", "rozvoj-ostatnich-socialnich-sluzeb", W, 0),
        ["23", "13"],
        [],
        ["Raná péče pro rodiny dětí s postižením"],
    ),
    (
        "V území chybí krizové a azylové bydlení.",
        ("swot", "rozvoj-ostatnich-socialnich-sluzeb", W, 1),
        ["19", "4"],
        [],
        ["Krizová pomoc a azylové bydlení"],
    ),
    (
        "Přibývá rodin s dětmi v bytové nouzi.",
        ("swot", "rozvoj-ostatnich-socialnich-sluzeb", T, 0),
        ["23"],
        ["547999", "548120"],
        ["Sociálně aktivizační služby pro rodiny s dětmi", "Krizová pomoc a azylové bydlení"],
    ),
    (
        "Děti a mladí lidé tráví volný čas na ulici, nízkoprahový klub je přeplněný.",
        ("survey", "survey:mladez-2018", "Anketa mezi žáky 8. a 9. tříd 2018 (demo)"),
        ["1"],
        ["547999"],
        ["Nízkoprahový klub pro děti a mládež"],
    ),
    (
        "OSPOD eviduje rostoucí počet rodin, které potřebují podporu při výchově dětí.",
        ("other", "OSPOD MěÚ Humpolec, roční výkaz 2017 (demo)"),
        ["23"],
        ["547999"],
        ["Sociálně aktivizační služby pro rodiny s dětmi"],
    ),
    (
        "Lidé nevědí, jaké služby v území jsou a kde je hledat.",
        ("swot", "spoluprace-s-krajem-vysocina", W, 0),
        [],
        [],
        ["Katalog sociálních služeb a informovanost"],
    ),
    (
        "Malé obce na služby pro své občany nepřispívají podle jasných pravidel.",
        ("swot", "spoluprace-s-krajem-vysocina", W, 1),
        [],
        [],
        ["Společné financování služeb obcemi"],
    ),
    (
        "Řídicí skupina uložila pracovním skupinám sladit opatření s krajským plánem.",
        ("resolution", 0),
        [],
        [],
        ["Koordinace komunitního plánování"],
    ),
    (
        "Změny pravidel krajských dotací v průběhu roku ohrožují provoz služeb.",
        ("swot", "spoluprace-s-krajem-vysocina", T, 0),
        [],
        [],
        ["Společné financování služeb obcemi"],
    ),
    (
        "Ve 12 obcích území nejezdí žádná terénní služba pro lidi se zdravotním postižením.",
        ("other", "Mapování služeb pracovní skupinou, 2018 (demo)"),
        ["17"],
        [],
        [],
    ),
]


def _rating(person_pk: int, item_text: str) -> int:
    """A made-up, stable rating 2–5 of a person for an item."""
    return 2 + zlib.crc32(f"{person_pk}:{item_text}".encode()) % 4


def _load_swots(process, groups, report) -> dict:
    """The group SWOTs; returns {(group slug, quadrant): [items not merged, as written]}."""
    found: dict[tuple[str, str], list[SwotItem]] = {}
    today = timezone.localdate()
    for slug, rows in SWOTS.items():
        group = groups.get(slug)
        if group is None:
            continue
        swot = Swot.objects.filter(process=process, group=group).first()
        if swot is None:
            swot = Swot.objects.create(process=process, group=group, is_demo=True)
            members = [
                m.person
                for m in Membership.objects.on(today).filter(group=group).select_related("person")
            ]
            previous: dict[str, SwotItem] = {}
            for number, (quadrant, text) in enumerate(rows):
                duplicate = text.startswith("= ")
                author = members[number % len(members)] if members else None
                item = services.swot_item_add(
                    actor=None,
                    process=process,
                    group=group,
                    quadrant=quadrant,
                    text=text.removeprefix("= "),
                    author=author,
                    is_demo=True,
                )
                for person in members:
                    services.swot_rate(
                        actor=None, item=item, person=person, score=_rating(person.pk, item.text)
                    )
                if duplicate and quadrant in previous:
                    services.swot_items_merge(actor=None, target=previous[quadrant], items=[item])
                else:
                    previous[quadrant] = item
                report.add("SWOT item")
            services.swot_approve(actor=None, swot=swot, note="Schváleno na jednání skupiny (demo)")
            report.add("SWOT")
        for item in swot.items.filter(merged_into=None).order_by("id"):
            found.setdefault((slug, item.quadrant), []).append(item)
    return found


def _load_process_swot(process, report) -> None:
    if Swot.objects.filter(process=process, group=None).exists():
        return
    from .selectors import swot_board

    best = []
    for swot in Swot.objects.filter(process=process).exclude(group=None):
        for _value, _label, items in swot_board(swot=swot).quadrants:
            best.extend(rated.item for rated in items[:1])
    if not best:
        return
    services.swot_items_take_over(actor=None, process=process, items=best)
    swot = Swot.objects.get(process=process, group=None)
    swot.is_demo = True
    swot.save(update_fields=["is_demo"])
    services.swot_approve(actor=None, swot=swot, note="Schváleno řídicí skupinou (demo)")
    report.add("SWOT")


def _source(process, source, swot_items) -> dict:
    kind = source[0]
    if kind == "indicator":
        return {"source_kind": "indicator", "indicator_key": source[1], "indicator_area": AREA_SLUG}
    if kind == "swot":
        _k, slug, quadrant, index = source
        items = swot_items.get((slug, quadrant), [])
        if index < len(items):
            return {"source_kind": "swot", "swot_item": items[index]}
        return {"source_kind": "other", "source_note": "SWOT (demo)"}
    if kind == "survey":
        return {"source_kind": "survey", "source_ref": source[1], "source_note": source[2]}
    if kind == "resolution":
        resolution = (
            Resolution.objects.filter(meeting__process=process)
            .order_by("meeting__starts_at", "order")
            .first()
        )
        if resolution is not None:
            return {"source_kind": "resolution", "resolution": resolution}
        return {"source_kind": "other", "source_note": "Usnesení řídicí skupiny (demo)"}
    if kind == "document":
        document = Document.objects.filter(process=process, title=source[1]).first()
        if document is not None:
            return {"source_kind": "document", "document": document}
        return {"source_kind": "other", "source_note": source[1]}
    return {"source_kind": "other", "source_note": source[1]}


def _load_findings(process, swot_items, report) -> None:
    existing = set(
        Finding.objects.filter(process=process, is_demo=True).values_list("statement", flat=True)
    )
    target_groups = {item.code: item for item in CodelistItem.objects.target_groups()}
    municipalities = {m.code: m for m in Municipality.objects.filter(code__startswith="5")}
    for statement, source, tg_codes, muni_codes, _measures in FINDINGS:
        if statement in existing:
            continue
        services.finding_create(
            actor=None,
            process=process,
            statement=statement,
            is_demo=True,
            target_groups=[target_groups[c] for c in tg_codes if c in target_groups],
            municipalities=[municipalities[c] for c in muni_codes if c in municipalities],
            **_source(process, source, swot_items),
        )
        report.add("finding")


def findings_for_measure(process: PlanningProcess, measure_title: str) -> list[Finding]:
    """The demo findings a measure of the demo plan answers (used by planning's demo)."""
    statements = [row[0] for row in FINDINGS if measure_title in row[4]]
    if not statements:
        return []
    return list(Finding.objects.filter(process=process, is_demo=True, statement__in=statements))


def load(report) -> None:
    process = PlanningProcess.objects.filter(slug=PROCESS_SLUG).first()
    if process is None:
        return
    groups = {g.slug: g for g in Group.objects.filter(process=process)}
    swot_items = _load_swots(process, groups, report)
    _load_process_swot(process, report)
    _load_findings(process, swot_items, report)
