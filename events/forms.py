"""Forms for events: KDIA's event, grid and contractor forms; registration; requests and answers;
availability; placing and booking meetings; attendance and outcomes."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganizationKind, OrganizationStatus
from accounts.models import Organization
from companies.choices import SizeClass
from companies.models import Capability, DefenceField, Product
from core.forms import BilingualPairMixin, VersionedForm, VersionedModelForm
from events import grid
from events.choices import Absent, Outcome, Priority, RegistrationStatus
from events.models import Event, EventContractor, Registration, Table, TimeSlot
from offsets.models import Programme

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(BilingualPairMixin, VersionedModelForm):
    required_pairs = ("title",)
    size_classes = forms.MultipleChoiceField(
        label=_("Size classes"),
        choices=SizeClass.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to admit every size."),
    )
    online_url = forms.URLField(label=_("Online meeting link"), required=False, assume_scheme="https")

    class Meta:
        model = Event
        fields = [
            "title_ko",
            "title_en",
            "kind",
            "description_ko",
            "description_en",
            "venue_ko",
            "venue_en",
            "online_url",
            "starts_at",
            "ends_at",
            "registration_opens_at",
            "registration_closes_at",
            "defence_fields",
            "size_classes",
            "manual_check",
            "capacity",
            "request_expiry_hours",
            "self_booking",
            "programme",
        ]
        widgets = {
            "description_ko": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "starts_at": DATETIME_WIDGET,
            "ends_at": DATETIME_WIDGET,
            "registration_opens_at": DATETIME_WIDGET,
            "registration_closes_at": DATETIME_WIDGET,
            "defence_fields": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "starts_at": _("Korea time."),
            "defence_fields": _("Leave all unticked to admit every field."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["defence_fields"].queryset = DefenceField.objects.all()
        self.fields["programme"].queryset = Programme.objects.order_by("-reference_date")

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The event must end after it starts."))
        opens, closes = data.get("registration_opens_at"), data.get("registration_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes_at", _("Registration must close after it opens."))
        if closes and starts and closes > starts:
            self.add_error("registration_closes_at", _("Registration must close before the event starts."))
        return data


class GridForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    first = forms.TimeField(label=_("First slot starts"), widget=forms.TimeInput(attrs={"type": "time"}))
    minutes = forms.IntegerField(label=_("Slot length (minutes)"), min_value=5, max_value=240, initial=30)
    count = forms.IntegerField(label=_("Number of slots"), min_value=1, max_value=48, initial=12)
    gap = forms.IntegerField(label=_("Minutes between slots"), min_value=0, max_value=60, initial=0)
    breaks = forms.CharField(
        label=_("Breaks"),
        required=False,
        help_text=_("Times without meetings, e.g. 12:00-13:00, 15:00-15:15."),
    )
    tables = forms.IntegerField(label=_("Number of tables"), min_value=1, max_value=200, initial=10)
    table_prefix = forms.CharField(
        label=_("Table names start with"), max_length=20, initial="T", required=False
    )

    def clean_breaks(self):
        try:
            return grid.parse_breaks(self.cleaned_data["breaks"])
        except ValueError as error:
            raise forms.ValidationError(
                _("“%(part)s” is not a break: write HH:MM-HH:MM."), params={"part": str(error)}
            ) from None

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        first = datetime.combine(data["day"], data["first"], tzinfo=timezone.get_current_timezone())
        try:
            data["slot_times"] = grid.slot_times(
                first, minutes=data["minutes"], count=data["count"], gap=data["gap"], breaks=data["breaks"]
            )
        except ValueError:
            self.add_error("count", _("These slots run past midnight: fewer or shorter slots."))
        prefix = (data.get("table_prefix") or "").strip()
        data["table_names"] = [f"{prefix}{n}" for n in range(1, data["tables"] + 1)]
        return data


class ContractorForm(forms.ModelForm):
    class Meta:
        model = EventContractor
        fields = ["organization", "table", "note_ko", "note_en"]

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        taken = event.contractors.values_list("organization", flat=True)
        self.fields["organization"].queryset = Organization.objects.filter(
            kind=OrganizationKind.FOREIGN_CONTRACTOR, status=OrganizationStatus.APPROVED
        ).exclude(pk__in=taken)
        self.fields["table"].queryset = event.tables.all()

    def clean_table(self):
        table = self.cleaned_data.get("table")
        if table and self.event.contractors.filter(table=table).exists():
            raise forms.ValidationError(_("Another contractor already keeps this table."))
        return table


class RegistrationForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["products", "capabilities", "note_ko", "note_en"]
        widgets = {
            "products": forms.CheckboxSelectMultiple,
            "capabilities": forms.CheckboxSelectMultiple,
            "note_ko": forms.Textarea(attrs={"rows": 2}),
            "note_en": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"products": _("From your directory profile; contractors see them beside your name.")}

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["products"].queryset = Product.objects.filter(company=company)
        self.fields["capabilities"].queryset = Capability.objects.filter(company=company)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (RegistrationStatus.VALIDATED, _("Validate")),
            (RegistrationStatus.WAITLISTED, _("Waiting list")),
            (RegistrationStatus.REJECTED, _("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason (the company reads it)"), required=False, max_length=2000)

    def clean(self):
        data = super().clean()
        if data.get("decision") == RegistrationStatus.REJECTED and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the registration is rejected: the company reads it."))
        return data


class MeetingRequestForm(forms.Form):
    recipient = forms.TypedChoiceField(label=_("Meet with"), coerce=int)
    reason = forms.CharField(
        label=_("Reason for the meeting"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you want to discuss; the other side decides on it."),
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int, initial=Priority.LOW
    )

    def __init__(self, *args, counterparts, **kwargs):
        super().__init__(*args, **kwargs)
        self.counterparts = {org.pk: org for org in counterparts}
        self.fields["recipient"].choices = [(org.pk, org.name) for org in counterparts]

    def clean_recipient(self):
        return self.counterparts[self.cleaned_data["recipient"]]


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Answer"),
        choices=[("accept", _("Accept")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason for declining"), required=False, max_length=2000)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why you decline: the other side reads it."))
        return data


class AvailabilityForm(forms.Form):
    slots = forms.ModelMultipleChoiceField(
        label=_("Slots in which you can meet"),
        queryset=TimeSlot.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slots"].queryset = event.slots.all()

    def clean_slots(self):
        slots = self.cleaned_data["slots"]
        if not slots:
            raise forms.ValidationError(_("Tick at least one slot."))
        return slots


class PlaceForm(forms.Form):
    slot = forms.ModelChoiceField(label=_("Slot"), queryset=TimeSlot.objects.none())
    table = forms.ModelChoiceField(label=_("Table"), queryset=Table.objects.none())

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = event.slots.all()
        self.fields["table"].queryset = event.tables.all()


class BookForm(forms.Form):
    slot = forms.TypedChoiceField(label=_("Free slot"), coerce=int)

    def __init__(self, *args, free, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [(slot.pk, str(slot)) for slot, _table in free]


class AttendanceForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("check_in", _("Check in")), ("no_show", _("No-show")), ("reset", _("Reset"))]
    )
    absent = forms.ChoiceField(label=_("Who did not come"), choices=Absent.choices, required=False)


class OutcomeForm(VersionedForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
