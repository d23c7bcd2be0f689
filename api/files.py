"""Files over the API: how an attachment is described, and how it is sent to a program.

Uploads arrive as multipart (``File[UploadedFile]``) and go through the same forms or
``core.uploads`` checks as the pages (``checked_upload``), so the same content rules and messages
apply. Downloads go through ``download``: the caller has found the record through its QuerySet's
``visible_to(user)`` first (a record outside it is a 404), and the file is streamed with the
headers ``core.files.serve_protected`` gives every protected file, always as an attachment.
"""

from __future__ import annotations

import contextlib
import unicodedata
from pathlib import PurePosixPath

from django import forms
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from ninja.errors import HttpError

from api.errors import ApiError, first_form_error
from core import uploads
from core.attachments import IMAGE_SUFFIXES
from core.files import FALLBACK_CONTENT_TYPE, INLINE_CONTENT_TYPES, serve_protected


class AttachmentOut(Schema):
    """An attached file as the API lists it; ``url`` downloads it through the API."""

    id: int
    name: str = Field(..., description="The name the file was uploaded under.")
    size: int | None = Field(None, description="Bytes, when the storage can tell.")
    is_image: bool
    url: str = Field(..., description="Download address under /api/v1, with the same visibility.")


def download(request, field_file, *, name: str | None = None) -> FileResponse:
    """Stream an authorised file to an API client (a 404 when it is missing from storage)."""
    return serve_protected(request, field_file, download_name=name, inline=False)


def download_from(request, records, attachment_id: int, *, missing: str) -> FileResponse:
    """Stream attachment ``attachment_id`` under the name it was uploaded with. ``records`` are the
    attachment rows the caller has already cut to what the user may see: any other id is a 404
    saying ``missing``, so ids reveal nothing."""
    record = records.filter(pk=attachment_id).first()
    if record is None:
        raise HttpError(404, missing)
    return download(request, record.file, name=record.original_name)


# What ``download`` really sends: the stored file's own type (a PDF or an image) or, for anything
# else, octet-stream. Declared one by one so a schema check accepts the answer it gets.
SERVED_CONTENT_TYPES = tuple(sorted({*INLINE_CONTENT_TYPES.values(), FALLBACK_CONTENT_TYPE}))
SERVED_FILE_RESPONSE = {
    200: {
        "description": "The file, as an attachment, with its own content type.",
        "content": {
            content_type: {"schema": {"type": "string", "format": "binary"}}
            for content_type in SERVED_CONTENT_TYPES
        },
    }
}


def form_files(**uploads) -> dict:
    """A Django form's ``files`` from optional multipart uploads (those not sent are left out)."""
    return {name: upload for name, upload in uploads.items() if upload is not None}


# Where an upload's multipart part is named in a 422's ``field``.
UPLOAD_FIELD = "file"


class UploadForm(forms.Form):
    """One file checked by content as the pages' attachment fields check theirs
    (``core.forms.AttachmentMixin``): a PDF or a JPEG, PNG, WebP or GIF image, with the same limits."""

    file = forms.FileField(label=_("File"), help_text=_("A PDF or an image, up to 20 MB."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.original_name = original_name(upload.name)
        return uploads.clean_document(upload)


def original_name(name: str | None) -> str:
    """The name a file was uploaded under, fit to store: no control characters (PostgreSQL refuses
    a NUL), no path, at most the 200 characters the models keep."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return name[:200] or "attachment"


def checked_upload(upload) -> tuple[ContentFile, str]:
    """``(checked content, original name)``, or ApiError 422 naming the ``file`` part."""
    form = UploadForm(data={}, files={UPLOAD_FIELD: upload} if upload else {})
    if not form.is_valid():
        field, code, message, _total = first_form_error(form)
        raise ApiError(422, code, message, field)
    return form.cleaned_data[UPLOAD_FIELD], form.original_name


def attachment_out(record, url: str) -> dict:
    """An attachment row (anything with ``file`` and ``original_name``) as ``AttachmentOut``."""
    try:
        size = record.file.size
    except (OSError, ValueError):  # missing from storage: still listed, the download says 404
        size = None
    return {
        "id": record.pk,
        "name": record.original_name,
        "size": size,
        "is_image": PurePosixPath(record.file.name or "").suffix.lower() in IMAGE_SUFFIXES,
        "url": url,
    }


def attachments_out(records, base_url: str) -> list[dict]:
    """Attachment rows as ``AttachmentOut``, each downloaded at ``<base_url>/<id>``."""
    return [attachment_out(record, f"{base_url}/{record.pk}") for record in records]


def delete_on_commit(*field_files) -> None:
    """Remove stored files once the transaction that dropped their rows commits (never before:
    a rollback would leave rows pointing at nothing)."""
    doomed = [(f.storage, f.name) for f in field_files if f and f.name]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in doomed])


@contextlib.contextmanager
def removed_on_failure(field_file):
    """Save a file inside the block; if the block fails (the transaction rolls back), the stored
    file is removed again instead of lingering without a row."""
    try:
        yield
    except BaseException:
        if field_file and field_file.name:
            field_file.storage.delete(field_file.name)
        raise


def save_attachment(record, content: ContentFile, *, owner_field: str, locked_owner) -> None:
    """Store a checked upload on a new attachment row in one transaction, with the row it belongs
    to locked (``locked_owner()`` finds and locks it, refusing when it may no longer change); the
    stored file is removed again if the transaction fails."""
    with removed_on_failure(record.file), transaction.atomic():
        setattr(record, owner_field, locked_owner())
        record.file.save(content.name, content, save=False)
        record.save()
