"""Demo plan (written by the project, made up, labelled demo): a draft medium-term plan of
social services for ORP Humpolec 2019–2021 with 4 priorities (one for each working group of
the demo structure), 15 measures, 30 activities, costs and indicators, and the action plan
for 2019. Built through the services, so codes, versions and the audit log are as in use."""

from decimal import Decimal

from socplan.analysis.demo import findings_for_measure
from socplan.catalogue.models import CodelistItem, Provider, Service
from socplan.organisation.models import Group, PlanningProcess
from socplan.territory.models import Municipality

from . import services
from .models import Measure, Plan

PROCESS_SLUG = "kpss-orp-humpolec"
TITLE = "Střednědobý plán rozvoje sociálních služeb ORP Humpolec 2019–2021 (demo)"

CHAPTERS = {
    "vision": (
        "V roce 2021 mají lidé na Humpolecku dostupné sociální služby, které potřebují, co "
        "nejblíže svému domovu. Obce, poskytovatelé a uživatelé služby plánují společně a "
        "o službách se ví."
    ),
    "introduction": (
        "Střednědobý plán rozvoje sociálních služeb vznikl v letech 2017–2018 v projektu "
        "komunitního plánování. Popisuje, jak se budou sociální a související služby v 25 "
        "obcích ORP Humpolec rozvíjet v letech 2019–2021. Jde o demonstrační data."
    ),
    "legal_basis": (
        "Zákon č. 108/2006 Sb., o sociálních službách, § 3 písm. h) a § 94 a 95; "
        "Střednědobý plán rozvoje sociálních služeb Kraje Vysočina."
    ),
    "process_description": (
        "Plán připravily čtyři pracovní skupiny a řídicí skupina. Podkladem byla "
        "sociodemografická analýza, analýza poskytovatelů a průzkum potřeb uživatelů. "
        "Návrh byl zveřejněn k připomínkám."
    ),
    "monitoring": (
        "Řídicí skupina každoročně vyhodnotí plnění akčního plánu a indikátorů opatření a "
        "připraví akční plán na další rok."
    ),
    "change_procedure": (
        "Změnu plánu může navrhnout kterákoli pracovní skupina, obec nebo poskytovatel. "
        "Změnu posoudí řídicí skupina a schválí zastupitelstvo města Humpolce."
    ),
}

M, PR, OTH = "municipality", "provider", "other"
MUNI = "municipalities"
REG = "region"
STATE = "state"
EU = "eu"
USERS = "users"
HI = "health_insurance"
OTHER = "other"


def _costs(*rows):
    """(year, source, thousands of CZK) → cost dicts."""
    return [{"year": y, "source": s, "amount": Decimal(a) * 1000} for y, s, a in rows]


# Priority: title, description, working group slug, measures.
# Measure: title, kind, description, justification, target group codes, municipality codes,
#   service names, responsible (kind, name), partners, years, indicators, measure costs,
#   activities (title, years, expected outputs, costs).
PRIORITIES = [
    (
        "Služby pro seniory a osoby se zdravotním postižením",
        "Senioři a lidé se zdravotním postižením mohou co nejdéle žít doma; když to nejde, "
        "najdou pobytovou službu v regionu.",
        "seniori-a-osoby-se-zdravotnim-postizenim",
        [
            (
                "Zachování a rozšíření pečovatelské služby",
                "capacity",
                "Pečovatelská služba obslouží i menší obce a rozšíří provoz o víkendy.",
                "Průzkum potřeb ukázal, že 40 % seniorů v malých obcích nezná nikoho, kdo by "
                "jim pomohl s nákupy a hygienou; počet obyvatel nad 80 let do roku 2021 vzroste.",
                ["24", "17"],
                ["547999", "548715", "549215", "548774"],
                [
                    "Pečovatelská služba Humpolec (demo)",
                    "Charitní pečovatelská služba Humpolecko (demo)",
                ],
                (M, "547999"),
                "Oblastní charita Humpolec (demo)\nobce ORP Humpolec",
                (2019, 2021),
                [
                    (
                        "Počet klientů pečovatelské služby",
                        "osob",
                        135,
                        {2019: 140, 2020: 150, 2021: 160},
                        "výkazy poskytovatelů",
                    )
                ],
                [],
                [
                    (
                        "Provoz pečovatelské služby města",
                        (2019, 2021),
                        "135–160 klientů ročně",
                        _costs(
                            (2019, MUNI, 2400),
                            (2019, STATE, 3100),
                            (2019, USERS, 900),
                            (2020, MUNI, 2500),
                            (2020, STATE, 3200),
                            (2020, USERS, 950),
                            (2021, MUNI, 2600),
                            (2021, STATE, 3300),
                            (2021, USERS, 1000),
                        ),
                    ),
                    (
                        "Víkendový provoz pečovatelské služby",
                        (2020, 2021),
                        "péče 7 dní v týdnu",
                        _costs(
                            (2020, MUNI, 350),
                            (2020, STATE, 300),
                            (2021, MUNI, 360),
                            (2021, STATE, 320),
                        ),
                    ),
                ],
            ),
            (
                "Odlehčovací služba pro pečující rodiny",
                "new",
                "Vznik terénní odlehčovací služby, která pečujícím umožní odpočinek.",
                "Pečující rodiny uvádějí jako největší potřebu možnost si na několik hodin "
                "odpočinout; v regionu je jen pobytová odlehčovací služba.",
                ["24", "26", "30"],
                [],
                ["Odlehčovací služby Na Kopci (demo)"],
                (PR, "Oblastní charita Humpolec (demo)"),
                "Kraj Vysočina",
                (2019, 2021),
                [
                    (
                        "Počet podpořených pečujících",
                        "osob",
                        0,
                        {2019: 0, 2020: 15, 2021: 25},
                        "výkazy poskytovatele",
                    )
                ],
                [],
                [
                    (
                        "Příprava a registrace terénní odlehčovací služby",
                        (2019, 2019),
                        "registrace služby",
                        _costs((2019, MUNI, 60), (2019, OTHER, 20)),
                    ),
                    (
                        "Provoz terénní odlehčovací služby",
                        (2020, 2021),
                        "15–25 pečujících ročně",
                        _costs(
                            (2020, STATE, 800),
                            (2020, MUNI, 200),
                            (2020, USERS, 80),
                            (2021, STATE, 850),
                            (2021, MUNI, 210),
                            (2021, USERS, 90),
                        ),
                    ),
                ],
            ),
            (
                "Denní stacionář pro seniory",
                "keep",
                "Zachování denního stacionáře v Želivě a svozu klientů z okolních obcí.",
                "Stacionář je jediná ambulantní služba pro seniory s demencí v území.",
                ["24", "30"],
                ["549215", "548715", "548774"],
                ["Denní stacionář Senior Želiv (demo)"],
                (PR, "Domov Na Kopci, příspěvková organizace (demo)"),
                "obec Želiv",
                (2019, 2021),
                [("Průměrný počet klientů denně", "osob", 12, {2021: 15}, "výkazy poskytovatele")],
                [],
                [
                    (
                        "Provoz denního stacionáře",
                        (2019, 2021),
                        "12–15 klientů denně",
                        _costs(
                            (2019, STATE, 1200),
                            (2019, USERS, 400),
                            (2019, MUNI, 150),
                            (2020, STATE, 1250),
                            (2020, USERS, 420),
                            (2020, MUNI, 150),
                            (2021, STATE, 1300),
                            (2021, USERS, 440),
                            (2021, MUNI, 160),
                        ),
                    ),
                    (
                        "Svoz klientů z okolních obcí",
                        (2019, 2021),
                        "svoz 3× týdně",
                        _costs((2019, MUNI, 90), (2020, MUNI, 95), (2021, MUNI, 100)),
                    ),
                ],
            ),
            (
                "Rozšíření kapacity domova se zvláštním režimem",
                "capacity",
                "Navýšení kapacity domova se zvláštním režimem o 10 lůžek.",
                "Pořadník žadatelů o službu má trvale přes 60 jmen.",
                ["30", "10"],
                ["547999"],
                ["Domov se zvláštním režimem Na Kopci (demo)"],
                (PR, "Domov Na Kopci, příspěvková organizace (demo)"),
                "Kraj Vysočina",
                (2020, 2021),
                [
                    (
                        "Kapacita domova se zvláštním režimem",
                        "lůžek",
                        40,
                        {2020: 40, 2021: 50},
                        "registr poskytovatelů",
                    )
                ],
                [],
                [
                    (
                        "Stavební úpravy pavilonu B",
                        (2020, 2020),
                        "10 nových lůžek",
                        _costs((2020, EU, 6800), (2020, REG, 1200)),
                    ),
                    (
                        "Provoz nových lůžek",
                        (2021, 2021),
                        "10 obsazených lůžek",
                        _costs((2021, STATE, 2100), (2021, USERS, 1500), (2021, HI, 600)),
                    ),
                ],
            ),
            (
                "Osobní asistence v malých obcích",
                "capacity",
                "Osobní asistence dostupná i v obcích do 500 obyvatel.",
                "Lidé se zdravotním postižením z malých obcí službu nevyužívají kvůli "
                "dojezdu asistentů.",
                ["17", "15"],
                [],
                ["Osobní asistence Humpolecko (demo)"],
                (PR, "Oblastní charita Humpolec (demo)"),
                "",
                (2019, 2021),
                [
                    (
                        "Počet obcí, kde služba působí",
                        "obcí",
                        8,
                        {2019: 10, 2020: 12, 2021: 14},
                        "výkazy poskytovatele",
                    )
                ],
                [],
                [
                    (
                        "Zaměstnání dalšího osobního asistenta",
                        (2019, 2021),
                        "1 úvazek",
                        _costs(
                            (2019, STATE, 420),
                            (2019, MUNI, 60),
                            (2020, STATE, 440),
                            (2020, MUNI, 60),
                            (2021, STATE, 460),
                            (2021, MUNI, 60),
                        ),
                    ),
                    (
                        "Půjčovna kompenzačních pomůcek",
                        (2019, 2021),
                        "50 zápůjček ročně",
                        _costs(
                            (2019, MUNI, 40),
                            (2019, USERS, 30),
                            (2020, USERS, 35),
                            (2021, USERS, 35),
                            (2020, HI, 20),
                            (2021, HI, 20),
                        ),
                    ),
                ],
            ),
        ],
    ),
    (
        "Aktivizace dlouhodobě nezaměstnaných a prevence sociálního vyloučení",
        "Lidé dlouhodobě bez práce dostanou podporu při návratu do zaměstnání a nepropadnou "
        "se do dluhů a sociálního vyloučení.",
        "aktivizace-dlouhodobe-nezamestnanych",
        [
            (
                "Job klub pro dlouhodobě nezaměstnané",
                "new",
                "Skupinová a individuální podpora při hledání práce.",
                "V území žije přes 120 lidí, kteří jsou bez práce déle než rok.",
                ["21", "20"],
                ["547999"],
                ["Terénní programy Humpolecko (demo)"],
                (OTH, "Úřad práce ČR, kontaktní pracoviště Humpolec"),
                "Spolek Most k lidem (demo)",
                (2019, 2021),
                [
                    (
                        "Účastníci, kteří našli práci",
                        "osob",
                        0,
                        {2019: 5, 2020: 8, 2021: 10},
                        "evidence job klubu",
                    )
                ],
                [],
                [
                    (
                        "Job klub – skupinová setkání",
                        (2019, 2021),
                        "40 setkání ročně",
                        _costs((2019, EU, 180), (2020, EU, 185), (2021, EU, 190)),
                    ),
                    (
                        "Individuální poradenství a kariérní plán",
                        (2019, 2020),
                        "30 klientů ročně",
                        _costs((2019, EU, 120), (2020, EU, 125)),
                    ),
                ],
            ),
            (
                "Dluhové poradenství",
                "capacity",
                "Rozšíření dluhového poradenství o výjezdy do obcí.",
                "Exekuce jsou hlavní překážkou návratu do práce.",
                ["21", "19"],
                [],
                ["Odborné sociální poradenství Charita (demo)"],
                (PR, "Oblastní charita Humpolec (demo)"),
                "",
                (2019, 2021),
                [("Počet konzultací", "konzultací", 150, {2021: 250}, "výkazy poskytovatele")],
                [],
                [
                    (
                        "Výjezdní poradenství v obcích",
                        (2019, 2021),
                        "2 obce měsíčně",
                        _costs(
                            (2019, STATE, 150),
                            (2019, MUNI, 30),
                            (2020, STATE, 155),
                            (2020, MUNI, 30),
                            (2021, STATE, 160),
                            (2021, MUNI, 30),
                        ),
                    ),
                    (
                        "Finanční gramotnost pro školy",
                        (2020, 2021),
                        "6 besed ročně",
                        _costs((2020, OTHER, 25), (2021, OTHER, 25)),
                    ),
                ],
            ),
            (
                "Veřejně prospěšné práce a sociální podnik",
                "related",
                "Podpora vzniku sociálního podniku při Dílně Želiv.",
                "Chráněná pracovní místa v území chybějí.",
                ["14", "21"],
                ["549215"],
                ["Sociálně terapeutická dílna Želiv (demo)"],
                (PR, "Dílna Želiv, z. ú. (demo)"),
                "obec Želiv",
                (2020, 2021),
                [
                    (
                        "Pracovní místa v sociálním podniku",
                        "míst",
                        0,
                        {2020: 2, 2021: 4},
                        "výroční zpráva",
                    )
                ],
                [],
                [
                    (
                        "Podnikatelský plán sociálního podniku",
                        (2020, 2020),
                        "podnikatelský plán",
                        _costs((2020, EU, 90)),
                    ),
                    (
                        "Zahájení provozu sociálního podniku",
                        (2021, 2021),
                        "4 pracovní místa",
                        _costs((2021, EU, 900), (2021, MUNI, 100)),
                    ),
                ],
            ),
            (
                "Terénní práce v lokalitách ohrožených sociálním vyloučením",
                "keep",
                "Zachování terénního programu v Humpolci a Řečici.",
                "Terénní pracovníci jsou jediným kontaktem části lidí se službami.",
                ["21", "20", "7"],
                ["547999", "548715"],
                ["Terénní programy Humpolecko (demo)"],
                (PR, "Spolek Most k lidem (demo)"),
                "",
                (2019, 2021),
                [("Počet kontaktů", "kontaktů", 900, {2021: 1000}, "výkazy poskytovatele")],
                [],
                [
                    (
                        "Provoz terénního programu",
                        (2019, 2021),
                        "900–1000 kontaktů ročně",
                        _costs(
                            (2019, STATE, 600),
                            (2019, MUNI, 80),
                            (2020, STATE, 620),
                            (2020, MUNI, 80),
                            (2021, STATE, 640),
                            (2021, MUNI, 80),
                        ),
                    ),
                    (
                        "Spolupráce s majiteli ubytoven",
                        (2020, 2021),
                        "pravidelné výjezdy na ubytovny",
                        _costs((2020, MUNI, 25), (2021, MUNI, 25)),
                    ),
                ],
            ),
        ],
    ),
    (
        "Rozvoj ostatních sociálních služeb",
        "Rodiny s dětmi a lidé v krizi najdou pomoc v regionu včas.",
        "rozvoj-ostatnich-socialnich-sluzeb",
        [
            (
                "Sociálně aktivizační služby pro rodiny s dětmi",
                "keep",
                "Zachování služby a rozšíření do obcí Kejžlice a Herálec.",
                "OSPOD eviduje 45 rodin, kterým by služba pomohla.",
                ["23"],
                ["547999", "548120"],
                ["Sociálně aktivizační služby pro rodiny s dětmi (demo)"],
                (PR, "Rodinné centrum Sluníčko, z. s. (demo)"),
                "OSPOD MěÚ Humpolec",
                (2019, 2021),
                [
                    (
                        "Počet podpořených rodin",
                        "rodin",
                        30,
                        {2019: 32, 2020: 36, 2021: 40},
                        "výkazy poskytovatele",
                    )
                ],
                [],
                [
                    (
                        "Provoz služby v Humpolci",
                        (2019, 2021),
                        "30–40 rodin ročně",
                        _costs(
                            (2019, STATE, 520),
                            (2019, MUNI, 60),
                            (2020, STATE, 540),
                            (2020, MUNI, 60),
                            (2021, STATE, 560),
                            (2021, MUNI, 60),
                        ),
                    ),
                    (
                        "Výjezdy do Kejžlic",
                        (2020, 2021),
                        "1 den v týdnu",
                        _costs((2020, MUNI, 40), (2021, MUNI, 40)),
                    ),
                ],
            ),
            (
                "Nízkoprahový klub pro děti a mládež",
                "capacity",
                "Prodloužení otevírací doby klubu Kotva.",
                "Klub je otevřen jen tři dny v týdnu; mladí lidé žádají o víc.",
                ["1"],
                ["547999"],
                ["Nízkoprahový klub Kotva (demo)"],
                (PR, "Spolek Most k lidem (demo)"),
                "",
                (2019, 2021),
                [("Dny provozu v týdnu", "dnů", 3, {2019: 4, 2020: 5, 2021: 5}, "provozní řád")],
                [],
                [
                    (
                        "Provoz klubu Kotva",
                        (2019, 2021),
                        "provoz 4–5 dní v týdnu",
                        _costs(
                            (2019, STATE, 480),
                            (2019, MUNI, 120),
                            (2020, STATE, 500),
                            (2020, MUNI, 130),
                            (2021, STATE, 520),
                            (2021, MUNI, 140),
                        ),
                    ),
                ],
            ),
            (
                "Krizová pomoc a azylové bydlení",
                "keep",
                "Zachování dostupnosti krizové pomoci a azylového domu pro matky s dětmi.",
                "Služby slouží celému kraji; obce ORP přispívají na pobyty svých občanů.",
                ["19", "4", "23"],
                [],
                ["Krizová pomoc Vysočina (demo)", "Azylový dům pro matky s dětmi (demo)"],
                (PR, "Krizové centrum Vysočina, o. p. s. (demo)"),
                "Kraj Vysočina",
                (2019, 2021),
                [
                    (
                        "Počet lidí, kterým byla poskytnuta krizová pomoc",
                        "osob",
                        60,
                        {2021: 70},
                        "výkazy poskytovatele",
                    )
                ],
                [],
                [
                    (
                        "Příspěvek obcí na krizovou pomoc",
                        (2019, 2021),
                        "dostupnost 24/7",
                        _costs((2019, MUNI, 50), (2020, MUNI, 50), (2021, MUNI, 50)),
                    ),
                    (
                        "Příspěvek na pobyty v azylovém domě",
                        (2019, 2021),
                        "6 pobytů ročně",
                        _costs((2019, MUNI, 70), (2020, MUNI, 70), (2021, MUNI, 75)),
                    ),
                ],
            ),
            (
                "Raná péče pro rodiny dětí s postižením",
                "keep",
                "Zachování terénní rané péče v celém území.",
                "Raná péče je jediná služba pro rodiny dětí s postižením do 7 let.",
                ["23", "13"],
                [],
                ["Raná péče Sluníčko (demo)"],
                (PR, "Rodinné centrum Sluníčko, z. s. (demo)"),
                "",
                (2019, 2021),
                [("Počet rodin v péči", "rodin", 12, {2021: 14}, "výkazy poskytovatele")],
                [],
                [
                    (
                        "Provoz rané péče",
                        (2019, 2021),
                        "12–14 rodin",
                        _costs(
                            (2019, STATE, 300),
                            (2019, MUNI, 30),
                            (2020, STATE, 310),
                            (2020, MUNI, 30),
                            (2021, STATE, 320),
                            (2021, MUNI, 30),
                        ),
                    ),
                ],
            ),
        ],
    ),
    (
        "Spolupráce s Krajem Vysočina, informovanost a financování",
        "Plán je sladěn se sítí sociálních služeb kraje; obce i občané vědí, kde hledat pomoc.",
        "spoluprace-s-krajem-vysocina",
        [
            (
                "Katalog sociálních služeb a informovanost",
                "system",
                "Každoroční aktualizace katalogu poskytovatelů a jeho distribuce do domácností.",
                "Polovina dotázaných nezná žádnou sociální službu v regionu.",
                [],
                [],
                [],
                (M, "547999"),
                "MAS Společnost pro rozvoj Humpolecka",
                (2019, 2021),
                [
                    (
                        "Výtisky katalogu",
                        "ks",
                        0,
                        {2019: 3000, 2020: 1000, 2021: 1000},
                        "fakturace tisku",
                    )
                ],
                _costs((2019, MUNI, 20)),
                [
                    (
                        "Aktualizace a tisk katalogu",
                        (2019, 2021),
                        "katalog v každé domácnosti",
                        _costs((2019, EU, 85), (2020, MUNI, 40), (2021, MUNI, 40)),
                    ),
                    (
                        "Informační den sociálních služeb",
                        (2019, 2021),
                        "1 akce ročně",
                        _costs((2019, MUNI, 15), (2020, MUNI, 15), (2021, MUNI, 15)),
                    ),
                ],
            ),
            (
                "Koordinace komunitního plánování",
                "system",
                "Pokračování komunitního plánování, vyhodnocování plánu a akční plány.",
                "Bez koordinátora se pracovní skupiny po skončení projektu přestávají scházet.",
                [],
                [],
                [],
                (M, "547999"),
                "Kraj Vysočina",
                (2019, 2021),
                [
                    (
                        "Vyhodnocené akční plány",
                        "plánů",
                        0,
                        {2019: 1, 2020: 2, 2021: 3},
                        "usnesení řídicí skupiny",
                    )
                ],
                [],
                [
                    (
                        "Koordinátor komunitního plánování (0,5 úvazku)",
                        (2019, 2021),
                        "setkání skupin 4× ročně",
                        _costs((2019, EU, 280), (2020, MUNI, 290), (2021, MUNI, 300)),
                    ),
                    (
                        "Roční vyhodnocení a akční plán",
                        (2019, 2021),
                        "zpráva o plnění",
                        _costs((2019, MUNI, 10), (2020, MUNI, 10), (2021, MUNI, 10)),
                    ),
                ],
            ),
            (
                "Společné financování služeb obcemi",
                "system",
                "Dohoda obcí ORP o příspěvku na sociální služby podle počtu obyvatel.",
                "Služby dnes financuje hlavně město Humpolec, i když slouží celému území.",
                [],
                [],
                [],
                (M, "547999"),
                "obce ORP Humpolec\nKraj Vysočina",
                (2019, 2020),
                [
                    (
                        "Obce zapojené do společného financování",
                        "obcí",
                        1,
                        {2019: 10, 2020: 20},
                        "uzavřené smlouvy",
                    )
                ],
                [],
                [
                    (
                        "Kulatý stůl starostů k financování služeb",
                        (2019, 2019),
                        "návrh dohody obcí",
                        _costs((2019, MUNI, 5)),
                    ),
                    ("Uzavření smluv o příspěvku obcí", (2020, 2020), "smlouvy s obcemi", []),
                ],
            ),
        ],
    ),
]


def _responsible(kind, value):
    if kind == M:
        return {"responsible_municipality": Municipality.objects.filter(code=value).first()}
    if kind == PR:
        provider = Provider.objects.filter(name=value).first()
        if provider is not None:
            return {"responsible_provider": provider}
    return {"responsible_other": value}


def _link_findings(plan: Plan, report) -> None:
    """Link the measures of a demo plan made before the demo analysis existed to its
    findings (only measures that answer no finding yet)."""
    for measure in Measure.objects.filter(priority__plan=plan, findings__isnull=True):
        findings = findings_for_measure(plan.process, measure.title)
        if findings:
            measure.findings.set(findings)
            report.add("measure linked to findings")


def load(report) -> Plan | None:
    process = PlanningProcess.objects.filter(slug=PROCESS_SLUG).first()
    if process is None:
        return None
    existing = process.plans.filter(kind=Plan.Kind.MEDIUM_TERM, is_demo=True).first()
    if existing is not None:
        _link_findings(existing, report)
        return existing
    target_groups = {item.code: item for item in CodelistItem.objects.target_groups()}
    groups = {g.slug: g for g in Group.objects.filter(process=process)}
    plan = services.plan_create(
        actor=None,
        process=process,
        title=TITLE,
        year_start=2019,
        year_end=2021,
        is_demo=True,
        **CHAPTERS,
    )
    report.add("plan")
    for p_title, p_description, group_slug, measures in PRIORITIES:
        priority = services.priority_create(
            actor=None, plan=plan, title=p_title, description=p_description
        )
        report.add("plan priority")
        for row in measures:
            (
                title,
                kind,
                description,
                justification,
                tg_codes,
                muni_codes,
                service_names,
                responsible,
                partners,
                (start, end),
                indicators,
                measure_costs,
                activities,
            ) = row
            measure = services.measure_create(
                actor=None,
                priority=priority,
                title=title,
                kind=kind,
                description=description,
                justification=justification,
                target_groups=[target_groups[c] for c in tg_codes if c in target_groups],
                municipalities=list(Municipality.objects.filter(code__in=muni_codes)),
                services=list(Service.objects.filter(name__in=service_names)),
                working_group=groups.get(group_slug),
                findings=findings_for_measure(process, title),
                partners=partners,
                start_year=start,
                end_year=end,
                indicators=[
                    {"name": n, "unit": u, "baseline": b, "targets": t, "source": s}
                    for n, u, b, t, s in indicators
                ],
                costs=measure_costs,
                **_responsible(*responsible),
            )
            report.add("plan measure")
            for a_title, (a_start, a_end), outputs, costs in activities:
                services.activity_create(
                    actor=None,
                    measure=measure,
                    title=a_title,
                    start_year=a_start,
                    end_year=a_end,
                    expected_outputs=outputs,
                    costs=costs,
                    **_responsible(*responsible),
                )
                report.add("plan activity")
    services.action_plan_create(
        actor=None,
        medium_term_plan=plan,
        year=2019,
        title="Akční plán sociálních služeb ORP Humpolec na rok 2019 (demo)",
        is_demo=True,
    )
    report.add("action plan")
    return plan
