"""A bounded fuzz run of the HSDS API (schemathesis): every operation of the OpenAPI
document, as the document itself describes it (valid and invalid parameters), against the
application in this process, on the test database with a small catalogue.

The document is used unchanged: it resolves offline (every ``$ref`` inside it). No answer may
be a server error; every answer has a status, content type and body the document declares.
``SOCPLAN_FUZZ_EXAMPLES`` (default 40) bounds the cases per operation: about a minute in all.
Figures of a run: benchmarks/results.md ("API fuzz run").
"""

import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler

from socplan.api import openapi
from socplan.testing.catalogue import make_catalogue
from socplan.testing.fuzz import CHECKS, examples, fuzz_settings, keeping_the_connection

EXAMPLES = examples(40)
SERVER = "http://localhost/api/hsds"

schema = schemathesis.openapi.from_dict(
    openapi.document(server_url=SERVER, docs_url=SERVER + "/dokumentace/")
)
schema.app = WSGIHandler()  # the application in this process (schemathesis's WSGI client)

# requests tried and server errors per operation, printed at the end of each test (-s)
FIGURES: dict[str, list[int]] = {}


@pytest.fixture
def catalogue(db):
    """A small catalogue; the requests keep the test's database connection (Django's WSGI
    handler closes it after each request, as its test client prevents: on PostgreSQL that
    would end the test's transaction)."""
    with keeping_the_connection():
        yield make_catalogue()


@pytest.mark.fuzz
@schema.parametrize()
@fuzz_settings(EXAMPLES)
def test_the_api_survives_a_fuzz_run(case, catalogue):
    figures = FIGURES.setdefault(case.operation.label, [0, 0])
    response = case.call(base_url=SERVER)
    figures[0] += 1
    if response.status_code >= 500:
        figures[1] += 1
    case.validate_response(
        response,
        checks=CHECKS,
    )


@pytest.fixture(scope="module", autouse=True)
def _report_figures():
    """Print the figures of the run (and append them to ``SOCPLAN_FUZZ_REPORT`` if set)."""
    yield
    if not FIGURES:
        return
    lines = [
        f"{label}: {tried} requests, {errors} server errors"
        for label, (tried, errors) in sorted(FIGURES.items())
    ]
    total = sum(tried for tried, _ in FIGURES.values())
    failures = sum(errors for _, errors in FIGURES.values())
    lines.append(f"total: {total} requests, {failures} server errors")
    print("\nAPI fuzz run:\n" + "\n".join(lines))
    report = os.environ.get("SOCPLAN_FUZZ_REPORT")
    if report:
        with open(report, "a", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")


def test_every_operation_of_the_api_is_in_the_document():
    """The fuzz run covers the whole API: every HSDS URL but the document and its human
    documentation is an operation of the document."""
    from socplan.api import urls

    labels = {result.ok().label for result in schema.get_all_operations()}
    routes = {
        "hsds_root": "GET /",
        "hsds_services": "GET /services",
        "hsds_service": "GET /services/{id}",
        "hsds_organizations": "GET /organizations",
        "hsds_organization": "GET /organizations/{id}",
        "hsds_service_at_locations": "GET /service_at_locations",
        "hsds_service_at_location": "GET /service_at_locations/{id}",
        "hsds_taxonomies": "GET /taxonomies",
        "hsds_taxonomy": "GET /taxonomies/{id}",
        "hsds_taxonomy_terms": "GET /taxonomy_terms",
        "hsds_taxonomy_term": "GET /taxonomy_terms/{id}",
    }
    assert labels == set(routes.values())
    api_names = {p.name for p in urls.urlpatterns if p.name.startswith("hsds_")}
    api_names -= {"hsds_openapi", "hsds_docs"}
    assert api_names == set(routes), api_names ^ set(routes)
