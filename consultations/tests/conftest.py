"""Small fixtures for the consultation tests: a few organisations, not the whole ``world``."""

from types import SimpleNamespace

import pytest
from django.utils import translation

from accounts.choices import MembershipRole, OrganizationKind
from core.testing import make_org, make_user, signed_in


@pytest.fixture
def desk(db):
    """A contractor (two members, one reading Korean), a rival contractor, a Korean company, KDIA
    (an officer and a colleague) and DAPA."""
    contractor = make_org(OrganizationKind.FOREIGN_CONTRACTOR, name_ko="", name_en="Westmark Dynamics")
    rival = make_org(OrganizationKind.FOREIGN_CONTRACTOR, name_ko="", name_en="Aldergate Systems")
    korean = make_org(name_ko="가람정밀", name_en="Garam Precision")
    kdia_org = make_org(OrganizationKind.KDIA, name_ko="한국방위산업진흥회", name_en="KDIA")
    dapa_org = make_org(OrganizationKind.DAPA, name_ko="방위사업청", name_en="DAPA")
    people = SimpleNamespace(
        contractor=make_user(
            contractor, MembershipRole.ADMIN, full_name="Avery Stone", preferred_language="en"
        ),
        colleague=make_user(contractor, MembershipRole.MEMBER, full_name="김하늘", preferred_language="ko"),
        rival=make_user(rival, MembershipRole.ADMIN),
        korean=make_user(korean, MembershipRole.ADMIN, preferred_language="ko"),
        kdia=make_user(kdia_org, MembershipRole.ADMIN, totp=True, full_name="한서윤"),
        kdia_colleague=make_user(kdia_org, MembershipRole.MEMBER, totp=True, full_name="Jun Seo"),
        dapa=make_user(dapa_org, MembershipRole.MEMBER, totp=True),
    )
    return SimpleNamespace(contractor=contractor, rival=rival, korean=korean, people=people)


@pytest.fixture(autouse=True)
def _english():
    """Service refusals are worded in the active language: English here, Korean where a test asks."""
    with translation.override("en"):
        yield


@pytest.fixture
def login():
    def client(user, language="en"):
        return signed_in(user, second_factor=user.is_government_staff, HTTP_ACCEPT_LANGUAGE=language)

    return client


@pytest.fixture
def mails(django_capture_on_commit_callbacks):
    """``with mails():`` sends the e-mails of the steps inside it (they leave on commit)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
