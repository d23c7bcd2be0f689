"""Personas shared by every test (style.md habit 5).

korean_admin / korean_member: the same Korean company; other_korean: another one;
foreign: a foreign contractor; kdia / dapa: staff with an authenticator and a
verified second factor; kdia_no_2fa: KDIA staff who never set one up; pending: the
admin of an organisation KDIA has not approved yet; anonymous: a visitor.
"""

from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import Client

from accounts.choices import MembershipRole, OrganizationKind, OrganizationStatus
from core.testing import make_org, make_user, signed_in
from search.service import forget_caches as forget_search_caches

PERSONAS = (
    "anonymous",
    "korean_admin",
    "korean_member",
    "other_korean",
    "foreign",
    "kdia",
    "kdia_no_2fa",
    "dapa",
    "pending",
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache; no test may inherit another's."""
    cache.clear()
    forget_search_caches()
    yield
    cache.clear()


@pytest.fixture
def client():
    """Django's test client, asking for English pages (Korean is tested explicitly)."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def world(db):
    """One of each organisation and persona, with their users."""
    korean = make_org(OrganizationKind.KOREAN_COMPANY, name_ko="가람정밀", name_en="Garam Precision")
    other = make_org(OrganizationKind.KOREAN_COMPANY, name_ko="누리소재", name_en="Nuri Materials")
    foreign = make_org(
        OrganizationKind.FOREIGN_CONTRACTOR, name_ko="", name_en="Westmark Dynamics", country="US"
    )
    kdia = make_org(OrganizationKind.KDIA, name_ko="한국방위산업진흥회", name_en="KDIA")
    dapa = make_org(OrganizationKind.DAPA, name_ko="방위사업청", name_en="DAPA")
    waiting = make_org(
        OrganizationKind.KOREAN_COMPANY, status=OrganizationStatus.PENDING, name_en="Waiting Works"
    )
    users = SimpleNamespace(
        anonymous=None,
        korean_admin=make_user(korean, MembershipRole.ADMIN),
        korean_member=make_user(korean, MembershipRole.MEMBER),
        other_korean=make_user(other, MembershipRole.ADMIN),
        foreign=make_user(foreign, MembershipRole.ADMIN),
        kdia=make_user(kdia, MembershipRole.ADMIN, totp=True),
        kdia_no_2fa=make_user(kdia, MembershipRole.MEMBER),
        dapa=make_user(dapa, MembershipRole.MEMBER, totp=True),
        pending=make_user(waiting, MembershipRole.ADMIN),
    )
    orgs = SimpleNamespace(korean=korean, other=other, foreign=foreign, kdia=kdia, dapa=dapa, waiting=waiting)
    directory = make_directory(korean, other, foreign, users)
    offsets = make_offsets(foreign, directory, users)
    return SimpleNamespace(
        users=users,
        orgs=orgs,
        directory=directory,
        offsets=offsets,
        wishlists=make_wishlists(offsets.programme, directory, users),
        matching=make_matching(foreign, directory, users),
        events=make_events(foreign, directory, users),
    )


def make_directory(korean, other, foreign, users):
    """The Korean company's published profile with a product, a photo and a contact; the other
    Korean company's profile stays a draft; the contractor keeps a shortlist."""
    from companies.models import Company, Shortlist, ShortlistEntry
    from companies.testing import make_photo, publish_with_product

    published = Company.objects.get(organization=korean)
    product = publish_with_product(published)
    photo = make_photo(product)
    draft = Company.objects.get(organization=other)
    shortlist = Shortlist.objects.create(
        organization=foreign, name="Naval candidates", created_by=users.foreign
    )
    entry = ShortlistEntry.objects.create(
        shortlist=shortlist, company=published, note="Met at the 2026 forum"
    )
    return SimpleNamespace(
        published=published, product=product, photo=photo, draft=draft, shortlist=shortlist, entry=entry
    )


def make_offsets(foreign, directory, users):
    """A programme the contractor has an MOA for, with an item, an open claim with evidence and a
    credit account; and a second contractor's MOA, which nobody but DAPA and KDIA may see."""
    from offsets.testing import make_offset_world

    return make_offset_world(foreign, directory.published, users)


def make_wishlists(programme, directory, users):
    """An open round: the Korean company's draft and accepted proposals (the latter in a submitted,
    unshared package) and the other company's submitted proposal."""
    from wishlists.testing import make_wishlist_world

    return make_wishlist_world(programme, directory.published, directory.draft, users)


def make_matching(foreign, directory, users):
    """The contractor's published requirement with the Korean company's EOI and the other
    company's draft EOI, plus a draft requirement and one waiting for KDIA."""
    from matching.testing import make_matching_world

    return make_matching_world(foreign, directory, users)


def make_events(foreign, directory, users):
    """An event with published agendas where the contractor meets the Korean company, an event open
    for registration where the contractor's request waits for the company's answer, and a draft."""
    from events.testing import make_events_world

    return make_events_world(foreign, directory, users)


def client_for(world, persona: str, **client_kwargs):
    user = getattr(world.users, persona)
    return signed_in(user, second_factor=persona in {"kdia", "dapa"}, **client_kwargs)


@pytest.fixture
def as_persona(world):
    """``as_persona("kdia")`` returns a client signed in as that persona."""
    return lambda persona, **kwargs: client_for(world, persona, **kwargs)
