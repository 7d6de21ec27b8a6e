"""The demo surveys of Humpolec: closed, published, about 300 answers (some from paper),
and three findings made from their results."""

import pytest

from socplan.analysis import selectors_surveys as selectors
from socplan.analysis.demo_surveys import PROCESS_SLUG, PROVIDERS_TITLE, PUBLIC_TITLE
from socplan.analysis.models import Finding
from socplan.analysis.models_surveys import Survey, SurveyFindingLink, SurveyResponse


@pytest.mark.usefixtures("shared_demo")
def test_the_demo_has_a_closed_public_survey_with_published_results(client):
    survey = Survey.objects.get(process__slug=PROCESS_SLUG, title=PUBLIC_TITLE)
    assert survey.is_demo and survey.is_closed() and survey.results_are_public
    responses = SurveyResponse.objects.filter(survey=survey)
    assert 250 <= responses.count() <= 350
    assert responses.filter(is_demo=False).count() == 0
    paper = responses.filter(channel="paper")
    assert paper.count() > 30
    assert paper.filter(entered_by__email="metodik@demo.socplan.cz").count() == paper.count()
    results = selectors.survey_results(survey, public=True)
    municipality = next(r for r in results["results"] if r["kind"] == "municipality")
    top = max(municipality["options"], key=lambda o: o["count"])
    assert top["label"] == "Humpolec"
    page = client.get(
        survey.process.get_absolute_url().rstrip("/") + f"/pruzkumy/{survey.pk}/vysledky/"
    )
    assert page.status_code == 200


@pytest.mark.usefixtures("shared_demo")
def test_the_demo_has_a_providers_survey_and_three_findings():
    providers = Survey.objects.get(process__slug=PROCESS_SLUG, title=PROVIDERS_TITLE)
    assert providers.audience == "providers" and providers.results_are_public
    assert SurveyResponse.objects.filter(survey=providers).count() >= 10
    links = SurveyFindingLink.objects.filter(survey__process__slug=PROCESS_SLUG)
    assert links.count() == 3
    for link in links:
        assert link.finding.source_kind == Finding.SourceKind.SURVEY
        assert link.finding.is_demo
        assert link.snapshot["respondents"] > 0
