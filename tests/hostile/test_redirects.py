"""Every "where to go next" parameter stays on this site, however the address is disguised."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from conftest import client_for
from core.testing import PASSWORD

HOSTILE_TARGETS = [
    "https://evil.example/",
    "http://evil.example/companies/",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\t//evil.example",
    " //evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://testserver@evil.example/",
    "/%2F%2Fevil.example",
]
LOCAL_TARGET = "/companies/"


def stays_here(location: str) -> bool:
    """A browser following this Location stays on testserver."""
    if any(ord(character) < 33 for character in location[:1]):
        return False
    parts = urlsplit(location.replace("\\", "/"))
    if parts.scheme and parts.scheme not in {"http", "https"}:
        return False
    return parts.netloc in {"", "testserver"} and not location.startswith(("//", "/\\", "\\"))


def test_the_check_recognises_an_escape():
    assert all(not stays_here(target) for target in [*HOSTILE_TARGETS[:8], "javascript:alert(1)"])
    assert stays_here(LOCAL_TARGET) and stays_here("http://testserver/x")


def location(response) -> str:
    assert response.status_code in (301, 302, 303), response.status_code
    return response["Location"]


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_sign_in_next(world, target):
    response = Client().post(
        "/accounts/login/?next=" + target, {"login": world.users.foreign.email, "password": PASSWORD}
    )
    assert stays_here(location(response)), response["Location"]


def test_sign_in_next_still_works_for_a_page_here(world):
    response = Client().post(
        "/accounts/login/", {"login": world.users.foreign.email, "password": PASSWORD, "next": LOCAL_TARGET}
    )
    assert location(response) == LOCAL_TARGET


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_sign_in_page_never_carries_an_off_site_next(db, target):
    # The form repeats ?next= in a hidden field; it must be escaped, never a link elsewhere.
    html = Client().get("/accounts/login/", {"next": target}).content.decode()
    assert 'href="' + target not in html and "href='" + target not in html


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_language_switch_next(db, target):
    response = Client().post("/i18n/language/", {"language": "ko", "next": target})
    assert stays_here(location(response)), response["Location"]


def test_language_switch_next_still_works_for_a_page_here(db):
    assert (
        location(Client().post("/i18n/language/", {"language": "ko", "next": LOCAL_TARGET})) == LOCAL_TARGET
    )


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_sign_out_next(world, target):
    client = client_for(world, "korean_admin")
    response = client.post("/accounts/logout/", {"next": target})
    assert stays_here(location(response)), response["Location"]


def test_shortlist_add_next(world):
    client = client_for(world, "foreign")
    brn = world.directory.published.brn
    for target in HOSTILE_TARGETS:
        response = client.post(reverse("companies:shortlist_add"), {"company": brn, "next": target})
        assert stays_here(location(response)), (target, response["Location"])
    response = client.post(reverse("companies:shortlist_add"), {"company": brn, "next": LOCAL_TARGET})
    assert location(response) == LOCAL_TARGET


def test_a_notification_link_never_leaves_the_site(world):
    from notifications.models import Notification

    client = client_for(world, "korean_member")
    for target in HOSTILE_TARGETS:
        # Written past the model's validator, as a bug elsewhere might; the table's own check
        # constraint refuses most of them, and the view must refuse the rest.
        note = Notification.objects.create(user=world.users.korean_member, title_en="Ping", url="/")
        try:
            with transaction.atomic():
                Notification.objects.filter(pk=note.pk).update(url=target)
        except IntegrityError:
            continue
        response = client.get(reverse("notifications:open", kwargs={"pk": note.pk}))
        assert stays_here(location(response)), (target, response["Location"])


def test_notice_step_next_is_a_word_not_an_address(world):
    from notices import testing

    pk = testing.matrix_notice(world)["pk"]
    client = client_for(world, "kdia")
    for target in HOSTILE_TARGETS:
        response = client.post(
            reverse("staff_notices:notice_step", kwargs={"pk": pk}), {"step": "pin", "next": target}
        )
        assert stays_here(location(response)), (target, response["Location"])
