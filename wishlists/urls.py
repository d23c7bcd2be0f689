from django.urls import path

from wishlists.views import packages, proposals, rounds

app_name = "wishlists"

urlpatterns = [
    path("wishlists/", rounds.index, name="index"),
    path("wishlists/rounds/<int:pk>/", rounds.round_detail, name="round_detail"),
    path("wishlists/rounds/<int:pk>/proposals/new/", proposals.proposal_create, name="proposal_create"),
    path("wishlists/proposals/", proposals.proposal_list, name="proposal_list"),
    path("wishlists/proposals/<int:pk>/", proposals.proposal_detail, name="proposal_detail"),
    path("wishlists/proposals/<int:pk>/edit/", proposals.proposal_edit, name="proposal_edit"),
    path("wishlists/proposals/<int:pk>/submit/", proposals.proposal_submit, name="proposal_submit"),
    path(
        "wishlists/proposals/<int:pk>/attachments/<int:attachment_pk>",
        proposals.attachment,
        name="attachment",
    ),
    path("wishlists/packages/", packages.package_list, name="package_list"),
    path("wishlists/packages/<int:pk>/", packages.package_detail, name="package_detail"),
    path("wishlists/packages/<int:pk>/export.xlsx", packages.package_export, name="package_export"),
    path(
        "wishlists/packages/<int:pk>/acknowledge/", packages.package_acknowledge, name="package_acknowledge"
    ),
]

# Mounted under /staff/wishlists/ (namespace "staff_wishlists"): KDIA, behind the second-factor gate.
staff_urlpatterns = (
    [
        path("rounds/new/", rounds.round_create, name="round_create"),
        path("rounds/<int:pk>/edit/", rounds.round_edit, name="round_edit"),
        path("rounds/<int:pk>/compile/", packages.package_compile, name="package_compile"),
        path("proposals/<int:pk>/review/", proposals.proposal_review, name="proposal_review"),
        path("proposals/<int:pk>/merge/", proposals.proposal_merge, name="proposal_merge"),
        path("packages/<int:pk>/submit/", packages.package_submit, name="package_submit"),
        path("packages/<int:pk>/share/", packages.package_share, name="package_share"),
    ],
    "staff_wishlists",
)
