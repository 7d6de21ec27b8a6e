"""No answer is lost when many arrive at once: threads, each with its own database
connection, submit at the same time (SQLite: one writer at a time, busy answers retried;
PostgreSQL: real parallel transactions). Run on PostgreSQL with DATABASE_URL=postgres://...
The benchmark (benchmarks/surveys.py) sends 200 over HTTP to the production server."""

import threading

import pytest
from django.db import connections

from socplan.analysis import services_surveys as services
from socplan.analysis.models_surveys import SurveyBrowserMark, SurveyResponse

from .surveys_builders import make_survey

THREADS = 16
EACH = 5


def _run_threads(target):
    errors = []
    barrier = threading.Barrier(THREADS)

    def work(index):
        try:
            barrier.wait()
            target(index)
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.mark.django_db(transaction=True)
def test_no_answer_is_lost_when_many_arrive_at_once(process):
    survey, q = make_survey(process)

    def submit(index):
        for n in range(EACH):
            services.response_submit(
                survey=survey,
                answers={"Q1": "2", "Q6": n, "Q8": f"{index}-{n}"},
            )

    errors = _run_threads(submit)
    assert errors == []
    texts = set(SurveyResponse.objects.filter(survey=survey).values_list("answers__Q8", flat=True))
    assert len(texts) == THREADS * EACH
    assert SurveyResponse.objects.filter(survey=survey).count() == THREADS * EACH


@pytest.mark.django_db(transaction=True)
def test_one_answer_per_browser_holds_under_concurrency(process):
    survey, q = make_survey(process, one_per_browser=True)
    refused = []

    def submit(index):
        try:
            services.response_submit(
                survey=survey, answers={"Q1": "2"}, browser_token="the-same-browser"
            )
        except services.AlreadyAnswered:
            refused.append(index)

    errors = _run_threads(submit)
    assert errors == []
    assert SurveyResponse.objects.filter(survey=survey).count() == 1
    assert SurveyBrowserMark.objects.count() == 1
    assert len(refused) == THREADS - 1
