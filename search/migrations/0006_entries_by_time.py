"""Entries are found by when they were written: each process brings its spelling vocabulary and
embedding matrix up to date from the entries written since its last read (search.refresh)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0005_entry_facets"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(fields=["kind", "updated_at"], name="search_entry_written"),
        ),
    ]
