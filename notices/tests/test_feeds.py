"""RSS and Atom feeds of the public notices, in the language asked for."""

from xml.etree import ElementTree

import pytest

from notices.choices import NoticeStatus
from notices.testing import make_notice

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def test_rss_in_korean_with_public_notices_only(client, staff):
    make_notice(title_ko="상담회 안내", title_en="Consultation day", body_ko="**중요** <b>x</b>")
    make_notice(title_en="Secret draft", status=NoticeStatus.DRAFT)
    for reader in (client, staff):  # feeds are shared and cached: never drafts, whoever asks
        response = reader.get("/notices/feed/rss/?lang=ko")
        assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
        channel = ElementTree.fromstring(response.content).find("channel")
        assert channel.findtext("language") == "ko"
        items = channel.findall("item")
        assert [item.findtext("title") for item in items] == ["상담회 안내"]
        description = items[0].findtext("description")
        assert "<strong>중요</strong>" in description and "<b>" not in description
        assert items[0].findtext("category") == "일반"


def test_atom_in_english_falls_back_per_notice(client):
    make_notice(title_ko="한국어만", title_en="")
    make_notice(title_en="English", days_ago=2)
    response = client.get("/notices/feed/atom/?lang=en")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")] == [
        "한국어만",
        "English",
    ]


def test_without_lang_the_feed_follows_the_active_language():
    from django.test import Client

    make_notice(title_ko="제목", title_en="Title")
    response = Client(HTTP_ACCEPT_LANGUAGE="ko").get("/notices/feed/rss/")
    assert b"<title>\xec\xa0\x9c\xeb\xaa\xa9</title>" in response.content


def test_an_unknown_language_is_a_400_naming_lang(client):
    response = client.get("/notices/feed/rss/?lang=fr")
    assert response.status_code == 400 and response.content.startswith(b"lang:")


def test_pages_carry_feed_autodiscovery_links(client):
    html = client.get("/notices/").content.decode()
    assert 'rel="alternate" type="application/rss+xml"' in html
    assert 'type="application/atom+xml"' in html and "/notices/feed/atom/?lang=en" in html
