"""Index entries keep their object's facet values, so a search's facet counts read one table.

On SQLite the values are also kept in a covering index: an entry's record holds its long token
columns first, and reading the facet values at its end cost a walk through them (11 ms for a
search's 1,000 results at 100,000 companies; 6 ms from the index). PostgreSQL keeps the entries'
long values out of line already (0004) and has a limit on index row size that a company with
many capabilities could pass.
"""

from django.db import migrations, models


def covering_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "CREATE INDEX search_entry_facets ON search_searchentry (kind, object_id, facets)"
        )


def drop_covering_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_facets")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_embeddings_apart"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="facets",
            field=models.TextField(
                blank=True,
                help_text="The object's facet values as space-separated name:value keys; empty when the kind has none.",
                null=True,
                verbose_name="facet values",
            ),
        ),
        migrations.RunPython(covering_index, drop_covering_index),
    ]
