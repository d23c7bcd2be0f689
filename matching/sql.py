"""SQL fragments the ranking writes itself: quoted names and id lists passed as one parameter."""

from __future__ import annotations

import json

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL


def sql_table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def sql_column(model, name: str) -> str:
    return f"{sql_table(model)}.{connection.ops.quote_name(model._meta.get_field(name).column)}"


def ids_in(column: str, ids) -> tuple[str, list]:
    """``column IN ids`` with the ids as one parameter (a JSON array on SQLite, an array on
    PostgreSQL): thousands of ids pass through here, and bound one by one they cost more than the
    query itself. ``column`` is SQL written here from model names, never user input."""
    values = sorted(int(pk) for pk in ids)
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s::bigint[])", [values]
    return f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps(values)]  # noqa: S608


def pk_in(model, ids) -> RawSQL:
    sql, params = ids_in(sql_column(model, model._meta.pk.name), ids)
    return RawSQL(sql, params, output_field=BooleanField())  # noqa: S611
