from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/<slug:slug>.csv", views.statistics_csv, name="statistics_csv"),
]

# Mounted under /staff/dashboard/ (namespace "staff_dashboards"): behind the second-factor gate.
staff_urlpatterns = (
    [
        path("", views.kdia_dashboard, name="kdia"),
        path("<slug:slug>.csv", views.kdia_csv, name="kdia_csv"),
        path("dapa/", views.dapa_dashboard, name="dapa"),
        path("dapa/<slug:slug>.csv", views.dapa_csv, name="dapa_csv"),
    ],
    "staff_dashboards",
)
