from django.urls import path

from consultations.views import cases, report, staff

app_name = "consultations"

urlpatterns = [
    path("consultations/", cases.case_list, name="case_list"),
    path("consultations/new/", cases.case_create, name="case_create"),
    path("consultations/<int:pk>/", cases.case_detail, name="case_detail"),
    path("consultations/<int:pk>/reopen/", cases.case_reopen, name="case_reopen"),
    path("consultations/<int:pk>/withdraw/", cases.case_withdraw, name="case_withdraw"),
    path("consultations/<int:pk>/files/<int:attachment_pk>", cases.attachment, name="attachment"),
]

# Mounted under /staff/consultations/ (namespace "staff_consultations"): KDIA, behind the second factor.
staff_urlpatterns = (
    [
        path("", staff.queue, name="queue"),
        path("report/", report.themes_report, name="report"),
        path("report/export.<str:fmt>", report.themes_export, name="export"),
        path("<int:pk>/", staff.case, name="case"),
        path("<int:pk>/triage/", staff.triage, name="triage"),
        path("<int:pk>/entries/", staff.entry, name="entry"),
        path("<int:pk>/resolve/", staff.resolve, name="resolve"),
    ],
    "staff_consultations",
)
