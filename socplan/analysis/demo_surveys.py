"""Demo surveys of the Humpolec process (made up, labelled demo): the closed public survey
of spring 2018 with about 300 answers (a quarter typed in from paper by the methodologist),
and the providers' survey; both with their results published, and three findings made
from them. The answers are generated with a fixed seed and plausible distributions
(Humpolec gives half of the answers; older people answer more; respite care and transport
are what people miss most). Idempotent: nothing is made twice."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from socplan.organisation.models import PlanningProcess

from . import services_surveys as services
from .models_surveys import Channel, QuestionKind, Survey
from .selectors_surveys import Filters, questions_of

PROCESS_SLUG = "kpss-orp-humpolec"
PUBLIC_TITLE = "Veřejný průzkum potřeb v sociální oblasti ORP Humpolec 2018"
PROVIDERS_TITLE = "Dotazník pro poskytovatele sociálních a návazných služeb 2018"
PUBLIC_ANSWERS = 300
PROVIDER_ANSWERS = 18


def _at(year, month, day) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 12, 0))


def _pick(rng, question, weights: dict[str, float] | None = None) -> str:
    codes = [o["code"] for o in question.options]
    if weights:
        return rng.choices(codes, weights=[weights.get(c, 1.0) for c in codes])[0]
    return rng.choice(codes)


def _several(rng, question, weights: dict[str, float], most=3) -> list[str]:
    codes = [o["code"] for o in question.options]
    chosen = [c for c in codes if rng.random() < weights.get(c, 0.15)]
    return chosen[:most] or [rng.choice(codes)]


def _survey(process, *, title, template_key):
    found = Survey.objects.filter(process=process, title=title, is_demo=True).first()
    if found is not None:
        return found, False
    survey = services.survey_from_template(
        actor=None, process=process, template_key=template_key, title=title
    )
    survey.is_demo = True
    survey.is_collecting = True  # collecting while the answers are generated, closed below
    survey.save(update_fields=["is_demo", "is_collecting"])
    return survey, True


def _close(survey, opens, closes, published_codes=None):
    services.survey_update(
        actor=None, survey=survey, opens_at=opens, closes_at=closes, is_collecting=True
    )
    services.survey_publish_results(
        actor=None, survey=survey, publish=True, question_codes=published_codes
    )


def _public_answers(rng, q, municipality_weights) -> dict:
    """q: the questions of the public template by position."""
    age = _pick(rng, q[8], {"1": 0.2, "2": 1, "3": 2, "4": 3, "5": 3.5, "6": 1.5})
    older = age in ("5", "6")
    answers = {
        q[0].code: _pick(rng, q[0], {"1": 6 if not older else 5, "2": 2.5, "3": 1.5}),
        q[1].code: _pick(rng, q[1], {"1": 4 if older else 3, "2": 6}),
        q[3].code: _pick(rng, q[3], {"1": 1.5, "2": 4, "3": 2.5, "4": 1.5, "5": 0.6}),
        q[4].code: _several(
            rng, q[4], {"2": 0.25, "3": 0.45, "4": 0.2, "7": 0.4, "1": 0.3, "9": 0.15}
        ),
        q[6].code: _pick(rng, q[6], {"1": 1, "2": 2, "3": 0.4, "4": 0.2, "5": 5}),
        q[7].code: _pick(rng, q[7], municipality_weights),
        q[8].code: age,
    }
    if answers[q[1].code] == "1":
        answers[q[2].code] = _several(rng, q[2], {"1": 0.5, "3": 0.3, "7": 0.35, "6": 0.15})
    if rng.random() < 0.12:
        answers[q[5].code] = rng.choice(
            [
                "Chybí pomoc o víkendech, pečovatelky jezdí jen ve všední dny.",
                "Do Humpolce k lékaři se z naší obce bez auta nedostanu.",
                "Pro maminku s demencí jsme hledali místo přes rok.",
                "Uvítal bych přehled služeb v obecním zpravodaji.",
                "Pečuji o manžela a potřebovala bych si občas odpočinout.",
                "Děkuji, že se ptáte.",
            ]
        )
    return answers


def _provider_answers(rng, q, index) -> dict:
    services_names = [
        "Pečovatelská služba města Humpolce",
        "Charitní pečovatelská služba",
        "Denní stacionář Želiv",
        "Domov pro seniory Humpolec",
        "Sociálně aktivizační služba pro rodiny",
        "Nízkoprahový klub",
        "Odborné sociální poradenství",
        "Osobní asistence",
        "Raná péče",
    ]
    waiting = rng.random() < 0.55
    answers = {
        q[0].code: services_names[index % len(services_names)] + f" (demo {index + 1})",
        q[2].code: rng.randint(15, 260),
        q[3].code: rng.choice([0, 0, 2, 5, 8, 12, 20, 35]),
        q[4].code: "1" if waiting else "2",
        q[6].code: {
            r["code"]: _pick(rng, q[6], {"1": 1, "2": 2, "3": 3, "4": 1.5}) for r in q[6].rows
        },
        q[7].code: _several(rng, q[7], {"3": 0.6, "7": 0.45, "8": 0.3, "10": 0.3}),
        q[8].code: _pick(rng, q[8], {"1": 2, "2": 4, "3": 2, "4": 0.5}),
    }
    if q[1].options:
        answers[q[1].code] = _pick(rng, q[1])
    if waiting:
        answers[q[5].code] = rng.randint(3, 40)
    return answers


def load(report) -> None:
    process = PlanningProcess.objects.filter(slug=PROCESS_SLUG).first()
    if process is None:
        return
    methodologist = get_user_model().objects.filter(email="metodik@demo.socplan.cz").first()
    coordinator = get_user_model().objects.filter(email="koordinatorka@demo.socplan.cz").first()
    rng = random.Random(2018)
    start = datetime.date(2018, 3, 5)

    survey, created = _survey(process, title=PUBLIC_TITLE, template_key="public")
    if created:
        questions = questions_of(survey)
        municipality = next(x for x in questions if x.kind == QuestionKind.MUNICIPALITY)
        weights = {
            o["code"]: (40.0 if o["label"] == "Humpolec" else 2.0) for o in municipality.options
        }
        for i in range(PUBLIC_ANSWERS):
            paper = i % 4 == 3
            services.response_submit(
                survey=survey,
                answers=_public_answers(rng, questions, weights),
                channel=Channel.PAPER if paper else Channel.WEB,
                entered_by=methodologist if paper else None,
                sheet_number=str(i // 4 + 1) if paper else "",
                submitted_on=start + datetime.timedelta(days=int(rng.triangular(0, 55, 3))),
                questions=questions,
                is_demo=True,
            )
        _close(survey, _at(2018, 3, 5), _at(2018, 4, 30))
        report.add("survey")
        report.add("survey answers", True)

    providers, created_providers = _survey(process, title=PROVIDERS_TITLE, template_key="providers")
    if created_providers:
        questions = questions_of(providers)
        if not questions[1].options:  # no register codelists: the target group is optional
            services.question_update(actor=None, question=questions[1], required=False)
        for i in range(PROVIDER_ANSWERS):
            services.response_submit(
                survey=providers,
                answers=_provider_answers(rng, questions, i),
                channel=Channel.WEB,
                submitted_on=datetime.date(2018, 3, 12) + datetime.timedelta(days=i),
                questions=questions,
                is_demo=True,
            )
        published = [x.code for x in questions if not x.asks_contact and x.order != 1]
        _close(providers, _at(2018, 3, 12), _at(2018, 4, 15), published_codes=published)
        report.add("survey")

    if created:
        questions = questions_of(survey)
        missing = questions[4]
        knows = questions[0]
        age = questions[8]
        services.survey_finding_create(
            actor=coordinator,
            survey=survey,
            question=missing,
            statement="Lidé v území nejvíce postrádají odlehčovací službu pro pečující "
            "a dopravu k lékaři a na úřady (veřejný průzkum 2018, demo).",
            is_demo=True,
        )
        older = next(o for o in age.options if o.get("ref") == "65-79")
        services.survey_finding_create(
            actor=coordinator,
            survey=survey,
            question=knows,
            filters=Filters(question=age.code, answer=older["code"]),
            statement="Více než třetina lidí ve věku 65–79 let neví, kam se obrátit pro pomoc "
            "(veřejný průzkum 2018, demo).",
            is_demo=True,
        )
        report.add("finding from a survey")
        report.add("finding from a survey")
    if created_providers:
        questions = questions_of(providers)
        services.survey_finding_create(
            actor=coordinator,
            survey=providers,
            question=questions[3],
            statement="Poskytovatelé loni nemohli pro nedostatek kapacity vyhovět desítkám "
            "žadatelů (dotazník poskytovatelů 2018, demo).",
            is_demo=True,
        )
        report.add("finding from a survey")
