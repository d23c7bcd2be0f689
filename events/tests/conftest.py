"""Small fixtures for the events tests: a few organisations, not the whole ``world``."""

from types import SimpleNamespace

import pytest
from django.utils import translation

from accounts.choices import MembershipRole, OrganizationKind
from companies.models import Company, DefenceField
from core.testing import make_org, make_user, signed_in
from events.testing import add_contractor, make_event, make_grid


def _company(org, *, size="sme", field="naval"):
    company = Company.objects.get(organization=org)
    company.size_class = size
    company.status = "published"
    company.save()
    company.fields.set(DefenceField.objects.filter(code=field))
    return company


@pytest.fixture
def cast(db):
    """Two contractors, three Korean companies (two naval SMEs, one large aircraft firm), KDIA,
    and an event with registration open, a 4-slot x 2-table grid and both contractors in it."""
    contractor = make_org(OrganizationKind.FOREIGN_CONTRACTOR, name_ko="", name_en="Westmark Dynamics")
    rival = make_org(OrganizationKind.FOREIGN_CONTRACTOR, name_ko="", name_en="Aldergate Systems")
    korean = make_org(name_ko="가람정밀", name_en="Garam Precision")
    other = make_org(name_ko="누리소재", name_en="Nuri Materials")
    large = make_org(name_ko="하늘항공", name_en="Haneul Aero")
    kdia_org = make_org(OrganizationKind.KDIA, name_en="KDIA")
    people = SimpleNamespace(
        contractor=make_user(contractor, MembershipRole.ADMIN),
        rival=make_user(rival, MembershipRole.ADMIN),
        korean=make_user(korean, MembershipRole.ADMIN, preferred_language="ko"),
        other=make_user(other, MembershipRole.ADMIN),
        large=make_user(large, MembershipRole.ADMIN),
        kdia=make_user(kdia_org, MembershipRole.ADMIN, totp=True),
    )
    event = make_event()
    make_grid(event)
    add_contractor(event, contractor)
    add_contractor(event, rival)
    return SimpleNamespace(
        event=event,
        contractor=contractor,
        rival=rival,
        korean=korean,
        other=other,
        large=large,
        company=_company(korean),
        other_company=_company(other),
        large_company=_company(large, size="large", field="aircraft_guided"),
        people=people,
    )


@pytest.fixture(autouse=True)
def _english():
    """Service refusals are worded in the active language: English here, Korean where a test asks."""
    with translation.override("en"):
        yield


@pytest.fixture
def login():
    def client(user, language="en"):
        return signed_in(user, second_factor=user.is_kdia, HTTP_ACCEPT_LANGUAGE=language)

    return client
