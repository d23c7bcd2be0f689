"""Requirements are posted and moderated on the site's pages; the admin offers a look and fixes."""

from django.contrib import admin

from matching.models import ExpressionOfInterest, Requirement


@admin.register(Requirement)
class RequirementAdmin(admin.ModelAdmin):
    list_display = ["title_en", "title_ko", "owner", "status", "deadline"]
    list_filter = ["status"]
    search_fields = ["title_en", "title_ko"]
    filter_horizontal = [
        "required_certifications",
        "preferred_certifications",
        "capabilities",
        "defence_fields",
    ]


@admin.register(ExpressionOfInterest)
class ExpressionOfInterestAdmin(admin.ModelAdmin):
    list_display = ["requirement", "company", "status", "submitted_at"]
    list_filter = ["status"]

    def has_add_permission(self, request):
        return False
