"""Language: the browser's Accept-Language first, then the user's remembered choice."""

import re

from django.conf import settings
from django.test import Client
from django.urls import reverse

from core.testing import make_org, make_user, signed_in


def html_lang(response) -> str:
    return re.search(r'<html lang="([a-z-]+)"', response.content.decode()).group(1)


def test_accept_language_decides_for_a_new_visitor(db):
    assert html_lang(Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").get("/")) == "en"
    assert html_lang(Client(HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9,en;q=0.5").get("/")) == "ko"
    assert html_lang(Client(HTTP_ACCEPT_LANGUAGE="fr-FR").get("/")) == settings.LANGUAGE_CODE


def test_switch_is_remembered_over_the_browser_language(db):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(reverse("set_language"), {"language": "ko", "next": "/accounts/login/"})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert html_lang(client.get("/")) == "ko"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME]["httponly"]


def test_switch_is_saved_on_the_account_and_follows_the_user(db):
    user = make_user(make_org(), preferred_language="ko")
    signed_in(user, HTTP_ACCEPT_LANGUAGE="ko").post(reverse("set_language"), {"language": "en", "next": "/"})
    user.refresh_from_db()
    assert user.preferred_language == "en"
    # On another browser without the cookie, the account's choice beats Accept-Language.
    assert html_lang(signed_in(user, HTTP_ACCEPT_LANGUAGE="ko").get("/")) == "en"


def test_switch_refuses_unknown_languages_and_foreign_redirects(db):
    client = Client()
    assert client.post(reverse("set_language"), {"language": "xx"}).status_code == 400
    response = client.post(reverse("set_language"), {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert client.get(reverse("set_language")).status_code == 405


def test_every_page_offers_the_switch(db):
    body = Client().get("/").content.decode()
    assert 'action="/i18n/language/"' in body
    assert 'lang="ko"' in body and 'lang="en"' in body


def test_korean_pages_are_in_korean(db):
    body = Client(HTTP_ACCEPT_LANGUAGE="ko").get("/").content.decode()
    assert "로그인" in body
    assert "Sign in" not in body
