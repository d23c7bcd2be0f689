"""Saved searches get a version (``updated_at``) for optimistic locking.

Added nullable and filled from ``created_at`` here; 0003 makes it required. Two migrations because
PostgreSQL refuses to alter a table in the transaction that updated its rows ("pending trigger
events") and each migration runs in its own transaction.
"""

from django.db import migrations, models
from django.db.models import F


def fill_from_created_at(apps, schema_editor):
    # QuerySet.update() skips auto_now, so each row's version is when it was saved.
    SavedSearch = apps.get_model("alerts", "SavedSearch")
    SavedSearch.objects.using(schema_editor.connection.alias).filter(updated_at__isnull=True).update(
        updated_at=F("created_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="savedsearch",
            name="updated_at",
            field=models.DateTimeField(null=True, verbose_name="updated"),
        ),
        migrations.RunPython(fill_from_created_at, migrations.RunPython.noop),
    ]
