"""The real national files beside the repository, in ``../shared/data``: the ČSÚ territory
files, the RPSS register sample, the HSDS schemas. A clone without them still runs the test
suite: the tests that read them are skipped, with the reason, rather than failed.

Ask for them in one of three ways (all decided here):

- ``@pytest.mark.shared_data("territory")`` on a test or a module (``pytestmark``);
- the ``shared_data`` fixture (the folder; skips when it is absent);
- ``require("registry", "rpss-sample.json")`` inside a helper (the path, or a skip).

``SOCPLAN_SHARED_DATA`` points elsewhere (or at a missing folder, to see the skips).
"""

import os
from pathlib import Path

import pytest
from django.conf import settings

SHARED_DATA = Path(
    os.environ.get("SOCPLAN_SHARED_DATA")
    or Path(settings.BASE_DIR).parent.parent / "shared" / "data"
)


def path(*parts: str) -> Path:
    return SHARED_DATA.joinpath(*parts)


def missing(*parts: str) -> str | None:
    """Why a test that needs these files cannot run, or None when they are all there."""
    absent = [part for part in parts or ("",) if not path(*part.split("/")).exists()]
    if not absent:
        return None
    names = ", ".join(str(path(*part.split("/"))) for part in absent)
    return (
        f"needs the real national data of ../shared/data, absent here ({names}); "
        "set SOCPLAN_SHARED_DATA to its folder to run this test"
    )


def require(*parts: str) -> Path:
    """The path of ``../shared/data/<parts>``; skips the calling test when it is absent."""
    reason = missing("/".join(parts))
    if reason:
        pytest.skip(reason)
    return path(*parts)
