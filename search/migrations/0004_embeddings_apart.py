"""Embeddings move to their own table, and PostgreSQL keeps index entries' long values out of line.

Embeddings apart: a rebuilt index answers as soon as its words are written, and the slower
embeddings are then inserted, not written into every entry again.

PostgreSQL's ``toast_tuple_target``: an entry row then holds about 100 bytes in the table
itself. A look-up or a facet count reads one table row per match, and with company rows of about
3 kB that meant one page per match. Rows written before keep their layout until
`manage.py reindex` rewrites them.
"""

from django.db import migrations, models

COPY = "INSERT INTO search_searchembedding (kind, object_id, vector) SELECT kind, object_id, embedding FROM search_searchentry WHERE embedding IS NOT NULL"
COPY_BACK = (
    "UPDATE search_searchentry SET embedding = (SELECT vector FROM search_searchembedding e "
    "WHERE e.kind = search_searchentry.kind AND e.object_id = search_searchentry.object_id)"
)


def small_rows(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_searchentry SET (toast_tuple_target = 128)")


def default_rows(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_searchentry RESET (toast_tuple_target)")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_positionless_index")]
    operations = [
        migrations.CreateModel(
            name="SearchEmbedding",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(max_length=20, verbose_name="kind")),
                ("object_id", models.PositiveBigIntegerField(verbose_name="object")),
                ("vector", models.BinaryField(verbose_name="vector")),
            ],
            options={
                "verbose_name": "search embedding",
                "verbose_name_plural": "search embeddings",
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "object_id"), name="search_embedding_unique")
                ],
            },
        ),
        migrations.RunSQL(COPY, COPY_BACK),
        migrations.RemoveField(model_name="searchentry", name="embedding"),
        migrations.RunPython(small_rows, default_rows),
    ]
