import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command

from accounts.choices import OrganizationStatus
from accounts.models import Organization, User


@pytest.fixture
def password(monkeypatch):
    monkeypatch.setenv("KOFFSET_PASSWORD", "an-operator-chosen-pass")
    return "an-operator-chosen-pass"


def run(**options):
    call_command("create_member", *[f"--{key}={value}" for key, value in options.items()])


def test_creates_an_approved_organisation_and_a_verified_member(db, password):
    run(email="Officer@KDIA.test", org="한국방위산업진흥회", kind="kdia", role="admin")
    user = User.objects.get(email="officer@kdia.test")
    assert user.check_password(password)
    assert user.is_org_admin and user.is_kdia and user.is_staff
    assert user.organization.name_ko == "한국방위산업진흥회"
    assert EmailAddress.objects.get(user=user).verified


def test_reuses_the_organisation_and_approves_it(db, password):
    Organization.objects.create(
        kind="foreign_contractor", name_en="Kestrel Avionics", status="pending", country="DE"
    )
    run(email="a@kestrel.test", org="Kestrel Avionics", kind="foreign_contractor", role="admin")
    run(email="b@kestrel.test", org="Kestrel Avionics", kind="foreign_contractor", role="member")
    organization = Organization.objects.get()
    assert organization.status == OrganizationStatus.APPROVED
    assert organization.memberships.count() == 2


def test_rerun_updates_instead_of_duplicating(db, password, monkeypatch):
    run(email="a@x.test", org="Orbis Parts", kind="foreign_contractor", role="member")
    monkeypatch.setenv("KOFFSET_PASSWORD", "a-second-password-x")
    run(email="a@x.test", org="Orbis Parts", kind="foreign_contractor", role="admin")
    user = User.objects.get()
    assert user.check_password("a-second-password-x") and user.is_org_admin


@pytest.mark.parametrize(
    "options,message",
    [
        ({"email": "not-an-address", "org": "X", "kind": "kdia", "role": "admin"}, "--email"),
        ({"email": "a@b.test", "org": "X", "kind": "ministry", "role": "admin"}, "--kind"),
        ({"email": "a@b.test", "org": "X", "kind": "kdia", "role": "owner"}, "--role"),
        ({"email": "a@b.test", "org": " ", "kind": "kdia", "role": "admin"}, "--org"),
    ],
)
def test_bad_arguments_fail_with_the_option_named(db, password, options, message):
    with pytest.raises(CommandError, match=message):
        run(**options)
    assert not User.objects.exists() and not Organization.objects.exists()


def test_new_user_needs_the_password_variable(db, monkeypatch):
    monkeypatch.delenv("KOFFSET_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="KOFFSET_PASSWORD"):
        run(email="a@b.test", org="Y", kind="dapa", role="member")
    assert not Organization.objects.exists()  # nothing half-written


def test_kind_mismatch_is_refused(db, password):
    run(email="a@b.test", org="Same Name", kind="foreign_contractor", role="admin")
    with pytest.raises(CommandError, match="exists as foreign_contractor"):
        run(email="c@b.test", org="Same Name", kind="korean_company", role="admin")


def test_command_line_exit_code_is_non_zero(db, password):
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "create_member",
            "--email",
            "x",
            "--org",
            "O",
            "--kind",
            "kdia",
            "--role",
            "admin",
        ],
        capture_output=True,
        text=True,
        env={"PATH": "", "DJANGO_SETTINGS_MODULE": "koffset.test_settings", "KOFFSET_PASSWORD": password},
        check=False,
    )
    assert result.returncode != 0
    assert "--email" in result.stderr and "Traceback" not in result.stderr
