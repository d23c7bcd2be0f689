"""A process killed in the middle of an import or a package submission leaves nothing half-written.

Each case runs in a separate process over a scratch database of the engine the suite runs on
(SQLite file or PostgreSQL database): the process runs the same code the app server runs (the
import job, the package submission service) and is killed with SIGKILL (no clean-up, no
rollback by Python) at a point inside its transaction, after it has written part of its work.
Another process then reads the database: none of that work may be there, and the operation must
succeed when run again.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import uuid

import psycopg
import pytest
from django.conf import settings
from django.db import connection

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
