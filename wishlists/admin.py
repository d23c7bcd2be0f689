"""Rounds and proposals are run from the site's own pages; the admin offers a read-only look."""

from django.contrib import admin

from wishlists.models import Package, Proposal, Round


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ["programme", "deadline", "opened_by"]


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["number", "company", "status", "updated_at"]
    list_filter = ["status"]


@admin.register(Package)
class PackageAdmin(ReadOnlyAdmin):
    list_display = ["round", "revision", "status", "submitted_at"]
