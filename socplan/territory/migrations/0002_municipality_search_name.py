import unicodedata

from django.db import migrations, models


def _key(text):
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def fill_search_name(apps, schema_editor):
    Municipality = apps.get_model("territory", "Municipality")
    rows = list(Municipality.objects.only("id", "name"))
    for row in rows:
        row.search_name = _key(row.name)
    Municipality.objects.bulk_update(rows, ["search_name"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("territory", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="municipality",
            name="search_name",
            field=models.CharField(
                blank=True,
                db_index=True,
                editable=False,
                max_length=150,
                verbose_name="name for searching",
            ),
        ),
        migrations.RunPython(fill_search_name, migrations.RunPython.noop),
    ]
