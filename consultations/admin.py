"""KDIA edits the themes taxonomy here; cases are worked on the desk's pages, the admin offers a
look with their history and fixes."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from consultations.models import Attachment, Case, Entry, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_ko", "active", "order"]
    list_editable = ["active", "order"]
    list_filter = ["active"]
    search_fields = ["name_en", "name_ko"]


class EntryInline(admin.TabularInline):
    model = Entry
    fields = ["created_at", "kind", "author", "body", "from_status", "to_status"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "organization", "topic", "status", "priority", "assignee", "created_at"]
    list_filter = ["status", "topic", "priority", "confidentiality", "themes"]
    search_fields = ["subject", "organization__name_en", "organization__name_ko"]
    autocomplete_fields = ["organization"]
    raw_id_fields = ["opened_by", "assignee", "event", "programme"]
    filter_horizontal = ["themes"]
    readonly_fields = [
        "created_at",
        "updated_at",
        "first_answered_at",
        "resolved_at",
        "closed_at",
        "reminded_at",
    ]
    inlines = [EntryInline]

    def has_add_permission(self, request):
        # Cases are opened by their requesters on the site, where KDIA is told.
        return False


class AttachmentInline(admin.TabularInline):
    model = Attachment
    fields = ["original_name", "file"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "case", "kind", "author", "created_at"]
    list_filter = ["kind"]
    raw_id_fields = ["case", "author", "author_organization", "event"]
    inlines = [AttachmentInline]

    def has_add_permission(self, request):
        return False
