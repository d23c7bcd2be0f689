"""Sign-ins, failed sign-ins, sign-outs, password and second-factor changes each leave one row."""

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.choices import MembershipRole, OrganizationKind
from accounts.demo import current_totp_code
from accounts.services import set_password_url
from audit.choices import AuditAction
from audit.models import AuditEvent
from core.testing import PASSWORD, TOTP_SECRET, make_org, make_user, signed_in

NEW_PASSWORD = "fresh-lantern-orbit-77"


@pytest.fixture
def member(db):
    return make_user(make_org(OrganizationKind.KOREAN_COMPANY), MembershipRole.ADMIN)


def events(action):
    return list(AuditEvent.objects.filter(action=action))


def sign_in(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_sign_in_is_recorded_once_with_address_and_browser(member):
    client = Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_USER_AGENT="TestBrowser/1.0", REMOTE_ADDR="198.51.100.4")
    assert sign_in(client, member.email).status_code == 302
    [event] = events(AuditAction.SIGN_IN)
    assert event.actor == member and event.organization == member.organization
    assert event.ip_address == "198.51.100.4" and event.user_agent == "TestBrowser/1.0"


def test_failed_sign_in_records_the_address_tried_and_never_the_password(member):
    wrong = "Wrong-Password-Zebra-5"
    sign_in(Client(), member.email, wrong)
    [event] = events(AuditAction.SIGN_IN_FAILED)
    assert event.actor is None and event.actor_email == member.email
    stored = [str(value) for value in AuditEvent.objects.filter(pk=event.pk).values().get().values()]
    assert not any(wrong in value or "****" in value for value in stored)
    assert not events(AuditAction.SIGN_IN)


def test_sign_out_is_recorded(member):
    client = signed_in(member)
    client.post(reverse("account_logout"))
    [event] = events(AuditAction.SIGN_OUT)
    assert event.actor == member


def test_password_change_is_recorded(member):
    client = signed_in(member)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    [event] = events(AuditAction.PASSWORD_CHANGED)
    assert event.actor == member and event.target_id == str(member.pk)


def test_password_reset_request_and_reset_are_recorded(member):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.post(reverse("account_reset_password"), {"email": member.email})
    assert len(mail.outbox) == 1
    [requested] = events(AuditAction.PASSWORD_RESET_REQUESTED)
    assert requested.actor is None and requested.actor_email == member.email
    assert requested.target_id == str(member.pk) and requested.organization == member.organization

    form_url = client.get(set_password_url(member).removeprefix("http://testserver"))["Location"]
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    [reset] = events(AuditAction.PASSWORD_RESET)
    assert reset.target_id == str(member.pk)


def test_second_factor_added_and_removed_once_each(db, django_capture_on_commit_callbacks):
    from accounts.tests.test_staff_second_factor import sign_in as staff_sign_in

    user = make_user(make_org(OrganizationKind.KDIA), MembershipRole.MEMBER)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    staff_sign_in(client, user)
    client.get(reverse("mfa_activate_totp"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    with django_capture_on_commit_callbacks(execute=True):  # allauth signals after the commit
        client.post(reverse("mfa_activate_totp"), {"code": current_totp_code(secret)})
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    [added] = events(AuditAction.MFA_ENABLED)  # the recovery codes made alongside are not a second row
    assert added.actor == user and added.details == {"kind": "totp"}

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mfa_deactivate_totp"))
    assert not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    [removed] = events(AuditAction.MFA_DISABLED)
    assert removed.actor == user


def test_a_wrong_authenticator_code_is_recorded(db):
    user = make_user(make_org(OrganizationKind.KDIA), MembershipRole.ADMIN, totp=True)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, user.email)
    wrong = "000000" if current_totp_code(TOTP_SECRET) != "000000" else "111111"
    client.post(reverse("mfa_authenticate"), {"code": wrong})
    [event] = events(AuditAction.MFA_FAILED)
    assert event.actor == user and wrong not in str(event.details)
    assert not events(AuditAction.SIGN_IN)
