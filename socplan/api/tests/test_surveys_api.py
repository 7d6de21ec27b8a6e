"""The open-data API of published survey results: only public results, nothing a public page
would not show, read-only; and a bounded fuzz run of its OpenAPI document (schemathesis)."""

import datetime

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.urls import reverse
from django.utils import timezone

from socplan.analysis import services_surveys as services
from socplan.analysis.models_surveys import SurveyResponse
from socplan.analysis.tests.surveys_builders import make_survey
from socplan.api import surveys as surveys_api
from socplan.testing.fuzz import CHECKS, examples, fuzz_settings, keeping_the_connection

pytestmark = pytest.mark.django_db

EXAMPLES = examples(40)
SERVER = "http://localhost/api/pruzkumy"


def _published(process, *, publish=True):
    survey, q = make_survey(process)
    for i in range(6):
        answers = {"Q1": "1" if i % 2 else "2", "Q3": str(1 + i % 4), "Q6": i}
        if i % 2:
            answers["Q2"] = ["1", "other"]
            answers["Q2.other"] = f"jiná {i}"
        answers["Q7"] = f"tel. 60000000{i}"  # a contact: never published
        answers["Q8"] = f"Chybí doprava {i}"
        answers["Q4"] = {"1": "1", "2": "2"}
        answers["Q5"] = {"1": 1, "2": 2, "3": 3}
        services.response_submit(survey=survey, answers=answers)
    services.survey_update(
        actor=None,
        survey=survey,
        opens_at=timezone.now() - datetime.timedelta(days=3),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    services.survey_publish_results(
        actor=None,
        survey=survey,
        publish=publish,
        question_codes=["Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q8"],
    )
    return survey, q


def test_the_list_has_only_surveys_with_public_results(process, client):
    survey, q = _published(process)
    _published(process, publish=False)
    data = client.get(reverse("api:surveys")).json()
    assert data["total_items"] == 1
    item = data["contents"][0]
    assert (item["id"], item["respondents"], item["process"]["slug"]) == (
        survey.pk,
        6,
        process.slug,
    )
    assert item["results_url"].endswith(reverse("api:survey_results", kwargs={"id": survey.pk}))


def test_the_results_match_the_public_page_and_hide_what_it_hides(process, client):
    survey, q = _published(process)
    hidden = SurveyResponse.objects.filter(survey=survey).order_by("id").first()
    services.response_set_hidden(actor=None, response=hidden, code="Q8", hidden=True)
    response = client.get(reverse("api:survey_results", kwargs={"id": survey.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = response.json()
    assert data["respondents"] == 6
    results = {r["code"]: r for r in data["results"]}
    assert "Q7" not in results  # a contact question is never published
    assert {o["code"]: o["count"] for o in results["Q1"]["options"]} == {"1": 3, "2": 3}
    assert results["Q3"]["average"] == round((1 + 2 + 3 + 4 + 1 + 2) / 6, 2)
    assert results["Q6"]["numbers"]["n"] == 6 and results["Q6"]["numbers"]["max"] == 5
    assert results["Q4"]["rows"][0]["options"][0]["count"] == 6
    assert results["Q5"]["ranking"][0]["average_rank"] == 1
    assert len(results["Q8"]["texts"]) == 5
    assert hidden.answers["Q8"] not in results["Q8"]["texts"]
    assert "jiná 1" in results["Q2"]["other_texts"]
    assert "60000000" not in response.content.decode()


def test_results_that_are_not_public_are_not_found(process, client):
    survey, q = _published(process, publish=False)
    for key in (survey.pk, "abc", "99999999999999999999", 0):
        response = client.get(reverse("api:survey_results", kwargs={"id": key}))
        assert response.status_code == 404 and response.json()["error"] == "not_found"
    open_survey, _q = make_survey(process)
    open_survey.results_published = True
    open_survey.save()  # published but still collecting answers
    response = client.get(reverse("api:survey_results", kwargs={"id": open_survey.pk}))
    assert response.status_code == 404


def test_the_api_is_read_only(process, client):
    survey, q = _published(process)
    for url in (reverse("api:surveys"), reverse("api:survey_results", kwargs={"id": survey.pk})):
        assert client.post(url).status_code == 405


def test_every_survey_url_of_the_api_is_in_its_document():
    from socplan.api import urls

    document = surveys_api.document(server_url=SERVER)
    assert set(document["paths"]) == {"/", "/{id}"}
    names = {p.name for p in urls.urlpatterns if p.name.startswith("survey")}
    assert names == {"surveys", "surveys_openapi", "survey_results"}


def test_the_document_is_served(client):
    data = client.get(reverse("api:surveys_openapi")).json()
    assert data["openapi"] == "3.1.0"
    assert data["servers"][0]["url"].endswith("/api/pruzkumy")


# --- a bounded fuzz run -------------------------------------------------------------------------

schema = schemathesis.openapi.from_dict(surveys_api.document(server_url=SERVER))
schema.app = WSGIHandler()


@pytest.fixture
def published(db, process):
    """Published results; the requests keep the test's database connection (see
    test_fuzz.py)."""
    with keeping_the_connection():
        yield _published(process)


@pytest.mark.fuzz
@schema.parametrize()
@fuzz_settings(EXAMPLES)
def test_the_survey_api_survives_a_fuzz_run(case, published):
    response = case.call(base_url=SERVER)
    case.validate_response(
        response,
        checks=CHECKS,
    )
