"""Each kind of question and the show-if conditions: what is kept, what is refused."""

import pytest
from django.core.exceptions import ValidationError

from socplan.analysis import services_surveys as services
from socplan.analysis.models_surveys import Channel, SurveyResponse

from .surveys_builders import make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(process):
    return make_survey(process)


def _questions(survey):
    return list(survey.questions.order_by("order"))


def test_it_keeps_a_valid_answer_of_every_kind(built):
    survey, q = built
    answers = {
        "Q1": "1",
        "Q2": ["1", "3", "other"],
        "Q2.other": "  nákupy  ",
        "Q3": "2",
        "Q4": {"1": "1", "2": "2"},
        "Q5": {"1": "2", "2": "1", "3": "3"},
        "Q6": "12,5",
        "Q7": "jana@example.org",
        "Q8": "Chybí doprava.",
        "Q9": "2",
        "Q10": "2",
        "Q11": "1",
        "Q12": "5",
    }
    kept, errors = services.validate_answers(_questions(survey), answers)
    assert errors == {}
    assert kept["Q2"] == ["1", "3", "other"]
    assert kept["Q2.other"] == "nákupy"
    assert kept["Q5"] == {"1": 2, "2": 1, "3": 3}
    assert kept["Q6"] == 12.5
    assert kept["Q4"] == {"1": "1", "2": "2"}


def test_it_refuses_unknown_codes_and_bad_numbers(built):
    survey, q = built
    _kept, errors = services.validate_answers(
        _questions(survey),
        {"Q1": "7", "Q3": "9", "Q4": {"1": "5"}, "Q5": {"1": "1", "2": "1"}, "Q6": "abc"},
    )
    assert set(errors) == {"Q1", "Q3", "Q4", "Q5", "Q6"}


def test_it_checks_the_range_of_a_number(built):
    survey, q = built
    _kept, errors = services.validate_answers(_questions(survey), {"Q1": "2", "Q6": "81"})
    assert errors["Q6"] == "The number must be at most 80."
    kept, errors = services.validate_answers(_questions(survey), {"Q1": "2", "Q6": "80"})
    assert errors == {} and kept["Q6"] == 80


def test_it_requires_required_questions(built):
    survey, q = built
    _kept, errors = services.validate_answers(_questions(survey), {"Q3": "1"})
    assert "Q1" in errors


def test_a_condition_not_met_drops_the_answer_and_the_requirement(built):
    survey, q = built
    # Q2 is shown only if Q1 = 1 ("ano"), and is required then
    kept, errors = services.validate_answers(_questions(survey), {"Q1": "2", "Q2": ["1"]})
    assert errors == {}
    assert "Q2" not in kept


def test_a_condition_met_makes_the_dependent_question_required(built):
    survey, q = built
    _kept, errors = services.validate_answers(_questions(survey), {"Q1": "1"})
    assert "Q2" in errors


def test_a_condition_may_name_only_an_earlier_choice_question(built):
    survey, q = built
    with pytest.raises(ValidationError):
        services.question_update(
            actor=None,
            question=q["uses"],
            condition_question=q["satisfaction"],
            condition_values=["1"],
        )
    with pytest.raises(ValidationError):
        services.question_create(
            actor=None,
            survey=survey,
            kind="short_text",
            text="x",
            condition_question=q["number"],
            condition_values=["1"],
        )


def test_a_required_matrix_needs_every_row(built):
    survey, q = built
    services.question_update(actor=None, question=q["matrix"], required=True)
    _kept, errors = services.validate_answers(_questions(survey), {"Q1": "2", "Q4": {"1": "1"}})
    assert "Q4" in errors


def test_attributes_are_copied_to_the_response(built):
    survey, q = built
    response = services.response_submit(
        survey=survey,
        answers={"Q1": "2", "Q9": "1", "Q10": "2", "Q11": "1", "Q12": "6"},
    )
    municipality = q["municipality"].options[0]["ref"]
    assert response.municipality == municipality
    assert response.target_group == q["target_group"].options[1]["ref"]
    assert response.role == "user"
    assert response.age_band == "80+"
    assert response.channel == Channel.WEB


def test_questions_cannot_change_after_the_first_answer(built):
    survey, q = built
    services.response_submit(survey=survey, answers={"Q1": "1", "Q2": ["2"]})
    with pytest.raises(services.SurveyLocked):
        services.question_update(actor=None, question=q["long"], text="Jiná otázka")
    with pytest.raises(services.SurveyLocked):
        services.question_create(actor=None, survey=survey, kind="short_text", text="Nová")
    # dates and collecting may still change
    services.survey_update(actor=None, survey=survey, is_collecting=False)


def test_a_new_version_copies_the_questions_and_stops_the_old_one(built):
    survey, q = built
    services.response_submit(survey=survey, answers={"Q1": "2"})
    new = services.survey_new_version(actor=None, survey=survey)
    survey.refresh_from_db()
    assert new.version == 2 and new.previous_version == survey
    assert not survey.is_collecting
    assert list(new.questions.values_list("code", flat=True)) == list(
        survey.questions.values_list("code", flat=True)
    )
    copied = new.questions.get(code="Q2")
    assert copied.condition_question.survey == new
    services.question_update(actor=None, question=copied, text="Které služby využíváte?")
    assert SurveyResponse.objects.filter(survey=new).count() == 0


def test_a_closed_survey_takes_no_web_answer_but_paper_still(built, coordinator):
    survey, q = built
    services.survey_update(actor=None, survey=survey, is_collecting=False)
    with pytest.raises(services.SurveyClosed):
        services.response_submit(survey=survey, answers={"Q1": "1", "Q2": ["1"]})
    response = services.response_submit(
        survey=survey, answers={"Q1": "2"}, channel=Channel.PAPER, entered_by=coordinator
    )
    assert response.entered_by == coordinator


def test_an_empty_questionnaire_is_refused(built):
    survey, q = built
    services.question_update(actor=None, question=q["uses"], required=False)
    with pytest.raises(ValidationError):
        services.response_submit(survey=survey, answers={})


@pytest.mark.parametrize("key", ["users", "providers", "commissioners", "public"])
def test_each_template_makes_a_survey(process, key):
    from .surveys_builders import make_target_groups

    make_target_groups()
    survey = services.survey_from_template(actor=None, process=process, template_key=key)
    questions = list(survey.questions.all())
    assert len(questions) >= 5
    assert survey.audience == key
    municipality = [q for q in questions if q.kind == "municipality"]
    for question in municipality:
        assert {o["label"] for o in question.options} == {"Humpolec", "Kejžlice", "Herálec"}


def test_a_copy_into_another_process_takes_its_municipalities(process):
    from socplan import testing

    source = services.survey_from_template(actor=None, process=process, template_key="public")
    other = testing.make_process(
        slug="jiny-proces", area=testing.make_area(name="Jiná", slug="jina")
    )
    other.planning_area.municipalities.set(other.planning_area.municipalities.all()[:1])
    copy = services.survey_copy(actor=None, source=source, process=other)
    assert copy.copied_from == source
    q = copy.questions.get(kind="municipality")
    assert len(q.options) == 1
    assert copy.questions.count() == source.questions.count()
    dependent = copy.questions.exclude(condition_question=None).first()
    assert dependent.condition_question.survey == copy
