"""Unsubscribing from a digest with the link in its e-mail: no sign-in, the token is the only key."""

from django.test import Client
from django.urls import reverse

from alerts.choices import Frequency
from alerts.models import SavedSearch
from alerts.testing import make_saved_search


def main(page):
    return page.split("<main", 1)[1].split("</main>")[0]


def url(search):
    return reverse("alerts:unsubscribe", args=[search.unsubscribe_token])


def test_get_shows_one_button_and_changes_nothing(world, client):
    search = make_saved_search(world.users.foreign, name="Naval watch")
    response = client.get(url(search))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Naval watch" in page and "Stop the digest for this search" in page
    assert main(page).count("<form") == 1
    assert response["X-Robots-Tag"] == "noindex"
    search.refresh_from_db()
    assert search.frequency == Frequency.WEEKLY


def test_post_turns_the_digest_off_signed_out(world, client):
    search = make_saved_search(world.users.foreign, name="Naval watch")
    response = client.post(url(search))
    assert response.status_code == 302 and response["Location"] == url(search)
    search.refresh_from_db()
    assert search.frequency == Frequency.OFF
    assert SavedSearch.objects.filter(pk=search.pk).exists()  # the search stays saved
    page = client.get(url(search)).content.decode()
    assert "is off" in page and "<form" not in main(page)


def test_mail_clients_one_click_post_works_without_csrf_or_cookies(world):
    search = make_saved_search(world.users.foreign)
    client = Client(enforce_csrf_checks=True)
    response = client.post(url(search), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    search.refresh_from_db()
    assert search.frequency == Frequency.OFF


def test_an_unknown_token_is_missing(world, client):
    make_saved_search(world.users.foreign)
    bogus = reverse("alerts:unsubscribe", args=["x" * 43])
    assert client.get(bogus).status_code == 404
    assert client.post(bogus).status_code == 404


def test_tokens_are_long_random_and_distinct(world):
    first = make_saved_search(world.users.foreign, querystring="field=naval")
    second = make_saved_search(world.users.foreign, querystring="field=air")
    assert len(first.unsubscribe_token) >= 43 and len(second.unsubscribe_token) >= 43
    assert first.unsubscribe_token != second.unsubscribe_token


def test_a_signed_in_stranger_can_use_the_link_too(world, as_persona):
    search = make_saved_search(world.users.foreign)
    assert as_persona("korean_member").post(url(search)).status_code == 302
    search.refresh_from_db()
    assert search.frequency == Frequency.OFF


def test_the_page_in_korean(world):
    search = make_saved_search(world.users.foreign, name="함정 기업")
    client = Client(HTTP_ACCEPT_LANGUAGE="ko")
    page = client.get(url(search)).content.decode()
    assert "이 검색의 알림 중지" in page
    client.post(url(search))
    assert "더 이상 이메일을 보내지 않습니다" in client.get(url(search)).content.decode()
