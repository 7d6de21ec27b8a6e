"""Needs surveys, the rest of issue 12: moving questions in the builder, the warning on a
paper sheet typed in twice, the surveys on the process page, matrix and ranking results
recomputed independently, and query budgets of the results and the public questionnaire."""

import datetime
import random
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone

from socplan.analysis import selectors_surveys as selectors
from socplan.analysis import services_surveys as services
from socplan.analysis.models_surveys import QuestionKind as K
from socplan.analysis.models_surveys import SurveyQuestion, SurveyResponse
from socplan.testing.query_budgets import assert_flat_queries

from .surveys_builders import make_survey

pytestmark = pytest.mark.django_db


def _codes(survey):
    return list(survey.questions.order_by("order", "id").values_list("code", "text"))


def _action(survey):
    return reverse("analysis:survey_action", kwargs={"slug": survey.process.slug, "pk": survey.pk})


# --- moving questions ---------------------------------------------------------------------------


def test_it_moves_a_question_down_and_keeps_the_codes_in_order(process, coordinator, client_for):
    survey, q = make_survey(process)
    client = client_for(coordinator)
    response = client.post(_action(survey), {"action": "move_down", "question": q["matrix"].pk})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#question-{q['matrix'].pk}")
    texts = [text for _code, text in _codes(survey)]
    assert texts[3:5] == ["Pořadí", "Dostupnost"]
    codes = [code for code, _text in _codes(survey)]
    assert codes[:6] == ["Q1", "Q2", "Q3", "Q4", "Q5", "Q6"]  # numbered in the new order
    q["matrix"].refresh_from_db()
    assert q["matrix"].code == "Q5"


def test_the_builder_page_offers_up_and_down_without_javascript(process, coordinator, client_for):
    survey, q = make_survey(process)
    page = client_for(coordinator).get(survey.get_absolute_url()).content.decode()
    assert 'name="action" value="move_up"' in page and 'name="action" value="move_down"' in page
    assert f'name="question" value="{q["number"].pk}"' in page


def test_a_question_never_moves_above_the_question_it_depends_on(process):
    survey, q = make_survey(process)
    with pytest.raises(services.ValidationError):
        services.question_move(actor=None, question=q["which"], direction="up")  # shown if Q1
    assert [c for c, _t in _codes(survey)][:2] == ["Q1", "Q2"]


def test_a_question_stays_within_its_section(process):
    survey, q = make_survey(process)
    # Q3 is the last question of the section "Pomoc"; Q4 has no section
    with pytest.raises(services.ValidationError):
        services.question_move(actor=None, question=q["satisfaction"], direction="down")
    with pytest.raises(services.ValidationError):
        services.question_move(actor=None, question=q["uses"], direction="up")


def test_questions_do_not_move_after_the_first_answer(process, coordinator, client_for):
    survey, q = make_survey(process)
    services.response_submit(survey=survey, answers={"Q1": "2"})
    before = _codes(survey)
    response = client_for(coordinator).post(
        _action(survey), {"action": "move_down", "question": q["matrix"].pk}
    )
    assert response.status_code == 302
    assert _codes(survey) == before
    # a new version may be reordered
    new = services.survey_new_version(actor=None, survey=survey)
    matrix = new.questions.get(text="Dostupnost")
    services.question_move(actor=None, question=matrix, direction="down")
    assert [t for _c, t in _codes(new)][3:5] == ["Pořadí", "Dostupnost"]


def test_moving_needs_the_right_to_manage_the_survey(process, member, client_for):
    survey, q = make_survey(process)
    before = _codes(survey)
    response = client_for(member).post(
        _action(survey), {"action": "move_down", "question": q["matrix"].pk}
    )
    assert response.status_code == 403
    assert _codes(survey) == before


def test_moving_a_question_of_another_survey_is_not_found(process, coordinator, client_for):
    survey, q = make_survey(process)
    other, other_q = make_survey(process)
    response = client_for(coordinator).post(
        _action(survey), {"action": "move_down", "question": other_q["matrix"].pk}
    )
    assert response.status_code == 404
    response = client_for(coordinator).post(_action(survey), {"action": "move_down"})
    assert response.status_code == 404


# --- paper entry: a sheet typed in twice ----------------------------------------------------------


def test_a_sheet_number_typed_in_twice_is_warned_about_then_confirmed(
    process, coordinator, client_for
):
    survey, q = make_survey(process)
    url = reverse("analysis:paper_entry", kwargs={"slug": process.slug, "pk": survey.pk})
    client = client_for(coordinator)
    form = {"entry-channel": "paper", "entry-sheet_number": "17", "q_Q1": "2"}
    assert client.post(url, form).status_code == 302
    again = client.post(url, form)
    assert again.status_code == 400
    page = again.content.decode()
    first = SurveyResponse.objects.get(survey=survey)
    assert "17" in page and f"{first.pk}" in page
    assert 'name="entry-confirm_duplicate"' in page
    assert SurveyResponse.objects.filter(survey=survey).count() == 1  # not saved silently
    assert client.post(url, {**form, "entry-confirm_duplicate": "on"}).status_code == 302
    assert SurveyResponse.objects.filter(survey=survey, sheet_number="17").count() == 2


def test_a_new_sheet_number_is_not_asked_about(process, coordinator, client_for):
    survey, q = make_survey(process)
    url = reverse("analysis:paper_entry", kwargs={"slug": process.slug, "pk": survey.pk})
    client = client_for(coordinator)
    assert client.post(url, {"entry-channel": "paper", "entry-sheet_number": "1", "q_Q1": "2"})
    response = client.post(url, {"entry-channel": "paper", "entry-sheet_number": "2", "q_Q1": "2"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "confirm_duplicate" not in page


# --- the process page ---------------------------------------------------------------------------


def test_the_process_page_links_to_open_and_published_surveys(process, client):
    url = reverse("organisation:process_detail", kwargs={"slug": process.slug})
    public_list = reverse("analysis:survey_public_list", kwargs={"slug": process.slug})
    assert public_list not in client.get(url).content.decode()  # no survey: nothing shown
    survey, q = make_survey(process)
    page = client.get(url).content.decode()
    assert public_list in page and survey.get_public_url() in page
    services.survey_update(
        actor=None,
        survey=survey,
        closes_at=timezone.now() - datetime.timedelta(minutes=1),
        opens_at=timezone.now() - datetime.timedelta(days=2),
    )
    page = client.get(url).content.decode()
    assert public_list not in page  # closed, nothing published
    services.survey_publish_results(actor=None, survey=survey, publish=True, question_codes=["Q1"])
    page = client.get(url).content.decode()
    assert public_list in page and survey.get_public_url() not in page


# --- matrix and ranking, recomputed from the raw answers ----------------------------------------


def test_matrix_and_ranking_results_match_a_count_of_the_raw_answers(process):
    survey, q = make_survey(process)
    rng = random.Random(3)
    raw = []
    for _ in range(60):
        answers = {"Q1": "2"}
        if rng.random() < 0.8:
            answers["Q4"] = {r: rng.choice(["1", "2"]) for r in ("1", "2") if rng.random() < 0.9}
        if rng.random() < 0.7:
            answers["Q5"] = dict(zip(["1", "2", "3"], rng.sample([1, 2, 3], 3), strict=True))
        services.response_submit(survey=survey, answers=answers)
        raw.append(answers)
    stored = list(SurveyResponse.objects.filter(survey=survey).values_list("answers", flat=True))
    results = {r["code"]: r for r in selectors.survey_results(survey)["results"]}
    matrix = results["Q4"]
    for row in matrix["rows"]:
        cells = [str(a["Q4"][row["code"]]) for a in stored if row["code"] in a.get("Q4", {})]
        assert row["answered"] == len(cells)
        assert {o["code"]: o["count"] for o in row["options"]} == {
            code: Counter(cells)[code] for code in ("1", "2")
        }
        assert row["average"] == round(sum(int(c) for c in cells) / len(cells), 2)
    ranking = {o["code"]: o for o in results["Q5"]["ranking"]}
    ranked = [a["Q5"] for a in stored if a.get("Q5")]
    assert results["Q5"]["answered"] == len(ranked) == sum(1 for a in raw if "Q5" in a)
    for code in ("1", "2", "3"):
        places = [int(a[code]) for a in ranked]
        assert ranking[code]["ranked"] == len(places)
        assert ranking[code]["average_rank"] == round(sum(places) / len(places), 2)
        assert ranking[code]["first"] == places.count(1)
        assert ranking[code]["first_percent"] == round(100 * places.count(1) / len(ranked), 1)
    averages = [o["average_rank"] for o in results["Q5"]["ranking"]]
    assert averages == sorted(averages)


# --- query budgets ------------------------------------------------------------------------------


def _add_questions(survey):
    """Questions straight into the database (the builder would refuse them after the first
    answer), each answered by a new questionnaire, one in three shown on a condition."""
    first = survey.questions.order_by("order").first()

    def add(start, stop):
        for n in range(start, stop):
            kind = [K.SINGLE, K.SCALE, K.MULTIPLE, K.SHORT_TEXT][n % 4]
            SurveyQuestion.objects.create(
                survey=survey,
                code=f"X{n}",
                order=100 + n,
                kind=kind,
                text=f"Otázka navíc {n:02}",
                options=services.numbered(["ano", "ne", "nevím"]) if kind != K.SHORT_TEXT else [],
                condition_question=first if n % 3 == 0 else None,
                condition_values=["1"] if n % 3 == 0 else [],
            )
            SurveyResponse.objects.create(
                survey=survey, answers={"Q1": "1", f"X{n}": "1" if kind != K.SHORT_TEXT else "ok"}
            )

    return add


def test_the_results_page_is_flat_in_the_number_of_questions(process, coordinator, client_for):
    survey, q = make_survey(process)
    url = reverse("analysis:survey_results", kwargs={"slug": process.slug, "pk": survey.pk})
    assert_flat_queries(
        client_for(coordinator),
        [url, url + "?row=Q1&by=attr:role&role=user"],
        _add_questions(survey),
        expect=lambda text: "Otázka navíc 01" in text,
    )


def test_the_public_questionnaire_is_flat_in_the_number_of_questions(process, client):
    survey, q = make_survey(process)
    add = _add_questions(survey)

    def add_questions_only(start, stop):
        add(start, stop)
        SurveyResponse.objects.filter(survey=survey).delete()  # it is still open

    assert_flat_queries(
        client,
        survey.get_public_url(),
        add_questions_only,
        expect=lambda text: "Otázka navíc 01" in text,
    )


def test_the_public_results_page_is_flat_in_the_number_of_questions(process, client):
    survey, q = make_survey(process)
    services.survey_update(
        actor=None,
        survey=survey,
        opens_at=timezone.now() - datetime.timedelta(days=2),
        closes_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    survey.results_published = True
    survey.save()
    url = reverse("analysis:survey_public_results", kwargs={"slug": process.slug, "pk": survey.pk})
    assert_flat_queries(
        client, url, _add_questions(survey), expect=lambda text: "Otázka navíc 01" in text
    )


# --- the admin ----------------------------------------------------------------------------------


def test_site_staff_read_surveys_and_answers_in_the_admin_but_never_change_an_answer(
    process, django_user_model, client_for
):
    survey, q = make_survey(process)
    answer = services.response_submit(survey=survey, answers={"Q1": "2", "Q8": "Chybí doprava"})
    admin = django_user_model.objects.create_superuser(
        email="admin@example.org", password="x", full_name="Správce"
    )
    client = client_for(admin)
    page = client.get(reverse("admin:analysis_survey_changelist")).content.decode()
    assert survey.title in page
    page = client.get(reverse("admin:analysis_survey_change", args=[survey.pk])).content.decode()
    assert "Využíváte službu?" in page  # the questions inline
    page = client.get(reverse("admin:analysis_surveyresponse_change", args=[answer.pk]))
    assert page.status_code == 200 and "Chybí doprava" in page.content.decode()
    assert client.get(reverse("admin:analysis_surveyresponse_add")).status_code == 403
    response = client.post(
        reverse("admin:analysis_surveyresponse_change", args=[answer.pk]),
        {"channel": "paper"},
    )
    assert response.status_code == 403
    answer.refresh_from_db()
    assert answer.channel == "web"
    assert client.get(reverse("admin:analysis_surveyfindinglink_changelist")).status_code == 200
    assert client.get(reverse("admin:analysis_surveyquestion_changelist")).status_code == 200
