"""Sign-in and password-reset throttling (ACCOUNT_RATE_LIMITS) and session-key rotation.

The counters live in the cache (LocMemCache in tests); conftest clears it around every test.
Each request comes from a different address, so only the per-address-independent limit (the
e-mail, "key") can be what refuses the last attempt.
"""

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.choices import MembershipRole, OrganizationKind
from accounts.demo import current_totp_code
from core.testing import PASSWORD, TOTP_SECRET, make_org, make_user, signed_in

WRONG = "Wrong-Password-Zebra-5"


@pytest.fixture
def member(db):
    return make_user(make_org(OrganizationKind.KOREAN_COMPANY), MembershipRole.ADMIN)


def from_address(number: int) -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR=f"203.0.113.{number}")


def sign_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_the_limits_are_the_ones_tested_here():
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"] == "5/m/ip,5/5m/key"
    assert settings.ACCOUNT_RATE_LIMITS["reset_password"] == "20/m/ip,5/m/key"


def test_sixth_sign_in_for_one_address_is_refused_even_with_the_right_password(member):
    for attempt in range(5):
        response = sign_in(from_address(attempt + 1), member.email, WRONG)
        assert response.status_code == 200 and "_auth_user_id" not in response.wsgi_request.session
    client = from_address(50)
    response = sign_in(client, member.email, PASSWORD)
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    assert b"Too many failed login attempts" in response.content or response.status_code == 429
    # Another account is not affected by this one's counter.
    other = make_user(member.organization, MembershipRole.MEMBER)
    assert sign_in(from_address(51), other.email, PASSWORD).status_code == 302


def test_four_failures_then_the_right_password_still_signs_in(member):
    for attempt in range(4):
        sign_in(from_address(attempt + 1), member.email, WRONG)
    client = from_address(60)
    assert sign_in(client, member.email, PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_password_reset_requests_for_one_address_are_throttled(member):
    for attempt in range(5):
        from_address(attempt + 1).post(reverse("account_reset_password"), {"email": member.email})
    assert len(mail.outbox) == 5
    response = from_address(99).post(reverse("account_reset_password"), {"email": member.email})
    assert response.status_code == 429
    assert len(mail.outbox) == 5


def test_signing_in_gives_the_session_a_new_key(member):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.get(reverse("account_login"))
    session = client.session
    session["seen_before_sign_in"] = True
    session.save()
    before = session.session_key
    assert sign_in(client, member.email, PASSWORD).status_code == 302
    after = client.session.session_key
    assert after != before
    assert not SessionStore().exists(before)


def test_signing_in_with_the_second_factor_gives_the_session_a_new_key(db):
    user = make_user(make_org(OrganizationKind.KDIA), MembershipRole.ADMIN, totp=True)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, user.email, PASSWORD)
    before_totp = client.session.session_key
    assert (
        client.post(reverse("mfa_authenticate"), {"code": current_totp_code(TOTP_SECRET)}).status_code == 302
    )
    assert client.session.session_key != before_totp  # signing in (after the code) rotates it


def test_the_second_factor_step_up_gives_the_session_a_new_key(db):
    """A session signed in without the code must step up with it before staff pages."""
    user = make_user(make_org(OrganizationKind.KDIA), MembershipRole.ADMIN, totp=True)
    client = signed_in(user)
    before_step_up = client.session.session_key
    response = client.get("/staff/audit/")
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    response = client.post(reverse("mfa_reauthenticate"), {"code": current_totp_code(TOTP_SECRET)})
    assert response.status_code == 302
    assert client.session.session_key != before_step_up
    assert not SessionStore().exists(before_step_up)
    assert client.get("/staff/audit/").status_code == 200


def test_signing_out_deletes_the_old_session_on_the_server(member):
    client = signed_in(member)
    old_key = client.session.session_key
    assert SessionStore().exists(old_key)
    client.post(reverse("account_logout"))
    assert not SessionStore().exists(old_key)
    # Someone replaying the old cookie is a guest.
    replay = Client(HTTP_ACCEPT_LANGUAGE="en")
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_key
    response = replay.get(reverse("accounts:organization"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
