"""A process killed in the middle of an import or a package submission leaves nothing half-written.

Each case runs in a separate process over a scratch database of the engine the suite runs on
(SQLite file or PostgreSQL database): the process runs the same code the app server runs (the
import job, the package submission service) and is killed with SIGKILL (no clean-up, no
rollback by Python) at a point inside its transaction, after it has written part of its work.
Another process then reads the database: none of that work may be there, and the operation must
succeed when run again.

The served cases do the same through HTTP: a gunicorn server (one sync worker) whose request stops
at the same point (tests/crash_server.py), and the test kills that worker, not the arbiter.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import textwrap
import time
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from core.testing_server import Browser, multipart, start_gunicorn, stop, wait_until_ready

SETUP = """
import django; django.setup()
"""
# Replaces `module.function` by a SIGKILL of this very process: a crash at exactly that point.
KILL_AT = """
import importlib, os, signal
_module = importlib.import_module({module!r})
setattr(_module, {function!r}, lambda *args, **kwargs: os.kill(os.getpid(), signal.SIGKILL))
"""


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """A migrated scratch database of the suite's engine, and the environment to reach it."""
    folder = tmp_path_factory.mktemp("crash")
    pg = connection.vendor == "postgresql"
    if pg:
        database = settings.DATABASES["default"]
        name = f"koffset_crash_{uuid.uuid4().hex[:10]}"
        server = f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'")
        url = f"{server}/{name}"
    else:
        url = f"sqlite:///{folder / 'crash.sqlite3'}"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "koffset.settings",
        "DEBUG": "true",
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(folder / "media"),
        "TASK_QUEUE": "immediate",
        "SEARCH_EMBEDDINGS": "false",
        "PYTHONPATH": str(settings.BASE_DIR),
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
    )
    yield env
    if pg:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def run(env, code: str, *, kill_at: tuple[str, str] | None = None) -> subprocess.CompletedProcess:
    prelude = SETUP + (KILL_AT.format(module=kill_at[0], function=kill_at[1]) if kill_at else "")
    return subprocess.run(
        [sys.executable, "-c", prelude + textwrap.dedent(code)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def answer(env, code: str) -> dict:
    """Run `code` (which prints one JSON object last) to completion and return that object."""
    result = run(env, code)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_an_import_killed_while_writing_leaves_no_company(scratch):
    job = answer(
        scratch,
        """
        import json
        from django.core.files.base import ContentFile
        from companies.generator import generate_companies
        from companies.generator_save import as_import_csv
        from companies.models import ImportJob, ImportKind
        data = as_import_csv(generate_companies(300, products_per_company=0, first_serial=900_000))
        job = ImportJob(kind=ImportKind.COMPANIES, original_name="crash.csv")
        job.file.save("crash.csv", ContentFile(data), save=True)
        print(json.dumps({"id": job.pk}))
        """,
    )
    count_companies = """
        import json
        from companies.models import Company, ImportJob
        job = ImportJob.objects.get(pk=JOB)
        print(json.dumps({"companies": Company.objects.count(),
                          "history": Company.history.count(),
                          "status": job.status, "created": job.created_count}))
    """.replace("JOB", str(job["id"]))
    before = answer(scratch, count_companies)

    # The companies are written; the process dies while it records their history, before the commit.
    killed = run(
        scratch,
        f"from companies.jobs import run_import_job\nrun_import_job({job['id']})",
        kill_at=("companies.importing", "_record_history"),
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-3000:]
    after_crash = answer(scratch, count_companies)
    assert after_crash["companies"] == before["companies"]
    assert after_crash["history"] == before["history"]
    assert after_crash["created"] == 0

    # Run again, the same job imports everything.
    finished = run(scratch, f"from companies.jobs import run_import_job\nrun_import_job({job['id']})")
    assert finished.returncode == 0, finished.stderr[-3000:]
    after_retry = answer(scratch, count_companies)
    assert after_retry["companies"] == before["companies"] + 300
    assert after_retry["status"] == "done" and after_retry["created"] == 300


def test_a_package_submission_killed_halfway_leaves_the_package_a_draft(scratch):
    made = answer(
        scratch,
        """
        import json
        from accounts.choices import MembershipRole, OrganizationKind
        from core.testing import make_org, make_user
        from companies.models import Company
        from offsets.testing import make_programme
        from wishlists import services
        from wishlists.choices import ProposalStatus
        from wishlists.testing import make_proposal, make_round
        kdia = make_user(make_org(kind=OrganizationKind.KDIA), MembershipRole.ADMIN, totp=True)
        dapa = make_user(make_org(kind=OrganizationKind.DAPA), MembershipRole.ADMIN, totp=True)
        korean = make_org()
        member = make_user(korean, MembershipRole.ADMIN)
        company = Company.objects.get(organization=korean)  # made with the organisation
        round_ = make_round(make_programme("DAPA-CRASH-1"), by=kdia)
        for title in ("Rotor hub forging", "Sonar dome repair"):
            make_proposal(round_, company, by=member, status=ProposalStatus.ACCEPTED, title=title)
        package = services.compile_package(round_.pk, by=kdia)
        print(json.dumps({"package": package.pk, "version": package.updated_at.isoformat(), "kdia": kdia.pk}))
        """,
    )
    read_package = """
        import json
        from notifications.models import Notification
        from wishlists.models import Package
        package = Package.objects.get(pk=PACKAGE)
        print(json.dumps({"status": package.status, "snapshot": len(package.snapshot or []),
                          "submitted_at": str(package.submitted_at), "notifications": Notification.objects.count()}))
    """.replace("PACKAGE", str(made["package"]))
    before = answer(scratch, read_package)
    submit = f"""
        from accounts.models import User
        from wishlists import services
        services.submit_package({made["package"]}, seen_version={made["version"]!r}, by=User.objects.get(pk={made["kdia"]}))
    """

    # The package row is saved as submitted; the process dies while it tells DAPA, before the commit.
    killed = run(scratch, submit, kill_at=("wishlists.services", "notify"))
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-3000:]
    after_crash = answer(scratch, read_package)
    assert after_crash == before
    assert before["status"] == "draft" and before["snapshot"] == 0

    # Nothing is left locked or stale: the same submission, with the same version, goes through.
    finished = run(scratch, submit)
    assert finished.returncode == 0, finished.stderr[-3000:]
    after_retry = answer(scratch, read_package)
    assert after_retry["status"] == "submitted" and after_retry["snapshot"] == 2
    assert after_retry["notifications"] > before["notifications"]


# --- the same crashes inside a served request ------------------------------------------------------

CRASH_POINTS = ("companies.importing:_record_history", "wishlists.services:notify")
# Each setup starts the fictional numbers of core.testing far from the other setups' in this database.
SIGNED_IN_KDIA = """
import itertools, json
from django.conf import settings
from accounts.choices import MembershipRole, OrganizationKind
from core import testing
testing._serial = itertools.count(SERIAL)
kdia = testing.make_user(testing.make_org(kind=OrganizationKind.KDIA), MembershipRole.ADMIN, totp=True)
session = testing.signed_in(kdia, second_factor=True).cookies[settings.SESSION_COOKIE_NAME].value
"""


@pytest.fixture(scope="module")
def server(scratch, tmp_path_factory):
    """A gunicorn server with one sync worker over the scratch database, armed at CRASH_POINTS."""
    folder = tmp_path_factory.mktemp("crash-server")
    env = scratch | {
        "DJANGO_SETTINGS_MODULE": "tests.crash_settings",
        "KOFFSET_CRASH_POINT": ",".join(CRASH_POINTS),
        "KOFFSET_CRASH_DIR": str(folder),
        "SEARCH_PRELOAD": "false",
        "LOG_LEVEL": "WARNING",
    }
    log = folder / "server.log"
    process, base_url = start_gunicorn(env, log, app="tests.crash_server:application")
    try:
        wait_until_ready(base_url, process, log)
        yield {"url": base_url, "process": process, "log": log, "folder": folder}
    finally:
        stop(process)


def post(server, path: str, session: str, body: bytes, content_type: str):
    """A POST as the signed-in person; (status, final URL, page) after redirects."""
    csrf = secrets.token_hex(16)  # any 32-character secret, the same in cookie and header
    status, landed, _headers, page = Browser().request(
        "POST",
        server["url"] + path,
        data=body,
        headers={
            "Cookie": f"sessionid={session}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
            "Content-Type": content_type,
        },
    )
    return status, landed, page.decode()


def kill_the_worker_inside(server, point: str, request) -> None:
    """Send ``request()`` and SIGKILL the worker serving it once it stops at ``point``."""
    marker = Path(server["folder"]) / f"{point.replace(':', '.')}.pid"
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(request)
        deadline = time.monotonic() + 300
        while not marker.exists():
            assert not pending.done(), f"the request ended without reaching {point}: {pending.result()}"
            assert time.monotonic() < deadline, server["log"].read_text()[-3000:]
            time.sleep(0.1)  # polling while the request runs up to the point
        worker = int(marker.read_text())
        assert worker != server["process"].pid  # the worker, not the arbiter
        os.kill(worker, signal.SIGKILL)
        with pytest.raises(OSError):  # the connection dies with the worker: no answer at all
            pending.result(timeout=60)
    assert server["process"].poll() is None  # the arbiter lives on and starts a new worker
    wait_until_ready(server["url"], server["process"], server["log"])


def test_a_served_import_killed_while_writing_leaves_no_company(scratch, server):
    made = answer(
        scratch,
        SIGNED_IN_KDIA.replace("SERIAL", "720000")
        + """
brns = [testing.fictional_brn() for _ in range(40)]
print(json.dumps({"session": session, "brns": brns}))
""",
    )
    rows = [f"{brn},Fictional Servo Works {n},busan" for n, brn in enumerate(made["brns"])]
    data = ("brn,name_en,region\n" + "\n".join(rows) + "\n").encode("utf-8-sig")
    body, content_type = multipart({"kind": "companies"}, {"file": ("servos.csv", "text/csv", data)})
    upload = "/staff/companies/import/"
    read = """
        import json
        from companies.models import Company, ImportJob
        jobs = ImportJob.objects.filter(original_name="servos.csv").order_by("pk")
        print(json.dumps({
            "companies": Company.objects.filter(brn__in=BRNS).count(),
            "history": Company.history.filter(brn__in=BRNS).count(),
            "jobs": [[job.pk, job.status, job.created_count, job.unchanged_count] for job in jobs],
        }))
    """.replace("BRNS", repr(made["brns"]))

    # The companies are written; the worker dies while it records their history, before the commit.
    kill_the_worker_inside(
        server, CRASH_POINTS[0], lambda: post(server, upload, made["session"], body, content_type)
    )
    after_crash = answer(scratch, read)
    assert (after_crash["companies"], after_crash["history"]) == (0, 0)
    [[job, status, _created, _unchanged]] = after_crash["jobs"]
    assert status == "running"  # what the worker had committed before the import's transaction

    # The same upload again goes through.
    status, _landed, page = post(server, upload, made["session"], body, content_type)
    assert status == 200 and "40 created, 0 updated, 0 unchanged." in page
    after_retry = answer(scratch, read)
    assert (after_retry["companies"], after_retry["history"]) == (40, 40)

    # The killed job, once its heartbeat is old, reads as interrupted and runs again.
    answer(
        scratch,
        f"""
        import json
        from datetime import timedelta
        from django.utils import timezone
        from companies.models import ImportJob
        ImportJob.objects.filter(pk={job}).update(heartbeat_at=timezone.now() - timedelta(hours=1))
        print(json.dumps({{}}))
        """,
    )
    cookie = {"Cookie": f"sessionid={made['session']}"}
    status, _url, _headers, page = Browser().request("GET", f"{server['url']}{upload}{job}/", headers=cookie)
    assert status == 200 and "The import was interrupted before it finished" in page.decode()
    status, _landed, page = post(server, f"{upload}{job}/run-again/", made["session"], b"", "text/plain")
    assert status == 200 and "0 created, 0 updated, 40 unchanged." in page
    assert answer(scratch, read)["jobs"][0] == [job, "done", 0, 40]


def test_a_served_package_submission_killed_halfway_leaves_the_package_a_draft(scratch, server):
    made = answer(
        scratch,
        SIGNED_IN_KDIA.replace("SERIAL", "730000")
        + """
from django.urls import reverse
from companies.models import Company
from offsets.testing import make_programme
from wishlists import services
from wishlists.choices import ProposalStatus
from wishlists.testing import make_proposal, make_round
testing.make_user(testing.make_org(kind=OrganizationKind.DAPA), MembershipRole.ADMIN, totp=True)
korean = testing.make_org()
member = testing.make_user(korean, MembershipRole.ADMIN)
round_ = make_round(make_programme("DAPA-CRASH-2"), by=kdia)
for title in ("Gearbox overhaul", "Radome coating"):
    make_proposal(round_, Company.objects.get(organization=korean), by=member,
                  status=ProposalStatus.ACCEPTED, title=title)
package = services.compile_package(round_.pk, by=kdia)
print(json.dumps({"session": session, "package": package.pk, "version": package.updated_at.isoformat(),
                  "submit": reverse("staff_wishlists:package_submit", args=[package.pk])}))
""",
    )
    read = """
        import json
        from notifications.models import Notification
        from wishlists.models import Package
        package = Package.objects.get(pk=PACKAGE)
        print(json.dumps({"status": package.status, "snapshot": len(package.snapshot or []),
                          "notifications": Notification.objects.filter(url__endswith="/packages/PACKAGE/").count()}))
    """.replace("PACKAGE", str(made["package"]))
    form = urllib.parse.urlencode({"version": made["version"]}).encode()

    def submit():
        return post(server, made["submit"], made["session"], form, "application/x-www-form-urlencoded")

    kill_the_worker_inside(server, CRASH_POINTS[1], submit)
    assert answer(scratch, read) == {"status": "draft", "snapshot": 0, "notifications": 0}

    status, landed, _page = submit()
    assert status == 200 and urllib.parse.urlsplit(landed).path == f"/wishlists/packages/{made['package']}/"
    after_retry = answer(scratch, read)
    assert (after_retry["status"], after_retry["snapshot"]) == ("submitted", 2)
    assert after_retry["notifications"] > 0
