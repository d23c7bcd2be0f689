"""System checks that stop start-up (and `migrate`) on a misconfigured database."""

from django.core.checks import Error, Tags, register
from django.db import connections


def _utf8(locale_name: str) -> bool:
    return locale_name.replace("-", "").lower().endswith("utf8")


@register(Tags.database)
def check_postgresql_ctype(app_configs=None, databases=None, **kwargs):
    """Refuse a PostgreSQL database whose LC_CTYPE is not UTF-8.

    pg_trgm extracts trigrams only from characters that the database's ctype
    classifies as alphanumeric; under the C locale every Hangul syllable is
    ignored, so Korean search would silently find nothing.
    """
    errors = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT datname, datctype, pg_encoding_to_char(encoding) "
                "FROM pg_database WHERE datname = current_database()"
            )
            name, ctype, encoding = cursor.fetchone()
        if not _utf8(ctype) or encoding.upper() != "UTF8":
            errors.append(
                Error(
                    f"PostgreSQL database {name!r} has LC_CTYPE {ctype!r} and encoding {encoding!r}; "
                    "K-OFFSET needs UTF-8 so that Korean text is searchable.",
                    hint=(
                        f'Create it again: CREATE DATABASE "{name}" TEMPLATE template0 '
                        "ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8';"
                    ),
                    id="koffset.E001",
                )
            )
    return errors
