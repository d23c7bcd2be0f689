"""Each change to notices and pages as one atomic step, re-checking the version under a row lock.

Forms check the version when they are cleaned; two saves cleaned at the same moment would both
pass, so the check is repeated here with the row locked.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.forms import STALE_MESSAGE, version_of
from notices.choices import NoticeStatus
from notices.models import FaqEntry, InfoPage, Notice, NoticeAttachment


class Refused(Exception):
    """A step that cannot be done now; ``message`` says why, in the reader's language."""

    def __init__(self, message, code: str = "refused"):
        super().__init__(str(message))
        self.message = message
        self.code = code


def _check_version(record, seen: str | None) -> None:
    if seen and seen != version_of(record):
        raise Refused(STALE_MESSAGE, "stale")


def _locked(model, pk):
    return model.objects.select_for_update().get(pk=pk)


def add_attachment(notice: Notice, content, original_name: str, by) -> NoticeAttachment:
    """Store an upload already checked by content (core.uploads) under its generated name."""
    record = NoticeAttachment(
        notice=notice, original_name=original_name[:200], uploaded_by=by, size=content.size
    )
    record.file.save(content.name, content, save=False)
    record.save()
    return record


def save_notice(form, *, by, attachment=None, attachment_name: str = "") -> Notice:
    """Create or update a notice from a valid NoticeForm, with its optional new attachment."""
    with transaction.atomic():
        if form.instance.pk:
            current = _locked(Notice, form.instance.pk)
            _check_version(current, form.cleaned_data.get("version"))
        notice = form.save(commit=False)
        if notice.author_id is None:
            notice.author = by
        notice.save()
        if attachment is not None:
            add_attachment(notice, attachment, attachment_name or attachment.name, by)
    return notice


def change_step(notice_id: int, step: str, *, version: str | None, by) -> Notice:
    """Publish (now, or at the time set), unpublish, pin or unpin a notice."""
    with transaction.atomic():
        notice = _locked(Notice, notice_id)
        _check_version(notice, version)
        if step == "publish":
            if notice.status == NoticeStatus.PUBLISHED:
                raise Refused(_("The notice is published already."), "stale")
            notice.status = NoticeStatus.PUBLISHED
            if notice.published_at is None:
                notice.published_at = timezone.now()
            if notice.expires_at is not None and notice.expires_at <= notice.published_at:
                raise Refused(_("The notice would expire before it is published: change its dates first."))
        elif step == "unpublish":
            if notice.status == NoticeStatus.DRAFT:
                raise Refused(_("The notice is a draft already."), "stale")
            notice.status = NoticeStatus.DRAFT
        elif step in ("pin", "unpin"):
            notice.pinned = step == "pin"
        else:
            raise Refused(_("Unknown step."))
        notice._change_reason = step
        notice.save()
    return notice


def remove_attachment(notice: Notice, attachment_id: int) -> None:
    with transaction.atomic():
        record = notice.attachments.select_for_update().get(pk=attachment_id)
        stored = record.file.name
        storage = record.file.storage
        record.delete()
        # The file goes only once the row is gone for good.
        transaction.on_commit(lambda: storage.delete(stored))


def save_page(form, *, by) -> InfoPage:
    with transaction.atomic():
        _check_version(_locked(InfoPage, form.instance.pk), form.cleaned_data.get("version"))
        page = form.save(commit=False)
        page.updated_by = by
        page.save()
    return page


def save_faq(form) -> FaqEntry:
    with transaction.atomic():
        if form.instance.pk:
            _check_version(_locked(FaqEntry, form.instance.pk), form.cleaned_data.get("version"))
        return form.save()


def delete_faq(entry_id: int, *, version: str | None) -> None:
    with transaction.atomic():
        entry = _locked(FaqEntry, entry_id)
        _check_version(entry, version)
        entry.delete()
