"""Index look-ups on SQLite (FTS5) and PostgreSQL (tsvector), with the same semantics.

A look-up asks which objects of a kind contain every token of some phrases in a field:
``title`` (the names), ``text`` (anywhere: names and everything else) or ``codes``. A
phrase's last token may be a prefix. Look-ups are capped: they return at most ``limit``
objects, the first ones in index order, and stop there, so a common word costs no more than
a rare one; ``count`` tells how many objects match any of some alternatives, up to a limit
too. Each kind has its own index (see search.structures). Tokens only ever contain Hangul
syllables, a-z and digits (see search.text) and are checked again here, as are kinds
(lower-case letters), so no user input reaches the query syntax of either engine.

The module also registers ``__any_of``, a lookup for many ids in one parameter.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from django.db import connection
from django.db.models import Field, ForeignObject, Lookup

from search.query import Phrase
from search.structures import FIELDS, fts_table

SAFE_TOKEN = re.compile(r"^[\uac00-\ud7a3a-z0-9]+$")
SAFE_KIND = re.compile(r"^[a-z]+$")


def _tokens(phrase: Phrase) -> list[str]:
    return [token for token in phrase.tokens if SAFE_TOKEN.match(token)]


def _check(kind: str, field: str) -> None:
    if not SAFE_KIND.match(kind) or field not in FIELDS:
        raise ValueError(f"unknown kind or field: {kind!r}, {field!r}")


class _Backend:
    """Look-ups and counts, each batch in one statement: a search makes dozens of them."""

    def match(self, kind: str, phrases: Sequence[Phrase], field: str, limit: int) -> list[int]:
        return self.match_many(kind, [(phrases, field)], limit)[0]

    def match_many(
        self, kind: str, requests: Sequence[tuple[Sequence[Phrase], str]], limit: int
    ) -> list[list[int]]:
        """For each (phrases, field): up to ``limit`` objects of ``kind`` with all the phrases' tokens in the field."""
        branches, params = [], []
        for index, (phrases, field) in enumerate(requests):
            _check(kind, field)
            query = self._query(phrases, field)
            if query is not None:
                branches.append(self._match_sql(kind, field, index))
                params += [query, limit]
        found: list[list[int]] = [[] for _ in requests]
        if branches:
            with connection.cursor() as cursor:
                cursor.execute(" UNION ALL ".join(branches), params)
                for index, object_id in cursor.fetchall():
                    found[index].append(object_id)
        return found

    def count(self, kind: str, alternatives: Sequence[Sequence[Phrase]], limit: int) -> int:
        return self.count_many(kind, [alternatives], limit)[0]

    def count_many(self, kind: str, terms: Sequence[Sequence[Sequence[Phrase]]], limit: int) -> list[int]:
        """For each term's alternatives (lists of phrases): how many objects match any of them
        anywhere, counted up to ``limit``."""
        _check(kind, "text")
        columns, params = [], []
        for alternatives in terms:
            queries = [q for q in (self._query(phrases, "text") for phrases in alternatives) if q is not None]
            if queries:
                columns.append(self._count_sql(kind))
                params += [self._union(queries), limit]
            else:
                columns.append("0")
        if not columns:
            return []
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(columns), params)
            return list(cursor.fetchone())


class SQLiteBackend(_Backend):
    COLUMNS = {"title": "title", "text": "{title body}", "codes": "codes"}  # FTS5 column filters

    def _query(self, phrases: Sequence[Phrase], field: str) -> str | None:
        """FTS5 syntax for 'every token of every phrase in the field', or None when nothing is left."""
        parts = []
        for phrase in phrases:
            tokens = _tokens(phrase)
            if not tokens:
                return None
            quoted = [f'"{token}"' for token in tokens]
            if phrase.prefix:
                quoted[-1] += "*"
            parts.extend(quoted)
        return f"{self.COLUMNS[field]} : ({' AND '.join(parts)})" if parts else None

    def _union(self, queries: list[str]) -> str:
        return " OR ".join(f"({query})" for query in queries)

    def _match_sql(self, kind: str, field: str, index: int) -> str:
        # The capped FTS look-up first, then entry ids to object ids through the narrow index
        # (the planner would read the wide table's rows instead, 2-3 times slower).
        table = fts_table(kind)
        return (
            f"SELECT {index}, object_id FROM search_searchentry INDEXED BY search_entry_id_object "  # noqa: S608
            f"WHERE id IN (SELECT rowid FROM {table} WHERE {table} MATCH %s LIMIT %s)"
        )

    def _count_sql(self, kind: str) -> str:
        table = fts_table(kind)
        return f"(SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {table} MATCH %s LIMIT %s))"  # noqa: S608


class PostgresBackend(_Backend):
    def _query(self, phrases: Sequence[Phrase], field: str) -> str | None:
        parts = []
        for phrase in phrases:
            tokens = _tokens(phrase)
            if not tokens:
                return None
            quoted = [f"'{token}'" for token in tokens]
            if phrase.prefix:
                quoted[-1] += ":*"
            parts.extend(quoted)
        return " & ".join(parts) if parts else None

    def _union(self, queries: list[str]) -> str:
        return " | ".join(f"({query})" for query in queries)

    # The kind is written into the statements so that the planner picks its partial indexes.
    def _match_sql(self, kind: str, field: str, index: int) -> str:
        return (
            f"(SELECT {index}, object_id FROM search_searchentry "  # noqa: S608 - a checked kind and field
            f"WHERE kind = '{kind}' AND {field}_vector @@ to_tsquery('simple', %s) LIMIT %s)"
        )

    def _count_sql(self, kind: str) -> str:
        return (
            "(SELECT count(*) FROM (SELECT 1 FROM search_searchentry "  # noqa: S608 - a checked kind
            f"WHERE kind = '{kind}' AND text_vector @@ to_tsquery('simple', %s) LIMIT %s) AS found)"
        )


def backend():
    return PostgresBackend() if connection.vendor == "postgresql" else SQLiteBackend()


class AnyOf(Lookup):
    """``column__any_of=ids``: integer ids as one parameter, for a column with an index of its own.

    Django builds a parameter per id for ``__in``: milliseconds for a search's 1,000 ids, and
    PostgreSQL then spent more time planning the statement than running it. Here PostgreSQL gets
    ``= ANY(array)`` (an index scan, as for a list), SQLite a sub-query over a JSON array. SQLite
    cannot see how many ids that holds, so use it only where the column's index is the sole way
    in: it scanned a whole table through another index otherwise.
    """

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        ids = [int(i) for i in self.rhs]
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*params, ids]
        return f"{lhs} IN (SELECT value FROM json_each(%s))", [*params, json.dumps(ids)]  # noqa: S608


Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)  # foreign keys keep lookups of their own
