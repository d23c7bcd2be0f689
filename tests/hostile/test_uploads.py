"""Uploads that lie about their type or size are refused, naming the field, and nothing is kept.

The entry points are found, not listed: every page of the permission matrix a persona may open
is searched for multipart forms, and each is posted back with its own fields and a hostile file
in its file input. A new upload form is therefore covered without touching this file.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from companies.importing import MAX_XLSX_INFLATED_BYTES, import_companies
from companies.models import Company
from conftest import client_for
from core import uploads
from tests.hostile import files
from tests.hostile.support import changed_tables, snapshot
from tests.test_permission_matrix import MATRIX

SMALL_LIMIT = 64 * 1024  # the limits are patched down so "just over" stays fast
HOSTILE = {
    "html_named_png": ("photo.png", "image/png", files.HTML),
    "html_named_pdf": ("brochure.pdf", "application/pdf", files.HTML),
    "svg_named_png": ("logo.png", "image/png", files.SVG),
    "svg": ("logo.svg", "image/svg+xml", files.SVG),
    "js_named_pdf": ("report.pdf", "application/pdf", b"app.alert('k1x');"),
    "gif_js_polyglot": ("anim.gif", "image/gif", files.GIF_JS_POLYGLOT),
    "pdf_javascript": ("offer.pdf", "application/pdf", files.PDF_JAVASCRIPT),
    "pdf_launch": ("offer.pdf", "application/pdf", files.PDF_LAUNCH),
    "pdf_escaped_javascript": ("offer.pdf", "application/pdf", files.PDF_ESCAPED_JS),
    "png_bomb": ("huge.png", "image/png", files.png_bomb()),
    "oversize_pdf": ("big.pdf", "application/pdf", files.oversize(SMALL_LIMIT, b"%PDF-1.4\n")),
    "oversize_png": ("big.png", "image/png", files.oversize(SMALL_LIMIT, files.png())),
}
# The start of every refusal core.uploads words (up to its first placeholder).
with translation.override("en"):
    REFUSALS = [str(message).split("%(")[0] for message in uploads.MESSAGES.values()]
UPLOAD_PERSONAS = ("korean_admin", "foreign", "kdia")
FORM_PAGE = re.compile(
    r"edit|create|new|add|files|photo|document|thread|case|claim|eoi|proposal|notice|import"
)


@pytest.fixture
def media(settings, tmp_path, monkeypatch):
    """A MEDIA_ROOT of this test's own (other tests write to the shared one) and small limits."""
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(uploads, "MAX_IMAGE_BYTES", SMALL_LIMIT)
    monkeypatch.setattr(uploads, "MAX_PDF_BYTES", SMALL_LIMIT)
    return settings.MEDIA_ROOT


def stored_files(root: Path) -> set[str]:
    return (
        {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}
        if root.exists()
        else set()
    )


# ---------------------------------------------------------------------------------------------
# The cleaners every form calls


@pytest.mark.parametrize("name", sorted(HOSTILE))
@pytest.mark.parametrize("cleaner", [uploads.clean_image, uploads.clean_pdf, uploads.clean_document])
def test_every_cleaner_refuses(media, cleaner, name):
    filename, content_type, data = HOSTILE[name]
    if cleaner is uploads.clean_pdf and name == "oversize_png":
        data = files.oversize(SMALL_LIMIT, b"%PDF-1.4\n")
    with pytest.raises(ValidationError) as refusal:
        cleaner(SimpleUploadedFile(filename, data, content_type=content_type))
    assert refusal.value.messages and all(message.strip() for message in refusal.value.messages)


def test_a_png_with_trailing_html_is_kept_only_as_its_pixels(media):
    """Re-encoding is the defence for images: the copy stored has the pixels and nothing else."""
    cleaned = uploads.clean_image(SimpleUploadedFile("x.png", files.png_with_trailing_html()))
    data = cleaned.read()
    assert b"<script" not in data and b"<html" not in data
    with pytest.raises(ValidationError):
        uploads.clean_pdf(SimpleUploadedFile("x.pdf", files.png_with_trailing_html()))


# ---------------------------------------------------------------------------------------------
# Every upload form in the site, found by walking the pages


class _Forms(HTMLParser):
    """Multipart forms: their action, the values they would send, and their file inputs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            multipart = (attrs.get("enctype") or "") == "multipart/form-data"
            self._form = {"action": attrs.get("action"), "data": {}, "files": []} if multipart else None
            return
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind == "file":
                self._form["files"].append(name)
            elif kind in {"checkbox", "radio"}:
                if "checked" in attrs or (kind == "radio" and name not in self._form["data"]):
                    self._form["data"][name] = attrs.get("value") or "on"
            elif kind not in {"submit", "button"}:
                self._form["data"][name] = attrs.get("value") or ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            if "selected" in attrs or self._select not in self._form["data"]:
                value = attrs.get("value") or ""
                if value or "selected" in attrs:
                    self._form["data"][self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            self._form["data"][name] = "Fictional text for the upload probe."

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self._form is not None:
            if self._form["files"]:
                self.forms.append(self._form)
            self._form = None


def upload_forms(world) -> list[tuple[str, str, dict]]:
    """(persona, action URL, form) for every multipart form a persona can open."""
    found, seen = [], set()
    for persona in UPLOAD_PERSONAS:
        client = client_for(world, persona)
        for row in MATRIX:
            if row.method != "get" or row.expected(persona) != "ok" or not FORM_PAGE.search(row.name):
                continue
            url = reverse(row.name, kwargs=row.kwargs(world) if row.kwargs else None)
            response = client.get(url)
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                continue
            parser = _Forms()
            parser.feed(response.content.decode())
            for form in parser.forms:
                action = form["action"] or url
                key = (re.sub(r"\d+", "N", action), tuple(form["files"]))
                if key not in seen:
                    seen.add(key)
                    found.append((persona, action, form))
    return found


def test_every_upload_form_refuses_hostile_files(media, world):
    forms = upload_forms(world)
    # Company files, photos, proposals, EOIs, claims, programme documents, messages,
    # consultations, notices and the import: at least ten upload forms exist.
    assert len(forms) >= 10, [action for _persona, action, _form in forms]
    failures = []
    for persona, action, form in forms:
        client = client_for(world, persona)
        before_files, before_rows = stored_files(media), snapshot()
        for field in form["files"]:
            for name, (filename, content_type, data) in HOSTILE.items():
                if "import" in action:
                    continue  # imports are checked below: they accept CSV/XLSX, not documents
                upload = SimpleUploadedFile(filename, data, content_type=content_type)
                response = client.post(action, {**form["data"], field: upload}, follow=True)
                text = response.content.decode()
                if response.status_code >= 500:
                    failures.append(f"{action} {field} {name}: {response.status_code}")
                elif not any(refusal in text for refusal in REFUSALS):
                    failures.append(f"{action} {field} {name}: no refusal shown ({response.status_code})")
        if stored_files(media) != before_files:
            failures.append(f"{action}: files kept {sorted(stored_files(media) - before_files)}")
        if changed := changed_tables(before_rows, snapshot()):
            failures.append(f"{action}: rows changed in {changed}")
    assert failures == [], "\n".join(failures)


# ---------------------------------------------------------------------------------------------
# The XLSX import: zip bombs are refused before openpyxl inflates them


@pytest.mark.parametrize(
    "data,name,expected",
    [
        (files.xlsx_bomb(), "c.xlsx", f"more than {MAX_XLSX_INFLATED_BYTES // (1024 * 1024)} MB"),
        (files.xlsx_many_members(), "c.xlsx", "too many parts"),
        (files.png(), "c.xlsx", "not a readable Excel"),
        (files.HTML, "c.html", "Only CSV"),
    ],
    ids=["inflates_to_110_mb", "5000_members", "png_named_xlsx", "html"],
)
def test_the_import_refuses_bombs_before_reading_them(db, data, name, expected):
    before = Company.objects.count()
    result = import_companies(io.BytesIO(data), name)
    assert not result.ok
    assert any(expected in error for error in result.errors), result.errors
    assert Company.objects.count() == before


def test_a_bomb_named_csv_is_still_opened_as_a_zip_and_refused(db):
    result = import_companies(io.BytesIO(files.xlsx_bomb()), "companies.csv")
    assert any("MB" in error for error in result.errors), result.errors


def test_the_import_page_fails_a_bomb_without_importing(media, world, settings):
    settings.KOFFSET_IMPORTS_SYNC = True
    before = Company.objects.count()
    client = client_for(world, "kdia")
    upload = SimpleUploadedFile("companies.xlsx", files.xlsx_bomb(), content_type="application/zip")
    response = client.post(reverse("staff_companies:import_upload"), {"kind": "companies", "file": upload})
    assert response.status_code == 302
    from companies.models import ImportJob

    job = ImportJob.objects.latest("pk")
    assert job.status == "failed"
    assert any("MB" in error for error in job.errors)
    assert Company.objects.count() == before
