"""KDIA's forms for notices, information pages and FAQ entries; every edit carries its version."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import AttachmentMixin, BilingualPairMixin, VersionedForm, VersionedModelForm
from notices.models import FaqEntry, InfoPage, Notice, NoticeCategory

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MARKUP_HELP = _(
    "Plain text. A blank line starts a new paragraph; lines starting with “- ” or “1. ” make a list; "
    "“## ” starts a heading; **bold**, *italic* and [link text](https://...) work. HTML is shown as typed."
)


class NoticeForm(AttachmentMixin, BilingualPairMixin, VersionedModelForm):
    required_pairs = ("title",)
    attachment = forms.FileField(
        label=_("Add an attachment"),
        required=False,
        help_text=_("A PDF or an image (JPEG, PNG, WebP, GIF); checked by its content."),
    )

    class Meta:
        model = Notice
        fields = [
            "title_ko",
            "title_en",
            "category",
            "body_ko",
            "body_en",
            "pinned",
            "published_at",
            "expires_at",
        ]
        widgets = {
            "body_ko": forms.Textarea(attrs={"rows": 10}),
            "body_en": forms.Textarea(attrs={"rows": 10}),
            "published_at": DATETIME_WIDGET,
            "expires_at": DATETIME_WIDGET,
        }
        help_texts = {"body_ko": MARKUP_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = NoticeCategory.objects.all()

    def clean(self):
        data = super().clean()
        published, expires = data.get("published_at"), data.get("expires_at")
        if published and expires and expires <= published:
            self.add_error("expires_at", _("A notice must be shown until a time after it is published."))
        return data


class NoticeStepForm(VersionedForm):
    """Publish, unpublish, pin or unpin: a button on the staff pages, with the version it saw."""

    step = forms.ChoiceField(
        choices=[(step, step) for step in ("publish", "unpublish", "pin", "unpin")],
        error_messages={"invalid_choice": _("Unknown step.")},
    )


class InfoPageForm(BilingualPairMixin, VersionedModelForm):
    required_pairs = ("title",)

    class Meta:
        model = InfoPage
        fields = ["title_ko", "title_en", "body_ko", "body_en", "published"]
        widgets = {
            "body_ko": forms.Textarea(attrs={"rows": 14}),
            "body_en": forms.Textarea(attrs={"rows": 14}),
        }
        help_texts = {"body_ko": MARKUP_HELP}


class FaqEntryForm(BilingualPairMixin, VersionedModelForm):
    required_pairs = ("question", "answer")

    class Meta:
        model = FaqEntry
        fields = ["question_ko", "question_en", "answer_ko", "answer_en", "order", "published"]
        widgets = {
            "answer_ko": forms.Textarea(attrs={"rows": 5}),
            "answer_en": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {"answer_ko": MARKUP_HELP}
