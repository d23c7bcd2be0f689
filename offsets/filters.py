"""Filters for the programme list, shared by the page and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from offsets.choices import ProgrammeState
from offsets.models import Programme

MAX_QUERY_LENGTH = 200


class ProgrammeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=MAX_QUERY_LENGTH)
    state = django_filters.ChoiceFilter(label=_("State"), choices=ProgrammeState.choices)

    class Meta:
        model = Programme
        fields = ["q", "state"]

    def search(self, queryset, name, value):
        value = value.replace("\x00", "").strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name_ko__icontains=value)
            | Q(name_en__icontains=value)
            | Q(dapa_reference__icontains=value)
            | Q(weapon_system_ko__icontains=value)
            | Q(weapon_system_en__icontains=value)
        )
