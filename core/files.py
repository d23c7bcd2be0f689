"""Streaming stored uploads to the browser after the caller has checked who may see them.

MEDIA_URL is never served directly: each view finds the object through its QuerySet's
`visible_to(user)` and then hands the file to `serve_protected`. The headers set here keep
even a hostile file inert: the browser may not sniff another type, the response is a sandbox
that may load nothing, and shared caches may not keep it.
"""

from __future__ import annotations

import unicodedata
from pathlib import PurePosixPath

from django.http import FileResponse, Http404

# Decided here by extension rather than by `mimetypes`, whose answers depend on the host's
# /etc/mime.types. Uploads are stored under generated names with these extensions only.
INLINE_CONTENT_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".pdf": "application/pdf",
}
FALLBACK_CONTENT_TYPE = "application/octet-stream"

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    # No scripts, styles, frames or requests, and a unique origin: a file that slipped through
    # the upload checks still cannot act on the site or read its cookies.
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "private, max-age=3600",
}

# Characters Windows refuses in file names; browsers would replace them anyway.
_UNSAFE_IN_FILENAMES = str.maketrans(dict.fromkeys('<>:"/\\|?*', "_"))
_MAX_STEM_LENGTH = 100


def _safe_filename(download_name: str | None, stored_name: str) -> str:
    """A file name for Content-Disposition: no path, no control characters, the stored extension."""
    extension = PurePosixPath(stored_name).suffix.lower()
    name = download_name or PurePosixPath(stored_name).name
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    # Category C is control, format and unassigned characters: CR/LF, NUL, bidi overrides
    # that would let "report\u202efdp.exe" pose as a PDF.
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C")
    name = name.translate(_UNSAFE_IN_FILENAMES).strip(" .")
    stem = name[: -len(extension)] if extension and name.lower().endswith(extension) else name
    stem = stem[:_MAX_STEM_LENGTH].strip(" .") or "download"
    # The stored extension always wins, so a caller's name cannot make a PDF save as ".html".
    return f"{stem}{extension}"


def serve_protected(request, field_file, *, download_name=None, inline=True) -> FileResponse:
    """Stream a stored upload with headers that keep it harmless.

    `field_file` is a FieldFile the caller has already authorised for `request.user`; no
    permission check happens here. The Content-Type follows the stored (generated) name;
    anything but JPEG, PNG, WebP, GIF or PDF is sent as application/octet-stream and always
    as an attachment. `download_name` is what the browser offers when saving (it is
    sanitised and given the stored extension); `inline=False` asks for a download instead
    of display. Raises Http404 when the field is empty or the file is missing from storage.

    Chrome refuses to show PDFs under a `sandbox` policy, so brochures are best served
    with `inline=False`.
    """
    name = getattr(field_file, "name", None)
    if not field_file or not name:
        raise Http404("No file.")
    storage = field_file.storage
    # exists() first: some storages (S3) open lazily and would fail only while streaming.
    if not storage.exists(name):
        raise Http404("File missing from storage.")
    try:
        handle = storage.open(name, "rb")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as error:
        raise Http404("File missing from storage.") from error

    content_type = INLINE_CONTENT_TYPES.get(PurePosixPath(name).suffix.lower())
    if content_type is None:
        # Files stored before the upload checks existed may be anything, HTML or SVG
        # included: never let a browser display those.
        content_type, inline = FALLBACK_CONTENT_TYPE, False
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=not inline,
        filename=_safe_filename(download_name, name),
    )
    for header, value in SECURITY_HEADERS.items():
        response[header] = value
    return response
