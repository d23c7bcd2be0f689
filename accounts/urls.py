from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("pending/", views.pending, name="pending"),
    path("organization/", views.organization_detail, name="organization"),
    path("organization/edit/", views.organization_edit, name="organization_edit"),
    path("organization/members/invite/", views.member_invite, name="member_invite"),
    path("organization/members/<int:pk>/role/", views.member_role, name="member_role"),
    path("organization/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
]

# Mounted under /staff/organizations/ (namespace "staff_accounts"); staff pages need a second factor.
staff_urlpatterns = (
    [
        path("", views.review_list, name="review_list"),
        path("<int:pk>/", views.review_detail, name="review_detail"),
    ],
    "staff_accounts",
)
