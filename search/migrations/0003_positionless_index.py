"""The index without token positions, one per kind.

Korean words are now single tokens (syllable bigrams and trigrams, see search.text), so no
look-up is a phrase query any more and positions are dropped: PostgreSQL's tsvectors are
stripped, SQLite's FTS5 tables keep `detail=column`. Phrase queries made PostgreSQL re-read the
whole tsvector of every candidate row; without them both answer from the inverted index alone.

The shared FTS5 table and GIN indexes go: each registered kind gets its own after migrate
(search.structures). PostgreSQL keeps three tsvector columns: title (names), text (names and
everything else: a match anywhere) and codes. SQLite gets a narrow index from entry id to
object id, the last step of every look-up.

The stored tokens change with it, so the entries are emptied: run `manage.py reindex`.
"""

from django.db import migrations

SQLITE_OLD = [
    "DROP TRIGGER IF EXISTS search_entry_au",
    "DROP TRIGGER IF EXISTS search_entry_ad",
    "DROP TRIGGER IF EXISTS search_entry_ai",
    "DROP TABLE IF EXISTS search_fts",
]
SQLITE = [
    *SQLITE_OLD,
    "DELETE FROM search_searchentry",
    "CREATE INDEX search_entry_id_object ON search_searchentry (id, object_id)",
]
SQLITE_REVERSE = [
    "DROP INDEX IF EXISTS search_entry_id_object",
    "DELETE FROM search_searchentry",
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, codes, content='search_searchentry', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_entry_ai AFTER INSERT ON search_searchentry BEGIN "
    "INSERT INTO search_fts(rowid, title, body, codes) VALUES (new.id, new.title, new.body, new.codes); END",
    "CREATE TRIGGER search_entry_ad AFTER DELETE ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, body, codes) "
    "VALUES ('delete', old.id, old.title, old.body, old.codes); END",
    "CREATE TRIGGER search_entry_au AFTER UPDATE ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, body, codes) "
    "VALUES ('delete', old.id, old.title, old.body, old.codes); "
    "INSERT INTO search_fts(rowid, title, body, codes) VALUES (new.id, new.title, new.body, new.codes); END",
]

VECTORS = {"title": "title", "text": "title || ' ' || body", "codes": "codes"}
POSTGRES = [
    "DELETE FROM search_searchentry",
    "ALTER TABLE search_searchentry DROP COLUMN title_vector, DROP COLUMN body_vector, DROP COLUMN codes_vector",
    *[
        f"ALTER TABLE search_searchentry ADD COLUMN {name}_vector tsvector "
        f"GENERATED ALWAYS AS (strip(to_tsvector('simple', {source}))) STORED"
        for name, source in VECTORS.items()
    ],
]
POSTGRES_REVERSE = [
    "DELETE FROM search_searchentry",
    "ALTER TABLE search_searchentry DROP COLUMN title_vector, DROP COLUMN text_vector, DROP COLUMN codes_vector",
    *[
        f"ALTER TABLE search_searchentry ADD COLUMN {column}_vector tsvector "
        f"GENERATED ALWAYS AS (to_tsvector('simple', {column})) STORED"
        for column in ("title", "body", "codes")
    ],
    *[
        f"CREATE INDEX search_entry_{column}_gin ON search_searchentry USING GIN ({column}_vector)"
        for column in ("title", "body", "codes")
    ],
]


def forward(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":  # the kinds' own tables and triggers (PostgreSQL's indexes go with the columns)
        with connection.cursor() as cursor:
            cursor.execute("SELECT type, name FROM sqlite_master WHERE name LIKE 'search\\_fts\\_%' ESCAPE '\\'")
            made = cursor.fetchall()
        for kind, name in sorted(made, key=lambda row: row[0] != "trigger"):
            if kind in ("trigger", "table"):
                schema_editor.execute(f"DROP {kind.upper()} IF EXISTS {name}")
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]
    operations = [migrations.RunPython(forward, backward)]
