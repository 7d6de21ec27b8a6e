"""The OpenAPI 3.1 document of socplan's HSDS 3.0 API.

It follows the official HSDS ``openapi.json`` (Open Referral, CC BY-SA 4.0): the same
paths, parameters and ``Page`` envelope. The document is self-contained: every ``$ref``
points inside it (``#/components/...``), so that a client or a fuzzer resolves it offline.
The response schemas are socplan's own short description of what it returns (the objects of
HSDS with their ids and names, other fields as HSDS defines them); each names the official
HSDS schema file it follows in ``externalDocs``. Only what socplan implements is listed.
"""

SCHEMA_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
PAGE_REF = "#/components/schemas/Page"
ERROR_REF = "#/components/schemas/Error"

PARAMETERS = {
    "search": ("string", "Full-text search (ignores diacritics)."),
    "page": ("integer", "Page number of the paginated result, from 1."),
    "per_page": ("integer", "Number of results in a single page (1–200, default 50)."),
    "taxonomy_term_id": ("string", "Only services classified by this taxonomy term."),
    "taxonomy_id": ("string", "Only services with any term of this taxonomy."),
    "organization_id": ("string", "Only services of this organization (provider)."),
    "modified_after": ("string", "Only results modified on or after this date-time (ISO 8601)."),
    "top_only": ("boolean", "Only taxonomy terms without a parent."),
    "parent_id": ("string", "Only taxonomy terms whose parent has this id."),
}

# bounds of the integer parameters (a page beyond "maximum" answers 400, see views.MAX_PAGE)
PARAMETER_LIMITS = {
    "page": {"minimum": 1, "maximum": 1_000_000},
    "per_page": {"minimum": 1, "maximum": 1_000_000_000},
}

PAGE_SCHEMA = {
    "type": "object",
    "properties": {
        "total_items": {"type": "integer", "description": "Count of total results."},
        "total_pages": {"type": "integer", "description": "Count of total pages."},
        "page_number": {"type": "integer", "description": "Current page number."},
        "size": {"type": "integer", "description": "Size of current page."},
        "first_page": {"type": "boolean", "description": "Is this page the first page."},
        "last_page": {"type": "boolean", "description": "Is this page the last page."},
        "empty": {"type": "boolean", "description": "Is this page empty."},
    },
}

# path, summary, list item schema or object schema, query parameters
ENDPOINTS = [
    (
        "/services",
        "Paginated list of services (one-to-one fields and the organization).",
        "compiled/service_list.json",
        [
            "search",
            "page",
            "per_page",
            "taxonomy_term_id",
            "taxonomy_id",
            "organization_id",
            "modified_after",
        ],
    ),
    ("/services/{id}", "Fully nested service with all related data.", "compiled/service.json", []),
    (
        "/organizations",
        "Paginated list of organizations (providers).",
        "compiled/organization_list.json",
        ["search", "page", "per_page", "modified_after"],
    ),
    (
        "/organizations/{id}",
        "Fully nested organization with its services.",
        "compiled/organization.json",
        [],
    ),
    (
        "/service_at_locations",
        "Paginated list of services at their locations (facilities).",
        "compiled/service_at_location_list.json",
        [
            "search",
            "page",
            "per_page",
            "taxonomy_term_id",
            "taxonomy_id",
            "organization_id",
            "modified_after",
        ],
    ),
    (
        "/service_at_locations/{id}",
        "Fully nested service at location.",
        "compiled/service_at_location.json",
        [],
    ),
    (
        "/taxonomies",
        "Paginated list of taxonomies (the Czech codelists).",
        "taxonomy.json",
        ["search", "page", "per_page"],
    ),
    ("/taxonomies/{id}", "One taxonomy.", "taxonomy.json", []),
    (
        "/taxonomy_terms",
        "Paginated list of taxonomy terms.",
        "taxonomy_term.json",
        ["search", "page", "per_page", "taxonomy_id", "top_only", "parent_id"],
    ),
    ("/taxonomy_terms/{id}", "One taxonomy term.", "taxonomy_term.json", []),
]


# The objects of the responses: component name -> (description, required properties,
# properties). Further properties are allowed: they are those of the HSDS schema that
# ``externalDocs`` names.
UUID = {"type": "string", "format": "uuid"}
TEXT = {"type": "string"}
OBJECTS = {
    "service_list": (
        "A service in a list (HSDS compiled/service_list).",
        ["id", "name", "status"],
        {
            "id": UUID,
            "name": TEXT,
            "status": {"enum": ["active", "inactive", "defunct", "temporarily closed"]},
            "organization": {"$ref": "#/components/schemas/organization_list"},
        },
    ),
    "service": (
        "A fully nested service (HSDS compiled/service).",
        ["id", "name", "status"],
        {"id": UUID, "name": TEXT, "status": TEXT},
    ),
    "organization_list": (
        "An organization (a provider) in a list (HSDS compiled/organization_list).",
        ["id", "name"],
        {"id": UUID, "name": TEXT},
    ),
    "organization": (
        "A fully nested organization with its services (HSDS compiled/organization).",
        ["id", "name"],
        {"id": UUID, "name": TEXT},
    ),
    "service_at_location_list": (
        "A service at one of its locations, in a list (HSDS compiled/service_at_location_list).",
        ["id"],
        {"id": UUID},
    ),
    "service_at_location": (
        "A fully nested service at a location (HSDS compiled/service_at_location).",
        ["id"],
        {"id": UUID},
    ),
    "taxonomy": (
        "A taxonomy: a Czech codelist (HSDS taxonomy).",
        ["id", "name"],
        {"id": UUID, "name": TEXT},
    ),
    "taxonomy_term": (
        "A term of a taxonomy (HSDS taxonomy_term).",
        ["id", "name"],
        {"id": UUID, "name": TEXT},
    ),
}
ERROR_SCHEMA = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {"error": TEXT, "parameter": TEXT, "message": TEXT},
}


def _component(schema_file: str) -> str:
    """The component describing an official HSDS schema file."""
    return schema_file.rsplit("/", 1)[-1].removesuffix(".json")


def component_schemas() -> dict:
    schemas = {"Page": PAGE_SCHEMA, "Error": ERROR_SCHEMA}
    files = {_component(schema): schema for _, _, schema, _ in ENDPOINTS}
    for name, (description, required, properties) in OBJECTS.items():
        schemas[name] = {
            "type": "object",
            "description": description,
            "required": required,
            "properties": properties,
            "additionalProperties": True,
            "externalDocs": {
                "description": "The HSDS 3.0 schema",
                "url": SCHEMA_BASE + files.get(name, f"compiled/{name}.json"),
            },
        }
    return schemas


def _operation_id(path: str) -> str:
    words = [w for w in path.strip("/").replace("{id}", "by_id").split("/") if w]
    return "get_" + "_".join(words)


def document(*, server_url: str, docs_url: str) -> dict:
    """The OpenAPI document; ``server_url`` is the absolute address of ``/api/hsds``."""
    paths: dict = {
        "/": {
            "get": {
                "summary": "Information about this API and its relationship with HSDS.",
                "operationId": "getAPIMetaInformation",
                "responses": {
                    "200": {
                        "description": "HSDS version, profile and the OpenAPI document.",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "version": {"type": "string"},
                                        "profile": {"type": "string", "format": "uri"},
                                        "openapi_url": {"type": "string", "format": "uri"},
                                    },
                                }
                            }
                        },
                    }
                },
            }
        }
    }
    for path, summary, schema, parameters in ENDPOINTS:
        item_schema = {"$ref": f"#/components/schemas/{_component(schema)}"}
        if path.endswith("{id}"):
            response_schema = item_schema
            params = [
                {
                    "in": "path",
                    "name": "id",
                    "required": True,
                    "description": "The id (UUID) of the object.",
                    "schema": {"type": "string", "format": "uuid"},
                }
            ]
            responses = {
                "200": {
                    "description": summary,
                    "content": {"application/json": {"schema": response_schema}},
                },
                "404": {
                    "description": "No object has this id.",
                    "content": {"application/json": {"schema": {"$ref": ERROR_REF}}},
                },
            }
        else:
            response_schema = {
                "allOf": [{"$ref": PAGE_REF}],
                "properties": {"contents": {"type": "array", "items": item_schema}},
            }
            params = [{"$ref": f"#/components/parameters/{name}"} for name in parameters]
            responses = {
                "200": {
                    "description": summary,
                    "content": {"application/json": {"schema": response_schema}},
                },
                "400": {
                    "description": "A query parameter has a value that cannot be used.",
                    "content": {"application/json": {"schema": {"$ref": ERROR_REF}}},
                },
            }
        paths[path] = {
            "get": {
                "summary": summary,
                "operationId": _operation_id(path),
                "parameters": params,
                "responses": responses,
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "socplan: katalog sociálních služeb (HSDS 3.0)",
            "version": "1.0.0",
            "summary": "Open data of the catalogue of social services in the HSDS 3.0 format.",
            "description": (
                "Read-only, public API of the socplan catalogue of social services (the "
                "national register of providers of social services, MPSV, and local "
                "services), in the Human Services Data Specification 3.0 of Open Referral. "
                "Ids are UUIDs that stay the same between imports. Optional fields are "
                "left out. Addresses of facilities with a secret address are never "
                f"published. Documentation: {docs_url}"
            ),
            "license": {
                "name": "CC BY-SA 4.0 (the HSDS specification); catalogue data: MPSV open "
                "data terms",
                "url": "https://creativecommons.org/licenses/by-sa/4.0/",
            },
        },
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {
            "schemas": component_schemas(),
            "parameters": {
                name: {
                    "name": name,
                    "in": "query",
                    "required": False,
                    "description": description,
                    "schema": {"type": kind, **PARAMETER_LIMITS.get(name, {})},
                }
                for name, (kind, description) in PARAMETERS.items()
            },
        },
    }
