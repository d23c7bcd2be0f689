"""Small factories for tests: organisations, people and signed-in clients.

Kept in the app tree (not only in conftest) so that every app's tests and the
permission matrix build the same personas the same way.
"""

from __future__ import annotations

import itertools
import time

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client

from accounts.choices import MembershipRole, OrganizationKind, OrganizationStatus
from accounts.models import Membership, Organization, User
from core.identifiers import brn_check_digit

PASSWORD = "correct-horse-battery-42"
TOTP_SECRET = "JBSWY3DPEHPK3PXPTESTSECRETABCDEF"
_serial = itertools.count(500)


def fictional_brn() -> str:
    """A fresh registration number with a valid check digit (tax office 000 is never issued)."""
    first_nine = f"000{next(_serial):06d}"
    return first_nine + str(brn_check_digit(first_nine))


def make_org(
    kind=OrganizationKind.KOREAN_COMPANY, status=OrganizationStatus.APPROVED, **fields
) -> Organization:
    number = next(_serial)
    defaults = {"name_ko": f"가상기업{number}", "name_en": f"Fictional Firm {number}"}
    if kind == OrganizationKind.KOREAN_COMPANY:
        defaults["registration_number"] = fictional_brn()
    defaults.update(fields)
    return Organization.objects.create(kind=kind, status=status, **defaults)


def make_user(
    organization: Organization | None = None, role=MembershipRole.MEMBER, *, totp=False, **fields
) -> User:
    number = next(_serial)
    fields.setdefault("email", f"person{number}@test.k-offset.invalid")
    fields.setdefault("full_name", f"Test Person {number}")
    user = User.objects.create_user(password=PASSWORD, **fields)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    if organization is not None:
        Membership.objects.create(user=user, organization=organization, role=role)
    if totp:
        TOTP.activate(user, TOTP_SECRET)
    return User.objects.get(pk=user.pk)


def signed_in(user: User | None, *, second_factor: bool = False, **client_kwargs) -> Client:
    """A test client signed in as ``user`` (anonymous for None), optionally past the second factor.

    Pages come in English unless the test asks for another Accept-Language.
    """
    client_kwargs.setdefault("HTTP_ACCEPT_LANGUAGE", "en")
    client = Client(**client_kwargs)
    if user is not None:
        client.force_login(user)
        if second_factor:
            assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
            # What allauth records when someone signs in with password and authenticator code.
            session = client.session
            session["account_authentication_methods"] = [
                {"method": "password", "at": time.time(), "email": user.email},
                {"method": "mfa", "at": time.time(), "type": "totp"},
            ]
            session["account_authentication_methods_user"] = str(user.pk)
            session.save()
    return client
