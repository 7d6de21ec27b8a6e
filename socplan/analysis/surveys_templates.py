"""Templates of needs surveys for the four audiences of a KPSS, in plain Czech.

Drawn from the questionnaires Czech planning processes commonly use (users and their
families, providers, municipalities as commissioners, the public). They are content, not
interface text: a coordinator edits the survey made from a template. Each question may have
an easy-to-read wording (``easy``). Options of municipality and target-group questions come
from the process (its planning area, the register's target groups) when the survey is made.

A question's ``if`` names an earlier question (by its code in the template) and the option
codes that show it.
"""

SCALE_5 = [
    "velmi spokojen/a",
    "spíše spokojen/a",
    "ani spokojen/a, ani nespokojen/a",
    "spíše nespokojen/a",
    "velmi nespokojen/a",
]
AGREE_4 = ["rozhodně ano", "spíše ano", "spíše ne", "rozhodně ne"]
YES_NO = ["ano", "ne"]
YES_NO_DK = ["ano", "ne", "nevím"]
AGE_BANDS = [
    ("0-17", "do 18 let"),
    ("18-29", "18–29 let"),
    ("30-44", "30–44 let"),
    ("45-64", "45–64 let"),
    ("65-79", "65–79 let"),
    ("80+", "80 let a více"),
]
ROLES = [
    ("user", "využívám sociální službu"),
    ("family", "pečuji o blízkého nebo jsem jeho rodina"),
    ("provider", "pracuji v sociální službě"),
    ("commissioner", "zastupuji obec"),
    ("public", "jsem občan/občanka"),
]
SERVICE_NEEDS = [
    "pomoc v domácnosti (pečovatelská služba)",
    "zdravotní péče doma",
    "odlehčovací služba (úleva pro pečující)",
    "denní stacionář",
    "domov pro seniory",
    "sociální poradenství",
    "doprava k lékaři a na úřady",
    "pomoc v dluhové situaci",
    "podpora rodin s dětmi",
    "bydlení pro lidi v nouzi",
]
BARRIERS = [
    "nevím, na koho se obrátit",
    "služba v obci není",
    "služba je drahá",
    "dlouhé čekání",
    "špatná doprava",
    "stydím se požádat o pomoc",
]


def q(
    kind,
    text,
    *,
    easy="",
    help="",
    required=False,
    options=(),
    rows=(),
    other=False,
    attribute="",
    contact=False,
    cond=None,
    key=None,
    min_value=None,
    max_value=None,
):
    return {
        "kind": kind,
        "text": text,
        "easy": easy,
        "help": help,
        "required": required,
        "options": list(options),
        "rows": list(rows),
        "other": other,
        "attribute": attribute,
        "contact": contact,
        "if": cond,
        "key": key,
        "min": min_value,
        "max": max_value,
    }


def _about_you(role_default=True):
    questions = [
        q(
            "municipality",
            "Ve které obci žijete?",
            easy="Kde bydlíte?",
            required=True,
            attribute="municipality",
            key="obec",
        ),
        q(
            "single",
            "Kolik je Vám let?",
            easy="Kolik máte let?",
            options=AGE_BANDS,
            attribute="age_band",
            key="vek",
        ),
    ]
    if role_default:
        questions.insert(
            0,
            q(
                "single",
                "Odpovídáte jako…",
                easy="Kdo jste?",
                required=True,
                options=ROLES,
                attribute="role",
                key="role",
            ),
        )
    return {"title": "O vás", "questions": questions}


TEMPLATES = {
    "users": {
        "label": "Uživatelé služeb a jejich rodiny",
        "audience": "users",
        "title": "Dotazník pro uživatele sociálních služeb a jejich blízké",
        "intro": "Dobrý den, chceme vědět, jakou pomoc Vy a Vaši blízcí potřebujete. "
        "Dotazník je anonymní a zabere asi 10 minut. Děkujeme.",
        "easy_intro": "Chceme vědět, jakou pomoc potřebujete. Nemusíte psát své jméno.",
        "sections": [
            {
                "title": "Pomoc, kterou využíváte",
                "questions": [
                    q(
                        "single",
                        "Využíváte Vy nebo Váš blízký nějakou sociální službu?",
                        easy="Chodí k Vám nebo k Vašemu blízkému pomoc?",
                        required=True,
                        options=YES_NO,
                        key="vyuziva",
                    ),
                    q(
                        "multiple",
                        "Které služby využíváte?",
                        easy="Jakou pomoc máte?",
                        options=SERVICE_NEEDS,
                        other=True,
                        cond=("vyuziva", ["1"]),
                        key="ktere",
                    ),
                    q(
                        "scale",
                        "Jak jste se službami spokojen/a?",
                        easy="Jste s pomocí spokojený?",
                        options=SCALE_5,
                        cond=("vyuziva", ["1"]),
                    ),
                    q(
                        "target_group",
                        "Komu je pomoc určena?",
                        easy="Pro koho je pomoc?",
                        attribute="target_group",
                    ),
                ],
            },
            {
                "title": "Co chybí",
                "questions": [
                    q(
                        "multiple",
                        "Jakou pomoc byste potřebovali a nemáte ji?",
                        easy="Jaká pomoc Vám chybí?",
                        options=SERVICE_NEEDS,
                        other=True,
                    ),
                    q(
                        "multiple",
                        "Co Vám brání pomoc získat?",
                        easy="Proč pomoc nemáte?",
                        options=BARRIERS,
                        other=True,
                    ),
                    q(
                        "ranking",
                        "Seřaďte, co je pro Vás nejdůležitější (1 = nejdůležitější).",
                        easy="Co je pro Vás nejdůležitější? Napište 1, 2, 3.",
                        options=["pomoc doma", "doprava", "poradenství"],
                    ),
                    q(
                        "long_text",
                        "Co byste ve službách ve Vaší obci změnil/a?",
                        easy="Co by mělo být jinak?",
                    ),
                ],
            },
            _about_you(),
        ],
    },
    "providers": {
        "label": "Poskytovatelé služeb",
        "audience": "providers",
        "title": "Dotazník pro poskytovatele sociálních a návazných služeb",
        "intro": "Vážení poskytovatelé, prosíme o údaje o Vaší službě a o potřebách, "
        "které ve své práci vidíte. Výsledky budou součástí analýzy plánu.",
        "sections": [
            {
                "title": "Vaše služba",
                "questions": [
                    q("short_text", "Název služby", required=True),
                    q(
                        "target_group",
                        "Hlavní cílová skupina služby",
                        attribute="target_group",
                        required=True,
                    ),
                    q("number", "Kolik klientů jste v loňském roce podpořili?", min_value=0),
                    q(
                        "number",
                        "Kolika zájemcům jste loni nemohli vyhovět (odmítnutí žadatelé)?",
                        min_value=0,
                    ),
                    q("single", "Má služba pořadník čekatelů?", options=YES_NO, key="poradnik"),
                    q(
                        "number",
                        "Kolik lidí v pořadníku čeká?",
                        min_value=0,
                        cond=("poradnik", ["1"]),
                    ),
                ],
            },
            {
                "title": "Potřeby a spolupráce",
                "questions": [
                    q(
                        "matrix",
                        "Jak hodnotíte dostupnost služeb v území?",
                        rows=[
                            "senioři",
                            "lidé se zdravotním postižením",
                            "rodiny s dětmi",
                            "lidé v nepříznivé sociální situaci",
                        ],
                        options=[
                            "dostatečná",
                            "spíše dostatečná",
                            "spíše nedostatečná",
                            "nedostatečná",
                        ],
                    ),
                    q(
                        "multiple",
                        "Které služby v území nejvíce chybí?",
                        options=SERVICE_NEEDS,
                        other=True,
                    ),
                    q("scale", "Spolupráce s obcemi je dobrá.", options=AGREE_4),
                    q("long_text", "Jaké změny v síti služeb navrhujete?"),
                    q("short_text", "Kontakt pro upřesnění (nepovinné)", contact=True),
                ],
            },
        ],
    },
    "commissioners": {
        "label": "Obce (zadavatelé)",
        "audience": "commissioners",
        "title": "Dotazník pro obce",
        "intro": "Vážená paní starostko, vážený pane starosto, prosíme o pohled obce na "
        "sociální služby. Dotazník vyplňte za obec.",
        "sections": [
            {
                "title": "Obec",
                "questions": [
                    q("municipality", "Obec", required=True, attribute="municipality"),
                    q(
                        "single",
                        "Obracejí se na obecní úřad lidé s žádostí o pomoc v nepříznivé situaci?",
                        options=["často", "občas", "výjimečně", "nikdy"],
                    ),
                    q(
                        "multiple",
                        "S čím se lidé nejčastěji obracejí?",
                        options=SERVICE_NEEDS,
                        other=True,
                    ),
                    q("number", "Kolik obec ročně přispívá na sociální služby (Kč)?", min_value=0),
                    q("scale", "Sociální služby pro občany obce jsou dostatečné.", options=AGREE_4),
                    q(
                        "ranking",
                        "Seřaďte priority obce (1 = nejvyšší).",
                        options=[
                            "péče o seniory doma",
                            "bydlení",
                            "podpora rodin",
                            "prevence u mládeže",
                        ],
                    ),
                    q("long_text", "Co by obci v sociální oblasti nejvíce pomohlo?"),
                ],
            },
        ],
    },
    "public": {
        "label": "Veřejnost",
        "audience": "public",
        "title": "Veřejný průzkum potřeb v sociální oblasti",
        "intro": "Chceme, aby pomoc lidem v naší oblasti odpovídala tomu, co opravdu "
        "potřebují. Dotazník je anonymní.",
        "easy_intro": "Chceme vědět, jakou pomoc lidé potřebují. Nemusíte psát své jméno.",
        "sections": [
            {
                "title": "Pomoc ve Vašem okolí",
                "questions": [
                    q(
                        "single",
                        "Víte, kam se obrátit, když Vy nebo Váš blízký potřebujete pomoc?",
                        easy="Víte, kdo Vám pomůže, když máte problém?",
                        required=True,
                        options=YES_NO_DK,
                    ),
                    q(
                        "single",
                        "Potřeboval/a jste Vy nebo někdo z rodiny v posledních dvou letech "
                        "sociální službu?",
                        easy="Potřebovali jste Vy nebo rodina pomoc?",
                        options=YES_NO,
                        key="potreba",
                    ),
                    q(
                        "multiple",
                        "Jakou pomoc jste potřebovali?",
                        easy="Jakou pomoc?",
                        options=SERVICE_NEEDS,
                        other=True,
                        cond=("potreba", ["1"]),
                    ),
                    q(
                        "scale",
                        "Jak jste s dostupností pomoci spokojen/a?",
                        easy="Jste spokojený s pomocí?",
                        options=SCALE_5,
                    ),
                    q(
                        "multiple",
                        "Které služby by v oblasti měly být?",
                        easy="Jaká pomoc by tu měla být?",
                        options=SERVICE_NEEDS,
                        other=True,
                    ),
                    q("long_text", "Chcete nám ještě něco sdělit?", easy="Chcete nám něco napsat?"),
                ],
            },
            _about_you(),
        ],
    },
}


def template_choices() -> list[tuple[str, str]]:
    return [(key, value["label"]) for key, value in TEMPLATES.items()]
