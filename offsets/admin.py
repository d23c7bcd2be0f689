"""Staff edit policy versions and exchange rates here; the ledger is read-only by design."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from offsets.models import (
    DepreciationStep,
    ExchangeRate,
    LedgerEntry,
    MultiplierRule,
    PolicyVersion,
    Programme,
)


class MultiplierInline(admin.TabularInline):
    model = MultiplierRule
    extra = 1


class DepreciationInline(admin.TabularInline):
    model = DepreciationStep
    extra = 1


@admin.register(PolicyVersion)
class PolicyVersionAdmin(SimpleHistoryAdmin):
    list_display = ["name_en", "name_ko", "effective_from", "min_ratio_competitive", "min_ratio_sole_source"]
    inlines = [MultiplierInline, DepreciationInline]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(SimpleHistoryAdmin):
    list_display = ["currency", "date", "usd_per_unit", "source"]
    list_filter = ["currency"]
    date_hierarchy = "date"
    search_fields = ["currency"]


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["dapa_reference", "name_ko", "name_en", "state", "reference_date"]
    list_filter = ["state", "competitive"]
    search_fields = ["dapa_reference", "name_ko", "name_en"]
    filter_horizontal = ["contractors"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    """Read-only: corrections are posted as new entries from the credit account page."""

    list_display = ["account", "entry_date", "kind", "amount_usd", "created_by"]
    list_filter = ["kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
