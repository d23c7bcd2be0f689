from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from companies.models import (
    Capability,
    Certification,
    CertificationType,
    Company,
    Contact,
    DefenceField,
    ImportJob,
    OffsetField,
    Product,
    ProductCategory,
    ProductPhoto,
    Specification,
    TrackRecord,
)


@admin.register(DefenceField)
class DefenceFieldAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ko", "name_en", "order"]
    list_editable = ["name_ko", "name_en", "order"]


@admin.register(OffsetField)
class OffsetFieldAdmin(admin.ModelAdmin):
    list_display = ["number", "name_ko", "name_en"]


@admin.register(Capability, CertificationType, ProductCategory)
class TermAdmin(admin.ModelAdmin):
    list_display = ["name_ko", "name_en"]
    list_editable = ["name_en"]
    list_display_links = ["name_ko"]
    search_fields = ["name_ko", "name_en"]


class CertificationInline(admin.TabularInline):
    model = Certification
    extra = 0


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


class TrackRecordInline(admin.TabularInline):
    model = TrackRecord
    extra = 0


@admin.register(Company)
class CompanyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "brn_display", "status", "region", "size_class", "updated_at", "last_verified_at"]
    list_filter = ["status", "size_class", "region", "fields"]
    search_fields = ["name_ko", "name_en", "brn"]
    filter_horizontal = ["fields", "capabilities", "offset_fields"]
    readonly_fields = ["created_at", "updated_at", "verified_by"]
    raw_id_fields = ["organization"]
    inlines = [CertificationInline, ContactInline, TrackRecordInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class SpecificationInline(admin.TabularInline):
    model = Specification
    extra = 0


class PhotoInline(admin.TabularInline):
    model = ProductPhoto
    extra = 0
    readonly_fields = ["image", "thumbnail"]


@admin.register(Product)
class ProductAdmin(SimpleHistoryAdmin):
    list_display = ["name", "company", "category", "trl", "promising_item"]
    list_filter = ["category", "promising_item", "export_controlled", "trl"]
    search_fields = ["name_ko", "name_en", "nsn", "hs_code", "company__name_ko", "company__name_en"]
    raw_id_fields = ["company"]
    inlines = [SpecificationInline, PhotoInline]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["original_name", "kind", "status", "created_by", "created_at"]
    readonly_fields = [field.name for field in ImportJob._meta.fields]

    def has_add_permission(self, request):
        return False  # imports go through the upload page, which validates them
