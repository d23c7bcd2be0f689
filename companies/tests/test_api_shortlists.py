"""Shortlists over the API: private to the contractor, with notes, exports and the compare data."""

import json

from accounts.choices import MembershipRole, OrganizationKind
from companies.models import Shortlist, ShortlistEntry
from conftest import client_for
from core.testing import make_org, make_user, signed_in


def send(client, method, url, body=None):
    return client.generic(method, url, json.dumps(body or {}), content_type="application/json")


def test_contractor_keeps_shortlists_with_notes(world):
    client = client_for(world, "foreign")
    created = send(client, "POST", "/api/v1/shortlists", {"name": "Radar candidates"})
    assert created.status_code == 201
    shortlist_id = created.json()["id"]
    assert created.json()["entries"] == []
    brn = world.directory.published.brn
    added = send(
        client, "POST", f"/api/v1/shortlists/{shortlist_id}/entries", {"company": brn, "note": "Good"}
    )
    assert added.status_code == 201
    entry = added.json()["entries"][0]
    assert entry["company"]["brn"] == brn and entry["note"] == "Good"
    again = send(
        client, "POST", f"/api/v1/shortlists/{shortlist_id}/entries", {"company": brn, "note": "Better"}
    )
    assert again.status_code == 200 and again.json()["entry_count"] == 1
    assert ShortlistEntry.objects.get(shortlist_id=shortlist_id).note == "Better"
    noted = send(client, "PATCH", f"/api/v1/shortlists/{shortlist_id}/entries/{brn}", {"note": "Visit"})
    assert noted.json()["entries"][0]["note"] == "Visit"
    listed = client.get("/api/v1/shortlists").json()
    assert {item["name"] for item in listed} == {"Naval candidates", "Radar candidates"}
    assert send(client, "DELETE", f"/api/v1/shortlists/{shortlist_id}/entries/{brn}").status_code == 204
    assert not ShortlistEntry.objects.filter(shortlist_id=shortlist_id).exists()
    assert send(client, "DELETE", f"/api/v1/shortlists/{shortlist_id}/entries/{brn}").status_code == 404
    assert send(client, "DELETE", f"/api/v1/shortlists/{shortlist_id}").status_code == 204
    assert not Shortlist.objects.filter(pk=shortlist_id).exists()


def test_names_are_unique_and_companies_must_be_visible(world):
    client = client_for(world, "foreign")
    duplicate = send(client, "POST", "/api/v1/shortlists", {"name": "Naval candidates"})
    assert duplicate.status_code == 409 and duplicate.json()["field"] == "name"
    empty = send(client, "POST", "/api/v1/shortlists", {"name": ""})
    assert empty.status_code == 422 and empty.json()["field"] == "name"
    url = f"/api/v1/shortlists/{world.directory.shortlist.pk}"
    draft = send(client, "POST", f"{url}/entries", {"company": world.directory.draft.brn})
    assert draft.status_code == 422 and draft.json()["field"] == "company"
    renamed = send(client, "PATCH", url, {"name": "Sonar"})
    assert renamed.status_code == 200 and renamed.json()["name"] == "Sonar"
    assert Shortlist.objects.filter(organization=world.orgs.foreign).count() == 1


def test_exports_like_the_page(world):
    client = client_for(world, "foreign")
    url = f"/api/v1/shortlists/{world.directory.shortlist.pk}/export"
    csv = client.get(url)
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    assert "Met at the 2026 forum" in csv.content.decode("utf-8-sig")
    assert client.get(f"{url}?format=xlsx")["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(f"{url}?format=pdf").status_code == 422


def test_another_contractors_shortlist_is_missing_and_other_roles_are_refused(world):
    rival = make_user(
        make_org(OrganizationKind.FOREIGN_CONTRACTOR, name_ko="", name_en="Rival Aero", country="FR"),
        MembershipRole.ADMIN,
    )
    url = f"/api/v1/shortlists/{world.directory.shortlist.pk}"
    assert signed_in(rival).get(url).status_code == 404
    assert send(signed_in(rival), "DELETE", url).status_code == 404
    assert client_for(world, "korean_admin").get("/api/v1/shortlists").status_code == 403
    assert client_for(world, "kdia").get(url).status_code == 403
    assert Shortlist.objects.filter(pk=world.directory.shortlist.pk).exists()
