from django.urls import path

from matching.views import eois, requirements, staff

app_name = "matching"

urlpatterns = [
    path("requirements/", requirements.requirement_list, name="requirement_list"),
    path("requirements/new/", requirements.requirement_create, name="requirement_create"),
    path("requirements/<int:pk>/", requirements.requirement_detail, name="requirement_detail"),
    path("requirements/<int:pk>/edit/", requirements.requirement_edit, name="requirement_edit"),
    path("requirements/<int:pk>/submit/", requirements.requirement_submit, name="requirement_submit"),
    path("requirements/<int:pk>/close/", requirements.requirement_close, name="requirement_close"),
    path("requirements/<int:pk>/matches/", requirements.requirement_matches, name="requirement_matches"),
    path("requirements/<int:pk>/eoi/", eois.eoi_create, name="eoi_create"),
    path("eois/", eois.eoi_list, name="eoi_list"),
    path("eois/<int:pk>/", eois.eoi_detail, name="eoi_detail"),
    path("eois/<int:pk>/edit/", eois.eoi_edit, name="eoi_edit"),
    path("eois/<int:pk>/submit/", eois.eoi_submit, name="eoi_submit"),
    path("eois/<int:pk>/answer/", eois.eoi_answer, name="eoi_answer"),
    path("eois/<int:pk>/attachments/<int:attachment_pk>", eois.eoi_attachment, name="eoi_attachment"),
]

# Mounted under /staff/requirements/ (namespace "staff_matching"): KDIA, behind the second factor.
staff_urlpatterns = (
    [
        path("", staff.queue, name="queue"),
        path("<int:pk>/moderate/", staff.moderate, name="moderate"),
    ],
    "staff_matching",
)
