"""The notices board's filters, shared by the page and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from notices.models import Notice, NoticeCategory

MAX_QUERY_LENGTH = 200


class NoticeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search in titles"), method="search", max_length=MAX_QUERY_LENGTH)
    category = django_filters.ModelChoiceFilter(
        label=_("Category"),
        queryset=NoticeCategory.objects.all(),
        to_field_name="code",
        empty_label=_("All categories"),
    )

    class Meta:
        model = Notice
        fields = ["q", "category"]

    def search(self, queryset, name, value):
        value = value.replace("\x00", "").strip()
        if not value:
            return queryset
        return queryset.filter(Q(title_ko__icontains=value) | Q(title_en__icontains=value))
