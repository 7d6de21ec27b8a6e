"""Helpers of the register import tests (catdata)."""

import copy
import json
from pathlib import Path

from django.conf import settings

SHARED = Path(settings.BASE_DIR).parent.parent / "shared" / "data"
SAMPLE = SHARED / "registry" / "rpss-sample.json"
TERRITORY = SHARED / "territory"


def sample_items() -> list[dict]:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))["polozky"]


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
