"""KDIA and DAPA staff need an authenticator, and must use it, before any staff page."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.demo import current_totp_code
from core.testing import PASSWORD, TOTP_SECRET, make_org, make_user, signed_in

STAFF_PAGE = "/staff/organizations/"


@pytest.fixture
def kdia(db):
    return make_org("kdia")


def sign_in(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def test_staff_without_an_authenticator_are_sent_to_set_one_up(kdia):
    user = make_user(kdia, "member")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, user)
    for url in (STAFF_PAGE, "/admin/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp"), url


def test_setting_up_totp_opens_the_staff_pages(kdia):
    user = make_user(kdia, "member")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, user)
    response = client.get(STAFF_PAGE)
    assert response["Location"] == reverse("mfa_activate_totp")
    # allauth asks for the password again before a new authenticator is added.
    response = client.get(response["Location"])
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": current_totp_code(secret)})
    assert response.status_code == 302
    assert client.get(STAFF_PAGE).status_code == 200


def test_login_with_password_and_totp_reaches_staff_pages(kdia):
    user = make_user(kdia, "admin", totp=True)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = sign_in(client, user)
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(STAFF_PAGE)["Location"].startswith(reverse("account_login"))  # not signed in yet
    wrong = "000000" if current_totp_code(TOTP_SECRET) != "000000" else "111111"
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 200  # a wrong code is refused
    response = client.post(reverse("mfa_authenticate"), {"code": current_totp_code(TOTP_SECRET)})
    assert response.status_code == 302
    assert client.get(STAFF_PAGE).status_code == 200
    assert client.get("/admin/").status_code == 200


def test_a_session_that_skipped_the_second_factor_must_reauthenticate(kdia):
    user = make_user(kdia, "admin", totp=True)
    client = signed_in(user)  # signed in without passing the TOTP step (e.g. an older session)
    response = client.get(STAFF_PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


def test_company_users_are_not_asked_for_a_second_factor(db):
    user = make_user(make_org(), "admin")
    assert signed_in(user).get(STAFF_PAGE).status_code == 403


def test_admin_login_goes_through_allauth(db):
    response = Client().get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=/admin/"
