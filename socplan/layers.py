"""The layers of socplan and a check that every import follows them.

Data flows one way (see DESIGN.md): core and accounts at the ground; territory; the
catalogue and organisation (siblings that do not import each other); library; analysis;
planning; consultation; monitoring; documents and api on top (siblings, read from all,
imported by none). An app may import only from apps in lower layers (and itself).

The check reads the source, so it sees what a plain import graph misses:
- imports anywhere (inside functions and classes too), absolute and relative;
- dotted strings naming a module (``import_string("socplan.planning.x")``, settings-like
  strings) and model references (``apps.get_model("planning", "Plan")``,
  ``get_model("planning.Plan")``, ``ForeignKey("planning.Plan")``).
Migrations are left out (Django writes them with model strings of every app they touch).
App code may not import the project-level modules (``socplan.urls``, ``socplan.settings``,
the test support ``socplan.testing``); tests may use ``socplan.testing`` and settings.

Run ``python -m socplan.layers`` to print the violations; ``make test`` runs it as a test.
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass
from pathlib import Path

# Each inner tuple is one layer; apps in one layer do not import each other.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("core",),
    ("accounts",),
    ("territory",),
    ("catalogue", "organisation"),
    ("library",),
    ("analysis",),
    ("planning",),
    ("consultation",),
    ("monitoring",),
    ("documents", "api"),
)
LEVEL = {app: level for level, apps in enumerate(LAYERS) for app in apps}
PROJECT_MODULES = {"urls", "settings", "wsgi", "testing", "layers", "__main__"}
TEST_MAY_IMPORT = {"testing", "settings"}

_MODULE_STRING = re.compile(r"socplan\.(\w+)(?:\.[\w.]+)?")
_MODEL_STRING = re.compile(r"(\w+)\.([A-Z]\w*)")


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    source_app: str
    target: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.source_app} -> {self.target} ({self.reason})"


def allowed(source_app: str, target_app: str) -> bool:
    return source_app == target_app or LEVEL[target_app] < LEVEL[source_app]


def _resolve_relative(parts: tuple[str, ...], node: ast.ImportFrom) -> str:
    package = list(parts[:-1])  # the module's package, below socplan
    if node.level > 1:
        package = package[: len(package) - (node.level - 1)]
    return ".".join(["socplan", *package, *([node.module] if node.module else [])])


def _targets(node: ast.AST, parts: tuple[str, ...]) -> list[tuple[str, str]]:
    """(app or project module, how it was named) for each reference in ``node``."""
    found: list[tuple[str, str]] = []
    if isinstance(node, ast.Import):
        for alias in node.names:
            match = _MODULE_STRING.fullmatch(alias.name)
            if match:
                found.append((match.group(1), "import"))
    elif isinstance(node, ast.ImportFrom):
        module = node.module or ""
        if node.level:
            module = _resolve_relative(parts, node)
        match = _MODULE_STRING.fullmatch(module)
        if match:
            found.append((match.group(1), "import"))
        elif module == "socplan":
            found += [(alias.name, "import") for alias in node.names]
    elif isinstance(node, ast.Constant) and isinstance(node.value, str):
        match = _MODULE_STRING.fullmatch(node.value)
        if match:
            found.append((match.group(1), "dotted string"))
        match = _MODEL_STRING.fullmatch(node.value)
        if match and match.group(1) in LEVEL:
            found.append((match.group(1), "model string"))
    elif isinstance(node, ast.Call):
        name = getattr(node.func, "attr", getattr(node.func, "id", None))
        if name == "get_model" and len(node.args) >= 2:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.append((first.value, "get_model"))
    return found


def check_file(path: Path, root: Path) -> list[Violation]:
    parts = path.relative_to(root).parts
    if len(parts) < 2 or parts[0] not in LEVEL or "migrations" in parts:
        return []
    source_app = parts[0]
    is_test = "tests" in parts or parts[-1] == "conftest.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    violations = []
    for node in ast.walk(tree):
        for target, how in _targets(node, parts):
            line = getattr(node, "lineno", 0)
            if target in PROJECT_MODULES:
                if not (is_test and target in TEST_MAY_IMPORT):
                    violations.append(
                        Violation(str(path), line, source_app, target, f"{how} of project module")
                    )
            elif target in LEVEL and not allowed(source_app, target):
                level = "same layer" if LEVEL[target] == LEVEL[source_app] else "higher layer"
                violations.append(Violation(str(path), line, source_app, target, f"{how}, {level}"))
    return violations


def check_tree(root: Path) -> list[Violation]:
    """Every violation in the package at ``root`` (the folder of ``socplan``)."""
    violations: list[Violation] = []
    for path in sorted(root.rglob("*.py")):
        violations += check_file(path, root)
    return violations


def main() -> int:
    violations = check_tree(Path(__file__).resolve().parent)
    for violation in violations:
        print(violation)
    print(f"{len(violations)} layer violation(s)")
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
