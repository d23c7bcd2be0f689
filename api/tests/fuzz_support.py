"""What the schema fuzz test needs besides Schemathesis: the callers, the records some of them may
not see, and the check that no response shows them one.

The private records carry texts nobody would type by chance, so a leak is found by looking for the
text in the raw response body, whatever field or nesting it hides in.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.conf import settings
from django.core import signals
from django.db import close_old_connections
from django.utils.crypto import get_random_string

from accounts.choices import MembershipRole, OrganizationKind
from companies.models import Company, Contact
from companies.testing import publish_with_product
from consultations import services as consultation_services
from consultations.choices import EntryKind
from consultations.testing import make_case
from core.testing import make_org, make_user, signed_in
from notices.choices import NoticeStatus
from notices.testing import make_notice

# Anonymous visitor, a member of a Korean company, a foreign contractor and KDIA staff past the second factor.
PERSONAS = ("anonymous", "korean_member", "foreign", "kdia")


@contextlib.contextmanager
def wsgi_inside_test_transaction() -> Iterator[None]:
    """Let requests sent straight to Django's WSGI handler run inside the test's transaction.

    The handler closes "obsolete" connections when a request starts and ends; inside the test's
    transaction that would close the connection the test data lives on. Django's own test client
    unhooks the same receiver for the same reason.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def plant_private_records(world) -> SimpleNamespace:
    """Records only some personas may see, each with a text that marks it in a response body."""
    kdia = world.users.kdia
    # A second published company with its own contact: the Korean member must not see this one's contact.
    rival_org = make_org(OrganizationKind.KOREAN_COMPANY, name_ko="해솔전자", name_en="Haesol Electronics")
    make_user(rival_org, MembershipRole.ADMIN)
    rival = Company.objects.get(organization=rival_org)
    publish_with_product(rival)
    rival.contacts.all().delete()
    rival_contact = Contact.objects.create(
        company=rival, name="Minji Seo", email="sales@haesol.test.invalid", phone="+82-31-000-7731"
    )
    # The other Korean company's profile is a draft: neither its contact nor its description is public.
    draft = world.directory.draft
    draft.description_en = "Zephyrine draft profile description, not yet published."
    draft.save(update_fields=["description_en"])
    draft_contact = Contact.objects.create(
        company=draft, name="Dohyun Kwon", email="ceo@nuri.test.invalid", phone="+82-42-000-4410"
    )
    # A case of the other Korean company (only it and KDIA read it), and an internal note in the
    # contractor's own case (only KDIA reads it).
    other_case = make_case(world.users.other_korean, subject="Quillfeather subject of another company")
    foreign_case = make_case(world.users.foreign, subject="Contractor's question about banking credits")
    consultation_services.add_desk_entry(
        foreign_case.pk, by=kdia, kind=EntryKind.NOTE, body="Marrowbeck internal note for KDIA only"
    )
    draft_notice = make_notice(status=NoticeStatus.DRAFT, title_en="Vellichor draft notice")
    return SimpleNamespace(
        rival=rival,
        rival_contact=rival_contact,
        draft=draft,
        draft_contact=draft_contact,
        other_case=other_case,
        foreign_case=foreign_case,
        internal_note="Marrowbeck internal note",
        draft_notice=draft_notice,
    )


def forbidden_texts(world, planted, persona: str) -> dict[str, str]:
    """Texts that must appear in no response to ``persona``, each with the rule it would break.

    Written out per persona from the domain rules rather than computed through the ``visible_to``
    methods, so that a mistake in those methods shows up here instead of being copied.
    """
    forbidden: dict[str, str] = {}
    caller = getattr(world.users, persona)
    own_organization = caller.organization if caller is not None else None
    for name in ("korean_admin", "korean_member", "other_korean", "foreign", "kdia", "dapa", "pending"):
        user = getattr(world.users, name)
        # The members list shows a member their colleagues' addresses, as the organisation page does.
        colleague = own_organization is not None and user.organization == own_organization
        if user != caller and not colleague:
            forbidden[user.email] = (
                f"the e-mail address of {name} (the API shows nobody's but the caller's and colleagues')"
            )

    def contacts_of(company_label: str, *contacts: Contact) -> None:
        for contact in contacts:
            forbidden[contact.email] = f"the e-mail address of a contact at {company_label}"
            forbidden[contact.phone] = f"the phone number of a contact at {company_label}"

    garam_contacts = list(Contact.objects.filter(company=world.directory.published))
    if persona == "anonymous":
        contacts_of("a published company, to a visitor", *garam_contacts, planted.rival_contact)
    if persona == "korean_member":
        contacts_of("another Korean company", planted.rival_contact)
    if persona != "kdia":
        contacts_of("a draft profile", planted.draft_contact)
        forbidden[planted.draft.description_en] = "the description of another organisation's draft profile"
        forbidden[planted.other_case.subject] = "another organisation's consultation case"
        forbidden[planted.internal_note] = "KDIA's internal note in a consultation case"
        forbidden[planted.draft_notice.title_en] = "a notice KDIA has not published"
    return forbidden


@dataclass
class Caller:
    """How one persona calls the API: its session and CSRF cookies and headers, and what it may not see."""

    persona: str
    cookies: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    forbidden: dict[str, str] = field(default_factory=dict)


def caller_for(world, planted, persona: str) -> Caller:
    caller = Caller(persona=persona, forbidden=forbidden_texts(world, planted, persona))
    user = getattr(world.users, persona)
    if user is None:
        return caller
    session = signed_in(user, second_factor=persona in {"kdia", "dapa"}).cookies[settings.SESSION_COOKIE_NAME]
    # A CSRF secret in the cookie and the same value in the header is what a browser's form sends.
    csrf_token = get_random_string(32)
    caller.cookies = {settings.SESSION_COOKIE_NAME: session.value, settings.CSRF_COOKIE_NAME: csrf_token}
    caller.headers = {"X-CSRFToken": csrf_token, "Referer": "https://localhost/"}
    return caller


def private_fields_check(caller: Caller):
    """A Schemathesis check: the response body shows ``caller`` none of its forbidden texts."""

    def no_private_fields(ctx, response, case) -> None:
        body = response.content.decode("utf-8", errors="replace")
        leaked = [reason for text, reason in caller.forbidden.items() if text and text in body]
        if leaked:
            raise AssertionError(f"{case.operation.label} shows {caller.persona}: " + "; ".join(leaked))

    return no_private_fields


def needs_sign_in(operation) -> bool:
    """Whether the schema asks for a session or key (public operations declare no security)."""
    return bool(operation.definition.raw.get("security"))
