"""Validation of API responses against the official HSDS 3.0 schemas in
``../shared/data/hsds/schema`` (see its README): ``openapi.json`` refers to the schemas by
absolute URLs, which are mapped here to the local files."""

import copy
import datetime
import json
import urllib.parse
from functools import cache

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from socplan.testing import shared_data

SCHEMA_DIR = shared_data.path("hsds", "schema")
BASE_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
OPENAPI_URL = BASE_URL + "openapi.json"


def _format_checker() -> FormatChecker:
    checker = FormatChecker()

    @checker.checks("uri")
    def is_uri(value) -> bool:
        if not isinstance(value, str):
            return True
        parts = urllib.parse.urlsplit(value)
        return bool(parts.scheme and (parts.netloc or parts.path)) and " " not in value

    @checker.checks("date-time")
    def is_date_time(value) -> bool:
        if not isinstance(value, str):
            return True
        moment = datetime.datetime.fromisoformat(value)
        return moment.tzinfo is not None and "T" in value

    return checker


@cache
def registry() -> Registry:
    shared_data.require("hsds", "schema")  # or the test is skipped
    resources = []
    for path in SCHEMA_DIR.rglob("*.json"):
        relative = path.relative_to(SCHEMA_DIR).as_posix()
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((BASE_URL + relative, DRAFT202012.create_resource(contents)))
    return Registry().with_resources(resources)


def openapi() -> dict:
    shared_data.require("hsds", "schema")  # or the test is skipped
    return json.loads((SCHEMA_DIR / "openapi.json").read_text(encoding="utf-8"))


def _pointer(*parts: str) -> str:
    return "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


def response_errors(path: str, data) -> list[str]:
    """Errors of ``data`` against the 200 response schema of ``path`` in the official
    openapi.json (e.g. "/services", "/services/{id}")."""
    pointer = _pointer("paths", path, "get", "responses", "200", "content", "application/json")
    schema = {"$ref": f"{OPENAPI_URL}#/{pointer}/schema"}
    validator = Draft202012Validator(schema, registry=registry(), format_checker=_format_checker())
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def _strict(schema):
    """The schema with ``additionalProperties: false`` on every object that lists its
    properties (as upstream's own check does)."""
    schema = copy.deepcopy(schema)

    def walk(node):
        if isinstance(node, dict):
            if "properties" in node and node.get("type") in ("object", None):
                node.setdefault("additionalProperties", False)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return schema


def strict_errors(schema_file: str, data) -> list[str]:
    """Errors of one object against a schema file (e.g. "compiled/service.json") with no
    properties allowed beyond the specification's."""
    shared_data.require("hsds", "schema")  # or the test is skipped
    contents = json.loads((SCHEMA_DIR / schema_file).read_text(encoding="utf-8"))
    schema = _strict(contents)
    resource = DRAFT202012.create_resource(schema)
    reg = registry().with_resource(BASE_URL + schema_file, resource)
    validator = Draft202012Validator(
        {"$ref": BASE_URL + schema_file}, registry=reg, format_checker=_format_checker()
    )
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def contains_null(data) -> bool:
    if data is None:
        return True
    if isinstance(data, dict):
        return any(contains_null(v) for v in data.values())
    if isinstance(data, list):
        return any(contains_null(v) for v in data)
    return False
