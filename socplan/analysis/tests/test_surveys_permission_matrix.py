"""Every page of needs surveys, tried with every persona (see socplan/testing/personas.py)."""

import pytest
from django.urls import reverse

from socplan.analysis import services_surveys as services
from socplan.testing.personas import PERSONAS, assert_only_allowed

from .surveys_builders import make_survey

pytestmark = pytest.mark.django_db

READERS = ["member", "methodologist", "region_staff", "coordinator", "staff"]
MANAGERS = ["methodologist", "coordinator", "staff"]


@pytest.fixture
def survey(process):
    survey, _q = make_survey(process, open=False)
    return survey


def _a(name, survey, **kwargs):
    return reverse(
        f"analysis:{name}", kwargs={"slug": survey.process.slug, "pk": survey.pk, **kwargs}
    )


def _d(name, survey, **kwargs):
    return reverse(
        f"documents:{name}", kwargs={"slug": survey.process.slug, "pk": survey.pk, **kwargs}
    )


def test_pages_of_readers(survey, personas, client_for):
    urls = [
        reverse("analysis:survey_list", kwargs={"slug": survey.process.slug}),
        _a("survey_detail", survey),
        _a("survey_results", survey),
        _a("survey_qr", survey),
        _d("survey_paper_pdf", survey),
        _d("survey_report", survey, format="docx"),
    ]
    for url in urls:
        assert_only_allowed(url, READERS, personas, client_for)


def test_pages_of_managers(survey, personas, client_for):
    question = survey.questions.first()
    urls = [
        reverse("analysis:survey_start", kwargs={"slug": survey.process.slug}),
        _a("survey_edit", survey),
        _a("question_create", survey),
        _a("question_edit", survey, question_pk=question.pk),
        _a("paper_entry", survey),
        _a("survey_moderation", survey),
        _a("survey_publish", survey),
        _a("survey_export", survey, format="csv"),
        _a("survey_export", survey, format="xlsx"),
    ]
    for url in urls:
        assert_only_allowed(url, MANAGERS, personas, client_for)


@pytest.mark.parametrize(
    "name,data",
    [
        ("survey_action", {"action": "section", "title": "Oddíl"}),
        ("survey_finding", {"question": "Q1"}),
        ("paper_entry", {"entry-channel": "paper", "q_Q1": "1"}),
        ("survey_moderation", {"response": "0", "key": "Q8", "hide": "1"}),
    ],
)
def test_posts_are_refused_to_others(survey, personas, client_for, name, data):
    url = _a(name, survey)
    for persona in PERSONAS:
        if persona in MANAGERS:
            continue
        response = client_for(personas[persona]).post(url, data)
        expected = 302 if persona == "anonymous" else 403
        assert response.status_code == expected, (persona, name, response.status_code)
    assert survey.sections.count() == 1
    assert not survey.responses.exists()
    assert not survey.finding_links.exists()


def test_a_manager_may_post(survey, personas, client_for):
    response = client_for(personas["methodologist"]).post(
        _a("survey_action", survey), {"action": "section", "title": "Oddíl"}
    )
    assert response.status_code == 302
    assert survey.sections.count() == 2


def test_the_public_answers_an_open_survey_and_reads_published_results(survey, client):
    assert client.get(survey.get_public_url()).status_code == 200  # the "not collecting" page
    assert "not collecting" in client.get(survey.get_public_url()).content.decode()
    public = reverse(
        "analysis:survey_public_results", kwargs={"slug": survey.process.slug, "pk": survey.pk}
    )
    assert client.get(public).status_code == 404
    services.survey_update(actor=None, survey=survey, is_collecting=True)
    assert "Využíváte službu?" in client.get(survey.get_public_url()).content.decode()
    assert client.get(_d("survey_paper_pdf", survey)).status_code == 200  # printable while open


def test_surveys_of_an_unpublished_process_do_not_exist_for_others(
    unpublished_process, client, client_for, nobody
):
    survey, _q = make_survey(unpublished_process)
    assert client.get(survey.get_public_url()).status_code == 404
    assert client_for(nobody).get(survey.get_public_url()).status_code == 404
    listing = reverse("analysis:survey_public_list", kwargs={"slug": unpublished_process.slug})
    assert client.get(listing).status_code == 404
