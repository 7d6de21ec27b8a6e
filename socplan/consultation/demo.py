"""Demo consultation and approval (written by the project, made up, labelled demo): the draft
plan of ORP Humpolec 2019–2021 was public for comments in October 2018 with a public hearing
in the middle; 25 comments came from the web form and from the hearing, each was resolved
(some changed the plan), the 25 municipalities decided (the lead town Humpolec approved, the
others approved or took note) and the approved plan is in force from 1 January 2019.

Built through the services (the plan is frozen by planning's services, as in use); loading
again creates nothing."""

import datetime

from socplan.organisation.models import PlanningProcess
from socplan.planning import services as planning_services
from socplan.planning.models import Activity, Measure, Plan

from . import services
from .models import Comment, CouncilDecision, Resolution, Round
from .selectors import draft_parts

PROCESS_SLUG = "kpss-orp-humpolec"
ROUND_TITLE = "Veřejné připomínkování návrhu plánu 2019–2021 (demo)"
D = datetime.date

WEB, HEARING, EMAIL = Comment.Channel.WEB, Comment.Channel.HEARING, Comment.Channel.EMAIL
E, R = Comment.Kind.ESSENTIAL, Comment.Kind.RECOMMENDATION
ACC, PART, NOT, EXP = (
    Resolution.Outcome.ACCEPTED,
    Resolution.Outcome.PARTLY,
    Resolution.Outcome.NOT_ACCEPTED,
    Resolution.Outcome.EXPLAINED,
)

# part ("plan", "chapter:<name>", "priority:<code>", "measure:<code>", "activity:<code>"),
# channel, received on, kind, name, organisation, named, quote, comment, resolution,
# reasoning, change (text; "*" marks a change made in the plan below).
COMMENTS = [
    (
        "activity:1.1.2",
        WEB,
        D(2018, 10, 3),
        E,
        "Marie Svobodová",
        "",
        True,
        "",
        "Víkendová pečovatelská služba by měla zahrnout i neděli, ne jen sobotu dopoledne.",
        ACC,
        "Poskytovatel potvrdil, že provoz v neděli zajistí od roku 2020.",
        "* Aktivita 1.1.2 zahrnuje sobotu i neděli.",
    ),
    (
        "measure:1.2",
        WEB,
        D(2018, 10, 4),
        E,
        "",
        "Alzheimer poradna Vysočina",
        True,
        "",
        "Odlehčovací služba je potřeba už v roce 2019, pečující rodiny nemohou čekat dva roky.",
        PART,
        "Registrace služby trvá nejméně půl roku; příprava začne v roce 2019, provoz od roku 2020.",
        "* Příprava odlehčovací služby začíná už v roce 2019.",
    ),
    (
        "measure:1.3",
        WEB,
        D(2018, 10, 5),
        R,
        "Jan Dvořák",
        "",
        False,
        "",
        "Denní stacionář by mohl mít i sobotní provoz.",
        NOT,
        "Zájem o sobotní provoz průzkum potřeb nepotvrdil; po roce provozu se posoudí znovu.",
        "",
    ),
    (
        "activity:1.3.2",
        HEARING,
        D(2018, 10, 16),
        E,
        "Starosta obce Hojkov",
        "Obec Hojkov",
        True,
        "",
        "Svoz klientů do stacionáře musí zahrnout i malé obce na Želivsku.",
        ACC,
        "Trasa svozu bude zahrnovat obce, z nichž je alespoň jeden klient.",
        "* Svoz klientů zahrnuje i obce Želivska.",
    ),
    (
        "measure:1.4",
        WEB,
        D(2018, 10, 7),
        R,
        "",
        "",
        False,
        "",
        "Kapacita domova se zvláštním režimem je stále nedostatečná, 20 lůžek nestačí.",
        EXP,
        "Rozšíření o 20 lůžek odpovídá síti sociálních služeb Kraje Vysočina; další "
        "rozšíření kraj v tomto období nepodpoří.",
        "",
    ),
    (
        "measure:1.5",
        HEARING,
        D(2018, 10, 16),
        R,
        "Pavla Nováková",
        "",
        True,
        "",
        "Osobní asistence by měla být dostupná i večer.",
        PART,
        "Večerní asistence bude do 20 hodin; noční služby plán neobsahuje.",
        "Doplněna dostupnost do 20 hodin.",
    ),
    (
        "activity:1.5.2",
        WEB,
        D(2018, 10, 9),
        R,
        "",
        "",
        False,
        "",
        "Půjčovna kompenzačních pomůcek by měla mít výdejní místo i v Herálci.",
        NOT,
        "Půjčovna zajistí dovoz pomůcek do všech obcí; další výdejní místo by bylo nákladné.",
        "",
    ),
    (
        "measure:2.1",
        WEB,
        D(2018, 10, 10),
        R,
        "Tomáš Beneš",
        "Úřad práce, kontaktní pracoviště Humpolec",
        True,
        "",
        "Job klub by měl navazovat na rekvalifikační kurzy úřadu práce.",
        ACC,
        "Spolupráce s úřadem práce bude uvedena mezi partnery.",
        "Úřad práce doplněn mezi partnery opatření 2.1.",
    ),
    (
        "measure:2.2",
        HEARING,
        D(2018, 10, 16),
        E,
        "",
        "Charita Humpolec",
        True,
        "Výjezdní poradenství v obcích",
        "Výjezdní dluhové poradenství musí být aspoň jednou měsíčně v každé obci nad 500 obyvatel.",
        PART,
        "Výjezdy budou jednou měsíčně v obcích nad 500 obyvatel, jinde na objednání.",
        "Upřesněna četnost výjezdů.",
    ),
    (
        "activity:2.2.2",
        WEB,
        D(2018, 10, 12),
        R,
        "",
        "ZŠ Humpolec, Hálkova",
        True,
        "",
        "Program finanční gramotnosti by měl být i pro rodiče, nejen pro žáky.",
        ACC,
        "Program bude mít i setkání pro rodiče.",
        "Doplněna setkání pro rodiče.",
    ),
    (
        "measure:2.3",
        WEB,
        D(2018, 10, 13),
        R,
        "",
        "",
        False,
        "",
        "Sociální podnik by mohl provozovat údržbu zeleně pro obce.",
        EXP,
        "Zaměření podniku určí podnikatelský plán (aktivita 2.3.1); námět je mu předán.",
        "",
    ),
    (
        "measure:2.4",
        HEARING,
        D(2018, 10, 16),
        E,
        "Jiří Král",
        "",
        False,
        "",
        "Terénní práce v ubytovnách musí mít i spolupráci s policií.",
        NOT,
        "Terénní program stojí na důvěře klientů; spolupráce s policií se řeší případ od "
        "případu, ne jako součást opatření.",
        "",
    ),
    (
        "measure:3.1",
        WEB,
        D(2018, 10, 17),
        R,
        "",
        "Rodinné centrum Humpolec",
        True,
        "",
        "Sociálně aktivizační služby by měly jezdit i do Lukavce.",
        PART,
        "Výjezdy do Lukavce budou podle zájmu rodin, nejprve zkušebně v roce 2020.",
        "",
    ),
    (
        "activity:3.2.1",
        WEB,
        D(2018, 10, 18),
        R,
        "Lucie Marková",
        "",
        True,
        "",
        "Klub Kotva by měl mít otevřeno i o prázdninách.",
        ACC,
        "Klub bude o prázdninách otevřen tři dny v týdnu.",
        "Doplněn prázdninový provoz klubu.",
    ),
    (
        "measure:3.3",
        HEARING,
        D(2018, 10, 16),
        E,
        "",
        "Obec Kaliště",
        True,
        "",
        "Příspěvek obcí na krizovou pomoc by měl být rozpočten podle počtu obyvatel.",
        ACC,
        "Příspěvek obcí se bude počítat podle počtu obyvatel k 1. lednu.",
        "Upřesněn výpočet příspěvku obcí.",
    ),
    (
        "measure:3.4",
        WEB,
        D(2018, 10, 20),
        R,
        "",
        "",
        False,
        "",
        "Raná péče by měla mít konzultační místo přímo v Humpolci.",
        EXP,
        "Raná péče je terénní služba: poradkyně jezdí do rodin, konzultační místo není potřeba.",
        "",
    ),
    (
        "measure:4.1",
        WEB,
        D(2018, 10, 21),
        R,
        "Eva Horáková",
        "",
        True,
        "",
        "Katalog služeb by měl být i v elektronické podobě na webu obcí.",
        ACC,
        "Katalog bude na webu města a bude nabídnut obcím k odkazu.",
        "Doplněna elektronická podoba katalogu.",
    ),
    (
        "activity:4.1.2",
        HEARING,
        D(2018, 10, 16),
        R,
        "",
        "",
        False,
        "",
        "Informační den by měl být spojen s jarmarkem, aby přišlo víc lidí.",
        NOT,
        "Informační den potřebuje klidné prostředí pro poradenství; jarmark se nehodí.",
        "",
    ),
    (
        "measure:4.2",
        WEB,
        D(2018, 10, 23),
        R,
        "",
        "Obec Mladé Bříště",
        True,
        "",
        "Koordinátor by měl aspoň dvakrát ročně navštívit zastupitelstva malých obcí.",
        PART,
        "Koordinátor nabídne obcím návštěvu jednou ročně a při přípravě akčního plánu.",
        "",
    ),
    (
        "measure:4.3",
        HEARING,
        D(2018, 10, 16),
        E,
        "Starostka obce Senožaty",
        "Obec Senožaty",
        True,
        "",
        "Malé obce nemohou přispívat stejně jako Humpolec; příspěvek musí být podle "
        "počtu obyvatel.",
        ACC,
        "Příspěvek obcí bude podle počtu obyvatel (viz opatření 3.3).",
        "Upřesněn způsob výpočtu příspěvků obcí.",
    ),
    (
        "chapter:vision",
        WEB,
        D(2018, 10, 24),
        R,
        "",
        "",
        False,
        "co nejblíže svému domovu",
        "Ve vizi chybí zmínka o pečujících rodinách.",
        ACC,
        "Vize bude zmiňovat i podporu pečujících.",
        "Vize doplněna o pečující rodiny.",
    ),
    (
        "chapter:process_description",
        WEB,
        D(2018, 10, 25),
        R,
        "",
        "",
        False,
        "",
        "V popisu procesu chybí, kolik lidí se zapojilo do průzkumu potřeb.",
        EXP,
        "Počty respondentů jsou v analytické části; popis procesu na ni odkazuje.",
        "",
    ),
    (
        "plan",
        WEB,
        D(2018, 10, 26),
        R,
        "Petr Černý",
        "",
        True,
        "",
        "Plán je přehledný, ale chybí shrnutí nákladů pro jednotlivé obce.",
        PART,
        "Náklady po obcích ukazuje webová verze plánu (stránka Podle obcí); do tištěné verze "
        "se nevejdou.",
        "",
    ),
    (
        "priority:1",
        EMAIL,
        D(2018, 10, 29),
        R,
        "",
        "Domov pro seniory Humpolec",
        True,
        "",
        "Priorita 1 by měla zmínit i podporu neformálních pečujících.",
        ACC,
        "Popis priority je doplněn o neformální pečující.",
        "Doplněn popis priority 1.",
    ),
    (
        "plan",
        WEB,
        D(2018, 10, 31),
        R,
        "",
        "",
        False,
        "",
        "Děkuji za možnost se vyjádřit, návrh podporuji.",
        EXP,
        "Děkujeme za podporu návrhu.",
        "",
    ),
]

# The lead town approves; these took note; the others approved.
TOOK_NOTE = {
    "Dubá",
    "Hojkov",
    "Kaliště",
    "Kejžlice",
    "Koberovice",
    "Mladé Bříště",
    "Mysletín",
    "Nová Buková",
    "Petrovice",
    "Rybníček",
    "Staré Bříště",
    "Vojslavice",
}


def _change_plan(plan: Plan) -> None:
    """The changes the accepted comments caused (before the approval)."""
    weekend = Activity.objects.filter(measure__priority__plan=plan, code="1.1.2").first()
    if weekend is not None:
        planning_services.activity_update(
            actor=None,
            activity=weekend,
            description=(weekend.description + " Provoz v sobotu i v neděli.").strip(),
        )
    respite = Measure.objects.filter(priority__plan=plan, code="1.2").first()
    if respite is not None:
        planning_services.measure_update(
            actor=None,
            measure=respite,
            description=(respite.description + " Příprava služby začíná už v roce 2019.").strip(),
        )
    planning_services.plan_update(
        actor=None,
        plan=plan,
        vision=plan.vision + " Podporujeme i rodiny, které o své blízké pečují.",
    )


def load(report) -> Round | None:
    process = PlanningProcess.objects.filter(slug=PROCESS_SLUG).first()
    if process is None:
        return None
    plan = process.plans.filter(kind=Plan.Kind.MEDIUM_TERM, is_demo=True).first()
    if plan is None:
        return None
    existing = Round.objects.filter(plan=plan, is_demo=True).first()
    if existing is not None or plan.is_frozen:
        return existing
    round_ = services.round_open(
        actor=None,
        plan=plan,
        title=ROUND_TITLE,
        opens_on=D(2018, 10, 1),
        closes_on=D(2018, 10, 31),
        hearing_on=D(2018, 10, 16),
        hearing_place="Městský úřad Humpolec, velká zasedací místnost",
        announcement=(
            "Návrh střednědobého plánu je zveřejněn k připomínkám od 1. do 31. října 2018. "
            "Připomínky lze podat webovým formulářem, e-mailem, poštou nebo na veřejném "
            "projednání 16. října 2018 v 17 hodin. Každá připomínka bude vypořádána a "
            "vypořádání bude zveřejněno jako příloha plánu."
        ),
        allow_anonymous=True,
        is_demo=True,
    )
    report.add("consultation round")
    parts = {}
    for part in draft_parts(round=round_):
        key = "plan" if part.kind == "plan" else f"{part.kind}:{part.key}"
        parts[key] = part.value
    groups = {m.code: m.working_group for m in Measure.objects.filter(priority__plan=plan)}
    comments = []
    for row in COMMENTS:
        (part, channel, day, kind, name, organisation, named, quote, text, *resolution) = row
        code = part.split(":", 1)[-1]
        measure_code = (
            ".".join(code.split(".")[:2]) if part.startswith(("measure", "activity")) else ""
        )
        group = groups.get(measure_code)
        if group is None and part.startswith("priority"):
            group = next((g for c, g in groups.items() if c.startswith(code + ".")), None)
        comment = services.comment_enter(
            actor=None,
            round=round_,
            part=parts[part],
            text=text,
            channel=channel,
            received_on=day,
            kind=kind,
            quote=quote,
            author_name=name,
            organisation=organisation,
            publish_name=named,
            working_group=group,
            is_demo=True,
        )
        comments.append((comment, resolution))
        report.add("comment")
    _change_plan(plan)
    changed = plan.versions.order_by("-revision").first()
    for comment, (outcome, reasoning, change) in comments:
        made = change.startswith("* ")
        services.comment_resolve(
            actor=None,
            comment=comment,
            outcome=outcome,
            reasoning=reasoning,
            change=change.removeprefix("* "),
            change_version=changed if made else None,
            decided_on=D(2018, 11, 14),
            decided_by_name="Řídicí skupina KPSS ORP Humpolec",
        )
        report.add("resolution of a comment")
    _approve(plan, report)
    return round_


def _approve(plan: Plan, report) -> None:
    services.decisions_prepare(actor=None, plan=plan)
    for decision in CouncilDecision.objects.filter(plan=plan, version=plan.version):
        name = decision.municipality.name if decision.municipality else decision.body_name
        lead = decision.is_lead or name == "Humpolec"
        if lead:
            value, number, day = CouncilDecision.Decision.APPROVED, "ZM 12/2018/7", D(2018, 12, 10)
        elif name in TOOK_NOTE:
            value, number, day = CouncilDecision.Decision.TOOK_NOTE, "ZO 1/2019", D(2019, 1, 21)
        else:
            value, number, day = CouncilDecision.Decision.APPROVED, "ZO 8/2018", D(2018, 12, 17)
        services.decision_record(
            actor=None,
            decision=decision,
            value=value,
            resolution_number=number,
            decided_on=day,
            is_lead=lead,
        )
        report.add("decision of a council")
    services.plan_approve(
        actor=None, plan=plan, approved_on=D(2018, 12, 10), resolution="ZM 12/2018/7"
    )
    services.plan_put_in_force(actor=None, plan=plan, in_force_from=D(2019, 1, 1))
    report.add("plan approval")
