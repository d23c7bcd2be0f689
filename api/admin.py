from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from api.models import ApiKey


def _operates_the_site(request) -> bool:
    return request.user.is_active and (request.user.is_superuser or request.user.is_kdia)


@admin.register(ApiKey)
class ApiKeyAdmin(SimpleHistoryAdmin):
    """KDIA and operators see every key and may revoke one (set "revoked at"); nothing else changes
    here. Secrets are never stored, so none can be shown."""

    list_display = [
        "name",
        "prefix",
        "organization",
        "scope",
        "created_by",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["scope", "organization__kind"]
    search_fields = ["name", "prefix", "organization__name_ko", "organization__name_en", "created_by__email"]
    fields = [
        "name",
        "prefix",
        "organization",
        "scope",
        "created_by",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
        "revoked_by",
    ]
    readonly_fields = [field for field in fields if field != "revoked_at"]

    def has_module_permission(self, request):
        return _operates_the_site(request)

    def has_view_permission(self, request, obj=None):
        return _operates_the_site(request)

    def has_change_permission(self, request, obj=None):
        return _operates_the_site(request)

    def has_add_permission(self, request):
        return False  # keys are created on the organisation's page, which shows the secret once

    def has_delete_permission(self, request, obj=None):
        return False  # revoked keys stay on record
