"""Exit 0 when the PostgreSQL server in the URL given as argument answers, 1 otherwise.

Used by `make test` to decide whether the suite runs a second time on PostgreSQL.
It connects to the maintenance database, since the target database may not exist yet.
"""

import sys
from urllib.parse import urlsplit

try:
    import psycopg
except ImportError:  # pragma: no cover - psycopg is pinned in the lock
    sys.exit(1)

url = urlsplit(sys.argv[1])
try:
    psycopg.connect(
        host=url.hostname or "127.0.0.1",
        port=url.port or 5432,
        user=url.username or "postgres",
        password=url.password or None,
        dbname="postgres",
        connect_timeout=3,
    ).close()
except psycopg.Error:
    sys.exit(1)
