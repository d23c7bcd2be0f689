"""The requirement list's filters, shared by the page, the API and saved-search digests."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from companies.models import DefenceField
from matching.choices import RequirementStatus
from matching.models import Requirement

MAX_QUERY_LENGTH = 200


class RequirementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=MAX_QUERY_LENGTH)
    field = django_filters.ModelMultipleChoiceFilter(
        label=_("Defence field"),
        field_name="defence_fields__code",
        to_field_name="code",
        queryset=DefenceField.objects.all(),
        distinct=True,
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RequirementStatus.choices)
    programme = django_filters.NumberFilter(label=_("Programme"), field_name="programme_id")

    class Meta:
        model = Requirement
        fields = ["q", "field", "status", "programme"]

    def search(self, queryset, name, value):
        value = value.replace("\x00", "").strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title_ko__icontains=value)
            | Q(title_en__icontains=value)
            | Q(scope_ko__icontains=value)
            | Q(scope_en__icontains=value)
            | Q(owner__name_en__icontains=value)
            | Q(owner__name_ko__icontains=value)
        )
