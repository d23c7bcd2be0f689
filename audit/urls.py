"""Mounted under /staff/audit/, where the staff second-factor gate applies; KDIA only."""

from django.urls import path

from audit import views

app_name = "staff_audit"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("export.csv", views.event_export, name="event_export"),
]
