"""The public notices board: who sees what, the order, filters, attachments, the home-page tag."""

from datetime import UTC, datetime, timedelta

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from core.uploads import clean_pdf
from notices import services
from notices.choices import NoticeStatus
from notices.testing import make_notice, pdf_upload

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [notice.title_en for notice in response.context["page"].object_list]


def test_guests_see_published_notices_pinned_first_then_newest(client):
    make_notice(title_en="Old", days_ago=30)
    make_notice(title_en="New", days_ago=1)
    make_notice(title_en="Pinned old", days_ago=60, pinned=True)
    make_notice(title_en="Draft", status=NoticeStatus.DRAFT)
    make_notice(title_en="Tomorrow", days_ago=-1)
    make_notice(title_en="Expired", days_ago=10, expires_at=timezone.now() - timedelta(days=1))
    response = client.get(reverse("notices:notice_list"))
    assert response.status_code == 200
    assert titles(response) == ["Pinned old", "New", "Old"]


def test_kdia_also_sees_drafts_scheduled_and_expired_notices(staff):
    make_notice(title_en="Draft", status=NoticeStatus.DRAFT)
    make_notice(title_en="Tomorrow", days_ago=-1)
    response = staff.get(reverse("notices:notice_list"))
    assert set(titles(response)) == {"Draft", "Tomorrow"}
    assert "Scheduled" in response.content.decode()


def test_filter_by_category_and_search_in_titles(client):
    make_notice(title_en="Helicopter wish-lists", category_code="programmes")
    make_notice(title_en="Naval networking", title_ko="함정 네트워킹", category_code="events")
    assert titles(client.get("/notices/?category=events")) == ["Naval networking"]
    assert titles(client.get("/notices/?q=helicopter")) == ["Helicopter wish-lists"]
    assert titles(client.get("/notices/?q=함정")) == ["Naval networking"]


def test_an_unknown_category_is_a_400_naming_the_field(client):
    response = client.get("/notices/?category=nonsense")
    assert response.status_code == 400
    assert "category" in response.context["filter"].errors


def test_the_board_is_paginated(client):
    for number in range(25):
        make_notice(title_en=f"Notice {number}", days_ago=number + 1)
    first = client.get("/notices/")
    assert len(first.context["page"].object_list) == 20
    assert len(client.get("/notices/?page=2").context["page"].object_list) == 5


def test_a_draft_is_missing_for_the_public_and_shown_to_kdia(client, staff):
    draft = make_notice(status=NoticeStatus.DRAFT)
    url = reverse("notices:notice_detail", args=[draft.pk])
    assert client.get(url).status_code == 404
    assert staff.get(url).status_code == 200


def test_detail_falls_back_to_the_other_language_and_escapes_html():
    notice = make_notice(
        title_en="", title_ko="한국어 제목", body_en="", body_ko="<script>x</script> **굵게**"
    )
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get(reverse("notices:notice_detail", args=[notice.pk]))
    html = response.content.decode()
    assert "한국어 제목" in html and 'lang="ko"' in html
    assert "<script>x</script>" not in html and "&lt;script&gt;" in html and "<strong>굵게</strong>" in html


def test_attachments_are_served_only_through_the_view_with_safe_headers(client):
    notice = make_notice()
    record = services.add_attachment(notice, clean_pdf(pdf_upload()), "guide.pdf", None)
    response = client.get(reverse("notices:attachment", args=[notice.pk, record.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"] and "guide.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    # Another notice's id with this attachment is a 404; so is an unpublished notice's attachment.
    other = make_notice()
    assert client.get(reverse("notices:attachment", args=[other.pk, record.pk])).status_code == 404
    notice.status = NoticeStatus.DRAFT
    notice.save()
    assert client.get(reverse("notices:attachment", args=[notice.pk, record.pk])).status_code == 404


def render_recent(count=5) -> str:
    return Template("{% load notices %}{% recent_notices " + str(count) + " %}").render(Context({}))


def test_recent_notices_tag_pinned_first_in_the_active_language_with_seoul_dates():
    # 16:30 UTC on 31 March is already 1 April in Seoul.
    make_notice(
        title_en="Late news", title_ko="늦은 소식", published_at=datetime(2026, 3, 31, 16, 30, tzinfo=UTC)
    )
    make_notice(title_en="Pinned", title_ko="", pinned=True, days_ago=100)
    make_notice(title_en="Draft", status=NoticeStatus.DRAFT)
    with translation.override("ko"):
        html = render_recent()
    assert html.index("Pinned") < html.index("늦은 소식")
    assert "2026-04-01" in html and "Draft" not in html
    assert 'lang="en"' in html  # the Korean reader sees the English-only title, marked as such


def test_recent_notices_tag_limits_and_has_an_empty_state():
    assert "No notice has been published yet." in render_recent()
    for number in range(4):
        make_notice(title_en=f"N{number}", days_ago=number + 1)
    html = render_recent(2)
    assert "N0" in html and "N1" in html and "N2" not in html


def test_about_links_tag_lists_the_published_pages():
    from notices.models import InfoPage

    InfoPage.objects.filter(slug="faq").update(published=False)
    html = Template("{% load notices %}{% about_links %}").render(Context({}))
    assert 'href="/about/contact/"' in html and 'href="/notices/"' in html
    assert 'href="/about/faq/"' not in html
