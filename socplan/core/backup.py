"""Backup and restore of a whole installation (``socplan backup FILE``, ``socplan restore FILE``).

One archive (``.tar.gz``) holds everything an installation cannot make again:

- ``database.sqlite3`` or ``database.pgdump``: an online, consistent copy of the database
  (SQLite's backup API, which copies a snapshot while the site keeps running; or
  ``pg_dump --format=custom``, one repeatable-read transaction);
- ``files/<ROOT>/...``: every uploaded and generated file, from each folder named by a
  ``*_ROOT`` setting except ``STATIC_ROOT`` (``MEDIA_ROOT``, ``LIBRARY_ROOT``,
  ``PRIVATE_ROOT``, and any later one);
- ``secret_key``: signed links (invitations, password resets) stay valid after a restore;
- ``manifest.json``: what is inside, and from which database engine.

The database is copied first, the files after it, so that every file a row names is there
(a file added in between is in the archive too and harmless).

A restore goes into an *empty* installation: no database yet, or one just migrated with no
accounts, and empty file folders (``force=True`` replaces what is there). It then migrates
the database to the code's migrations and rebuilds the search indexes
(:func:`socplan.core.maintenance.reindex_all`).
"""

from __future__ import annotations

import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from .maintenance import reindex_all

ARCHIVE_FORMAT = 1
MANIFEST = "manifest.json"
SECRET_KEY_FILE = "secret_key"
FILES = "files"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why (translated)."""


@dataclass
class Report:
    engine: str = ""
    files: dict[str, int] = field(default_factory=dict)
    indexed: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def engine() -> str:
    vendor = connection.vendor
    if vendor not in DUMPS:
        raise BackupError(
            _("Backups support SQLite and PostgreSQL, not %(vendor)s.") % {"vendor": vendor}
        )
    return vendor


def file_roots() -> dict[str, Path]:
    """Every folder of uploaded or generated files: the ``*_ROOT`` settings but static files."""
    roots = {}
    for name in dir(settings):
        if name.endswith("_ROOT") and name.isupper() and name != "STATIC_ROOT":
            value = getattr(settings, name)
            if isinstance(value, str | Path) and str(value):
                roots[name] = Path(value)
    return dict(sorted(roots.items()))


# --- backup ------------------------------------------------------------------------------


def backup(path: Path) -> Report:
    """Write the archive ``path`` (replaced atomically when it exists)."""
    path = Path(path).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    report = Report(engine=engine())
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".socplan-backup-") as tmp:
        dump = Path(tmp) / DUMPS[report.engine]
        if report.engine == "sqlite":
            _sqlite_copy(dump)
        else:
            _pg_dump(dump)
        partial = Path(tmp) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(dump, arcname=dump.name)
            for name, root in file_roots().items():
                report.files[name] = _add_tree(archive, root, f"{FILES}/{name}")
            _add_bytes(archive, SECRET_KEY_FILE, settings.SECRET_KEY.encode())
            manifest = {
                "format": ARCHIVE_FORMAT,
                "created": timezone.now().isoformat(),
                "engine": report.engine,
                "database": dump.name,
                "files": report.files,
            }
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2).encode())
        os.chmod(partial, 0o600)  # the secret key and personal data are inside
        os.replace(partial, path)
    return report


def _sqlite_copy(target: Path) -> None:
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        with destination:
            connection.connection.backup(destination)
    finally:
        destination.close()


def _pg_settings() -> tuple[list[str], dict[str, str]]:
    database = connection.settings_dict  # the test database's name in tests
    args = []
    if database.get("HOST"):
        args += ["--host", str(database["HOST"])]
    if database.get("PORT"):
        args += ["--port", str(database["PORT"])]
    if database.get("USER"):
        args += ["--username", str(database["USER"])]
    env = {**os.environ}
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            _("%(program)s is missing: install the PostgreSQL client (postgresql-client).")
            % {"program": command[0]}
        )
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(
            _("%(program)s failed: %(error)s")
            % {"program": command[0], "error": result.stderr.strip()[-2000:]}
        )


def _pg_dump(target: Path) -> None:
    args, env = _pg_settings()
    name = connection.settings_dict["NAME"]
    _run(
        [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            *args,
            "--file",
            str(target),
            "--dbname",
            name,
        ],
        env,
    )


def _add_tree(archive: tarfile.TarFile, root: Path, arcname: str) -> int:
    count = 0
    if not root.is_dir():
        return count
    for folder, _dirs, names in os.walk(root):
        for filename in sorted(names):
            source = Path(folder) / filename
            relative = source.relative_to(root).as_posix()
            try:
                archive.add(source, arcname=f"{arcname}/{relative}", recursive=False)
            except FileNotFoundError:
                continue  # deleted while the backup ran: its row is gone too
            count += 1
    return count


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    info.mtime = int(datetime.datetime.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


# --- restore -----------------------------------------------------------------------------


def database_is_empty() -> bool:
    """No tables yet, or tables without a single account (a fresh ``migrate``)."""
    tables = connection.introspection.table_names()
    from django.contrib.auth import get_user_model

    users = get_user_model()._meta.db_table
    if users not in tables:
        return True
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(users)} LIMIT 1")  # noqa: S608
        return cursor.fetchone() is None


def restore(path: Path, *, force: bool = False) -> Report:
    path = Path(path)
    if not path.is_file():
        raise BackupError(_("The archive %(path)s does not exist.") % {"path": path})
    report = Report(engine=engine())
    roots = file_roots()
    if not force:
        if not database_is_empty():
            raise BackupError(
                _(
                    "The database is not empty: restore goes into an empty installation "
                    "(or use --force to replace everything)."
                )
            )
        busy = [str(root) for root in roots.values() if root.is_dir() and any(root.iterdir())]
        if busy:
            raise BackupError(
                _("These folders are not empty: %(folders)s (use --force to replace them).")
                % {"folders": ", ".join(busy)}
            )
    with tempfile.TemporaryDirectory(prefix=".socplan-restore-") as tmp:
        folder = Path(tmp)
        try:
            with tarfile.open(path, "r:*") as archive:
                archive.extractall(folder, filter="data")
            manifest = json.loads((folder / MANIFEST).read_text())
        except (tarfile.TarError, OSError, ValueError) as error:
            raise BackupError(
                _("%(path)s is not a socplan backup: %(error)s") % {"path": path, "error": error}
            ) from error
        if manifest.get("format") != ARCHIVE_FORMAT:
            raise BackupError(_("This backup was made by another version of socplan."))
        if manifest.get("engine") != report.engine:
            raise BackupError(
                _("This backup is of a %(archive)s database; this installation uses %(here)s.")
                % {"archive": manifest.get("engine"), "here": report.engine}
            )
        dump = folder / manifest["database"]
        if report.engine == "sqlite":
            _sqlite_restore(dump)
        else:
            _pg_restore(dump)
        for name, root in roots.items():
            source = folder / FILES / name
            if force and root.is_dir():
                shutil.rmtree(root)
            root.mkdir(parents=True, exist_ok=True)
            report.files[name] = _copy_tree(source, root) if source.is_dir() else 0
        missing = set(manifest.get("files", {})) - set(roots)
        if missing:
            report.notes.append(
                _("Files of %(names)s have no folder in this installation; they were left out.")
                % {"names": ", ".join(sorted(missing))}
            )
        report.notes += _restore_secret_key((folder / SECRET_KEY_FILE).read_text().strip())
    call_command("migrate", interactive=False, verbosity=0)
    report.indexed = reindex_all()
    return report


def _sqlite_restore(dump: Path) -> None:
    # the backup API replaces the whole content of the open database, page by page
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _pg_restore(dump: Path) -> None:
    # a fresh `migrate` may have made tables: start from an empty schema
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA IF EXISTS public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    connection.close()
    args, env = _pg_settings()
    name = connection.settings_dict["NAME"]
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            *args,
            "--dbname",
            name,
            str(dump),
        ],
        env,
    )


def _copy_tree(source: Path, target: Path) -> int:
    count = 0
    for folder, _dirs, names in os.walk(source):
        for filename in names:
            origin = Path(folder) / filename
            destination = target / origin.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origin, destination)
            count += 1
    return count


def _restore_secret_key(key: str) -> list[str]:
    if os.environ.get("SECRET_KEY"):
        if os.environ["SECRET_KEY"] != key:
            return [
                _(
                    "SECRET_KEY is set in the environment and differs from the backup's: set it "
                    "to the backup's key, or links sent before the backup stop working."
                )
            ]
        return []
    key_file = Path(settings.DATA_DIR) / "secret_key"
    key_file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return []
