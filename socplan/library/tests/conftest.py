import pytest


@pytest.fixture(autouse=True)
def _library_root(settings, tmp_path):
    """Uploaded files of each test go to its own temporary folder."""
    settings.LIBRARY_ROOT = tmp_path / "library"
    settings.MEDIA_ROOT = tmp_path / "media"
