"""Index look-ups on SQLite (FTS5) and PostgreSQL (tsvector), with the same semantics.

Each look-up answers one question: which objects of a kind have this phrase (a run of
index tokens, optionally ending in a prefix) in this field. Tokens only ever contain
Hangul syllables, a-z and digits (see search.text), and are checked again here, so no
user input reaches the query syntax of either engine.
"""

from __future__ import annotations

import re

from django.db import connection

from search.query import Phrase

SAFE_TOKEN = re.compile(r"^[\uac00-\ud7a3a-z0-9]+$")
FIELDS = ("title", "body", "codes")


def _safe(tokens) -> list[str]:
    return [token for token in tokens if SAFE_TOKEN.match(token)]


class SQLiteBackend:
    def match(self, kind: str, phrase: Phrase, field: str) -> set[int]:
        tokens = _safe(phrase.tokens)
        if not tokens or field not in FIELDS:
            return set()
        expression = '"' + " ".join(tokens) + '"' + ("*" if phrase.prefix else "")
        # A sub-query, not a join: SQLite would otherwise run the FTS look-up once per entry (50x slower).
        sql = (
            "SELECT object_id FROM search_searchentry WHERE kind = %s "
            "AND id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [kind, f"{field} : {expression}"])
            return {row[0] for row in cursor.fetchall()}


class PostgresBackend:
    def match(self, kind: str, phrase: Phrase, field: str) -> set[int]:
        tokens = _safe(phrase.tokens)
        if not tokens or field not in FIELDS:
            return set()
        quoted = [f"'{token}'" for token in tokens]
        if phrase.prefix:
            quoted[-1] += ":*"
        sql = (
            f"SELECT object_id FROM search_searchentry "  # noqa: S608 - field is from FIELDS
            f"WHERE kind = %s AND {field}_vector @@ to_tsquery('simple', %s)"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [kind, " <-> ".join(quoted)])
            return {row[0] for row in cursor.fetchall()}


def backend():
    return PostgresBackend() if connection.vendor == "postgresql" else SQLiteBackend()
