"""A read-only look at the audit log for operators; it is never edited, here or anywhere."""

from django.contrib import admin

from audit.models import AuditEvent


def _reads_the_log(request) -> bool:
    return request.user.is_active and (request.user.is_superuser or request.user.is_kdia)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["when", "action", "actor_email", "organization", "target_repr", "ip_address"]
    list_filter = ["action"]
    search_fields = ["actor_email", "target_repr"]
    date_hierarchy = "when"
    list_select_related = ["organization"]

    def has_module_permission(self, request):
        return _reads_the_log(request)

    def has_view_permission(self, request, obj=None):
        return _reads_the_log(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
