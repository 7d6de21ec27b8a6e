"""The date of a document feeds the funder's output indicators (help text only)."""

import datetime

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0001_documents_news_events"),
    ]

    operations = [
        migrations.AlterField(
            model_name="document",
            name="issued_on",
            field=models.DateField(
                default=datetime.date.today,
                help_text="When the document was issued or approved; used by the output indicators.",
                verbose_name="date of the document",
            ),
        ),
    ]
