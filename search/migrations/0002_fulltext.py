"""Full-text structures beside search_searchentry, per database vendor.

SQLite: an external-content FTS5 table kept in step by triggers. PostgreSQL: tsvector
columns generated from the token columns, each with a GIN index. Both index the same
tokens (Hangul bigrams, stems, digits), so both backends answer the same queries.
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, codes, content='search_searchentry', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_entry_ai AFTER INSERT ON search_searchentry BEGIN "
    "INSERT INTO search_fts(rowid, title, body, codes) VALUES (new.id, new.title, new.body, new.codes); END",
    "CREATE TRIGGER search_entry_ad AFTER DELETE ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, body, codes) VALUES ('delete', old.id, old.title, old.body, old.codes); END",
    "CREATE TRIGGER search_entry_au AFTER UPDATE ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, body, codes) VALUES ('delete', old.id, old.title, old.body, old.codes); "
    "INSERT INTO search_fts(rowid, title, body, codes) VALUES (new.id, new.title, new.body, new.codes); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_entry_au",
    "DROP TRIGGER IF EXISTS search_entry_ad",
    "DROP TRIGGER IF EXISTS search_entry_ai",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES = [
    f"ALTER TABLE search_searchentry ADD COLUMN {column}_vector tsvector "
    f"GENERATED ALWAYS AS (to_tsvector('simple', {column})) STORED"
    for column in ("title", "body", "codes")
] + [
    f"CREATE INDEX search_entry_{column}_gin ON search_searchentry USING GIN ({column}_vector)"
    for column in ("title", "body", "codes")
]
POSTGRES_REVERSE = [f"ALTER TABLE search_searchentry DROP COLUMN {c}_vector" for c in ("title", "body", "codes")]


def forward(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
