"""GET /api/v1/notices and /notices/{id}: public, with the board's permission path and filters."""

import pytest

from notices.choices import NoticeStatus
from notices.testing import make_notice

pytestmark = pytest.mark.django_db


def test_guests_list_public_notices_pinned_first(client):
    make_notice(title_en="New", days_ago=1)
    make_notice(title_en="Pinned", days_ago=9, pinned=True, body_en="**b** <i>x</i>")
    make_notice(title_en="Draft", status=NoticeStatus.DRAFT)
    body = client.get("/api/v1/notices").json()
    assert body["count"] == 2
    first = body["items"][0]
    assert first["title_en"] == "Pinned" and first["category"]["code"] == "general"
    assert first["body_html_en"] == "<p><strong>b</strong> &lt;i&gt;x&lt;/i&gt;</p>"
    assert first["url"] == f"/notices/{first['id']}/"


def test_filters_and_paging(client):
    make_notice(title_en="Helicopter", category_code="programmes")
    make_notice(title_en="Naval day", category_code="events")
    assert [n["title_en"] for n in client.get("/api/v1/notices?category=events").json()["items"]] == [
        "Naval day"
    ]
    assert [n["title_en"] for n in client.get("/api/v1/notices?q=heli").json()["items"]] == ["Helicopter"]
    assert len(client.get("/api/v1/notices?limit=1").json()["items"]) == 1


def test_bad_input_is_a_4xx_naming_the_field(client):
    response = client.get("/api/v1/notices?category=nonsense")
    assert response.status_code == 400 and response.json()["field"] == "category"
    assert client.get("/api/v1/notices?limit=1000").status_code == 422


def test_one_notice_and_a_draft_is_404(client, staff):
    notice = make_notice()
    draft = make_notice(status=NoticeStatus.DRAFT)
    assert client.get(f"/api/v1/notices/{notice.pk}").json()["id"] == notice.pk
    assert client.get(f"/api/v1/notices/{draft.pk}").status_code == 404
    assert staff.get(f"/api/v1/notices/{draft.pk}").status_code == 200
