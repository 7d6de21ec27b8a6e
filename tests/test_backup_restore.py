"""`socplan backup` and `socplan restore`: a full round trip into an empty installation
gives back every table's rows, every file and the same catalogue search; on SQLite and on
PostgreSQL (whichever the suite runs on: CI runs it on both)."""

import hashlib
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import connection

from socplan import testing
from socplan.catalogue import search
from socplan.catalogue.models import Service
from socplan.catalogue.tests import public_helpers as h
from socplan.core.backup import file_roots

pytestmark = pytest.mark.django_db(transaction=True)

# FTS5's own tables hold the index in a layout of its own: compared by searching instead
INDEX_TABLES = ("catalogue_service_fts",)


@pytest.fixture
def installation(settings, tmp_path, monkeypatch):
    """Data folder and file folders of this test only (the secret key is written there)."""
    monkeypatch.delenv("SECRET_KEY", raising=False)
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    for name in file_roots():
        setattr(settings, name, tmp_path / name.lower())
    return tmp_path


def table_rows() -> dict[str, list[str]]:
    rows = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table.startswith(INDEX_TABLES):
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows[table] = sorted(repr(row) for row in cursor.fetchall())
    return rows


def files() -> dict[str, str]:
    found = {}
    for name, root in file_roots().items():
        for path in Path(root).rglob("*"):
            if path.is_file():
                key = f"{name}/{path.relative_to(root).as_posix()}"
                found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def catalogue_search() -> list[int]:
    return search.ranked_ids(Service.objects.all(), "pecovatelska sluzba senior")


def make_data():
    h.catalogue()
    testing.make_process()
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user(email="a@example.org", password="x", full_name="A")
    for number, (name, root) in enumerate(file_roots().items()):
        path = Path(root) / "1" / f"dokument-{number}.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(f"%PDF-1.4 {name} č. {number}".encode())


def wipe():
    """An empty installation: no rows, no files (a fresh `migrate`)."""
    call_command("flush", interactive=False, verbosity=0)
    for root in file_roots().values():
        for path in sorted(Path(root).rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()


def test_a_round_trip_gives_back_every_row_file_and_search(installation):
    make_data()
    expected_rows, expected_files = table_rows(), files()
    expected_search = catalogue_search()
    assert expected_search  # the search finds the care service
    assert sum(len(r) for r in expected_rows.values()) > 100
    assert len(expected_files) == len(file_roots()) >= 2
    archive = installation / "zaloha.tar.gz"

    call_command("backup", str(archive), verbosity=0)
    assert archive.stat().st_mode & 0o077 == 0  # personal data and the key: owner only

    wipe()
    assert table_rows()["accounts_user"] == [] and files() == {}
    (Path(django_settings.DATA_DIR) / "secret_key").write_text("another-key")
    call_command("restore", str(archive), verbosity=0)

    assert table_rows() == expected_rows
    assert files() == expected_files
    assert catalogue_search() == expected_search
    secret = (Path(django_settings.DATA_DIR) / "secret_key").read_text()
    assert secret == django_settings.SECRET_KEY


def test_restore_refuses_an_installation_with_data(installation):
    make_data()
    archive = installation / "zaloha.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), verbosity=0)
    rows = table_rows()
    assert rows["accounts_user"]  # untouched


def test_restore_refuses_what_is_not_a_backup(installation):
    bad = installation / "bad.tar.gz"
    bad.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="not a socplan backup"):
        call_command("restore", str(bad), verbosity=0)


def test_reindex_rebuilds_the_catalogue_search(installation, capsys):
    h.catalogue()

    def by_description():  # words of the care service's description only
        return search.ranked_ids(Service.objects.all(), "nakupem uklidem hygienou")

    expected = by_description()
    assert len(expected) == 1
    search.write_index(dict.fromkeys(Service.objects.values_list("pk", flat=True), "x\ny"))
    assert by_description() == []
    call_command("reindex")
    assert by_description() == expected
    assert "catalogue" in capsys.readouterr().out
