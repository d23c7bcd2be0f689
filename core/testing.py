"""Small factories for tests: organisations, people and signed-in clients.

Kept in the app tree (not only in conftest) so that every app's tests and the
permission matrix build the same personas the same way.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import time
from collections.abc import Callable

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

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


@dataclasses.dataclass(frozen=True)
class ApiOperation:
    """One /api/v1 operation in the permission matrix (tests/test_api_operations.py).

    ``kwargs(world)`` fills the path's {placeholders}; ``body(world)`` is the JSON sent, or
    ``form(world)`` the multipart form (fields and files) for an upload; ``headers(world, client)``
    adds request headers (an If-Match read first, say). Outcomes
    name what each persona gets; ``default`` covers the rest.
    """

    method: str
    path: str
    kwargs: Callable | None = None
    body: Callable | None = None
    headers: Callable | None = None
    form: Callable | None = None
    default: str = "ok"
    outcomes: dict = dataclasses.field(default_factory=dict)
    label: str = ""

    def expected(self, persona: str) -> str:
        return self.outcomes.get(persona, self.default)

    def url(self, world) -> str:
        return self.path.format(**self.kwargs(world)) if self.kwargs else self.path

    def call(self, client: Client, world):
        extra = {
            f"HTTP_{name.upper().replace('-', '_')}": value for name, value in self._headers(world, client)
        }
        if self.form:
            encoded = encode_multipart(BOUNDARY, self.form(world))
            return client.generic(
                self.method, self.url(world), encoded, content_type=MULTIPART_CONTENT, **extra
            )
        body = json.dumps(self.body(world), default=str) if self.body else None
        if self.method == "GET":
            return client.get(self.url(world), **extra)
        return client.generic(
            self.method, self.url(world), body or "", content_type="application/json", **extra
        )

    def _headers(self, world, client):
        return (self.headers(world, client) or {}).items() if self.headers else ()

    def __str__(self) -> str:
        return f"{self.method} {self.path}" + (f" [{self.label}]" if self.label else "")


def api_key_for(user: User, scope: str = "read_write", **fields) -> str:
    """A fresh API key of ``user``'s organisation acting as ``user``; returns its secret."""
    from api.models import ApiKey  # core imports no app at module level

    _key, secret = ApiKey.issue(
        name=fields.pop("name", "Test key"),
        organization=user.organization,
        created_by=user,
        scope=scope,
        **fields,
    )
    return secret


def key_client(secret: str, **client_kwargs) -> Client:
    """A test client with no session that sends ``secret`` as ``Authorization: Bearer``."""
    client_kwargs.setdefault("HTTP_ACCEPT_LANGUAGE", "en")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}", **client_kwargs)
