"""The PostgreSQL LC_CTYPE check, against a stand-in connection and against the real one."""

from contextlib import contextmanager

import pytest
from django.db import connection

from core import checks


class FakeCursor:
    def __init__(self, row):
        self.row = row

    def execute(self, sql):
        self.sql = sql

    def fetchone(self):
        return self.row


class FakeConnection:
    vendor = "postgresql"

    def __init__(self, row):
        self.row = row

    @contextmanager
    def cursor(self):
        yield FakeCursor(self.row)


@pytest.mark.parametrize(
    "ctype,encoding,fails",
    [
        ("C", "UTF8", True),
        ("C.UTF-8", "UTF8", False),
        ("en_US.utf8", "UTF8", False),
        ("C.UTF-8", "LATIN1", True),
    ],
)
def test_check_refuses_non_utf8_ctype(monkeypatch, ctype, encoding, fails):
    monkeypatch.setattr(checks, "connections", {"default": FakeConnection(("koffset", ctype, encoding))})
    errors = checks.check_postgresql_ctype(databases=["default"])
    assert bool(errors) is fails
    if fails:
        assert errors[0].id == "koffset.E001"
        assert "CREATE DATABASE \"koffset\" TEMPLATE template0 ENCODING 'UTF8'" in errors[0].hint
        assert "LC_CTYPE 'C.UTF-8'" in errors[0].hint


@pytest.mark.django_db
def test_the_database_under_test_passes():
    # On SQLite the check does not apply; on PostgreSQL the test database must be UTF-8.
    assert checks.check_postgresql_ctype(databases=["default"]) == []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT datctype FROM pg_database WHERE datname = current_database()")
            assert checks._utf8(cursor.fetchone()[0])


@pytest.mark.django_db
def test_migrate_refuses_a_c_locale_postgresql_database():
    """Against a real server: a database created with LC_CTYPE 'C' stops `migrate` with the fix."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only; the PostgreSQL run of `make test` exercises this")
    import os
    import subprocess
    import sys

    import psycopg
    from django.conf import settings

    params = connection.get_connection_params()
    admin = psycopg.connect(
        host=params.get("host"),
        port=params.get("port"),
        user=params.get("user"),
        password=params.get("password"),
        dbname="postgres",
        autocommit=True,
    )
    name = "koffset_c_locale_probe"
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(
        f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
    )
    try:
        user = params.get("user") or "postgres"
        url = f"postgres://{user}@{params.get('host') or '127.0.0.1'}:{params.get('port') or 5432}/{name}"
        result = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input"],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            env={"PATH": os.environ.get("PATH", ""), "DATABASE_URL": url, "DEBUG": "true"},
            check=False,
        )
        assert result.returncode != 0
        assert "koffset.E001" in result.stderr
        assert f'CREATE DATABASE "{name}" TEMPLATE template0' in result.stderr
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()
