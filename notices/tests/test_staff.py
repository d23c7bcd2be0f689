"""KDIA writes, publishes, pins and edits notices, pages and FAQ entries; stale saves are refused."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.forms import version_of
from notices.choices import NoticeStatus
from notices.models import FaqEntry, InfoPage, Notice, NoticeCategory
from notices.testing import make_notice, tiny_pdf

pytestmark = pytest.mark.django_db


def notice_data(**overrides):
    data = {
        "title_ko": "시스템 점검 안내",
        "title_en": "Scheduled maintenance",
        "category": NoticeCategory.objects.get(code="system").pk,
        "body_ko": "점검 시간 동안 접속할 수 없습니다.",
        "body_en": "The site is unavailable during maintenance.",
        "published_at": "",
        "expires_at": "",
    }
    return data | overrides


def test_kdia_writes_a_draft_with_an_attachment_then_publishes_and_pins_it(staff, people, client):
    upload = SimpleUploadedFile("Guide (final).pdf", tiny_pdf(), content_type="application/pdf")
    response = staff.post(reverse("staff_notices:notice_create"), notice_data(attachment=upload))
    notice = Notice.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "staff_notices:notice_edit", args=[notice.pk]
    )
    assert notice.status == NoticeStatus.DRAFT and notice.author == people.kdia
    record = notice.attachments.get()
    assert record.original_name == "Guide (final).pdf" and record.file.name.endswith(".pdf")
    assert "Guide" not in record.file.name  # stored under a generated name
    assert client.get(reverse("notices:notice_detail", args=[notice.pk])).status_code == 404

    step = reverse("staff_notices:notice_step", args=[notice.pk])
    staff.post(step, {"step": "publish", "version": version_of(notice)})
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PUBLISHED and notice.published_at is not None
    assert client.get(reverse("notices:notice_detail", args=[notice.pk])).status_code == 200

    staff.post(step, {"step": "pin", "version": version_of(notice)})
    notice.refresh_from_db()
    assert notice.pinned
    assert [h.history_change_reason for h in notice.history.order_by("history_date")][-2:] == [
        "publish",
        "pin",
    ]

    staff.post(step, {"step": "unpublish", "version": version_of(notice)})
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.DRAFT


def test_an_html_file_posing_as_pdf_is_refused_with_the_field_named(staff):
    upload = SimpleUploadedFile(
        "notice.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )
    response = staff.post(reverse("staff_notices:notice_create"), notice_data(attachment=upload))
    assert response.status_code == 400
    assert "attachment" in response.context["form"].errors
    assert not Notice.objects.exists()


def test_a_notice_needs_a_title_and_a_sane_window(staff):
    response = staff.post(
        reverse("staff_notices:notice_create"),
        notice_data(title_ko="", title_en="", published_at="2026-05-01T10:00", expires_at="2026-04-01T10:00"),
    )
    errors = response.context["form"].errors
    assert response.status_code == 400 and "title_ko" in errors and "expires_at" in errors


def test_a_save_over_someone_elses_newer_save_is_refused_and_keeps_the_input(staff):
    notice = make_notice(title_en="Original")
    seen = version_of(notice)
    Notice.objects.filter(pk=notice.pk).update(title_en="Changed by a colleague")
    notice.refresh_from_db()
    notice.save()  # moves updated_at on
    response = staff.post(
        reverse("staff_notices:notice_edit", args=[notice.pk]),
        notice_data(title_en="My edit", version=seen),
    )
    assert response.status_code == 400
    assert "My edit" in response.content.decode()
    notice.refresh_from_db()
    assert notice.title_en == "Changed by a colleague"


def test_a_stale_step_is_refused(staff):
    notice = make_notice(status=NoticeStatus.DRAFT)
    response = staff.post(
        reverse("staff_notices:notice_step", args=[notice.pk]),
        {"step": "publish", "version": "2000-01-01T00:00:00"},
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.DRAFT


def test_an_unknown_step_changes_nothing(staff):
    notice = make_notice()
    staff.post(reverse("staff_notices:notice_step", args=[notice.pk]), {"step": "delete"})
    assert Notice.objects.filter(pk=notice.pk, status=NoticeStatus.PUBLISHED).exists()


def test_removing_an_attachment(staff):
    from core.uploads import clean_pdf
    from notices import services
    from notices.testing import pdf_upload

    notice = make_notice()
    record = services.add_attachment(notice, clean_pdf(pdf_upload()), "a.pdf", None)
    response = staff.post(reverse("staff_notices:attachment_remove", args=[notice.pk, record.pk]))
    assert response.status_code == 302 and not notice.attachments.exists()


def test_kdia_edits_a_page_and_the_public_sees_it_at_once(staff, client):
    page = InfoPage.objects.get(slug="contact")
    response = staff.post(
        reverse("staff_pages:page_edit", args=["contact"]),
        {
            "title_ko": page.title_ko,
            "title_en": "Contact us",
            "body_ko": page.body_ko,
            "body_en": "Write to us. <em>no html</em>",
            "published": "on",
            "version": version_of(page),
        },
    )
    assert response.status_code == 302
    html = client.get("/about/contact/").content.decode()
    assert "Contact us" in html and "&lt;em&gt;no html&lt;/em&gt;" in html
    assert InfoPage.objects.get(slug="contact").history.first().title_en == "Contact us"


def test_a_hidden_page_is_missing_for_the_public(staff, client):
    InfoPage.objects.filter(slug="faq").update(published=False)
    assert client.get("/about/faq/").status_code == 404
    assert staff.get("/about/faq/").status_code == 200


def test_kdia_adds_edits_and_deletes_faq_entries(staff, client):
    response = staff.post(
        reverse("staff_pages:faq_create"),
        {
            "question_ko": "",
            "question_en": "Is there a fee?",
            "answer_ko": "",
            "answer_en": "Ask KDIA.",
            "order": 99,
            "published": "on",
        },
    )
    assert response.status_code == 302
    entry = FaqEntry.objects.get(question_en="Is there a fee?")
    assert "Is there a fee?" in client.get("/about/faq/").content.decode()
    staff.post(
        reverse("staff_pages:faq_edit", args=[entry.pk]),
        {
            "question_en": "Is there a fee?",
            "answer_en": "No.",
            "order": 1,
            "published": "",
            "version": version_of(entry),
        },
    )
    assert "Is there a fee?" not in client.get("/about/faq/").content.decode()  # unpublished
    staff.post(reverse("staff_pages:faq_delete", args=[entry.pk]), {"version": "stale"})
    assert FaqEntry.objects.filter(pk=entry.pk).exists()
    entry.refresh_from_db()
    staff.post(reverse("staff_pages:faq_delete", args=[entry.pk]), {"version": version_of(entry)})
    assert not FaqEntry.objects.filter(pk=entry.pk).exists()


def test_a_faq_entry_needs_a_question_and_an_answer(staff):
    response = staff.post(reverse("staff_pages:faq_create"), {"order": 1})
    errors = response.context["form"].errors
    assert response.status_code == 400 and "question_ko" in errors and "answer_ko" in errors
