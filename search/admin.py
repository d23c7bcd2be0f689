from django.contrib import admin

from search.models import GlossaryEntry


@admin.register(GlossaryEntry)
class GlossaryEntryAdmin(admin.ModelAdmin):
    list_display = ["korean", "english", "note", "created_at"]
    search_fields = ["korean", "english"]
