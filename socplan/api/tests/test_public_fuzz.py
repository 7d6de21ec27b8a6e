"""A bounded fuzz run of the public API of the processes (schemathesis), as
``test_fuzz.py`` runs the HSDS API: every operation of the OpenAPI document, valid and
invalid parameters, against the application in this process, on the demo.

The document is the served one, with one hint for the fuzzer: each path parameter may also
take the ids of the demo's public objects (and of a draft plan), so that the run reaches real
plans, rounds and periods besides random text. No answer may be a server error; every answer
has a status, content type and body the document declares. ``SOCPLAN_FUZZ_EXAMPLES`` bounds
the cases per operation (default 8 here: about 10 s with the demo loaded).
"""

import copy

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler

from socplan.api import public_openapi
from socplan.testing.fuzz import CHECKS, examples, fuzz_settings, keeping_the_connection

EXAMPLES = examples(8)
SERVER = "http://localhost/api/v1"
FIGURES: dict[str, list[int]] = {}


def _hinted(document: dict, values: dict[str, list[str]]) -> dict:
    """The document with the known values offered for each path parameter."""
    document = copy.deepcopy(document)
    for name, known in values.items():
        parameter = document["components"]["parameters"][name]
        parameter["schema"] = {"anyOf": [{"enum": known}, {"type": "string"}]}
    return document


@pytest.fixture
def public_schema(shared_demo):
    """The schema of the demo's API; the requests keep the test's database connection (see
    test_fuzz.py)."""
    from socplan.consultation.models import Round
    from socplan.planning.models import Plan

    plans = [str(pk) for pk in Plan.objects.values_list("pk", flat=True)]
    rounds = [str(pk) for pk in Round.objects.values_list("pk", flat=True)]
    values = {
        "slug": ["kpss-orp-humpolec"],
        "plan_id": plans,
        "round_id": rounds,
        "year": ["2019", "2020", "2021"],
    }
    document = public_openapi.document(server_url=SERVER, docs_url=SERVER + "/dokumentace/")
    schema = schemathesis.openapi.from_dict(_hinted(document, values))
    schema.app = WSGIHandler()
    with keeping_the_connection():
        yield schema


schema = schemathesis.pytest.from_fixture("public_schema")


@pytest.mark.fuzz
@pytest.mark.django_db
@schema.parametrize()
@fuzz_settings(EXAMPLES)
def test_the_public_api_survives_a_fuzz_run(case):
    figures = FIGURES.setdefault(case.operation.label, [0, 0, 0])
    response = case.call(base_url=SERVER)
    figures[0] += 1
    if response.status_code == 200:
        figures[1] += 1
    if response.status_code >= 500:
        figures[2] += 1
    case.validate_response(
        response,
        checks=CHECKS,
    )


@pytest.fixture(scope="module", autouse=True)
def _report_figures():
    yield
    if not FIGURES:
        return
    lines = [
        f"{label}: {tried} requests, {found} answered 200, {errors} server errors"
        for label, (tried, found, errors) in sorted(FIGURES.items())
    ]
    print("\nPublic API fuzz run:\n" + "\n".join(lines))
