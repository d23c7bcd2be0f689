"""Small fixtures for the notices tests: KDIA staff, a member of a company, clients for each."""

from types import SimpleNamespace

import pytest
from django.utils import translation

from accounts.choices import MembershipRole, OrganizationKind
from core.testing import make_org, make_user, signed_in


@pytest.fixture
def people(db):
    kdia_org = make_org(OrganizationKind.KDIA, name_en="KDIA")
    korean = make_org(name_ko="가람정밀", name_en="Garam Precision")
    return SimpleNamespace(
        kdia=make_user(kdia_org, MembershipRole.ADMIN, totp=True),
        korean=make_user(korean, MembershipRole.ADMIN),
    )


@pytest.fixture
def staff(people):
    return signed_in(people.kdia, second_factor=True, HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploads land in a temporary directory, never in the project's media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
