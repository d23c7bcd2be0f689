"""The Korean catalogue is complete, compiled, and covers every string in the code."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "ko" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


@pytest.fixture(scope="module")
def catalogue():
    return polib.pofile(str(PO))


def test_every_entry_is_translated_and_none_is_fuzzy(catalogue):
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []


def test_placeholders_survive_translation(catalogue):
    for entry in catalogue.translated_entries():
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(entry.msgid)), entry.msgid


def test_compiled_catalogue_matches_the_source(catalogue):
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.mofile(str(MO))}
    for entry in catalogue.translated_entries():
        msgstr, plural = compiled.get((entry.msgctxt, entry.msgid), (None, None))
        if entry.msgid_plural:
            assert {int(k): v for k, v in plural.items()} == {
                int(k): v for k, v in entry.msgstr_plural.items()
            }, "django.mo is stale: run make messages"
        else:
            assert msgstr == entry.msgstr, f"django.mo is stale for {entry.msgid!r}: run make messages"


def test_no_string_in_the_code_is_missing_from_the_catalogue(tmp_path, catalogue):
    if shutil.which("xgettext") is None:
        pytest.fail(
            "GNU gettext (xgettext) is needed to extract strings; `make test` installs it where it can."
        )
    root = Path(settings.BASE_DIR)
    copy = tmp_path / "src"
    shutil.copytree(
        root,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", "var", ".git", "node_modules", "test-artifacts", "__pycache__"
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--locale",
            "ko",
            "--no-obsolete",
            "--ignore",
            "tests/*",
            "--ignore",
            "*/tests/*",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "koffset.test_settings"},
    )
    extracted = polib.pofile(str(copy / "locale" / "ko" / "LC_MESSAGES" / "django.po"))
    known = {(e.msgctxt, e.msgid) for e in catalogue}
    missing = sorted(e.msgid for e in extracted if (e.msgctxt, e.msgid) not in known)
    assert missing == [], "new strings to translate: run `make messages` and translate them"
