from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from accounts.urls import staff_urlpatterns as accounts_staff
from api import views as api_views
from api.router import api
from companies.urls import staff_urlpatterns as companies_staff
from consultations.urls import staff_urlpatterns as consultations_staff
from core import views as core_views
from dashboards.urls import staff_urlpatterns as dashboards_staff
from events.urls import staff_urlpatterns as events_staff
from matching.urls import staff_urlpatterns as matching_staff
from notices.urls import staff_pages_urlpatterns as pages_staff
from notices.urls import staff_urlpatterns as notices_staff
from offsets.urls import staff_urlpatterns as offsets_staff
from wishlists.urls import staff_urlpatterns as wishlists_staff

admin.site.site_header = "K-OFFSET"
admin.site.site_title = "K-OFFSET"

urlpatterns = [
    path("", include("portal.urls")),
    path("i18n/language/", core_views.set_language, name="set_language"),
    path("healthz", core_views.healthz, name="healthz"),
    # The admin signs in through allauth so that the second factor is always asked.
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("notifications.urls")),
    path("staff/organizations/", include(accounts_staff)),
    path("staff/companies/", include(companies_staff)),
    path("staff/offsets/", include(offsets_staff)),
    path("staff/wishlists/", include(wishlists_staff)),
    path("staff/requirements/", include(matching_staff)),
    path("staff/events/", include(events_staff)),
    path("staff/notices/", include(notices_staff)),
    path("staff/pages/", include(pages_staff)),
    path("staff/consultations/", include(consultations_staff)),
    path("staff/dashboard/", include(dashboards_staff)),
    path("staff/audit/", include("audit.urls")),
    path("", include("companies.urls")),
    path("", include("offsets.urls")),
    path("", include("wishlists.urls")),
    path("", include("matching.urls")),
    path("", include("inquiries.urls")),
    path("", include("alerts.urls")),
    path("", include("events.urls")),
    path("", include("notices.urls")),
    path("", include("consultations.urls")),
    path("", include("dashboards.urls")),
    path("", include("api.urls")),
    path("api/v1/", api.urls),
    re_path(r"^api/v1/(?P<rest>.*)$", api_views.unknown_endpoint),
]
