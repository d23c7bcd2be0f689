"""Security defaults that hold for every page."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates"] + [
    p for p in Path(settings.BASE_DIR).glob("*/templates") if ".venv" not in p.parts
]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=\"", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+=\"", re.I)


def project_templates():
    for directory in TEMPLATE_DIRS:
        yield from directory.rglob("*.html")


@pytest.mark.parametrize(
    "path", list(project_templates()), ids=lambda p: str(p.relative_to(settings.BASE_DIR))
)
def test_templates_have_no_inline_script_or_style(path):
    # The Content-Security-Policy allows neither; inline code would silently not run.
    text = path.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text)
    assert not INLINE_STYLE.search(text)
    assert not INLINE_HANDLER.search(text)


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/accounts/signup/", "/api/v1/docs"])
def test_pages_carry_a_strict_policy(client, db, url):
    response = client.get(url)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "cdn." not in response.content.decode()


def test_state_changes_need_a_csrf_token(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    assert client.post("/i18n/language/", {"language": "en"}).status_code == 403
    assert client.post("/accounts/signup/", {}).status_code == 403


def run_manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env={"PATH": os.environ.get("PATH", ""), "DATABASE_URL": "sqlite:///:memory:", **env},
        check=False,
    )


def test_production_settings_pass_the_deployment_check():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="k-offset.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "env,message",
    [
        ({"DEBUG": "false"}, "SECRET_KEY must be set"),
        ({"DEBUG": "perhaps"}, "DEBUG must be true or false"),
        ({"DEBUG": "true", "DATABASE_URL": "mysql://x@y/z"}, "DATABASE_URL must start with"),
        ({"DEBUG": "true", "EMAIL_PORT": "smtp"}, "EMAIL_PORT must be a whole number"),
    ],
)
def test_bad_configuration_stops_with_one_line_naming_the_variable(env, message):
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        f"K-OFFSET configuration error: {result.stderr.split(': ', 1)[1].strip()}"
    ]
    assert message in result.stderr
