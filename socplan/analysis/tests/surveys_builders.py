"""A survey with every kind of question, for the tests of needs surveys."""

import datetime

from django.utils import timezone

from socplan.analysis import services_surveys as services
from socplan.analysis.models_surveys import QuestionKind as K


def make_target_groups():
    from socplan.catalogue.models import Codelist
    from socplan.testing.catalogue import item

    return [
        item(Codelist.TARGET_GROUP, "2", "osoby s chronickým onemocněním", order=2),
        item(Codelist.TARGET_GROUP, "24", "senioři", order=24),
    ]


def make_survey(process, *, open=True, one_per_browser=False, actor=None):
    make_target_groups()
    now = timezone.now()
    survey = services.survey_create(
        actor=actor,
        process=process,
        title="Průzkum potřeb",
        is_collecting=open,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=30),
        one_per_browser=one_per_browser,
    )
    section = services.section_create(actor=actor, survey=survey, title="Pomoc")
    q = {}
    q["uses"] = services.question_create(
        actor=actor,
        survey=survey,
        section=section,
        kind=K.SINGLE,
        text="Využíváte službu?",
        options=services.numbered(["ano", "ne"]),
        required=True,
    )
    q["which"] = services.question_create(
        actor=actor,
        survey=survey,
        section=section,
        kind=K.MULTIPLE,
        text="Které služby?",
        options=services.numbered(["pečovatelská", "odlehčovací", "poradenství"]),
        allow_other=True,
        condition_question=q["uses"],
        condition_values=["1"],
        required=True,
    )
    q["satisfaction"] = services.question_create(
        actor=actor,
        survey=survey,
        section=section,
        kind=K.SCALE,
        text="Spokojenost",
        options=services.numbered(["velmi", "spíše", "málo", "vůbec"]),
    )
    q["matrix"] = services.question_create(
        actor=actor,
        survey=survey,
        kind=K.MATRIX,
        text="Dostupnost",
        rows=services.numbered(["senioři", "rodiny"]),
        options=services.numbered(["dobrá", "špatná"]),
    )
    q["ranking"] = services.question_create(
        actor=actor,
        survey=survey,
        kind=K.RANKING,
        text="Pořadí",
        options=services.numbered(["doprava", "pomoc doma", "poradna"]),
    )
    q["number"] = services.question_create(
        actor=actor,
        survey=survey,
        kind=K.NUMBER,
        text="Kolik let pečujete?",
        min_value=0,
        max_value=80,
    )
    q["short"] = services.question_create(
        actor=actor, survey=survey, kind=K.SHORT_TEXT, text="Kontakt", asks_contact=True
    )
    q["long"] = services.question_create(
        actor=actor, survey=survey, kind=K.LONG_TEXT, text="Co chybí?"
    )
    q["municipality"] = services.question_create(
        actor=actor, survey=survey, kind=K.MUNICIPALITY, text="Obec", attribute="municipality"
    )
    q["target_group"] = services.question_create(
        actor=actor,
        survey=survey,
        kind=K.TARGET_GROUP,
        text="Cílová skupina",
        attribute="target_group",
    )
    q["role"] = services.question_create(
        actor=actor, survey=survey, kind=K.SINGLE, text="Odpovídáte jako", attribute="role"
    )
    q["age"] = services.question_create(
        actor=actor, survey=survey, kind=K.SINGLE, text="Věk", attribute="age_band"
    )
    return survey, q
