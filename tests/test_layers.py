"""The layers of socplan hold for every import (socplan/layers.py), and the check can fail."""

from pathlib import Path

import pytest

import socplan
from socplan.layers import LAYERS, check_tree

ROOT = Path(socplan.__file__).resolve().parent


def test_the_code_follows_the_layers():
    violations = check_tree(ROOT)
    assert violations == [], "\n".join(str(v) for v in violations)


def test_every_app_of_the_project_has_a_layer():
    installed = {p.parent.name for p in ROOT.glob("*/apps.py")}
    layered = {app for layer in LAYERS for app in layer}
    assert installed == layered


def _tree(tmp_path, files: dict[str, str]) -> Path:
    root = tmp_path / "socplan"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


@pytest.mark.parametrize(
    ("path", "code", "reason"),
    [
        ("core/views.py", "from socplan.organisation.models import Meeting\n", "import"),
        (
            "territory/services.py",
            "def f():\n    from socplan.planning import services\n",
            "import",
        ),
        ("catalogue/views.py", "from socplan.organisation import selectors\n", "same layer"),
        ("organisation/views.py", "import socplan.catalogue.models\n", "same layer"),
        ("accounts/models.py", 'x = models.ForeignKey("organisation.PlanningProcess")\n', "model"),
        (
            "planning/views.py",
            'job_start(function="socplan.documents.plan.plan_document_job")\n',
            "dotted string",
        ),
        ("library/x.py", 'import_string("socplan.planning.selectors.plan_get")\n', "dotted"),
        ("territory/x.py", 'apps.get_model("catalogue", "Provider")\n', "get_model"),
        ("documents/views.py", "from socplan.api import serializers\n", "same layer"),
        ("analysis/x.py", "from socplan.consultation import models\n", "higher layer"),
        ("core/x.py", "from socplan import urls\n", "project module"),
        ("core/x.py", "from socplan.testing import personas\n", "project module"),
        ("planning/models.py", "from ..monitoring import models\n", "import"),
    ],
)
def test_the_check_finds_an_import_against_the_layers(tmp_path, path, code, reason):
    root = _tree(tmp_path, {path: code})
    violations = check_tree(root)
    assert len(violations) == 1, violations
    assert reason in violations[0].reason


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("planning/views.py", "from socplan.organisation.guards import process_for_user\n"),
        ("documents/views.py", "from socplan.planning import selectors\n"),
        ("library/rules.py", "from ..organisation.rules import roles\n"),
        ("catalogue/tests/test_x.py", "from socplan.testing import personas\n"),
        ("planning/migrations/0001_initial.py", 'to="monitoring.Report"\n'),
        ("monitoring/x.py", 'apps.get_model("planning", "Plan")\n'),
    ],
)
def test_the_check_lets_downward_imports_pass(tmp_path, path, code):
    assert check_tree(_tree(tmp_path, {path: code})) == []
