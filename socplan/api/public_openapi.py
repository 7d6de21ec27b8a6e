"""The OpenAPI 3.1 document of the public API of the processes (``/api/v1/``).

Self-contained (every ``$ref`` points inside it), so that a client or a fuzzer resolves it
offline; the lists share the HSDS API's ``Page`` envelope and ``Error`` object
(:mod:`.openapi`). :data:`ENDPOINTS` names the URL of each path: a test checks that every
URL of :mod:`.public_urls` is described.
"""

from .openapi import ERROR_SCHEMA, PAGE_SCHEMA, PARAMETER_LIMITS

VERSION = "1.0.0"

TEXT = {"type": "string"}
INT = {"type": "integer"}
NUMBER = {"type": "number"}
BOOL = {"type": "boolean"}
URI = {"type": "string", "format": "uri"}
MAYBE_TEXT = {"type": ["string", "null"]}
MAYBE_INT = {"type": ["integer", "null"]}
MAYBE_NUMBER = {"type": ["number", "null"]}
MAYBE_DATE = {"type": ["string", "null"], "format": "date"}
# an amount or a target as entered: a number (a text only where a number was not given)
VALUE = {"type": ["number", "string", "null"]}
SOURCES = ["municipalities", "region", "state", "eu", "users", "health_insurance", "other"]
LIGHT = {"type": ["string", "null"], "enum": ["on_track", "at_risk", "off_track", None]}
PLAN_STATUS = {"enum": ["consultation", "approved", "in_force", "superseded"]}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(description: str, properties: dict, required: list[str] | None = None) -> dict:
    return {
        "type": "object",
        "description": description,
        "required": list(properties) if required is None else required,
        "properties": properties,
    }


def array(items: dict) -> dict:
    return {"type": "array", "items": items}


def maybe(schema_ref: dict) -> dict:
    return {"oneOf": [schema_ref, {"type": "null"}]}


CODE_NAME = obj("A territorial unit: its ČSÚ code and name.", {"code": TEXT, "name": TEXT})
YEAR_VALUE = obj("A value in a year.", {"year": INT, "value": VALUE})
COST = obj(
    "An amount (CZK) planned for one year from one funding source.",
    {"year": INT, "source": {"enum": SOURCES}, "amount": NUMBER},
)
MONEY = {"planned": NUMBER, "actual": NUMBER}
LABEL = {"code": MAYBE_TEXT, "title": MAYBE_TEXT}
DECISION = {
    "body": {"enum": ["municipality", "mas_board", "region", "other"]},
    "body_name": TEXT,
    "decision": {"enum": ["pending", "approved", "took_note", "rejected"]},
    "resolution_number": TEXT,
    "decided_on": MAYBE_DATE,
    "note": TEXT,
}
RESPONSIBILITY = {
    "responsible": TEXT,
    "partners": array(TEXT),
    "start_year": MAYBE_INT,
    "end_year": MAYBE_INT,
}
INDICATOR_ROW = obj(
    "An indicator with its values from the approved monitoring periods.",
    {
        "id": INT,
        "measure": obj("The measure of the indicator.", LABEL),
        "name": TEXT,
        "unit": TEXT,
        "aggregation": {"enum": ["cumulative", "level"]},
        "baseline": MAYBE_NUMBER,
        "target_final": MAYBE_NUMBER,
        "to_date": MAYBE_NUMBER,
        "achievement": MAYBE_NUMBER,
        "values": array(ref("YearValue")),
    },
)
PROCESS_ITEM_PROPERTIES = {
    "slug": TEXT,
    "name": TEXT,
    "period_start": INT,
    "period_end": INT,
    "realizer": TEXT,
    "area": ref("AreaItem"),
    "url": URI,
    "api_url": URI,
    "plans_url": URI,
}
PLAN_ITEM_PROPERTIES = {
    "id": INT,
    "kind": {"enum": ["medium_term", "action"]},
    "title": TEXT,
    "year_start": INT,
    "year_end": INT,
    "year": MAYBE_INT,
    "medium_term_plan_id": MAYBE_INT,
    "status": PLAN_STATUS,
    "version": INT,
    "amendment_in_preparation": {
        "type": "boolean",
        "description": "An amendment is being drafted: the content is the last approved "
        "version (the amendment is never published before its consultation).",
    },
    "process": obj("The process of the plan.", {"slug": TEXT, "name": TEXT}),
    "url": URI,
    "api_url": URI,
}
PERIOD_ITEM_PROPERTIES = {
    "year": INT,
    "status": {"enum": ["approved"]},
    "approved_at": {"type": ["string", "null"], "format": "date-time"},
    "summary": TEXT,
    "council_decision": maybe(ref("Decision")),
    "api_url": URI,
}

SCHEMAS = {
    "Page": PAGE_SCHEMA,
    "Error": ERROR_SCHEMA,
    "Root": obj(
        "The version of the API and its addresses.",
        {"version": TEXT, "openapi_url": URI, "docs_url": URI, "processes_url": URI},
    ),
    "CodeName": CODE_NAME,
    "Region": obj("A region (kraj).", {"code": TEXT, "name": TEXT, "nuts_code": TEXT}),
    "Orp": {
        "oneOf": [
            obj(
                "A municipality with extended competence (ORP).",
                {"code": TEXT, "name": TEXT, "region": maybe(ref("Region"))},
            ),
            {"type": "null"},
        ]
    },
    "AreaItem": obj(
        "The planning area of a process.",
        {
            "name": TEXT,
            "kind": {"enum": ["orp", "mas", "microregion", "region", "custom"]},
            "orp": ref("Orp"),
        },
    ),
    "Municipality": obj(
        "A municipality of the planning area.",
        {
            "code": TEXT,
            "name": TEXT,
            "district": ref("CodeName"),
            "orp": maybe(ref("CodeName")),
            "region": ref("CodeName"),
        },
    ),
    "Phase": obj(
        "A phase of the process.",
        {
            "kind": TEXT,
            "label": TEXT,
            "start": {"type": "string", "format": "date"},
            "end": MAYBE_DATE,
            "note": TEXT,
            "is_current": BOOL,
        },
    ),
    "ProcessItem": obj("A published planning process.", PROCESS_ITEM_PROPERTIES),
    "Process": obj(
        "A published planning process with its area (municipalities with their ČSÚ codes) "
        "and phases.",
        {
            **PROCESS_ITEM_PROPERTIES,
            "purpose": TEXT,
            "realizer_url": MAYBE_TEXT,
            "funding_programme": MAYBE_TEXT,
            "registration_number": MAYBE_TEXT,
            "contact": obj(
                "The contact of the process.",
                {"name": MAYBE_TEXT, "email": MAYBE_TEXT, "phone": MAYBE_TEXT},
            ),
            "area": obj(
                "The planning area.",
                {
                    "name": TEXT,
                    "kind": TEXT,
                    "orp": ref("Orp"),
                    "regions": array(ref("Region")),
                    "municipalities": array(ref("Municipality")),
                },
            ),
            "phases": array(ref("Phase")),
        },
    ),
    "YearValue": YEAR_VALUE,
    "Cost": COST,
    "Indicator": obj(
        "An indicator of a measure: baseline, targets per year and, for a medium-term plan, "
        "the values of the approved monitoring periods.",
        {
            "id": MAYBE_INT,
            "name": TEXT,
            "unit": TEXT,
            "baseline": VALUE,
            "source": TEXT,
            "aggregation": {"type": ["string", "null"], "enum": ["cumulative", "level", None]},
            "targets": array(ref("YearValue")),
            "values": array(ref("YearValue")),
        },
    ),
    "Activity": obj(
        "An activity of a measure.",
        {
            "id": MAYBE_INT,
            "code": TEXT,
            "title": TEXT,
            "description": TEXT,
            "expected_outputs": TEXT,
            **RESPONSIBILITY,
            "costs": array(ref("Cost")),
        },
    ),
    "Measure": obj(
        "A measure (opatření) of a priority.",
        {
            "id": MAYBE_INT,
            "code": TEXT,
            "title": TEXT,
            "description": TEXT,
            "justification": TEXT,
            "kind": TEXT,
            "target_groups": array(TEXT),
            "municipalities": array(
                obj(
                    "A municipality the measure concerns (none: the whole area).",
                    {"name": TEXT, "code": MAYBE_TEXT},
                )
            ),
            "services": array(TEXT),
            "findings": array(TEXT),
            "working_group": MAYBE_TEXT,
            **RESPONSIBILITY,
            "indicators": array(ref("Indicator")),
            "costs": array(ref("Cost")),
            "activities": array(ref("Activity")),
        },
    ),
    "Priority": obj(
        "A priority of the plan with its measures.",
        {
            "id": MAYBE_INT,
            "code": TEXT,
            "title": TEXT,
            "description": TEXT,
            "target_group": MAYBE_TEXT,
            "sub_area": MAYBE_TEXT,
            "measures": array(ref("Measure")),
        },
    ),
    "PlanItem": obj("A public plan of a process.", PLAN_ITEM_PROPERTIES),
    "Plan": obj(
        "A public plan with its chapters, tree of priorities, measures and activities, "
        "costs and indicators (action plans: also their items).",
        {
            **PLAN_ITEM_PROPERTIES,
            "chapters": {"type": "object", "additionalProperties": TEXT},
            "priorities": array(ref("Priority")),
            "finance": obj(
                "The plan's costs summed by year and funding source (CZK).",
                {"total": NUMBER, "by_year_and_source": array(ref("Cost"))},
            ),
            "links": {"type": "object", "additionalProperties": URI},
            "items": array(
                obj(
                    "An activity taken into the action plan, with its budget.",
                    {
                        "id": MAYBE_INT,
                        "activity": TEXT,
                        "expected_outputs": TEXT,
                        "status": TEXT,
                        "carried_over": BOOL,
                        "costs": array(ref("Cost")),
                    },
                )
            ),
        },
        required=list(PLAN_ITEM_PROPERTIES) + ["chapters", "priorities", "finance", "links"],
    ),
    "Round": obj(
        "A public consultation round of a plan (or of a SWOT of its process).",
        {
            "id": INT,
            "title": TEXT,
            "plan_id": {
                "type": ["integer", "null"],
                "description": "The plan (null for a round on a SWOT of the process).",
            },
            "plan_version": MAYBE_INT,
            "subject": {"enum": ["plan", "swot"]},
            "state": {"enum": ["planned", "open", "closed"]},
            "opens_on": {"type": "string", "format": "date"},
            "closes_on": {"type": "string", "format": "date"},
            "hearing_on": MAYBE_DATE,
            "hearing_place": TEXT,
            "announcement": TEXT,
            "url": URI,
            "api_url": URI,
            "comments_url": URI,
        },
    ),
    "Comment": obj(
        "A public comment (counted, not hidden by moderation) with its resolution.",
        {
            "number": MAYBE_INT,
            "author": {
                "type": "string",
                "description": "The commenter as they agreed to be named (or “not named”).",
            },
            "part": TEXT,
            "part_label": TEXT,
            "quote": TEXT,
            "text": TEXT,
            "kind": {"enum": ["essential", "recommendation"]},
            "channel": TEXT,
            "resolution": maybe(
                obj(
                    "The resolution (vypořádání) of the comment.",
                    {
                        "outcome": {"enum": ["accepted", "partly", "not_accepted", "explained"]},
                        "reasoning": TEXT,
                        "change": TEXT,
                    },
                )
            ),
        },
    ),
    "Decision": obj("A council's (or a board's) decision.", DECISION),
    "Approval": obj(
        "The approval of the plan's last approved version and the councils' decisions.",
        {
            "plan_id": INT,
            "version": MAYBE_INT,
            "approval": maybe(
                obj(
                    "The approval of a version of the plan.",
                    {
                        "version": INT,
                        "approved_on": {"type": "string", "format": "date"},
                        "resolution": TEXT,
                        "in_force_from": MAYBE_DATE,
                        "content_checksum": MAYBE_TEXT,
                    },
                )
            ),
            "council_decisions": array(
                obj(
                    "What one council or board decided on the version.",
                    {
                        **DECISION,
                        "version": INT,
                        "is_lead": BOOL,
                        "municipality": maybe(ref("CodeName")),
                    },
                )
            ),
        },
    ),
    "PeriodItem": obj("An approved monitoring period (one year).", PERIOD_ITEM_PROPERTIES),
    "IndicatorRow": INDICATOR_ROW,
    "Period": obj(
        "The state of an approved monitoring period: progress (%) and traffic lights rolled "
        "up from the activities, planned and real costs, indicator values.",
        {
            **PERIOD_ITEM_PROPERTIES,
            "progress": MAYBE_NUMBER,
            "light": LIGHT,
            "done_share": MAYBE_NUMBER,
            "costs": array(
                obj(
                    "Planned and real costs of the year from one source.",
                    {"source": {"enum": SOURCES}, **MONEY},
                )
            ),
            "priorities": array(
                obj(
                    "A priority in the year.",
                    {
                        **LABEL,
                        "id": INT,
                        "progress": MAYBE_NUMBER,
                        "light": LIGHT,
                        "measures": array(
                            obj(
                                "A measure in the year.",
                                {
                                    **LABEL,
                                    "id": INT,
                                    "progress": MAYBE_NUMBER,
                                    "light": LIGHT,
                                    "activities": array(
                                        obj(
                                            "An activity in the year.",
                                            {
                                                **LABEL,
                                                "id": INT,
                                                "status": TEXT,
                                                "progress": MAYBE_NUMBER,
                                                "commentary": TEXT,
                                                "planned": NUMBER,
                                                "actual": NUMBER,
                                            },
                                        )
                                    ),
                                },
                            )
                        ),
                    },
                )
            ),
            "indicators": array(ref("IndicatorRow")),
        },
    ),
    "Evaluation": obj(
        "The completed evaluation of a medium-term plan.",
        {
            "plan_id": INT,
            "status": {"enum": ["completed"]},
            "lessons": TEXT,
            "recommendations": TEXT,
            "done_share": MAYBE_NUMBER,
            "indicator_achievement": MAYBE_NUMBER,
            "activities": array(
                obj("The final state of an activity.", {**LABEL, "id": INT, "status": TEXT})
            ),
            "indicators": array(ref("IndicatorRow")),
            "money": array(
                obj(
                    "Planned and real costs of a year from one source.",
                    {"year": INT, "source": {"enum": SOURCES}, **MONEY},
                )
            ),
        },
    ),
}

QUERY_PARAMETERS = {
    "page": ("integer", "Page number of the paginated result, from 1."),
    "per_page": ("integer", "Number of results in a single page (1–200, default 50)."),
    "region": ("string", "Only processes with a municipality in this region (its ČSÚ code)."),
    "municipality": ("string", "Only processes whose area has this municipality (ČSÚ code)."),
}
PATH_PARAMETERS = {
    "slug": "The address (slug) of a published process.",
    "plan_id": "The id of a public plan (see the plans of a process).",
    "round_id": "The id of a public consultation round.",
    "year": "The year of an approved monitoring period.",
}
PAGE = ["page", "per_page"]

# URL name, path, summary, response schema, is a list, query parameters
ENDPOINTS = [
    ("public_root", "/", "Version of the API and its addresses.", "Root", False, []),
    (
        "public_processes",
        "/procesy/",
        "Paginated list of the published planning processes.",
        "ProcessItem",
        True,
        [*PAGE, "region", "municipality"],
    ),
    (
        "public_process",
        "/procesy/{slug}/",
        "A published process with its planning area and phases.",
        "Process",
        False,
        [],
    ),
    (
        "public_process_plans",
        "/procesy/{slug}/plany/",
        "Paginated list of the public plans of a process (medium-term and action plans).",
        "PlanItem",
        True,
        PAGE,
    ),
    (
        "public_plan",
        "/plany/{plan_id}/",
        "A public plan: chapters, priorities → measures → activities, costs, indicators "
        "with targets and monitored values (while an amendment is drafted: the last "
        "approved version).",
        "Plan",
        False,
        [],
    ),
    (
        "public_plan_rounds",
        "/plany/{plan_id}/pripominkovani/",
        "Paginated list of the public consultation rounds of a plan.",
        "Round",
        True,
        PAGE,
    ),
    (
        "public_plan_approval",
        "/plany/{plan_id}/schvaleni/",
        "The approval of a plan and the decisions of the councils.",
        "Approval",
        False,
        [],
    ),
    (
        "public_plan_monitoring",
        "/plany/{plan_id}/monitoring/",
        "Paginated list of the approved monitoring periods of a medium-term plan.",
        "PeriodItem",
        True,
        PAGE,
    ),
    (
        "public_plan_period",
        "/plany/{plan_id}/monitoring/{year}/",
        "The state of an approved monitoring period.",
        "Period",
        False,
        [],
    ),
    (
        "public_plan_evaluation",
        "/plany/{plan_id}/hodnoceni/",
        "The completed evaluation of a medium-term plan.",
        "Evaluation",
        False,
        [],
    ),
    (
        "public_round",
        "/pripominkovani/{round_id}/",
        "A public consultation round.",
        "Round",
        False,
        [],
    ),
    (
        "public_round_comments",
        "/pripominkovani/{round_id}/pripominky/",
        "Paginated list of the public comments of a round with their resolutions.",
        "Comment",
        True,
        PAGE,
    ),
]


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": ref("Error")}},
    }


def _operation(name, path, summary, schema, is_list, query) -> dict:
    path_params = [p.strip("{}") for p in path.split("/") if p.startswith("{")]
    parameters = [{"$ref": f"#/components/parameters/{p}"} for p in path_params + query]
    if is_list:
        response = {
            "allOf": [ref("Page")],
            "properties": {"contents": array(ref(schema))},
        }
    else:
        response = ref(schema)
    responses = {
        "200": {"description": summary, "content": {"application/json": {"schema": response}}}
    }
    if query:
        responses["400"] = _error("A query parameter has a value that cannot be used.")
    if path_params:
        responses["404"] = _error(
            "No public object has this id (one that is not public answers the same)."
        )
    return {
        "get": {
            "summary": summary,
            "operationId": name.removeprefix("public_"),
            "parameters": parameters,
            "responses": responses,
        }
    }


def _parameters() -> dict:
    result = {}
    for name, (kind, description) in QUERY_PARAMETERS.items():
        result[name] = {
            "name": name,
            "in": "query",
            "required": False,
            "description": description,
            "schema": {"type": kind, **PARAMETER_LIMITS.get(name, {})},
        }
    for name, description in PATH_PARAMETERS.items():
        result[name] = {
            "name": name,
            "in": "path",
            "required": True,
            "description": description,
            "schema": {"type": "string"},
        }
    return result


def document(*, server_url: str, docs_url: str) -> dict:
    """The OpenAPI document; ``server_url`` is the absolute address of ``/api/v1``."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "socplan: veřejná data procesů komunitního plánování",
            "version": VERSION,
            "summary": "Read-only public API of planning processes of social services.",
            "description": (
                "The public data of the planning processes: their areas, plans (priorities, "
                "measures, activities, costs, indicators and their values), consultations "
                "and the resolutions of comments, approvals by councils, monitoring and "
                "evaluation. It answers exactly what the public pages show: never a draft "
                "plan or the draft of an amendment, never a hidden comment, only approved "
                "monitoring periods and completed evaluations. It knows no session: a "
                "signed-in user gets the public data too. An object that is not public "
                f"answers 404 as one that does not exist. Documentation: {docs_url}"
            ),
        },
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "servers": [{"url": server_url}],
        "paths": {row[1]: _operation(*row) for row in ENDPOINTS},
        "components": {"schemas": SCHEMAS, "parameters": _parameters()},
    }


def endpoints_for_docs(document: dict) -> list[dict]:
    """The paths of the document for the human documentation page."""
    parameters = document["components"]["parameters"]
    server = document["servers"][0]["url"]
    rows = []
    for path, item in document["paths"].items():
        operation = item["get"]
        params = [parameters[p["$ref"].rsplit("/", 1)[-1]] for p in operation["parameters"]]
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        is_list = "allOf" in schema
        ref_ = schema["properties"]["contents"]["items"]["$ref"] if is_list else schema["$ref"]
        rows.append(
            {
                "path": path,
                "url": server + path,
                "summary": operation["summary"],
                "parameters": params,
                "schema": ref_.rsplit("/", 1)[-1],
                "is_list": is_list,
            }
        )
    return rows
