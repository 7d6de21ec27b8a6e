"""The cache that carries heartbeats and job progress is shared by every process (issue 10)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import override_settings

from socplan.core import liveness
from socplan.core.checks import check_shared_cache

REPO = Path(__file__).resolve().parents[3]


def _caches_in_a_fresh_process(data_dir, **env) -> dict:
    environment = {
        **os.environ,
        "SOCPLAN_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "socplan.settings",
        **env,
    }
    for name in ("CACHE_URL", "REDIS_URL"):
        if name not in env:
            environment.pop(name, None)
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "from django.core import checks; "
        "print(json.dumps({'caches': settings.CACHES, "
        "'errors': [m.id for m in checks.run_checks(tags=['caches'])]}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_it_uses_a_file_cache_in_the_data_dir_by_default(tmp_path):
    found = _caches_in_a_fresh_process(tmp_path)
    assert found["caches"]["default"] == {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(tmp_path.resolve() / "cache"),
    }
    assert found["errors"] == []


@pytest.mark.parametrize("name", ["CACHE_URL", "REDIS_URL"])
def test_it_uses_redis_when_told(tmp_path, name):
    found = _caches_in_a_fresh_process(tmp_path, **{name: "redis://127.0.0.1:6379/3"})
    assert found["caches"]["default"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/3",
    }


def test_a_file_cache_url_names_its_folder(tmp_path):
    found = _caches_in_a_fresh_process(tmp_path, CACHE_URL=f"file://{tmp_path}/shared")
    assert found["caches"]["default"]["LOCATION"] == f"{tmp_path}/shared"


def test_the_check_refuses_a_per_process_cache():
    for backend in ("locmem.LocMemCache", "dummy.DummyCache"):
        config = {"default": {"BACKEND": f"django.core.cache.backends.{backend}"}}
        with override_settings(CACHES=config):
            assert [m.id for m in check_shared_cache()] == ["core.E010"]
    shared = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": "/x"}
    with override_settings(CACHES={"default": shared}):
        assert check_shared_cache() == []


def test_a_heartbeat_is_seen_by_another_process(tmp_path):
    """Beat here through the default file cache; a fresh process (another web server, the
    job worker) sees it alive."""
    location = tmp_path.resolve() / "cache"
    shared = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(location),
    }
    with override_settings(CACHES={"default": shared}):  # (the cache handler is reset)
        liveness.beat("shared-test", ttl=60)
        assert caches["default"].__class__.__name__ == "FileBasedCache"
    code = (
        "import django; django.setup(); from socplan.core import liveness; "
        "print(liveness.is_alive('shared-test'))"
    )
    environment = {
        **os.environ,
        "SOCPLAN_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "socplan.settings",
    }
    for name in ("CACHE_URL", "REDIS_URL"):
        environment.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, cwd=REPO, capture_output=True, text=True
    )
    assert result.stdout.strip() == "True", result.stderr
