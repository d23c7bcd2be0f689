"""Saved searches over the API: the pages' forms and service, each person reaching only their own."""

import pytest

from alerts import services
from alerts.choices import Frequency
from alerts.models import SavedSearch
from alerts.testing import make_saved_search
from api.concurrency import etag_of

ALERTS = "/api/v1/alerts"


def alert_url(search) -> str:
    return f"{ALERTS}/{search.pk}"


def post(client, body):
    return client.post(ALERTS, body, content_type="application/json")


def patch(client, url, body, record=None):
    """PATCH with the record's current ETag in If-Match (when given; another's search has none)."""
    headers = {"If-Match": etag_of(SavedSearch.objects.get(pk=record.pk))} if record else {}
    return client.patch(url, body, content_type="application/json", headers=headers)


def test_saving_normalises_the_querystring_and_saving_it_again_updates_it(world, as_persona):
    client = as_persona("foreign")
    response = post(
        client,
        {
            "kind": "companies",
            "querystring": "sort=name&page=3&region=gyeongnam&field=naval",
            "frequency": "daily",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["querystring"] == "field=naval&region=gyeongnam"
    assert body["name"] == "Korean companies: Naval ships · South Gyeongsang"
    assert body["frequency"] == "daily"
    assert body["url"] == "/companies/?field=naval&region=gyeongnam"
    assert "unsubscribe" not in str(body)

    again = post(
        client, {"kind": "companies", "querystring": "field=naval&region=gyeongnam", "name": "Naval"}
    )
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    search = SavedSearch.objects.get()
    assert (search.user, search.name, search.frequency) == (world.users.foreign, "Naval", Frequency.WEEKLY)

    listed = client.get(ALERTS).json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == search.pk
    assert client.get(alert_url(search)).json()["name"] == "Naval"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "companies", "querystring": "field=naval", "frequency": "hourly"}, "frequency"),
        (
            {"kind": "companies", "querystring": "field=naval", "frequency": "off"},
            "frequency",
        ),  # not when saving
        ({"kind": "events", "querystring": "q=x"}, "kind"),
        ({"kind": "companies", "querystring": "q=" + "x" * 600}, "querystring"),
        ({"querystring": "field=naval"}, "kind"),
    ],
)
def test_a_search_the_form_refuses_is_422_naming_the_field(world, as_persona, body, field):
    response = post(as_persona("korean_member"), body)
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field
    assert not SavedSearch.objects.exists()


def test_the_page_message_for_too_many_filters(world, as_persona):
    response = post(as_persona("korean_member"), {"kind": "companies", "querystring": "q=" + "x" * 600})
    assert (
        response.json()["message"] == "This search has too many filters to save. Remove some and try again."
    )


def test_a_person_keeps_a_limited_number_of_searches(world, as_persona, monkeypatch):
    monkeypatch.setattr(services, "MAX_SAVED_SEARCHES", 1)
    client = as_persona("foreign")
    assert post(client, {"kind": "companies", "querystring": "field=naval"}).status_code == 201
    refused = post(client, {"kind": "companies", "querystring": "field=air"})
    assert refused.status_code == 409 and refused.json()["code"] == "limit_reached"
    assert SavedSearch.objects.count() == 1


def test_the_owner_renames_a_search_and_changes_its_digest(world, as_persona):
    search = make_saved_search(world.users.korean_member)
    client = as_persona("korean_member")
    response = patch(client, alert_url(search), {"frequency": "off"}, search)
    assert response.status_code == 200
    search.refresh_from_db()
    assert (search.name, search.frequency) == ("Naval companies", Frequency.OFF)  # the name stays
    assert patch(client, alert_url(search), {"name": "Shipyards"}, search).json()["frequency"] == "off"
    search.refresh_from_db()
    assert search.name == "Shipyards"


def test_an_invalid_frequency_is_422_naming_the_field(world, as_persona):
    search = make_saved_search(world.users.korean_member)
    response = patch(as_persona("korean_member"), alert_url(search), {"frequency": "hourly"}, search)
    assert response.status_code == 422
    assert response.json()["field"] == "frequency"
    assert "hourly" in response.json()["message"]  # the form's own message names the value
    search.refresh_from_db()
    assert search.frequency == Frequency.WEEKLY


def test_the_owner_deletes_a_search(world, as_persona):
    search = make_saved_search(world.users.korean_member)
    client = as_persona("korean_member")
    assert client.delete(alert_url(search)).status_code == 204
    assert not SavedSearch.objects.exists()
    assert client.get(alert_url(search)).status_code == 404


def test_someone_elses_search_is_missing(world, as_persona):
    search = make_saved_search(world.users.korean_member)
    for persona in ("korean_admin", "foreign", "kdia"):
        client = as_persona(persona)
        assert client.get(alert_url(search)).status_code == 404, persona
        assert patch(client, alert_url(search), {"name": "Mine now"}).status_code == 404, persona
        assert client.delete(alert_url(search)).status_code == 404, persona
        assert client.get(ALERTS).json()["count"] == 0, persona
    search.refresh_from_db()
    assert search.name == "Naval companies"
