"""Saving a search, the owner's list, changing and deleting: each person reaches only their own."""

import pytest
from django.urls import reverse

from alerts import kinds, services
from alerts.choices import Frequency
from alerts.models import SavedSearch
from alerts.querystrings import MAX_LENGTH, QuerystringError, normalise
from alerts.testing import make_saved_search

SAVE = reverse("alerts:save")
LIST = reverse("alerts:list")


def test_querystrings_are_normalised():
    raw = "?sort=name&page=3&region=seoul&field=naval&field=air&q=  sonar   buoy &empty=&field=naval"
    assert normalise(raw) == "field=air&field=naval&q=sonar+buoy&region=seoul"
    assert normalise(raw, keys={"q", "field"}) == "field=air&field=naval&q=sonar+buoy"
    assert normalise("") == ""
    with pytest.raises(QuerystringError):
        normalise("q=" + "x" * MAX_LENGTH)


def test_the_directory_kinds_keep_only_their_filters():
    companies = kinds.get("companies")
    assert companies.normalise("utm_source=mail&field=naval&sort=updated&page=2") == "field=naval"
    assert "sort" not in companies.keys and "page" not in companies.keys
    assert {"companies", "products", "requirements"} <= {kind.code for kind in kinds.all_kinds()}
    with pytest.raises(kinds.AlreadyRegistered):
        kinds.register(companies)


def test_saving_stores_the_normalised_querystring_and_a_name(world, as_persona):
    client = as_persona("korean_member")
    response = client.post(
        SAVE,
        {
            "kind": "companies",
            "querystring": "sort=name&page=3&region=gyeongnam&field=naval",
            "frequency": "daily",
        },
    )
    assert response.status_code == 302 and response["Location"] == LIST
    search = SavedSearch.objects.get()
    assert search.user == world.users.korean_member
    assert search.querystring == "field=naval&region=gyeongnam"
    assert search.frequency == Frequency.DAILY
    assert search.name == "Korean companies: Naval ships · South Gyeongsang"
    assert len(search.unsubscribe_token) >= 43  # 32 random bytes, URL-safe
    assert search.result_path == "/companies/?field=naval&region=gyeongnam"
    page = client.get(LIST).content.decode()
    assert "Korean companies: Naval ships · South Gyeongsang" in page
    assert "once a day" in page  # the confirmation message


def test_saving_the_same_filters_again_updates_the_one_search(world, as_persona):
    client = as_persona("foreign")
    client.post(SAVE, {"kind": "products", "querystring": "trl=7&field=naval", "name": "Sonar"})
    client.post(SAVE, {"kind": "products", "querystring": "field=naval&trl=7&page=2", "frequency": "daily"})
    search = SavedSearch.objects.get()
    assert (search.name, search.frequency) == ("Sonar", Frequency.DAILY)
    other = make_saved_search(world.users.foreign, kind="companies", querystring="trl=7&field=naval")
    assert other.pk != search.pk  # the same filters on another list are another search


def test_an_unknown_list_or_a_huge_querystring_is_not_saved(world, as_persona):
    client = as_persona("foreign")
    response = client.post(SAVE, {"kind": "events", "querystring": "q=x"}, follow=True)
    assert "could not be saved" in response.content.decode()
    response = client.post(SAVE, {"kind": "companies", "querystring": "q=" + "x" * 600}, follow=True)
    assert "too many filters" in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_a_person_keeps_a_limited_number_of_searches(world, as_persona, monkeypatch):
    monkeypatch.setattr(services, "MAX_SAVED_SEARCHES", 1)
    client = as_persona("foreign")
    client.post(SAVE, {"kind": "companies", "querystring": "field=naval"})
    response = client.post(SAVE, {"kind": "companies", "querystring": "field=air"}, follow=True)
    assert "at most 1 saved searches" in response.content.decode()
    assert SavedSearch.objects.count() == 1


def test_guests_are_sent_to_sign_in(world, client):
    response = client.post(SAVE, {"kind": "companies", "querystring": "field=naval"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(LIST).status_code == 302
    assert not SavedSearch.objects.exists()


def test_the_list_shows_only_ones_own_searches(world, as_persona):
    make_saved_search(world.users.korean_member, name="Member's naval watch")
    make_saved_search(world.users.foreign, name="Contractor's naval watch")
    page = as_persona("korean_member").get(LIST).content.decode()
    assert "Member&#x27;s naval watch" in page
    assert "Contractor" not in page
    kdia_page = as_persona("kdia").get(LIST).content.decode()
    assert "naval watch" not in kdia_page  # not even KDIA reads anyone else's
    assert "No saved searches yet." in kdia_page


def test_the_empty_list_explains_how_to_save_one(world, as_persona):
    page = as_persona("foreign").get(LIST).content.decode()
    assert "No saved searches yet." in page
    assert "Save this search" in page
    assert reverse("companies:company_list") in page and reverse("companies:product_list") in page


def test_the_owner_changes_frequency_and_name(world, as_persona):
    search = make_saved_search(world.users.korean_member)
    client = as_persona("korean_member")
    url = reverse("alerts:update", args=[search.pk])
    assert client.post(url, {"frequency": "daily", "name": "Ships"}).status_code == 302
    search.refresh_from_db()
    assert (search.frequency, search.name) == (Frequency.DAILY, "Ships")
    client.post(url, {"frequency": "off", "name": ""})  # a blank name keeps the current one
    search.refresh_from_db()
    assert (search.frequency, search.name) == (Frequency.OFF, "Ships")
    client.post(url, {"frequency": "hourly"})
    search.refresh_from_db()
    assert search.frequency == Frequency.OFF
    assert client.get(url).status_code == 405


def test_the_owner_deletes_a_search(world, as_persona):
    search = make_saved_search(world.users.korean_member)
    response = as_persona("korean_member").post(reverse("alerts:delete", args=[search.pk]))
    assert response.status_code == 302
    assert not SavedSearch.objects.exists()


@pytest.mark.parametrize("persona", ["korean_admin", "other_korean", "foreign", "kdia", "dapa"])
def test_another_persons_search_is_missing(world, as_persona, persona):
    search = make_saved_search(world.users.korean_member, frequency=Frequency.WEEKLY)
    client = as_persona(persona)
    update = client.post(reverse("alerts:update", args=[search.pk]), {"frequency": "off"})
    delete = client.post(reverse("alerts:delete", args=[search.pk]))
    assert (update.status_code, delete.status_code) == (404, 404)
    search.refresh_from_db()
    assert search.frequency == Frequency.WEEKLY


def test_directory_lists_offer_to_save_the_current_search(world, as_persona, client):
    page = as_persona("foreign").get(reverse("companies:company_list"), {"field": "naval"}).content.decode()
    assert f'action="{SAVE}"' in page
    assert 'name="querystring" value="field=naval"' in page
    assert 'name="kind" value="companies"' in page
    assert "alerts/js/save_search.js" in page
    products = as_persona("foreign").get(reverse("companies:product_list")).content.decode()
    assert 'name="kind" value="products"' in products
    guest = client.get(reverse("companies:company_list"), {"field": "naval"}).content.decode()
    assert "Sign in to save this search" in guest and f'action="{SAVE}"' not in guest


def test_pages_in_korean(world, as_persona):
    client = as_persona("korean_member", HTTP_ACCEPT_LANGUAGE="ko")
    assert "저장한 검색이 아직 없습니다" in client.get(LIST).content.decode()
    make_saved_search(world.users.korean_member, frequency=Frequency.DAILY)
    page = client.get(LIST).content.decode()
    assert "저장한 검색" in page and "매일" in page and "변경 내용 저장" in page
    directory = client.get(reverse("companies:company_list")).content.decode()
    assert "이 검색 저장" in directory
    client.post(SAVE, {"kind": "companies", "querystring": "field=air"})
    assert SavedSearch.objects.filter(name__startswith="국내 기업").exists()
