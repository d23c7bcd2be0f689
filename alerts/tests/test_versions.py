"""Optimistic locking of saved searches: a stale page save or API update never overwrites a newer
change, and what is not an edit (a digest run) never makes an open form stale."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from alerts import services
from alerts.choices import Frequency
from alerts.models import SavedSearch
from alerts.testing import make_saved_search
from api.concurrency import etag_of
from core.forms import version_of

LIST = reverse("alerts:list")
STALE_EN = "Someone else saved this record while you were editing."
STALE_KO = "편집하는 동안 다른 사용자가 이 정보를 저장했습니다."


def update_url(search) -> str:
    return reverse("alerts:update", args=[search.pk])


def api_url(search) -> str:
    return f"/api/v1/alerts/{search.pk}"


def patch(client, search, body, **headers):
    return client.patch(api_url(search), body, content_type="application/json", headers=headers)


def renamed_elsewhere(search, name="Renamed in another tab") -> SavedSearch:
    """Another tab's save, one second later (so the version surely differs)."""
    SavedSearch.objects.filter(pk=search.pk).update(
        name=name, updated_at=search.updated_at + timedelta(seconds=1)
    )
    return SavedSearch.objects.get(pk=search.pk)


def test_the_list_carries_each_searchs_version(world, as_persona):
    search = make_saved_search(world.users.korean_member)
    page = as_persona("korean_member").get(LIST).content.decode()
    assert f'name="version" value="{version_of(search)}"' in page


def test_a_fresh_page_edit_is_saved_and_moves_the_version(world, as_persona):
    search = make_saved_search(world.users.korean_member)
    response = as_persona("korean_member").post(
        update_url(search), {"name": "Shipyards", "frequency": "daily", "version": version_of(search)}
    )
    assert response.status_code == 302 and response["Location"] == LIST
    saved = SavedSearch.objects.get(pk=search.pk)
    assert (saved.name, saved.frequency) == ("Shipyards", Frequency.DAILY)
    assert saved.updated_at > search.updated_at


def test_a_stale_page_edit_is_refused_and_the_input_kept(world, as_persona):
    search = make_saved_search(world.users.korean_member)
    opened = version_of(search)
    newer = renamed_elsewhere(search)
    response = as_persona("korean_member").post(
        update_url(search), {"name": "My stale name", "frequency": "daily", "version": opened}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert STALE_EN in page
    # The row shows the other tab's name as the link and this tab's input in the form.
    assert "Renamed in another tab" in page and 'value="My stale name"' in page
    assert '<option value="daily" selected>' in page
    saved = SavedSearch.objects.get(pk=search.pk)
    assert (saved.name, saved.frequency, saved.updated_at) == (
        "Renamed in another tab",
        Frequency.WEEKLY,
        newer.updated_at,
    )


def test_the_stale_message_in_korean(world, as_persona):
    search = make_saved_search(world.users.korean_member)
    opened = version_of(search)
    renamed_elsewhere(search)
    client = as_persona("korean_member", HTTP_ACCEPT_LANGUAGE="ko")
    page = client.post(update_url(search), {"frequency": "off", "version": opened}).content.decode()
    assert STALE_KO in page
    assert SavedSearch.objects.get(pk=search.pk).frequency == Frequency.WEEKLY


def test_unsubscribing_makes_an_open_edit_form_stale(world, as_persona):
    search = make_saved_search(world.users.korean_member, frequency=Frequency.DAILY)
    opened = version_of(search)
    assert services.unsubscribe(SavedSearch.objects.get(pk=search.pk))
    as_persona("korean_member").post(update_url(search), {"frequency": "daily", "version": opened})
    assert SavedSearch.objects.get(pk=search.pk).frequency == Frequency.OFF  # not turned back on


def test_a_digest_run_does_not_change_the_version(world, as_persona):
    search = make_saved_search(world.users.korean_member, frequency=Frequency.DAILY)
    SavedSearch.objects.filter(pk=search.pk).update(created_at=timezone.now() - timedelta(days=2))
    search.refresh_from_db()
    opened, etag = version_of(search), etag_of(search)
    run = services.send_digests(now=timezone.now())
    assert run.failed == [] and run.sent + run.empty == 1
    after = SavedSearch.objects.get(pk=search.pk)
    assert after.last_sent_at is not None
    assert (version_of(after), etag_of(after)) == (opened, etag)
    # So the form the owner opened before the run still saves.
    client = as_persona("korean_member")
    client.post(update_url(search), {"name": "Still mine", "frequency": "weekly", "version": opened})
    assert SavedSearch.objects.get(pk=search.pk).name == "Still mine"


def test_saving_the_same_search_again_moves_the_version_only_when_it_changes(world):
    user = world.users.foreign
    search, created = services.save_search(user, "companies", "field=naval", name="Naval")
    assert created
    again, created = services.save_search(user, "companies", "field=naval", frequency=Frequency.WEEKLY)
    assert not created and again.updated_at == search.updated_at
    daily, _created = services.save_search(user, "companies", "field=naval", frequency=Frequency.DAILY)
    stored = SavedSearch.objects.get(pk=search.pk)
    assert stored.updated_at > search.updated_at
    assert version_of(daily) == version_of(stored)


def test_the_api_read_carries_the_etag(world, as_persona):
    search = make_saved_search(world.users.korean_member)
    response = as_persona("korean_member").get(api_url(search))
    assert response.status_code == 200 and response["ETag"] == etag_of(search)


def test_an_api_update_without_if_match_is_428(world, as_persona):
    search = make_saved_search(world.users.korean_member)
    response = patch(as_persona("korean_member"), search, {"name": "Blind write"})
    assert response.status_code == 428
    assert response.json()["code"] == "precondition_required"
    assert SavedSearch.objects.get(pk=search.pk).name == "Naval companies"


def test_an_api_update_with_a_stale_etag_is_412(world, as_persona):
    search = make_saved_search(world.users.korean_member)
    stale = etag_of(search)
    renamed_elsewhere(search)
    response = patch(as_persona("korean_member"), search, {"frequency": "off"}, if_match=stale)
    assert response.status_code == 412 and response.json()["code"] == "stale"
    saved = SavedSearch.objects.get(pk=search.pk)
    assert (saved.name, saved.frequency) == ("Renamed in another tab", Frequency.WEEKLY)


def test_an_api_update_with_the_current_etag_is_saved_and_answers_the_new_one(world, as_persona):
    search = make_saved_search(world.users.korean_member)
    client = as_persona("korean_member")
    etag = client.get(api_url(search))["ETag"]
    response = patch(client, search, {"name": "Shipyards"}, if_match=etag)
    assert response.status_code == 200, response.content
    saved = SavedSearch.objects.get(pk=search.pk)
    assert saved.name == "Shipyards"
    assert response["ETag"] == etag_of(saved) != etag
    # The old ETag is now stale, and the page's form opened before the API change is too.
    assert patch(client, search, {"name": "Again"}, if_match=etag).status_code == 412
    client.post(update_url(search), {"name": "From the page", "version": version_of(search)})
    assert SavedSearch.objects.get(pk=search.pk).name == "Shipyards"


def test_an_api_save_answers_the_searchs_etag(world, as_persona):
    response = as_persona("foreign").post(
        "/api/v1/alerts", {"kind": "companies", "querystring": "field=naval"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response["ETag"] == etag_of(SavedSearch.objects.get())
