from django.urls import path

from notices import feeds
from notices.views import public, staff

app_name = "notices"

urlpatterns = [
    path("notices/", public.notice_list, name="notice_list"),
    path("notices/feed/rss/", feeds.rss, name="feed_rss"),
    path("notices/feed/atom/", feeds.atom, name="feed_atom"),
    path("notices/<int:pk>/", public.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/attachments/<int:attachment_pk>", public.attachment, name="attachment"),
    path("about/", public.page_index, name="page_index"),
    path("about/<slug:slug>/", public.page_detail, name="page_detail"),
]

# Mounted under /staff/notices/ (namespace "staff_notices"): KDIA, behind the second factor.
staff_urlpatterns = (
    [
        path("", staff.notice_list, name="notice_list"),
        path("new/", staff.notice_create, name="notice_create"),
        path("<int:pk>/edit/", staff.notice_edit, name="notice_edit"),
        path("<int:pk>/step/", staff.notice_step, name="notice_step"),
        path(
            "<int:pk>/attachments/<int:attachment_pk>/remove/",
            staff.attachment_remove,
            name="attachment_remove",
        ),
    ],
    "staff_notices",
)

# Mounted under /staff/pages/ (namespace "staff_pages").
staff_pages_urlpatterns = (
    [
        path("", staff.page_list, name="page_list"),
        path("faq/new/", staff.faq_create, name="faq_create"),
        path("faq/<int:pk>/edit/", staff.faq_edit, name="faq_edit"),
        path("faq/<int:pk>/delete/", staff.faq_delete, name="faq_delete"),
        path("<slug:slug>/edit/", staff.page_edit, name="page_edit"),
    ],
    "staff_pages",
)
