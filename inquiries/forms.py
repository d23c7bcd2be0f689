"""Forms for starting a thread and replying; attachments are checked by their content."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core import uploads
from inquiries.models.message import BODY_MAX_LENGTH


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Up to 10,000 characters. The other side sees your name and organisation, never your e-mail address."
        ),
    )
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("Optional: a PDF or an image (JPEG, PNG, WebP or GIF), up to 20 MB."),
    )

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        self.attachment_name = upload.name[:200]
        return uploads.clean_document(upload)

    def attachments(self) -> list:
        """(checked content, original name) pairs for the service."""
        content = self.cleaned_data.get("attachment")
        return [(content, self.attachment_name)] if content else []


class StartThreadForm(MessageForm):
    subject = forms.CharField(label=_("Subject"), max_length=200)

    field_order = ["subject", "body", "attachment"]

    def clean_subject(self):
        # One line: the subject becomes an e-mail subject and a notification title.
        return " ".join(self.cleaned_data["subject"].split())


class ReplyForm(MessageForm):
    pass
