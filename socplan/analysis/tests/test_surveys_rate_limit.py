"""The answers of one survey from one address are limited by the rate_limit decorator
(core.ratelimit), one counter per survey: the survey's own page says so."""

import pytest

from socplan.analysis.models_surveys import SurveyResponse
from socplan.analysis.views_surveys import RATE_LIMIT, survey_answer

from .surveys_builders import make_survey
from .test_surveys_answering import GOOD, _answer_url

pytestmark = pytest.mark.django_db


def test_the_limit_counts_per_survey_and_address(client, process, settings):
    settings.RATELIMIT_ENABLED = True
    survey, _q = make_survey(process)
    other, _q2 = make_survey(process)
    for _ in range(RATE_LIMIT):
        client.post(_answer_url(survey), GOOD, REMOTE_ADDR="198.51.100.7")
    blocked = client.post(_answer_url(survey), GOOD, REMOTE_ADDR="198.51.100.7")
    assert blocked.status_code == 429 and blocked["Retry-After"] == "600"
    html = blocked.content.decode()
    assert survey.title in html and "Too many answers came from your connection" in html
    # another address, and another survey from the same address, still answer
    assert client.post(_answer_url(survey), GOOD, REMOTE_ADDR="198.51.100.8").status_code == 302
    assert client.post(_answer_url(other), GOOD, REMOTE_ADDR="198.51.100.7").status_code == 302
    assert SurveyResponse.objects.filter(survey=survey).count() == RATE_LIMIT + 1
    # reading the questionnaire is never limited
    assert client.get(_answer_url(survey), REMOTE_ADDR="198.51.100.7").status_code == 200


def test_the_view_uses_the_decorator():
    assert survey_answer.__wrapped__.__name__ == "survey_answer"
