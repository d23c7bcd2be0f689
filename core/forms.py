"""Form building blocks every app shares: optimistic versions and bilingual pairs.

Every edit form carries the record's version (its ``updated_at`` when the form was
opened); a save on top of someone else's newer save is refused and the input kept.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

STALE_MESSAGE = _(
    "Someone else saved this record while you were editing. Your input is kept below: "
    "reload the page in another tab to see their changes, then save again."
)


class VersionedForm(forms.Form):
    """Refuses to save when the record changed since the form was opened."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def check_version(self, record) -> None:
        seen = self.data.get(self.add_prefix("version")) or self.initial.get("version")
        if record.pk and seen and seen != version_of(record):
            raise forms.ValidationError(STALE_MESSAGE, code="stale")


class VersionedModelForm(VersionedForm, forms.ModelForm):
    """A model form whose own instance is the versioned record: the form carries its version when
    it opens and refuses, when cleaned, to save over someone else's newer save."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("version", version_of(self.instance))

    def clean(self):
        data = super().clean()
        self.check_version(self.instance)
        return data


def version_of(record) -> str:
    return record.updated_at.isoformat() if record.updated_at else ""


class BilingualPairMixin:
    """At least one of each *_ko / *_en name pair must be given."""

    required_pairs = ("name",)

    def clean(self):
        data = super().clean()
        for base in self.required_pairs:
            if not (data.get(f"{base}_ko") or "").strip() and not (data.get(f"{base}_en") or "").strip():
                self.add_error(f"{base}_ko", _("Give this in Korean, English or both."))
        return data


class AttachmentMixin:
    """Checks an optional ``attachment`` upload by its content (PDF or image) and keeps the
    name the user gave it in ``attachment_name`` (the stored file gets a random one)."""

    def clean_attachment(self):
        from core import uploads

        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        self.attachment_name = upload.name[:200]
        return uploads.clean_document(upload)


__all__ = [
    "STALE_MESSAGE",
    "AttachmentMixin",
    "BilingualPairMixin",
    "VersionedForm",
    "VersionedModelForm",
    "version_of",
]


def id_from(value) -> int | None:
    """A database id typed into a URL or a form, or None. ``str.isdigit()`` alone also accepts
    characters such as '²' that ``int()`` refuses, and very long numbers overflow the column."""
    text = str(value or "")
    return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else None
