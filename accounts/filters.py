"""The one definition of how organisation lists are filtered (pages, API, exports)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganizationKind, OrganizationStatus
from accounts.models import Organization
from core.identifiers import normalise_brn


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or registration number"), method="filter_text")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OrganizationKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=OrganizationStatus.choices)

    class Meta:
        model = Organization
        fields = ["q", "kind", "status"]

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q(name_ko__icontains=value) | Q(name_en__icontains=value)
        digits = normalise_brn(value)
        if digits.isdigit():
            condition |= Q(registration_number__contains=digits)
        return queryset.filter(condition)
