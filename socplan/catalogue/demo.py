"""Demo catalogue for ORP Humpolec, written by the socplan project (not register data).

Made-up providers (names end with "(demo)", IČOs 9910xxxx with a valid check digit, web
and e-mail on ``.example`` domains, phones 000 xxx xxx) with services of various kinds
and forms in municipalities of ORP Humpolec, a few local (non-registered) services, and
the nationwide default life situations. Idempotent: creates what is missing, never
overwrites.
"""

import datetime

from socplan.territory.models import Municipality, PlanningArea, Region

from . import search
from .models import (
    Capacity,
    Codelist,
    CodelistItem,
    Facility,
    LifeSituation,
    Provider,
    Service,
    ServiceAreaMunicipality,
    ServiceForm,
    ServiceRegion,
    Source,
)
from .services import ensure_codelists
from .validators import ico_check_digit

AREA_SLUG = "orp-humpolec"


def demo_ico(number: int) -> str:
    first = f"9910{number:03d}"
    return first + ico_check_digit(first)


PROVIDERS = [
    # key, name, IČO number, web
    ("charita", "Oblastní charita Humpolec (demo)", 1, "www.charita-humpolec.example"),
    ("domov", "Domov Na Kopci, příspěvková organizace (demo)", 2, "www.domov-na-kopci.example"),
    ("mesto", "Pečovatelská služba města Humpolce (demo)", 3, "www.ps-humpolec.example"),
    ("most", "Spolek Most k lidem (demo)", 4, "www.most-k-lidem.example"),
    ("rodina", "Rodinné centrum Sluníčko, z. s. (demo)", 5, "www.slunicko-humpolec.example"),
    ("krize", "Krizové centrum Vysočina, o. p. s. (demo)", 6, "www.krize-vysocina.example"),
    ("dilna", "Dílna Želiv, z. ú. (demo)", 7, "www.dilna-zeliv.example"),
]

# provider, name, kind, forms {form: [(capacity type, value)]}, facilities
# [(name, municipality code, street, number, postcode)], target groups, age groups,
# extra municipalities (manual service area), extended scope over the region,
# description, opening hours
SERVICES = [
    (
        "mesto",
        "Pečovatelská služba Humpolec (demo)",
        "4",
        {"ter": [("klient", 120)], "amb": [("klient", 15)]},
        [("Pečovatelská služba Humpolec", "547999", "Školní", "1077", "39601")],
        ["24", "17"],
        ["7", "8", "9"],
        ["548715", "549215", "548774", "547638"],
        False,
        "Pomáháme seniorům a lidem se zdravotním postižením zvládat život doma: dovážka "
        "obědů, nákupy, pomoc s hygienou a domácností.",
        "Po–Pá 7.00–15.30",
    ),
    (
        "charita",
        "Charitní pečovatelská služba Humpolecko (demo)",
        "4",
        {"ter": [("klient", 60)]},
        [("Středisko Charity Humpolec", "547999", "Komenského", "264", "39601")],
        ["24", "17", "10"],
        ["7", "8", "9"],
        ["548081", "548120", "548545", "561801"],
        False,
        "Pečovatelky přijedou za vámi domů i do okolních obcí.",
        "Po–Pá 7.00–18.00, So–Ne po dohodě",
    ),
    (
        "charita",
        "Osobní asistence Humpolecko (demo)",
        "3",
        {"ter": [("klient", 25)]},
        [("Středisko Charity Humpolec", "547999", "Komenského", "264", "39601")],
        ["17", "13", "15"],
        ["6", "7", "8", "9"],
        [],
        True,
        "Asistentka pomáhá s tím, co člověk kvůli postižení nezvládne sám, doma i venku.",
        "dle dohody, nepřetržitě",
    ),
    (
        "charita",
        "Odborné sociální poradenství Charita (demo)",
        "1",
        {"amb": [("kontakt", 1200)], "ter": [("kontakt", 200)]},
        [("Poradna Charity Humpolec", "547999", "Komenského", "264", "39601")],
        ["19", "7", "23"],
        ["6", "7", "8"],
        [],
        False,
        "Poradíme s dluhy, bydlením, dávkami a jednáním s úřady. Zdarma a diskrétně.",
        "Po a St 8.00–17.00, Čt 8.00–12.00",
    ),
    (
        "domov",
        "Domov pro seniory Na Kopci (demo)",
        "13",
        {"pob": [("luzka", 64)]},
        [("Domov Na Kopci", "547999", "Na Kopci", "1800", "39601")],
        ["24"],
        ["8", "9"],
        [],
        False,
        "Celoroční pobyt pro seniory, kteří už nemohou žít doma ani s pomocí.",
        "nepřetržitě; návštěvy denně 9.00–19.00",
    ),
    (
        "domov",
        "Domov se zvláštním režimem Na Kopci (demo)",
        "14",
        {"pob": [("luzka", 28)]},
        [("Domov Na Kopci – pavilon B", "547999", "Na Kopci", "1801", "39601")],
        ["30", "10"],
        ["7", "8", "9"],
        [],
        False,
        "Pobyt pro lidi žijící s demencí, kteří potřebují stálý dohled a klidné prostředí.",
        "nepřetržitě",
    ),
    (
        "domov",
        "Odlehčovací služby Na Kopci (demo)",
        "8",
        {"pob": [("luzka", 6)], "ter": [("klient", 4)]},
        [("Domov Na Kopci", "547999", "Na Kopci", "1800", "39601")],
        ["24", "26", "30"],
        ["8", "9"],
        [],
        False,
        "Když si pečující potřebuje odpočinout, postaráme se o blízkého na pár dní u nás.",
        "nepřetržitě",
    ),
    (
        "domov",
        "Denní stacionář Senior Želiv (demo)",
        "10",
        {"amb": [("klient", 12)]},
        [("Denní stacionář Želiv", "549215", "", "13", "39444")],
        ["24", "30"],
        ["8", "9"],
        [],
        False,
        "Přes den program a péče, večer zpět domů.",
        "Po–Pá 7.00–16.00",
    ),
    (
        "mesto",
        "Tísňová péče Humpolec (demo)",
        "5",
        {"ter": [("klient", 40)]},
        [("Pečovatelská služba Humpolec", "547999", "Školní", "1077", "39601")],
        ["24", "17"],
        ["8", "9"],
        [],
        True,
        "Tlačítko na ruce přivolá pomoc ve dne i v noci.",
        "nepřetržitě",
    ),
    (
        "most",
        "Sociálně aktivizační služby pro rodiny s dětmi (demo)",
        "28",
        {"ter": [("klient", 30)], "amb": [("klient", 10)]},
        [("Most k lidem – Humpolec", "547999", "Havlíčkovo náměstí", "91", "39601")],
        ["23", "21"],
        ["2", "3", "4", "5", "7"],
        ["548715", "548073", "548383"],
        False,
        "Pomáháme rodinám zvládat výchovu, školu, hospodaření a péči o domácnost.",
        "Po–Čt 8.00–16.00",
    ),
    (
        "most",
        "Nízkoprahový klub Kotva (demo)",
        "25",
        {"amb": [("kontakt", 2000)], "ter": [("kontakt", 300)]},
        [("Klub Kotva", "547999", "Hradská", "112", "39601")],
        ["1"],
        ["4", "5", "6"],
        [],
        False,
        "Místo pro děti a mladé 11–20 let: bezpečně trávit volný čas a mít s kým mluvit.",
        "Po–Pá 13.00–18.00",
    ),
    (
        "most",
        "Terénní programy Humpolecko (demo)",
        "32",
        {"ter": [("kontakt", 900)]},
        [("Most k lidem – Humpolec", "547999", "Havlíčkovo náměstí", "91", "39601")],
        ["25", "7", "21"],
        ["6", "7"],
        ["548715", "561801", "549215"],
        False,
        "Vyhledáváme lidi v nesnázích tam, kde žijí, a pomáháme jim dosáhnout na pomoc.",
        "Po–Pá podle plánu výjezdů",
    ),
    (
        "rodina",
        "Raná péče Sluníčko (demo)",
        "17",
        {"ter": [("klient", 20)]},
        [("Rodinné centrum Sluníčko", "547999", "Tyršova", "401", "39601")],
        ["13", "17", "15"],
        ["1", "2"],
        [],
        True,
        "Provázíme rodiny dětí s postižením nebo ohroženým vývojem do 7 let, u nich doma.",
        "Po–Pá 8.00–16.00",
    ),
    (
        "krize",
        "Krizová pomoc Vysočina (demo)",
        "23",
        {"amb": [("kontakt", 800)], "ter": [("kontakt", 100)]},
        [("Krizové centrum – pobočka Humpolec", "547999", "Zichpil", "318", "39601")],
        ["19", "4"],
        ["5", "6", "7", "8"],
        [],
        True,
        "Když se stane něco, co nezvládáte: okamžitá pomoc a rozhovor bez objednání.",
        "nepřetržitě",
    ),
    (
        "krize",
        "Azylový dům pro matky s dětmi (demo)",
        "20",
        {"pob": [("luzka", 18)]},
        [("Azylový dům (adresa neveřejná)", "", "", "", "")],
        ["4", "23", "7"],
        ["1", "2", "3", "6", "7"],
        [],
        True,
        "Dočasné ubytování a podpora pro matky s dětmi bez domova nebo v ohrožení.",
        "nepřetržitě",
    ),
    (
        "krize",
        "Telefonická krizová pomoc Linka naděje (demo)",
        "18",
        {"ter": [("hovor", 6000)]},
        [("Linka naděje", "547999", "Zichpil", "318", "39601")],
        ["19"],
        ["4", "5", "6", "7", "8", "9"],
        [],
        True,
        "Telefon, na který můžete zavolat kdykoli, anonymně a zdarma.",
        "nepřetržitě",
    ),
    (
        "dilna",
        "Sociálně terapeutická dílna Želiv (demo)",
        "30",
        {"amb": [("klient", 16)]},
        [("Dílna Želiv", "549215", "", "160", "39444")],
        ["14", "13"],
        ["6", "7"],
        [],
        False,
        "Pracovní dovednosti v keramické a zahradní dílně pro lidi s postižením.",
        "Po–Pá 8.00–14.30",
    ),
    (
        "dilna",
        "Chráněné bydlení Želiv (demo)",
        "15",
        {"pob": [("luzka", 12)]},
        [
            ("Chráněné bydlení – dům 1", "549215", "", "161", "39444"),
            ("Chráněné bydlení – byt Humpolec", "547999", "Dusilova", "385", "39601"),
        ],
        ["14", "10"],
        ["6", "7", "8"],
        [],
        False,
        "Samostatné bydlení s podporou pro lidi, kteří nemohou žít úplně sami.",
        "nepřetržitě",
    ),
    (
        "mesto",
        "Sociálně aktivizační služby pro seniory Humpolec (demo)",
        "29",
        {"amb": [("klient", 40)]},
        [("Klub seniorů Humpolec", "547999", "Školní", "1077", "39601")],
        ["24", "17"],
        ["8", "9"],
        [],
        False,
        "Setkávání, trénink paměti a pomoc s vyřizováním, aby senioři nezůstali sami.",
        "Út a Čt 9.00–15.00",
    ),
    (
        "charita",
        "Služby následné péče Zahrada (demo)",
        "27",
        {"amb": [("klient", 15)], "ter": [("klient", 10)]},
        [("Zahrada – následná péče", "548715", "", "42", "39501")],
        ["25", "10"],
        ["6", "7"],
        [],
        True,
        "Podpora po léčbě závislosti: skupiny, poradenství a pomoc s prací a bydlením.",
        "Po–Pá 9.00–17.00",
    ),
]

# local (non-registered) services: category, name, municipality, street, number, description
LOCAL_SERVICES = [
    (
        "health",
        "Domácí zdravotní péče Humpolec (demo)",
        "547999",
        "Školní",
        "1077",
        "Zdravotní sestry doma na předpis lékaře: injekce, převazy, odběry.",
    ),
    (
        "housing",
        "Byty zvláštního určení města Humpolce (demo)",
        "547999",
        "Školní",
        "1077",
        "Nájemní byty pro seniory a lidi se zdravotním postižením; žádost na městském úřadě.",
    ),
    (
        "leisure",
        "Univerzita třetího věku Humpolec (demo)",
        "547999",
        "Havlíčkovo náměstí",
        "300",
        "Přednášky a kurzy pro seniory každý týden během školního roku.",
    ),
    (
        "self_help",
        "Svépomocná skupina pečujících (demo)",
        "547999",
        "Komenského",
        "264",
        "Jednou měsíčně se potkávají lidé, kteří pečují o blízkého: sdílení a podpora.",
    ),
    (
        "authorities",
        "Sociální odbor MěÚ Humpolec (demo)",
        "547999",
        "Horní náměstí",
        "300",
        "Sociální pracovnice poradí, kam se obrátit, a pomohou se žádostmi.",
    ),
]

# nationwide default life situations: slug, title, description, kinds, target groups
LIFE_SITUATIONS = [
    (
        "pecuji-o-blizkeho",
        "Pečuji o blízkého",
        "Pomoc pro ty, kdo se doma starají o nemocného, postiženého nebo stárnoucího člena "
        "rodiny, a chvíle odpočinku pro ně.",
        ["8", "4", "3", "9", "10", "1"],
        ["26", "24", "30", "27"],
    ),
    (
        "senior-potrebuje-pomoc-doma",
        "Senior potřebuje pomoc doma",
        "Služby, díky kterým může senior zůstat co nejdéle doma.",
        ["4", "3", "5", "6", "9", "10", "29"],
        ["24"],
    ),
    (
        "senior-uz-nemuze-byt-doma",
        "Senior už nemůže být doma",
        "Pobytové služby, když péče doma už nestačí.",
        ["13", "14", "11", "8"],
        ["24", "30"],
    ),
    (
        "jsem-v-krizi",
        "Jsem v krizi",
        "Okamžitá pomoc, když se stane něco, co nezvládáte: násilí, ztráta, náhlá tíseň.",
        ["23", "18", "34", "20", "1"],
        ["19", "4", "6"],
    ),
    (
        "hledam-bydleni",
        "Hledám bydlení",
        "Když jste přišli o domov nebo vám hrozí ztráta bydlení.",
        ["20", "21", "26", "24", "7", "15"],
        ["7", "8", "21"],
    ),
    (
        "mam-dite-a-potrebuji-poradit",
        "Mám dítě a potřebuji poradit",
        "Podpora rodin s dětmi: výchova, vývoj dítěte, školní a finanční starosti.",
        ["28", "17", "25", "1"],
        ["23", "1"],
    ),
    (
        "zavislost",
        "Závislost",
        "Pomoc lidem ohroženým závislostí na alkoholu, drogách nebo hazardu a jejich blízkým.",
        ["22", "32", "27", "31", "1"],
        ["25"],
    ),
    (
        "zdravotni-postizeni",
        "Žiji se zdravotním postižením",
        "Služby pro samostatný život s postižením: asistence, bydlení, práce.",
        ["3", "7", "15", "30", "33", "19", "6"],
        ["17", "13", "14", "15", "16", "18"],
    ),
]


def _codes(codelist: str) -> dict[str, CodelistItem]:
    return {item.code: item for item in CodelistItem.objects.filter(codelist=codelist)}


def load(report) -> None:
    ensure_codelists()
    kinds = _codes(Codelist.KIND)
    groups = _codes(Codelist.TARGET_GROUP)
    ages = _codes(Codelist.AGE_GROUP)
    forms = _codes(Codelist.FORM)
    capacity_types = _codes(Codelist.CAPACITY_TYPE)
    categories = _codes(Codelist.LOCAL_CATEGORY)
    municipalities = {m.code: m for m in Municipality.objects.all()}
    area = PlanningArea.objects.filter(slug=AREA_SLUG).first()
    region = Region.objects.filter(ruian_code="108").first()
    touched = []

    providers = {}
    for key, name, number, web in PROVIDERS:
        slug = web.split(".")[1]
        provider, created = Provider.objects.get_or_create(
            ico=demo_ico(number),
            defaults={
                "name": name,
                "web": web,
                "webs": [{"value": web, "note": ""}],
                "emails": [{"value": f"info@{slug}.example", "note": ""}],
                "phones": [{"value": f"000 {number:03d} 100", "note": ""}],
                "source": Source.REGISTER,
                "is_demo": True,
            },
        )
        providers[key] = provider
        report.add("catalogue provider", created)

    start = datetime.date(2015, 1, 1)
    for number, row in enumerate(SERVICES, start=1):
        (key, name, kind, service_forms, facilities, targets, age_groups, extra, regional) = row[:9]
        description, hours = row[9], row[10]
        provider = providers[key]
        service, created = Service.objects.get_or_create(
            provider=provider,
            name=name,
            defaults={
                "kind": kinds[kind],
                "identifikator": f"99{number:05d}",
                "start_date": start,
                "emails": [
                    {"value": f"sluzba{number}@{provider.web.split('.')[1]}.example", "note": ""}
                ],
                "phones": [{"value": f"000 {number:03d} 200", "note": ""}],
                "source": Source.REGISTER,
                "description": description,
                "opening_hours": hours,
                "is_demo": True,
            },
        )
        report.add("catalogue service", created)
        if not created:
            continue
        touched.append(service.pk)
        service.target_groups.set([groups[code] for code in targets if code in groups])
        service.age_groups.set([ages[code] for code in age_groups if code in ages])
        for form_code, capacities in service_forms.items():
            service_form = ServiceForm.objects.create(
                service=service, form=forms[form_code], continuous=form_code == "pob"
            )
            for type_code, value in capacities:
                Capacity.objects.create(
                    service_form=service_form, type=capacity_types[type_code], value=value
                )
        for facility_name, code, street, house_number, postcode in facilities:
            municipality = municipalities.get(code)
            Facility.objects.create(
                service=service,
                name=facility_name,
                street=street,
                house_number=house_number,
                postcode=postcode,
                municipality=municipality,
                municipality_code=code,
                region_code="108" if code else "",
                latitude=municipality.latitude if municipality else None,
                longitude=municipality.longitude if municipality else None,
                location_precision="municipality"
                if municipality and municipality.has_point
                else "",
                is_secret_address=not code,
                start_date=start,
            )
            if municipality:
                ServiceAreaMunicipality.objects.get_or_create(
                    service=service,
                    municipality=municipality,
                    origin=ServiceAreaMunicipality.Origin.FACILITY,
                )
        for code in extra:
            if code in municipalities:
                ServiceAreaMunicipality.objects.get_or_create(
                    service=service,
                    municipality=municipalities[code],
                    origin=ServiceAreaMunicipality.Origin.MANUAL,
                    defaults={"note": "demo"},
                )
        if regional and region is not None:
            ServiceRegion.objects.get_or_create(service=service, region=region)

    local_provider, created = Provider.objects.get_or_create(
        ico=None,
        name="Místní služby Humpolecka (demo)",
        defaults={"source": Source.LOCAL, "is_demo": True},
    )
    report.add("catalogue provider", created)
    for category, name, code, street, house_number, description in LOCAL_SERVICES:
        service, created = Service.objects.get_or_create(
            provider=local_provider,
            name=name,
            defaults={
                "local_category": categories.get(category),
                "source": Source.LOCAL,
                "description": description,
                "is_demo": True,
            },
        )
        report.add("local service", created)
        if not created:
            continue
        touched.append(service.pk)
        municipality = municipalities.get(code)
        Facility.objects.create(
            service=service,
            name=name.replace(" (demo)", ""),
            street=street,
            house_number=house_number,
            postcode="39601",
            municipality=municipality,
            municipality_code=code,
            latitude=municipality.latitude if municipality else None,
            longitude=municipality.longitude if municipality else None,
            location_precision="municipality" if municipality and municipality.has_point else "",
        )
        if area is not None:
            for member in area.municipalities.all():
                ServiceAreaMunicipality.objects.get_or_create(
                    service=service,
                    municipality=member,
                    origin=ServiceAreaMunicipality.Origin.MANUAL,
                    defaults={"note": "demo"},
                )

    life_situations_load(report)
    if touched:
        search.reindex_services(touched)


def life_situations_load(report) -> None:
    """The nationwide default life situations (project defaults, not demo data)."""
    kinds = _codes(Codelist.KIND)
    groups = _codes(Codelist.TARGET_GROUP)
    for order, (slug, title, description, kind_codes, group_codes) in enumerate(
        LIFE_SITUATIONS, start=1
    ):
        situation, created = LifeSituation.objects.get_or_create(
            planning_area=None,
            slug=slug,
            defaults={"title": title, "description": description, "order": order},
        )
        report.add("life situation", created)
        if created:
            situation.kinds.set([kinds[c] for c in kind_codes if c in kinds])
            situation.target_groups.set([groups[c] for c in group_codes if c in groups])
