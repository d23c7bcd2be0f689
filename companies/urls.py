from django.urls import path

from companies.views import directory, editing, files, shortlists, staff

app_name = "companies"

urlpatterns = [
    path("companies/", directory.company_list, name="company_list"),
    path("companies/compare/", directory.compare, name="compare"),
    path("companies/export.<str:fmt>", directory.export_companies, name="export_companies"),
    path("companies/<str:brn>/", directory.company_detail, name="company_detail"),
    path("companies/<str:brn>/edit/", editing.company_edit, name="company_edit"),
    path("companies/<str:brn>/edit/files/", editing.company_files, name="company_files"),
    path("companies/<str:brn>/edit/<slug:section>/", editing.company_section, name="company_section"),
    path("companies/<str:brn>/history/", editing.company_history, name="company_history"),
    path("companies/<str:brn>/submit/", editing.company_submit, name="company_submit"),
    path("companies/<str:brn>/products/new/", editing.product_create, name="product_create"),
    path("companies/<str:brn>/files/<str:kind>", files.company_file, name="company_file"),
    path("products/", directory.product_list, name="product_list"),
    path("products/export.<str:fmt>", directory.export_products, name="export_products"),
    path("products/<int:pk>/", directory.product_detail, name="product_detail"),
    path("products/<int:pk>/edit/", editing.product_edit, name="product_edit"),
    path("products/<int:pk>/delete/", editing.product_delete, name="product_delete"),
    path("products/<int:pk>/photos/", editing.product_photos, name="product_photos"),
    path("photos/<int:pk>/delete/", editing.photo_delete, name="photo_delete"),
    path("photos/<int:pk>/<str:size>", files.photo, name="photo"),
    path("shortlists/", shortlists.shortlist_list, name="shortlist_list"),
    path("shortlists/add/", shortlists.shortlist_add, name="shortlist_add"),
    path("shortlists/<int:pk>/", shortlists.shortlist_detail, name="shortlist_detail"),
    path("shortlists/<int:pk>/edit/", shortlists.shortlist_edit, name="shortlist_edit"),
    path(
        "shortlists/<int:pk>/entries/<int:entry_pk>/",
        shortlists.shortlist_entry_update,
        name="shortlist_entry",
    ),
    path("shortlists/<int:pk>/export.<str:fmt>", shortlists.shortlist_export, name="shortlist_export"),
]

# Mounted under /staff/companies/ (namespace "staff_companies"): behind the second-factor gate.
staff_urlpatterns = (
    [
        path("", staff.queue, name="queue"),
        path("import/", staff.import_upload, name="import_upload"),
        path("import/<int:pk>/", staff.import_status, name="import_status"),
        path("import/<int:pk>/run-again/", staff.import_run_again, name="import_run_again"),
        path("<str:brn>/verify/", staff.verify, name="verify"),
        path("<str:brn>/request-update/", staff.request_update, name="request_update"),
    ],
    "staff_companies",
)
