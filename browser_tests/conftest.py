"""Fixtures of the browser journeys: the demo database (built once per run), one demo server per
journey (its own copy of that database), Chromium, and the `journey` helper that screenshots and
checks every page. See docs/testing.md."""

import fcntl
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from browser_tests.journey import Journey
from core.testing_server import start_gunicorn, stop, wait_until_ready

# Assertions wait for the page as long as actions do (a busy CI machine renders slowly).
expect.set_options(timeout=30_000)

PROJECT_DIR = Path(__file__).resolve().parent.parent
ARTIFACTS_DIR = PROJECT_DIR / "var" / "browser-artifacts"
CHROMIUM = os.environ.get("BROWSER_CHROMIUM", "/usr/bin/chromium")
AXE_SOURCE = PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js"
SERVER_START_TIMEOUT = 120  # seconds


def _django_env(run_dir: Path, database: Path, media: Path) -> dict[str, str]:
    env = dict(os.environ)
    env |= {
        "DJANGO_SETTINGS_MODULE": "browser_tests.settings",
        "BROWSER_RUN_DIR": str(run_dir),
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(media),
        "PYTHONPATH": str(PROJECT_DIR),
        # Plain HTTP on 127.0.0.1, tasks run inline, whatever the calling shell says.
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "TASK_QUEUE": "immediate",
        # The search models load at the first search instead of at boot: most journeys never search.
        "SEARCH_PRELOAD": "false",
    }
    return env


def _manage(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        pytest.fail(f"manage.py {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")


def _artifact_folder(request) -> Path:
    """var/browser-artifacts/<journey>-<lang>/, emptied when the journey starts."""
    lang = request.node.callspec.params["lang"]
    name = request.node.originalname.removeprefix("test_").replace("_", "-")
    return ARTIFACTS_DIR / f"{name}-{lang}"


@pytest.fixture(scope="session")
def run_dir(tmp_path_factory, worker_id):
    """A folder shared by this run's pytest-xdist workers (the run's base folder without xdist)."""
    base = tmp_path_factory.getbasetemp()
    return base if worker_id == "master" else base.parent


@pytest.fixture(scope="session")
def demo_template(run_dir):
    """The demo database, media and static files, built once per run (by whichever worker comes
    first, the others wait on the lock); journeys work on copies."""
    # BROWSER_DEMO_DIR keeps the built demo between runs while writing journeys (docs/testing.md).
    kept = os.environ.get("BROWSER_DEMO_DIR")
    template_dir = Path(kept) if kept else run_dir / "template"
    template_dir.parent.mkdir(parents=True, exist_ok=True)
    database = template_dir / "demo.sqlite3"
    media = template_dir / "media"
    with (template_dir.parent / f"{template_dir.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (template_dir / "ready").exists():
            _build_demo(template_dir, database, media)
        fcntl.flock(lock, fcntl.LOCK_UN)
    return database, media, template_dir / "static"


def _build_demo(template_dir: Path, database: Path, media: Path) -> None:
    shutil.rmtree(template_dir, ignore_errors=True)
    media.mkdir(parents=True)
    env = _django_env(template_dir, database, media)
    _manage(env, "migrate", "--no-input", "-v", "0")
    _manage(env, "load_demo")
    _manage(env, "collectstatic", "--no-input", "-v", "0")
    # Fold the write-ahead log into the file so that a plain copy is the whole database.
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.execute("PRAGMA journal_mode=DELETE")
    connection.close()
    (template_dir / "ready").touch()


@pytest.fixture
def live_demo(request, run_dir, demo_template):
    """A gunicorn server on a free port, over this journey's own copy of the demo database."""
    template_database, template_media, static = demo_template
    own_dir = run_dir / request.node.name.replace("[", "-").replace("]", "")
    own_dir.mkdir()
    (own_dir / "static").symlink_to(static)
    database = own_dir / "demo.sqlite3"
    shutil.copyfile(template_database, database)
    media = own_dir / "media"
    shutil.copytree(template_media, media)
    log = own_dir / "server.log"
    process, base_url = start_gunicorn(_django_env(own_dir, database, media), log, threads=4, timeout=120)
    try:
        wait_until_ready(base_url, process, log, timeout=SERVER_START_TIMEOUT)
        yield base_url
    finally:
        stop(process, graceful=False)  # no request is in flight
        # Kept beside the screenshots: the server's view of a failed journey.
        _artifact_folder(request).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(log, _artifact_folder(request) / "server.log")
        shutil.rmtree(own_dir, ignore_errors=True)  # the database copy and media are not kept


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install the Debian package 'chromium' (make test-browser does).")
    if not AXE_SOURCE.exists():
        pytest.fail(f"{AXE_SOURCE} is missing: run `npm ci` (make test-browser does).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def journey(request, chromium, live_demo):
    """A fresh browser context in the test's language (its `lang` parameter) over its own server."""
    lang = request.node.callspec.params["lang"]
    folder = _artifact_folder(request)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    context = chromium.new_context(
        base_url=live_demo,
        locale="ko-KR" if lang == "ko" else "en-GB",
        timezone_id="Asia/Seoul",
        viewport=Journey.DESKTOP,
        accept_downloads=True,
    )
    # The first page that searches or matches loads the search models (20-40 s on a busy 2-core
    # machine): actions and navigations allow for it.
    context.set_default_timeout(90_000)
    page = context.new_page()
    helper = Journey(page, lang=lang, folder=folder, axe_source=AXE_SOURCE.read_text())
    try:
        yield helper
    finally:
        context.close()
    helper.assert_clean()
