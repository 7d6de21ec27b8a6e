from pathlib import Path

from django.conf import settings
from django.db import migrations

import socplan.core.files

UPLOAD_DIR = "registry-imports"


def move_uploads_out_of_media(apps, schema_editor):
    """Register files uploaded before this migration wait in MEDIA_ROOT/registry-imports/:
    move them into the private storage under the same name, where their queued import job
    (its ``upload`` parameter) looks for them now."""
    folder = Path(settings.MEDIA_ROOT) / UPLOAD_DIR
    if not folder.is_dir():
        return
    storage = socplan.core.files.private_storage()
    for old in sorted(folder.iterdir()):
        if not old.is_file():
            continue
        name = f"{UPLOAD_DIR}/{old.name}"
        if not storage.exists(name):
            with old.open("rb") as content:
                storage.save(name, content)
        old.unlink()
    if not any(folder.iterdir()):
        folder.rmdir()


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0005_timestamps"),
    ]

    operations = [
        migrations.RunPython(move_uploads_out_of_media, migrations.RunPython.noop, elidable=True),
    ]
