"""Forms of the consultation desk: opening a case, writing in it, reopening or withdrawing it, and
KDIA's triage, answers, notes, minutes and resolution. Attachments are checked by their content."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from consultations.choices import KDIA_SETTABLE, Confidentiality, EntryKind, Priority, Status, Topic
from consultations.filters import kdia_staff
from consultations.models import TEXT_MAX_LENGTH, Theme
from core.forms import AttachmentMixin, VersionedForm, version_of
from events.models import Event
from offsets.models import Programme

ATTACHMENT_HELP = _("Optional: a PDF or an image (JPEG, PNG, WebP or GIF), up to 20 MB.")


def _textarea(rows: int = 5):
    return forms.Textarea(attrs={"rows": rows})


class WithAttachment(AttachmentMixin, forms.Form):
    attachment = forms.FileField(label=_("Attachment"), required=False, help_text=ATTACHMENT_HELP)

    def attachments(self) -> list:
        """(checked content, original name) pairs for the service."""
        content = self.cleaned_data.get("attachment")
        return [(content, self.attachment_name)] if content else []


class CaseForm(WithAttachment):
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.none(),
        required=False,
        help_text=_("Optional: the offset programme the difficulty concerns."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body_ko = forms.CharField(
        label=_("Description (Korean)"), required=False, max_length=TEXT_MAX_LENGTH, widget=_textarea(6)
    )
    body_en = forms.CharField(
        label=_("Description (English)"), required=False, max_length=TEXT_MAX_LENGTH, widget=_textarea(6)
    )
    confidentiality = forms.ChoiceField(
        label=_("Who may read it"),
        choices=Confidentiality.choices,
        initial=Confidentiality.KDIA,
        widget=forms.RadioSelect,
        help_text=_("Every member of your organisation reads it in either case; no other company ever does."),
    )

    field_order = ["topic", "programme", "subject", "body_ko", "body_en", "confidentiality", "attachment"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.visible_to(user).order_by("name_en", "name_ko")

    def clean_subject(self):
        # One line: the subject becomes an e-mail subject and a notification title.
        return " ".join(self.cleaned_data["subject"].split())

    def clean(self):
        data = super().clean()
        if not (data.get("body_ko") or "").strip() and not (data.get("body_en") or "").strip():
            self.add_error("body_ko", _("Describe the difficulty in Korean, English or both."))
        return data


class MessageForm(WithAttachment):
    body = forms.CharField(label=_("Message"), max_length=TEXT_MAX_LENGTH, widget=_textarea())

    field_order = ["body", "attachment"]


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why reopen it?"), max_length=TEXT_MAX_LENGTH, widget=_textarea(3))


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"), required=False, max_length=TEXT_MAX_LENGTH, widget=_textarea(2)
    )


class TriageForm(VersionedForm):
    assignee = forms.ModelChoiceField(label=_("Assignee"), queryset=None, required=False)
    priority = forms.TypedChoiceField(label=_("Priority"), choices=Priority.choices, coerce=int)
    topic = forms.ChoiceField(label=_("Topic (category)"), choices=Topic.choices)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Keep the current status")), *[(s.value, s.label) for s in KDIA_SETTABLE]],
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    event = forms.ModelChoiceField(
        label=_("Raised at event"),
        queryset=None,
        required=False,
        help_text=_("The consultation meeting or event where the difficulty came up."),
    )

    def __init__(self, *args, case, user, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "assignee": case.assignee_id,
                "priority": case.priority,
                "topic": case.topic,
                "themes": list(case.themes.values_list("pk", flat=True)),
                "event": case.event_id,
                "version": version_of(case),
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = kdia_staff()
        self.fields["assignee"].label_from_instance = lambda user: user.full_name or user.email
        # Retired themes stay offered on the cases that carry them.
        self.fields["themes"].queryset = Theme.objects.filter(active=True) | Theme.objects.filter(cases=case)
        self.fields["themes"].queryset = self.fields["themes"].queryset.distinct()
        self.fields["event"].queryset = Event.objects.visible_to(user).order_by("-starts_at")


class DeskEntryForm(WithAttachment):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(k.value, k.label) for k in (EntryKind.ANSWER, EntryKind.NOTE, EntryKind.MINUTES)],
        initial=EntryKind.ANSWER,
        widget=forms.RadioSelect,
        help_text=_("Answers and minutes are shown to the requester; internal notes only to KDIA."),
    )
    body = forms.CharField(label=_("Text"), max_length=TEXT_MAX_LENGTH, widget=_textarea(6))
    then = forms.ChoiceField(
        label=_("After an answer"),
        choices=[
            (Status.WAITING_REQUESTER.value, _("Wait for the requester")),
            (Status.IN_PROGRESS.value, _("Keep working on it")),
        ],
        initial=Status.WAITING_REQUESTER,
    )
    event = forms.ModelChoiceField(label=_("Meeting (for minutes)"), queryset=None, required=False)

    field_order = ["kind", "body", "then", "event", "attachment"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = Event.objects.visible_to(user).order_by("-starts_at")


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("Resolution"),
        max_length=TEXT_MAX_LENGTH,
        widget=_textarea(4),
        help_text=_("The requester reads it and may reopen the case for a limited time."),
    )


class PeriodForm(forms.Form):
    """The report's period: cases opened from ``start`` to ``end`` (both days included, Seoul time)."""

    start = forms.DateField(
        label=_("Opened from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Opened until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=[("", _("Every topic")), *Topic.choices]
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end comes before the start."))
        return data

    def apply(self, cases):
        """``cases`` limited to the period and topic (unchanged while the form is invalid)."""
        if not self.is_valid():
            return cases
        data = self.cleaned_data
        if data.get("start"):
            cases = cases.filter(created_at__date__gte=data["start"])
        if data.get("end"):
            cases = cases.filter(created_at__date__lte=data["end"])
        if data.get("topic"):
            cases = cases.filter(topic=data["topic"])
        return cases
