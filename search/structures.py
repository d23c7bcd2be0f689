"""Each registered kind's own full-text index, made after every migrate (as Django makes content types).

SQLite: a contentless FTS5 table per kind, kept in step by triggers on search_searchentry.
PostgreSQL: partial GIN indexes per kind on the entries' tsvector columns (migration 0003).
A look-up or count for one kind then never walks another kind's postings: products outnumber
companies ten to one, and a shared index made counting a company word 4 times slower.

Tokens have no positions (FTS5 ``detail=column``, stripped tsvectors): no look-up needs them.
"""

from __future__ import annotations

import contextlib
from concurrent.futures import ThreadPoolExecutor

from django.db import connections, transaction

from search.registry import REGISTRY
from search.workers import worker_count

BUILD_MEMORY = "256MB"  # for PostgreSQL to build a kind's GIN indexes in one go

# Names and everything else; names; identifiers. Largest index first: PostgreSQL builds them in
# this order, side by side, so that the builds end together.
FIELDS = ("text", "title", "codes")


def fts_table(kind: str) -> str:
    return f"search_fts_{kind}"


# Kinds are lower-case letters (checked by search.registry.register), so they go into SQL as is.
SQLITE_TABLE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5(title, body, codes, content='', "
    "detail=column, tokenize='unicode61 remove_diacritics 0')"
)
# The triggers that keep a kind's table in step with the entries, by name suffix.
SQLITE_TRIGGERS = {
    "ai": "AFTER INSERT ON search_searchentry WHEN new.kind = '{kind}' "
    "BEGIN INSERT INTO {table}(rowid, title, body, codes) VALUES (new.id, new.title, new.body, new.codes); END",
    # A contentless table forgets a row when told the values it was given.
    "ad": "AFTER DELETE ON search_searchentry WHEN old.kind = '{kind}' "
    "BEGIN INSERT INTO {table}({table}, rowid, title, body, codes) "
    "VALUES ('delete', old.id, old.title, old.body, old.codes); END",
    "au": "AFTER UPDATE OF kind, title, body, codes ON search_searchentry "
    "WHEN old.kind = '{kind}' OR new.kind = '{kind}' BEGIN "
    "INSERT INTO {table}({table}, rowid, title, body, codes) "
    "SELECT 'delete', old.id, old.title, old.body, old.codes WHERE old.kind = '{kind}'; "
    "INSERT INTO {table}(rowid, title, body, codes) "
    "SELECT new.id, new.title, new.body, new.codes WHERE new.kind = '{kind}'; END",
}
SQLITE = [
    SQLITE_TABLE,
    *(f"CREATE TRIGGER IF NOT EXISTS {{table}}_{suffix} {body}" for suffix, body in SQLITE_TRIGGERS.items()),
]
POSTGRES = [
    "CREATE INDEX IF NOT EXISTS search_{kind}_{field}_gin ON search_searchentry "
    "USING GIN ({field}_vector) WHERE kind = '{kind}'"
]


# A table made (or remade) for entries already there starts with them.
SQLITE_FILL = (
    "INSERT INTO {table}(rowid, title, body, codes) "
    "SELECT id, title, body, codes FROM search_searchentry WHERE kind = '{kind}'"
)
SQLITE_EMPTY = "INSERT INTO {table}({table}) VALUES ('delete-all')"


def _statements(vendor: str, kind: str) -> list[str]:
    if vendor == "sqlite":
        return [statement.format(table=fts_table(kind), kind=kind) for statement in SQLITE]
    if vendor == "postgresql":
        return [statement.format(kind=kind, field=field) for statement in POSTGRES for field in FIELDS]
    return []


def ensure(connection, kinds=None) -> None:
    """Create the full-text structures of every registered kind (or of ``kinds``) that lacks them.

    On SQLite a table without its triggers has missed changes (a rebuild that stopped before
    the end leaves it so): it is emptied and filled again from the entries.
    """
    with connection.cursor() as cursor:
        for kind in REGISTRY if kinds is None else kinds:
            table = fts_table(kind)
            stale = connection.vendor == "sqlite" and not _sqlite_has(cursor, "trigger", f"{table}_ai")
            existed = stale and _sqlite_has(cursor, "table", table)
            for statement in _statements(connection.vendor, kind):
                cursor.execute(statement)
            if existed:
                cursor.execute(SQLITE_EMPTY.format(table=table))
            if stale:
                cursor.execute(SQLITE_FILL.format(table=table, kind=kind))


def _sqlite_has(cursor, kind: str, name: str) -> bool:
    cursor.execute("SELECT 1 FROM sqlite_master WHERE type = %s AND name = %s", [kind, name])
    return cursor.fetchone() is not None


@contextlib.contextmanager
def rebuilt_afterwards(connection, kinds: list[str]):
    """Let a rebuild write these kinds' entries without their full-text structures, and build
    those once at the end: one build of a whole index cost a fraction of growing it row by row.

    PostgreSQL: the kinds' GIN indexes are dropped, then built again with more working memory
    (a tenth of the time), several at once on their own connections when the rebuild is not
    inside a transaction (one index build uses one core). SQLite: the kinds' triggers are
    dropped and their FTS5 tables emptied, then filled by one statement each from the entries
    and the triggers made again (the entries' inserts took half the time, the whole write a
    third). Searches of those kinds meanwhile find nothing on SQLite and read the table without
    an index on PostgreSQL (slowly). The structures come back even when the rebuild fails; after
    a crash, ``reindex`` or ``migrate`` makes them.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for kind in kinds:
                for field in FIELDS:
                    cursor.execute(f"DROP INDEX IF EXISTS search_{kind}_{field}_gin")
        try:
            yield
        finally:
            _build_postgres_indexes(connection, kinds)
        return
    if connection.vendor != "sqlite":
        yield
        return
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for kind in kinds:
            table = fts_table(kind)
            cursor.execute(SQLITE_TABLE.format(table=table))
            for suffix in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix}")
            cursor.execute(SQLITE_EMPTY.format(table=table))
    try:
        yield
    finally:
        # Nothing wrote to the tables meanwhile (no triggers): ensure() fills them from every entry.
        with transaction.atomic(using=connection.alias):
            ensure(connection, kinds)


def _build_postgres_indexes(connection, kinds: list[str]) -> None:
    # Field by field, largest first; a parts kind (products, listed second) outnumbers its owner.
    statements = [POSTGRES[0].format(kind=kind, field=field) for field in FIELDS for kind in reversed(kinds)]

    def build(statements: list[str], conn) -> None:
        with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
            cursor.execute(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'")
            for statement in statements:
                cursor.execute(statement)

    workers = min(worker_count(), len(statements))
    if connection.in_atomic_block or workers < 2:  # another connection would wait for this one's locks
        build(statements, connection)
        return

    def build_alone(statement: str) -> None:
        conn = connections[connection.alias]  # this thread's own connection
        try:
            build([statement], conn)
        finally:
            conn.close()

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(build_alone, statements))


def after_migrate(sender, using="default", **kwargs) -> None:
    from django.db import connections

    ensure(connections[using])
