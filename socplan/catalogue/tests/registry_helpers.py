"""Helpers of the register import tests (catdata)."""

import copy
import json
from pathlib import Path

from socplan.testing import shared_data

# In ../shared/data: tests that read them are marked ``shared_data(SAMPLE_NAME)``.
SAMPLE_NAME = "registry/rpss-sample.json"
SAMPLE = shared_data.path("registry", "rpss-sample.json")
TERRITORY = shared_data.path("territory")


def sample_items() -> list[dict]:
    sample = shared_data.require("registry", "rpss-sample.json")  # or the test is skipped
    return json.loads(sample.read_text(encoding="utf-8"))["polozky"]


def write_register(path: Path, items: list[dict]) -> Path:
    path.write_text(json.dumps({"polozky": items}, ensure_ascii=False), encoding="utf-8")
    return path


def item(items: list[dict], portal_id: int) -> dict:
    return next(i for i in items if i["portalId"] == portal_id)


def new_item(template: dict, portal_id: int) -> dict:
    result = copy.deepcopy(template)
    result["portalId"] = portal_id
    result["identifikator"] = str(9000000 + portal_id % 1000000)
    return result
