from pathlib import Path

from django.conf import settings
from django.db import migrations

import socplan.core.files

PENDING_PHOTO_DIR = "catalogue/photos/proposed"


def move_waiting_photos_out_of_media(apps, schema_editor):
    """Photos proposed before this migration wait in MEDIA_ROOT/catalogue/photos/proposed/:
    move those that are still waiting (no service's photo is that file; accepted ones stay
    where they are, public) into the private storage under the same name, where the review
    page and the acceptance look for them now."""
    folder = Path(settings.MEDIA_ROOT) / PENDING_PHOTO_DIR
    if not folder.is_dir():
        return
    ServicePhoto = apps.get_model("catalogue", "ServicePhoto")
    published = set(
        ServicePhoto.objects.filter(image__startswith=f"{PENDING_PHOTO_DIR}/").values_list(
            "image", flat=True
        )
    )
    storage = socplan.core.files.private_storage()
    for old in sorted(folder.iterdir()):
        name = f"{PENDING_PHOTO_DIR}/{old.name}"
        if not old.is_file() or name in published:
            continue
        if not storage.exists(name):
            with old.open("rb") as content:
                storage.save(name, content)
        old.unlink()
    if not any(folder.iterdir()):
        folder.rmdir()


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0006_registry_uploads_private"),
    ]

    operations = [
        migrations.RunPython(
            move_waiting_photos_out_of_media, migrations.RunPython.noop, elidable=True
        ),
    ]
