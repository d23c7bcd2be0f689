"""The case list's filters, shared by KDIA's queue, the requester's list and the API."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganizationKind
from accounts.models import User
from consultations.choices import ACTIVE, Priority, Status, Topic
from consultations.models import Case, Theme
from core.forms import id_from

MAX_QUERY_LENGTH = 200

STATE_CHOICES = [("active", _("Not finished")), *Status.choices]


def kdia_staff():
    return User.objects.filter(
        membership_record__organization__kind=OrganizationKind.KDIA, is_active=True
    ).order_by("full_name")


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=MAX_QUERY_LENGTH)
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATE_CHOICES, method="by_status", empty_label=_("Any")
    )
    topic = django_filters.ChoiceFilter(label=_("Topic"), choices=Topic.choices, empty_label=_("Any"))
    priority = django_filters.TypedChoiceFilter(
        label=_("Priority"), choices=[("", _("Any")), *Priority.choices], coerce=int, empty_value=None
    )
    programme = django_filters.NumberFilter(label=_("Programme"), field_name="programme_id")
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        queryset=Theme.objects.all(),
        distinct=True,
        empty_label=_("Any"),
    )

    class Meta:
        model = Case
        fields = ["q", "status", "topic", "priority", "programme", "theme"]

    @property
    def form(self):
        if not hasattr(self, "_form"):
            for field in super().form.fields.values():  # Bootstrap's look for the lists of choices
                if isinstance(field.widget, forms.Select):
                    field.widget.attrs["class"] = "form-select form-select-sm"
        return self._form

    def search(self, queryset, name, value):
        value = value.replace("\x00", "").strip()
        if not value:
            return queryset
        reference = value.upper().removeprefix("C-").lstrip("0")
        by_reference = Q(pk=number) if (number := id_from(reference)) is not None else Q()
        return queryset.filter(
            Q(subject__icontains=value)
            | Q(body_ko__icontains=value)
            | Q(body_en__icontains=value)
            | by_reference
        )

    def by_status(self, queryset, name, value):
        if value == "active":
            return queryset.filter(status__in=ACTIVE)
        return queryset.filter(status=value)


class QueueFilter(CaseFilter):
    """KDIA's queue adds the assignee, overdue cases and the requester's name."""

    assignee = django_filters.ChoiceFilter(label=_("Assignee"), method="by_assignee", empty_label=_("Anyone"))
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"),
        method="by_overdue",
        widget=forms.Select(choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))]),
    )

    class Meta(CaseFilter.Meta):
        fields = [*CaseFilter.Meta.fields, "assignee", "overdue"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["assignee"].extra["choices"] = [
            ("me", _("Me")),
            ("none", _("Nobody yet")),
            *[(str(user.pk), user.full_name or user.email) for user in kdia_staff()],
        ]

    def search(self, queryset, name, value):
        found = super().search(queryset, name, value)
        value = value.replace("\x00", "").strip()
        if not value:
            return found
        by_name = queryset.filter(
            Q(organization__name_en__icontains=value) | Q(organization__name_ko__icontains=value)
        )
        return (found | by_name).distinct()

    def by_assignee(self, queryset, name, value):
        if value == "me":
            return queryset.filter(assignee=self.request.user if self.request else None)
        if value == "none":
            return queryset.filter(assignee__isnull=True)
        return (
            queryset.filter(assignee_id=number) if (number := id_from(value)) is not None else queryset.none()
        )

    def by_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = queryset.overdue()
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))
