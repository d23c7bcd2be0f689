"""KDIA edits notice categories, notices, information pages and FAQ entries here as well."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from notices.models import FaqEntry, InfoPage, Notice, NoticeAttachment, NoticeCategory


@admin.register(NoticeCategory)
class NoticeCategoryAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_ko", "name_en", "order"]
    list_editable = ["order"]


class AttachmentInline(admin.TabularInline):
    """Read-only here: uploads go through the staff page, which checks them by content."""

    model = NoticeAttachment
    extra = 0
    fields = ["original_name", "size", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Notice)
class NoticeAdmin(SimpleHistoryAdmin):
    list_display = ["title_ko", "title_en", "category", "status", "pinned", "published_at"]
    list_filter = ["status", "pinned", "category"]
    search_fields = ["title_ko", "title_en"]
    date_hierarchy = "published_at"
    raw_id_fields = ["author"]
    inlines = [AttachmentInline]


@admin.register(InfoPage)
class InfoPageAdmin(SimpleHistoryAdmin):
    list_display = ["slug", "title_ko", "title_en", "published", "order", "updated_at"]
    list_editable = ["published", "order"]
    readonly_fields = ["updated_by"]


@admin.register(FaqEntry)
class FaqEntryAdmin(SimpleHistoryAdmin):
    list_display = ["question_ko", "question_en", "order", "published"]
    list_editable = ["order", "published"]
