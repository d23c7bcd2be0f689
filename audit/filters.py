"""The one definition of how the audit log is filtered (the page, its CSV and the API)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from audit.choices import AuditAction
from audit.models import AuditEvent


class AuditEventFilter(django_filters.FilterSet):
    action = django_filters.ChoiceFilter(label=_("Action"), choices=AuditAction.choices)
    actor = django_filters.CharFilter(
        label=_("Actor's e-mail"), field_name="actor_email", lookup_expr="icontains"
    )
    organization = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=Organization.objects.order_by("name_en", "name_ko"),
        empty_label=_("Any"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    # Days are Asia/Seoul days (TIME_ZONE): "from 3 March" means from midnight in Seoul.
    date_from = django_filters.DateFilter(label=_("Since (date)"), field_name="when", lookup_expr="date__gte")
    date_to = django_filters.DateFilter(label=_("Until (date)"), field_name="when", lookup_expr="date__lte")

    class Meta:
        model = AuditEvent
        fields = ["action", "actor", "organization", "date_from", "date_to"]
