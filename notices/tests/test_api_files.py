"""GET /api/v1/notices/{id}/attachments/{id}: a notice's file with the board's visibility (drafts,
scheduled and expired notices' files for KDIA only), listed in the notice with this address."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.testing import api_key_for, key_client, signed_in
from core.uploads import clean_pdf
from notices import services
from notices.choices import NoticeStatus
from notices.testing import make_notice, pdf_upload

pytestmark = pytest.mark.django_db


def attach(notice, name="guide.pdf"):
    return services.add_attachment(notice, clean_pdf(pdf_upload(text="Guide")), name, None)


def url(notice, record) -> str:
    return f"/api/v1/notices/{notice.pk}/attachments/{record.pk}"


def streamed(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_published_notices_file_is_listed_and_downloads_for_guests(client):
    notice = make_notice()
    record = attach(notice)
    listed = client.get(f"/api/v1/notices/{notice.pk}").json()["attachments"]
    assert [(item["name"], item["url"]) for item in listed] == [("guide.pdf", url(notice, record))]
    response = client.get(listed[0]["url"])
    assert response.status_code == 200
    body = streamed(response)
    assert body.startswith(b"%PDF-") and len(body) == listed[0]["size"]
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize(
    "fields",
    [
        {"status": NoticeStatus.DRAFT},
        {"published_at": timezone.now() + timedelta(days=3)},  # scheduled
    ],
)
def test_an_unpublished_notices_file_is_kdias_only(client, people, staff, fields):
    notice = make_notice(**fields)
    record = attach(notice, "draft-plan.pdf")
    assert client.get(url(notice, record)).status_code == 404
    assert signed_in(people.korean).get(url(notice, record)).status_code == 404
    assert staff.get(url(notice, record)).status_code == 200
    kdia_key = key_client(api_key_for(people.kdia, "read"))
    assert kdia_key.get(url(notice, record)).status_code == 200


def test_a_file_under_another_notices_id_is_404(client):
    first, second = make_notice(), make_notice(title_en="Second")
    record = attach(first)
    assert client.get(url(second, record)).status_code == 404
    assert client.get(f"/api/v1/notices/{first.pk}/attachments/{record.pk + 1000}").status_code == 404


def test_the_download_is_the_stored_file(client):
    notice = make_notice()
    record = attach(notice)
    with record.file.open("rb") as stored:
        assert streamed(client.get(url(notice, record))) == stored.read()
