"""Scale-out: two app server processes on one database (and one Redis when REDIS_URL is set) behave
as one site. A sign-in on server A is valid on B, a search index change made through A is seen by
B's next search at once (the index version lives in the shared cache), and a file uploaded
through A downloads from B with the same bytes (both use the same storage).

The servers are gunicorn with production settings (DEBUG off, collected static files). On
PostgreSQL (DATABASE_URL) they share a fresh database made for this test and dropped after it;
on SQLite they share one database file. See docs/deploy.md.
"""

from __future__ import annotations

import io
import json
import os
import re
import runpy
import secrets
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from PIL import Image

from core.testing_server import Browser, multipart, start_gunicorn, stop, wait_until_ready

PROJECT_DIR = Path(__file__).resolve().parent.parent
# A Redis database of its own, flushed before and after, so the test never sees another's keys.
REDIS_TEST_DB = 14
# An invented word no fixture uses, added to the profile through server A.
NEW_WORD = "quillwortex"

SETUP_SCRIPT = """
import json
from accounts.choices import MembershipRole
from companies.models import Company
from companies.testing import publish_with_product
from core.testing import PASSWORD, api_key_for, make_org, make_user

organization = make_org(name_ko="물결항만기술", name_en="Mulgyeol Harbour Engineering")
admin = make_user(organization, MembershipRole.ADMIN, email="admin@mulgyeol.example.invalid")
company = Company.objects.get(organization=organization)
product = publish_with_product(company)
print(json.dumps({
    "email": admin.email, "password": PASSWORD, "brn": company.brn, "product": product.pk,
    "key": api_key_for(admin),
}))
"""


# --- the two servers ---------------------------------------------------------------------------


def _database_url(tmp_path: Path) -> tuple[str, object]:
    """(URL for the servers, a function that removes the database afterwards)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tmp_path / 'shared.sqlite3'}", lambda: None
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = f"koffset_scaleout_{secrets.token_hex(4)}"
    maintenance = parts._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(
            f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' "
            "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
        )

    def drop() -> None:
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    return parts._replace(path=f"/{name}").geturl(), drop


def _redis_url() -> str | None:
    """REDIS_URL pointed at the test's own Redis database, emptied; None without REDIS_URL."""
    url = os.environ.get("REDIS_URL")
    if not url:
        return None
    import redis

    own = urllib.parse.urlsplit(url)._replace(path=f"/{REDIS_TEST_DB}").geturl()
    redis.Redis.from_url(own).flushdb()
    return own


def _environment(run_dir: Path, database_url: str, redis_url: str | None) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "REDIS_URL", "DATABASE_URL"}
    }
    env |= {
        # browser_tests.settings: koffset.settings with static files and e-mail under run_dir.
        "DJANGO_SETTINGS_MODULE": "browser_tests.settings",
        "BROWSER_RUN_DIR": str(run_dir),
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(run_dir / "media"),  # one storage for both servers
        "PYTHONPATH": str(PROJECT_DIR),
        "DEBUG": "false",
        "SECRET_KEY": "scale-out-test-only-not-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "TASK_QUEUE": "immediate",
        "SEARCH_PRELOAD": "false",
        "SEARCH_EMBEDDINGS": "false",  # words are enough here; the model would take minutes to load
        "LOG_LEVEL": "WARNING",
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def _manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    if result.returncode:
        pytest.fail(f"manage.py {args[0]} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout


@pytest.fixture
def cluster(tmp_path_factory):
    """Two gunicorn servers, A and B, over one database, one cache and one media folder."""
    run_dir = tmp_path_factory.mktemp("scale-out")
    database_url, drop_database = _database_url(run_dir)
    redis_url = _redis_url()
    processes = []
    try:
        env = _environment(run_dir, database_url, redis_url)
        _manage(env, "migrate", "--no-input", "-v", "0")
        _manage(env, "collectstatic", "--no-input", "-v", "0")
        fixture = json.loads(_manage(env, "shell", "-v", "0", "-c", SETUP_SCRIPT).strip().splitlines()[-1])
        servers = []
        for name in ("a", "b"):
            log = run_dir / f"server-{name}.log"
            process, base_url = start_gunicorn(env, log, threads=2)
            processes.append(process)
            servers.append((base_url, process, log))
        for base_url, process, log in servers:
            wait_until_ready(base_url, process, log)
        yield {"a": servers[0][0], "b": servers[1][0], "redis": redis_url, **fixture}
    finally:
        for process in processes:
            stop(process)
        drop_database()
        if redis_url:
            import redis

            redis.Redis.from_url(redis_url).flushdb()


def _json(method, url, key, body=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    status, _url, answer_headers, content = Browser().request(
        method,
        url,
        data=data,
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json", **(headers or {})},
    )
    return status, answer_headers, json.loads(content or b"null")


# --- what crosses between the servers ------------------------------------------------------------


def test_two_app_servers_share_sign_ins_the_cache_and_files(cluster):
    """One test, so that one pair of servers (and one Redis database) serves it even when
    pytest-xdist spreads a module's tests over several workers."""
    _both_servers_report_a_shared_cache(cluster)
    _a_sign_in_on_one_server_is_valid_on_the_other(cluster)
    _an_index_change_through_one_server_shows_in_the_others_search(cluster)
    _a_file_uploaded_through_one_server_downloads_from_the_other(cluster)


def _both_servers_report_a_shared_cache(cluster):
    for server in (cluster["a"], cluster["b"]):
        status, _url, _headers, content = Browser().request("GET", server + "/healthz")
        assert status == 200
        assert json.loads(content)["cache"] == "ok"


def _a_sign_in_on_one_server_is_valid_on_the_other(cluster):
    browser = Browser()
    status, _url, _headers, page = browser.request("GET", cluster["a"] + "/accounts/login/")
    assert status == 200
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "login": cluster["email"], "password": cluster["password"]}
    ).encode()
    status, landed, _headers, _page = browser.request(
        "POST",
        cluster["a"] + "/accounts/login/",
        data=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": cluster["a"] + "/accounts/login/",
        },
    )
    assert status == 200
    assert "/accounts/login/" not in landed  # signed in and sent on

    # Server B knows the session: the page of the account's e-mail addresses opens there.
    status, landed, _headers, page = browser.request("GET", cluster["b"] + "/accounts/email/")
    assert status == 200
    assert urllib.parse.urlsplit(landed).path == "/accounts/email/"
    assert cluster["email"].encode() in page

    # Without the cookie, B sends a visitor to sign in: the cookie is what carried the session.
    status, landed, _headers, _page = Browser().request("GET", cluster["b"] + "/accounts/email/")
    assert urllib.parse.urlsplit(landed).path == "/accounts/login/"


def _an_index_change_through_one_server_shows_in_the_others_search(cluster):
    search = cluster["b"] + f"/api/v1/companies?q={NEW_WORD}"
    status, _headers, before = _json("GET", search, cluster["key"])
    assert status == 200
    assert before["count"] == 0  # B now remembers this search's (empty) result

    company = cluster["a"] + f"/api/v1/companies/{cluster['brn']}"
    status, headers, _body = _json("GET", company, cluster["key"])
    assert status == 200
    status, _headers, edited = _json(
        "PATCH",
        company,
        cluster["key"],
        {"description_en": f"We machine sonar transducers and {NEW_WORD} hull fittings."},
        headers={"If-Match": headers["ETag"]},
    )
    assert status == 200, edited

    status, _headers, after = _json("GET", search, cluster["key"])
    assert status == 200
    assert [item["brn"] for item in after["items"]] == [edited["brn"]]
    if cluster["redis"]:  # the version both servers read is in Redis, not in either process
        import redis

        assert redis.Redis.from_url(cluster["redis"]).keys("*search:version:company")


def _a_file_uploaded_through_one_server_downloads_from_the_other(cluster):
    picture = io.BytesIO()
    Image.new("RGB", (64, 48), (12, 90, 160)).save(picture, format="PNG")
    body, content_type = multipart(
        {"caption": "Harbour crane"}, {"image": ("crane.png", "image/png", picture.getvalue())}
    )
    status, _url, _headers, content = Browser().request(
        "POST",
        cluster["a"] + f"/api/v1/products/{cluster['product']}/photos",
        data=body,
        headers={"Authorization": f"Bearer {cluster['key']}", "Content-Type": content_type},
    )
    assert status == 201, content
    photo_url = json.loads(content)["url"]

    downloads = {}
    for name in ("a", "b"):
        status, _url, _headers, downloads[name] = Browser().request(
            "GET", cluster[name] + photo_url, headers={"Authorization": f"Bearer {cluster['key']}"}
        )
        assert status == 200, (name, downloads[name][:300])
    assert downloads["b"] == downloads["a"]
    with Image.open(io.BytesIO(downloads["b"])) as stored:
        assert stored.size == (64, 48)  # the picture uploaded, re-encoded by the upload checks


# --- the settings that make the processes share state --------------------------------------------


def _settings(monkeypatch, **environment) -> dict:
    for name in ("REDIS_URL", "FILE_STORAGE_BACKEND", "FILE_STORAGE_OPTIONS", "DATABASE_REPLICA_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(PROJECT_DIR / "koffset" / "settings.py"))


def test_without_redis_the_cache_is_a_database_table(monkeypatch):
    cache = _settings(monkeypatch)["CACHES"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


def test_redis_url_selects_redis(monkeypatch):
    cache = _settings(monkeypatch, REDIS_URL="redis://cache.example.invalid:6379/0")["CACHES"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://cache.example.invalid:6379/0"


def test_a_redis_url_of_another_scheme_stops_start_up(monkeypatch):
    with pytest.raises(SystemExit, match="REDIS_URL"):
        _settings(monkeypatch, REDIS_URL="http://cache.example.invalid")


def test_the_file_storage_is_configurable(monkeypatch):
    storage = _settings(
        monkeypatch,
        FILE_STORAGE_BACKEND="django.core.files.storage.FileSystemStorage",
        FILE_STORAGE_OPTIONS='{"location": "/srv/shared-media"}',
    )["STORAGES"]["default"]
    assert storage["OPTIONS"] == {"location": "/srv/shared-media"}


@pytest.mark.parametrize("options", ["{not json", "[1, 2]"])
def test_bad_file_storage_options_stop_start_up(monkeypatch, options):
    with pytest.raises(SystemExit, match="FILE_STORAGE_OPTIONS"):
        _settings(monkeypatch, FILE_STORAGE_OPTIONS=options)


def test_a_replica_adds_the_router_and_its_middleware(monkeypatch):
    values = _settings(
        monkeypatch, DATABASE_REPLICA_URL="postgres://reader@replica.example.invalid:5432/koffset"
    )
    assert values["DATABASES"]["replica"]["HOST"] == "replica.example.invalid"
    assert values["DATABASES"]["replica"]["TEST"] == {"MIRROR": "default"}
    assert values["DATABASE_ROUTERS"] == ["core.db_router.ReplicaRouter"]
    middleware = values["MIDDLEWARE"]
    assert middleware.index("core.db_router.GuestReadsOnReplicaMiddleware") == (
        middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1
    )
