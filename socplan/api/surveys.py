"""Open data of needs surveys: the published results, read-only and public (issue 12).

``/api/pruzkumy/``: the surveys whose results are public (published by the coordinator, the
survey closed, its process published), as the HSDS API's ``Page`` envelope; ``/{id}``: the
results of one of them, question by question, as its public page shows them (only the
questions chosen for publishing, never a contact question, never an answer hidden by
moderation, nothing that identifies a respondent); ``/openapi.json``: the OpenAPI document of
both. The numbers come from the same selectors as the pages (:mod:`socplan.analysis`).
"""

from django.urls import reverse

from socplan.analysis import selectors_surveys as selectors
from socplan.core.numbers import is_digits

from . import views as api

TEXT = {"type": "string"}
INT = {"type": "integer"}
NUMBER = {"type": "number"}
MAYBE_NUMBER = {"type": ["number", "null"]}
MAX_ID = 2**31 - 1  # a larger number is no survey (and no database takes it as an id)

OPTION = {
    "type": "object",
    "required": ["code", "label", "count", "percent"],
    "properties": {"code": TEXT, "label": TEXT, "count": INT, "percent": NUMBER},
}
SURVEY = {
    "type": "object",
    "description": "A survey whose results are public.",
    "required": ["id", "title", "process", "audience", "respondents", "url", "results_url"],
    "properties": {
        "id": INT,
        "title": TEXT,
        "process": {
            "type": "object",
            "required": ["slug", "name"],
            "properties": {"slug": TEXT, "name": TEXT},
        },
        "audience": {"enum": ["users", "providers", "commissioners", "public"]},
        "opens_at": {"type": ["string", "null"], "format": "date-time"},
        "closes_at": {"type": ["string", "null"], "format": "date-time"},
        "respondents": INT,
        "is_demo": {"type": "boolean"},
        "url": {"type": "string", "format": "uri"},
        "results_url": {"type": "string", "format": "uri"},
    },
}
RESULT = {
    "type": "object",
    "description": "The result of one question (the fields that fit its kind are filled).",
    "required": ["code", "text", "kind", "answered"],
    "properties": {
        "code": TEXT,
        "text": TEXT,
        "kind": TEXT,
        "answered": {"type": "integer", "description": "Respondents who answered it."},
        "options": {"type": "array", "items": OPTION},
        "average": MAYBE_NUMBER,
        "rows": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "code": TEXT,
                    "label": TEXT,
                    "answered": INT,
                    "average": MAYBE_NUMBER,
                    "options": {"type": "array", "items": OPTION},
                },
            },
        },
        "ranking": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "code": TEXT,
                    "label": TEXT,
                    "ranked": INT,
                    "average_rank": MAYBE_NUMBER,
                    "first": INT,
                    "first_percent": NUMBER,
                },
            },
        },
        "numbers": {
            "type": ["object", "null"],
            "properties": {
                "n": INT,
                "sum": NUMBER,
                "mean": NUMBER,
                "median": NUMBER,
                "min": NUMBER,
                "max": NUMBER,
            },
        },
        "texts": {"type": "array", "items": TEXT},
        "other_texts": {"type": "array", "items": TEXT},
    },
}
RESULTS = {
    "type": "object",
    "required": ["survey", "respondents", "results"],
    "properties": {
        "survey": {"$ref": "#/components/schemas/Survey"},
        "respondents": INT,
        "results": {"type": "array", "items": {"$ref": "#/components/schemas/QuestionResult"}},
    },
}


def document(*, server_url: str) -> dict:
    """The OpenAPI 3.1 document; ``server_url`` is the absolute address of
    ``/api/pruzkumy``. Self-contained (every ``$ref`` inside it)."""
    from .openapi import ERROR_SCHEMA, PAGE_SCHEMA, PARAMETER_LIMITS

    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    page_param = {
        name: {
            "name": name,
            "in": "query",
            "required": False,
            "description": description,
            "schema": {"type": "integer", **PARAMETER_LIMITS[name]},
        }
        for name, description in (
            ("page", "Page number of the paginated result, from 1."),
            ("per_page", "Number of results in a single page (1–200, default 50)."),
        )
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "socplan: výsledky průzkumů potřeb",
            "version": "1.0.0",
            "summary": "Open data of the published results of needs surveys.",
            "description": (
                "Read-only, public API of the results of needs surveys that their planning "
                "processes have published (after the survey closed): counts and "
                "percentages of every answer, averages, rankings and the open answers "
                "left after moderation. Nothing identifies a respondent."
            ),
        },
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "servers": [{"url": server_url}],
        "paths": {
            "/": {
                "get": {
                    "summary": "Paginated list of the surveys whose results are public.",
                    "operationId": "get_surveys",
                    "parameters": [
                        {"$ref": "#/components/parameters/page"},
                        {"$ref": "#/components/parameters/per_page"},
                    ],
                    "responses": {
                        "200": {
                            "description": "Surveys, newest closed first.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "allOf": [{"$ref": "#/components/schemas/Page"}],
                                        "properties": {
                                            "contents": {
                                                "type": "array",
                                                "items": {"$ref": "#/components/schemas/Survey"},
                                            }
                                        },
                                    }
                                }
                            },
                        },
                        "400": {
                            "description": "A query parameter has a value that cannot be used.",
                            "content": error,
                        },
                    },
                }
            },
            "/{id}": {
                "get": {
                    "summary": "The published results of one survey, question by question.",
                    "operationId": "get_survey_results",
                    "parameters": [
                        {
                            "in": "path",
                            "name": "id",
                            "required": True,
                            "description": "The id of the survey (see the list).",
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "The results.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/SurveyResults"}
                                }
                            },
                        },
                        "404": {
                            "description": "No survey with this id has public results.",
                            "content": error,
                        },
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Page": PAGE_SCHEMA,
                "Error": ERROR_SCHEMA,
                "Survey": SURVEY,
                "QuestionResult": RESULT,
                "SurveyResults": RESULTS,
            },
            "parameters": page_param,
        },
    }


# --- serializers -------------------------------------------------------------------------------


def _iso(value):
    return value.isoformat() if value else None


def survey_item(request, survey, respondents: int) -> dict:
    slug = survey.process.slug
    return {
        "id": survey.pk,
        "title": survey.title,
        "process": {"slug": slug, "name": survey.process.name},
        "audience": survey.audience,
        "opens_at": _iso(survey.opens_at),
        "closes_at": _iso(survey.closes_at),
        "respondents": respondents,
        "is_demo": survey.is_demo,
        "url": request.build_absolute_uri(
            reverse("analysis:survey_public_results", kwargs={"slug": slug, "pk": survey.pk})
        ),
        "results_url": request.build_absolute_uri(
            reverse("api:survey_results", kwargs={"id": survey.pk})
        ),
    }


def _options(options) -> list[dict]:
    return [
        {"code": o["code"], "label": o["label"], "count": o["count"], "percent": o["percent"]}
        for o in options
    ]


def question_result(result: dict) -> dict:
    question = result["question"]
    data = {
        "code": result["code"],
        "text": question.text,
        "kind": result["kind"],
        "answered": result["answered"],
    }
    if result["options"]:
        data["options"] = _options(result["options"])
    if result["average"] is not None:
        data["average"] = result["average"]
    if result["rows"]:
        data["rows"] = [
            {
                "code": row["code"],
                "label": row["label"],
                "answered": row["answered"],
                "average": row["average"],
                "options": _options(row["options"]),
            }
            for row in result["rows"]
        ]
    if result["ranking"]:
        data["ranking"] = [dict(item) for item in result["ranking"]]
    if result["numbers"] is not None:
        data["numbers"] = dict(result["numbers"])
    if question.is_text:
        data["texts"] = [t["text"] for t in result["texts"] if not t["hidden"]]
    if result["other_texts"]:
        data["other_texts"] = [t["text"] for t in result["other_texts"] if not t["hidden"]]
    return data


# --- views -------------------------------------------------------------------------------------


@api.hsds_endpoint
def openapi_json(request):
    server = request.build_absolute_uri(reverse("api:surveys")).rstrip("/")
    return api._json(document(server_url=server))


@api.hsds_endpoint
def surveys(request):
    rows = selectors.surveys_with_public_results()
    return api._json(api._page(request, rows, lambda s: survey_item(request, s, s.response_count)))


@api.hsds_endpoint
def survey_results(request, id):
    number = int(id) if is_digits(id) and len(id) < 11 else 0
    survey = (
        selectors.surveys_with_public_results().filter(pk=number).first()
        if 0 < number <= MAX_ID
        else None
    )
    if survey is None:
        return api._json(
            {"error": "not_found", "message": "No survey with this id has public results."},
            status=404,
        )
    results = selectors.survey_results(survey, public=True, chart=False)
    return api._json(
        {
            "survey": survey_item(request, survey, results["respondents"]),
            "respondents": results["respondents"],
            "results": [question_result(r) for r in results["results"]],
        }
    )
